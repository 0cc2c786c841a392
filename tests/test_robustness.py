"""kaede.robustness: threshold grid, bounds and single changed codings — on the talk's pictures,
on small chains with known flips, and on every shipped case at the talk."""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import kaede  # noqa: E402
from kaede.model.chain import chain_view, compile_chain  # noqa: E402
from kaede.model.examples import EXAMPLES, talk_example  # noqa: E402
from kaede.model.robustness import (COLUMNS, recoded_chain, recodings, robustness, robustness_summary,  # noqa: E402
                                    rule_specs, single_coding_flips, threshold_moves, with_coding)

CASES = kaede.load_cases()
AT_TALK = [n for n in kaede.list_cases() if "talk" in CASES[n].milestones]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def at_talk() -> pd.DataFrame:
    return robustness(CASES, on="talk")


@pytest.fixture(scope="module")
def two_dates() -> pd.DataFrame:
    return robustness(CASES, on=["talk", "vision_adopted"])


def weak_link_case():
    """The vision reaches practice on the evidence only through one weak, inferred link
    (budget → employees, l3); a second route (through the agreements) rests on an unknown link."""
    case = kaede.make_case(
        [("council", "council"), ("vision", "vision"), ("budget", "budget"), ("agreements", "agreements"),
         ("employees", "employees")],
        [("council", "vision", "owns", "present", 3), ("vision", "budget", "translates_into", "present", 3),
         ("budget", "employees", "engages", "present", 1), ("vision", "agreements", "translates_into", "present", 3),
         ("agreements", "employees", "steers", "unknown")], name="weak-link")
    case.links.loc[case.links.link_id == "l3", "basis"] = "inferred"
    return case


def slow_flips(case, on=None, thresholds=None):
    """Every flipping recoding found the slow way: a new Case per recoding, diagnosed anew."""
    thresholds = thresholds or {}
    base = kaede.diagnose(case, on, **thresholds).set_index("rule")["verdict"]
    out = set()
    for link in chain_view(case, on).links:
        for _, status, strength in recodings(link):
            changed = kaede.diagnose(with_coding(case, link.link_id, status=status, strength=strength), on,
                                     **thresholds).set_index("rule")["verdict"]
            out |= {(r, link.link_id, status, strength, changed[r]) for r in base.index if changed[r] != base[r]}
    return out


def fast_flips(flips: pd.DataFrame):
    return {(r.rule, r.link_id, r.new_status, None if r.new_strength is pd.NA else int(r.new_strength), r.new_verdict)
            for r in flips.itertuples(index=False)}


# ------------------------------------------------------------------------------- known flips

def test_a_weak_inferred_link_that_flips_d1_is_named() -> None:
    case = weak_link_case()
    r = robustness(case, rules=["D1"]).iloc[0]
    assert r["verdict"] == "absent" and bool(r["fragile"])
    assert "l3" in r["flip_links"]
    text = dict(zip(r["flip_links"], r["flip_changes_en"]))["l3"]
    assert text.startswith("l3 ") and "→ absent" in text and "present 1" in text
    assert any("l3 " in t and "fraværende" in t for t in r["flip_changes_da"])
    assert "min_strength=2" in r["threshold_flips"]
    f = single_coding_flips(case, rules=["D1"])
    row = f[(f.link_id == "l3") & (f.new_status == "absent")].iloc[0]
    assert row["new_verdict"] == "indeterminate"  # the other route rests on an unknown link
    labels = case.elements.set_index("element_id")["label_en"]
    assert row["label_en"] == f"{labels['budget']} → {labels['employees']}"
    # the owning link (council → vision) does not carry the vision to practice: not named for D1
    assert "l1" not in r["flip_links"]


def test_two_strong_routes_make_a_robust_verdict() -> None:
    case = kaede.make_case(
        [("vision", "vision"), ("budget", "budget"), ("agreements", "agreements"), ("employees", "employees")],
        [("vision", "budget", "translates_into", "present", 3), ("budget", "employees", "engages", "present", 3),
         ("vision", "agreements", "translates_into", "present", 3), ("agreements", "employees", "steers", "present", 3)])
    r = robustness(case, rules=["D1"]).iloc[0]
    assert r["verdict"] == "absent"
    assert r["coding_flips"] == 0 and r["flip_links"] == () and not r["grid_flips"] and not r["fragile"]
    assert r["coding_changes"] == 4 * 3  # each present 3 link: absent, unknown, strength 2


@pytest.mark.parametrize("name", EXAMPLES)
def test_fast_recoding_agrees_with_a_new_case_diagnosed_anew(name: str) -> None:
    case = talk_example(name)
    assert fast_flips(single_coding_flips(case)) == slow_flips(case)


def test_fast_recoding_agrees_at_other_thresholds() -> None:
    case = weak_link_case()
    assert fast_flips(single_coding_flips(case, min_strength=2)) == slow_flips(case, thresholds={"min_strength": 2})


@pytest.mark.parametrize("name", EXAMPLES)
def test_talk_examples_read_like_diagnose(name: str) -> None:
    case = talk_example(name)
    r = robustness(case).set_index("rule")
    d = kaede.diagnose(case).set_index("rule")
    for col in ("verdict", "if_unknown_present", "if_unknown_absent"):
        assert r[col].tolist() == d[col].tolist()
    assert (r["fragile"] == ((r["coding_flips"] > 0) | r["grid_flips"])).all()


def test_the_full_chain_hangs_on_each_link_of_its_only_route() -> None:
    """Slide 9's full chain has one route from the vision to the employees: each of its links, made
    absent, brings D1 back; the citizens' input to the vision is not on that route."""
    case = talk_example("full")
    f = single_coding_flips(case, rules=["D1"])
    absent = set(f.loc[f.new_status == "absent", "link_id"])
    ids = case.links.set_index(["source", "target"])["link_id"]
    route = {ids[p] for p in [("vision", "theme"), ("theme", "budget"), ("budget", "goals"), ("goals", "agreements"),
                              ("agreements", "project"), ("project", "employees")]}
    assert route <= absent
    assert ids[("citizens", "vision")] not in absent


def test_threshold_grid_of_the_slide_8_picture() -> None:
    case = talk_example("decoupling_3")
    r = robustness(case, rules=["D3"]).iloc[0]
    spec = rule_specs(["D3"])["D3"]
    assert r["grid_points"] == math.prod(len(v) for v in spec.grid.values()) == sum(r["grid_counts"].values())
    assert r["grid_flips"] and len(r["grid_counts"]) >= 2
    # a weak directorate link counts once the admin threshold is 1 (slide 8's example in the codebook)
    assert "admin_min_strength=1" in r["threshold_flips"]
    assert r["thresholds"] == spec.defaults


def test_thresholds_set_the_reading() -> None:
    case = weak_link_case()
    at2 = robustness(case, min_strength=2).set_index("rule")
    assert at2["verdict"].tolist() == kaede.diagnose(case, min_strength=2)["verdict"].tolist()
    assert at2.loc["D1", "thresholds"]["min_strength"] == 2
    assert "min_strength=1" in at2.loc["D1", "threshold_flips"]
    with pytest.raises(TypeError, match="unknown threshold"):
        robustness(case, no_such_threshold=1)


# ------------------------------------------------------------------------------- shipped cases

@pytest.mark.parametrize("name", AT_TALK)
def test_every_shipped_case_at_the_talk(name: str) -> None:
    case = CASES[name]
    r = robustness(case, on="talk")
    d = kaede.diagnose(case, on="talk")
    assert list(r.columns) == COLUMNS
    assert len(r) == len(d) and r["rule"].tolist() == d["rule"].tolist()
    for col in ("verdict", "if_unknown_present", "if_unknown_absent", "date", "milestone"):
        assert r[col].tolist() == d[col].tolist(), col
    view = chain_view(case, "talk")
    assert (r["coding_changes"] == sum(len(recodings(l)) for l in view.links)).all()
    in_view = {l.link_id for l in view.links}
    assert all(set(ls) <= in_view for ls in r["flip_links"])
    assert (r["fragile"] == ((r["coding_flips"] > 0) | r["grid_flips"])).all()
    assert (r["flip_links"].map(len) <= r["coding_flips"]).all()
    assert (r["flip_changes_en"].map(len) == r["flip_links"].map(len)).all()
    assert (r["flip_changes_da"].map(len) == r["flip_links"].map(len)).all()
    # links cannot make a vision: a not-applicable verdict never flips under a recoded link
    assert (r.loc[r.verdict == "not_applicable", "coding_flips"] == 0).all()
    # every flip reported is reproduced by recoding the case itself and diagnosing it anew
    flips = single_coding_flips(case, on="talk")
    for f in flips.drop_duplicates("rule").itertuples(index=False):
        strength = None if f.new_strength is pd.NA else int(f.new_strength)
        again = kaede.diagnose(with_coding(case, f.link_id, status=f.new_status, strength=strength), on="talk",
                               rules=[f.rule])
        assert again["verdict"].iat[0] == f.new_verdict != f.verdict


def test_summary_counts_the_case_base(two_dates, at_talk) -> None:
    r = two_dates
    s = robustness_summary(r)
    assert list(s.index) == list(dict.fromkeys(r["rule"])) + ["all"]
    assert s.loc["all", "verdicts"] == len(r)
    assert s.loc["all", "flip_by_one_coding"] == int((r["coding_flips"] > 0).sum())
    assert s.loc["all", "fragile"] == int(r["fragile"].sum())
    assert (s.drop(index="all").sum() == s.loc["all"]).all()
    assert (s["decided_flip_by_one_coding"] <= s["flip_by_one_coding"]).all()
    specs = rule_specs()
    assert (r["decided"] == [v in specs[rule].decided for v, rule in zip(r["verdict"], r["rule"])]).all()
    assert not r.loc[r["verdict"].isin(["indeterminate", "not_applicable"]), "decided"].any()
    assert s.loc["all", "decided"] == int(r["decided"].sum())
    assert (s["fragile"] >= s["flip_by_one_coding"]).all()
    one = robustness_summary(CASES[AT_TALK[0]], on="talk")
    assert one.loc["all", "verdicts"] == 4
    assert robustness_summary(at_talk).loc["all", "verdicts"] == 4 * len(AT_TALK)


# ------------------------------------------------------------------------------- helpers

def test_recodings_of_each_status() -> None:
    chain = compile_chain(weak_link_case())
    by_id = {l.link_id: l for l in chain.links}
    assert recodings(by_id["l3"]) == [("status", "absent", None), ("status", "unknown", None), ("strength", "present", 2)]
    assert recodings(by_id["l1"]) == [("status", "absent", None), ("status", "unknown", None), ("strength", "present", 2)]
    assert recodings(by_id["l5"]) == [("status", "absent", None), ("status", "present", 1)]


def test_recoding_leaves_the_original_alone() -> None:
    case = weak_link_case()
    chain = compile_chain(case)
    changed = recoded_chain(chain, "l3", "absent", None)
    assert [l.status for l in chain.links if l.link_id == "l3"] == ["present"]
    assert [(l.status, l.strength) for l in changed.links if l.link_id == "l3"] == [("absent", None)]
    new = with_coding(case, "l3", status="absent")
    assert case.links.set_index("link_id").loc["l3", "status"] == "present"
    row = new.links.set_index("link_id").loc["l3"]
    assert row["status"] == "absent" and row["strength"] is pd.NA
    assert with_coding(case, "l5", status="present").links.set_index("link_id").loc["l5", "strength"] == 2
    with pytest.raises(KeyError, match="no link 'nope'"):
        with_coding(case, "nope", status="absent")
    with pytest.raises(ValueError, match="status must be"):
        with_coding(case, "l3", status="maybe")
    with pytest.raises(ValueError, match="strength must be"):
        with_coding(case, "l3", strength=4)
    with pytest.raises(KeyError, match="no link"):
        recoded_chain(chain, "nope", "absent", None)


def test_rule_specs() -> None:
    specs = rule_specs()
    assert list(specs) == list(kaede.RULES)
    for spec in specs.values():
        assert all(spec.defaults[k] in v for k, v in spec.grid.items())
    with pytest.raises(KeyError, match="unknown rule"):
        rule_specs(["D9"])


# ------------------------------------------------------------------------------- explorer

@pytest.mark.parametrize("name", AT_TALK)
def test_explorer_marks_the_sliders_that_move_a_verdict(name: str) -> None:
    from kaede.views.explore import THRESHOLDS, ExplorerState

    s = ExplorerState(CASES, case=name, date="talk")
    movable = s.movable
    assert set(movable) == set(THRESHOLDS)
    base = s.findings.set_index("rule")["verdict"]
    for slider, (_, lo, hi) in THRESHOLDS.items():
        moved = set()
        for value in range(lo, hi + 1):
            now = kaede.diagnose(s.current, "talk", **{slider: value}).set_index("rule")["verdict"]
            moved |= {r for r in base.index if now[r] != base[r]}
        assert set(movable[slider]) == moved, slider


def test_threshold_moves_follow_the_current_setting() -> None:
    view = chain_view(weak_link_case())
    assert threshold_moves(view, {}, {"min_strength": (1, 2, 3)}, rules=["D1"]) == {"min_strength": ("D1",)}
    # at min_strength=2 the weak link already counts for nothing; moving to 3 changes nothing more
    assert threshold_moves(view, {"min_strength": 2}, {"min_strength": (2, 3)}, rules=["D1"]) == {"min_strength": ()}


def test_explorer_widget_shows_the_mark() -> None:
    from kaede.views.widgets import Explorer

    ex = Explorer(CASES, case=AT_TALK[0], date="talk", display=False)
    assert ex.last_error is None
    for name, rules in ex.movable.items():
        ctl = ex.controls[name]
        assert ctl.description.endswith(Explorer.MOVES_MARK) == bool(rules)
        assert ctl.description.count(Explorer.MOVES_MARK.strip()) <= 1
        assert "tooltip" in ctl.traits() and all(r in ctl.tooltip for r in rules)  # a trait, so it is shown
    ex.controls["lang"].value = "da"  # a refresh keeps one mark, not two
    assert all(c.description.count(Explorer.MOVES_MARK.strip()) <= 1 for c in ex.controls.values()
               if hasattr(c, "description"))


# ------------------------------------------------------------------------------- views

def test_robust_matrix_lines_up_with_compare(two_dates, at_talk) -> None:
    from kaede.views.tables import robust_matrix

    rm = robust_matrix(two_dates)
    m = kaede.compare(CASES, on=["talk", "vision_adopted"])
    assert list(rm.index) == list(m.index)
    verdicts = rm.xs("verdict", axis=1, level="field")
    assert list(verdicts.columns) == list(m.columns)
    assert (verdicts.astype(str).values == m.astype(str).values).all()
    one = robust_matrix(at_talk)
    assert list(one.index) == AT_TALK


@pytest.mark.parametrize("lang", ["en", "da"])
def test_plot_matrix_marks_fragile_cells(lang: str, tmp_path, at_talk) -> None:
    from matplotlib.patches import Rectangle

    from kaede.views.plot import plot_matrix, save_figure

    r = at_talk
    m = kaede.compare(CASES, on="talk")
    ax = plot_matrix(m, robust=r, lang=lang)
    outlines = [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert len(outlines) == int(r["fragile"].sum())
    word = "skrøbelig" if lang == "da" else "fragile"
    assert sum(word in t.get_text() for t in ax.texts) == int(r["fragile"].sum())
    indet = int((r["verdict"] == "indeterminate").sum())
    assert sum("…" in t.get_text() for t in ax.texts) >= indet  # each indeterminate cell shows its bounds
    plain = plot_matrix(m, ax=plt.subplots()[1])
    assert not any(word in t.get_text() for t in plain.texts)
    save_figure(ax, str(tmp_path / "matrix.png"))
    assert (tmp_path / "matrix.png").stat().st_size > 5000


@pytest.mark.parametrize("lang", ["en", "da"])
def test_plot_robustness_saves_png(lang: str, tmp_path, at_talk, two_dates) -> None:
    from kaede.views.plot import save_figure
    from kaede.views.robustness_plot import plot_robustness

    r = at_talk
    fig, ax = plt.subplots(figsize=(12, 7))
    out = plot_robustness(r, lang=lang, ax=ax)
    assert out is ax
    assert len(ax.get_yticklabels()) == len(r)
    texts = [t.get_text() for t in ax.texts]
    assert sum("robust" in t for t in texts) == int((~r["fragile"]).sum())
    # the first flipping link of each fragile verdict is named by its (shortened) label
    for row, text in zip(r.itertuples(index=False), texts):
        if row.flip_links:
            change = (row.flip_changes_da if lang == "da" else row.flip_changes_en)[0]
            assert change.rpartition(": ")[2] in text
    save_figure(ax, str(tmp_path / "robustness.png"))
    assert (tmp_path / "robustness.png").stat().st_size > 5000
    several = plot_robustness(two_dates, ax=plt.subplots()[1])
    assert any(" · talk · " in t.get_text() for t in several.get_yticklabels())
    with pytest.raises(ValueError, match="empty"):
        plot_robustness(r.iloc[:0])
