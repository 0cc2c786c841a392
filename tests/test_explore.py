"""The state objects behind the widgets, driven as a script would."""
from __future__ import annotations

from pathlib import Path

import pytest

import kaede
from kaede.views.explore import CompareState, ExplorerState, WhatIfState, date_options, findings_table, milestone_names

CASES = kaede.load_cases()


def test_explorer_state_matches_diagnose() -> None:
    s = ExplorerState(CASES, case="odense")
    s.set(date="talk", min_strength=2)
    expected = kaede.diagnose(CASES["odense"], on="talk", min_strength=2)
    assert s.findings.equals(expected)
    assert s.on == "2012-10-08"
    s.set(case="furesoe")
    assert s.date is None and s.view.chain.case == "furesoe"
    with pytest.raises(KeyError):
        s.set(case="aarhus")
    with pytest.raises(TypeError):
        s.set(strenght=2)


def test_date_options_in_order_with_milestones() -> None:
    opts = date_options(CASES["hoersholm"])
    days = [kaede.model.chain.to_ordinal(v) for _, v in opts[:-1]]
    assert days == sorted(days)
    assert any("the talk" in label for label, _ in opts)
    assert not any("_" in label for label, _ in opts), "no raw slugs"
    da = date_options(CASES["hoersholm"], "da")
    assert any("foredraget" in label for label, _ in da) and da[-1] == ("alt belæg", "")
    assert opts[-1] == ("all evidence", "")


def test_what_if_moves_verdict_to_optimistic_reading() -> None:
    from kaede.model.examples import FULL_ELEMENTS, FULL_LINKS
    links = [l if l[:2] != ("agreements", "project") else l[:3] + ("unknown",) for l in FULL_LINKS]
    case = kaede.make_case(FULL_ELEMENTS, links)
    w = WhatIfState(case)
    before = w.baseline().set_index("rule")
    assert before.loc["chain_drive", "verdict"] == "indeterminate"
    for lid in before.loc["chain_drive", "unknown_links"]:
        w.edit(lid, status="present", strength=3)
    after = w.findings().set_index("rule")
    assert after.loc["chain_drive", "verdict"] == before.loc["chain_drive", "if_unknown_present"] == "engages"
    assert "chain_drive" in w.moved().index
    assert (case.links.status == "unknown").sum() == 1, "the base case is not touched"
    w.reset()
    assert w.findings().equals(w.baseline())


def test_what_if_add_and_errors() -> None:
    w = WhatIfState(CASES["odense"])
    lid = w.add("council", "budget", "owns", status="present", strength=3)
    assert w.edited.loc[lid, "status"] == "present"
    with pytest.raises(KeyError):
        w.add("council", "nowhere", "owns")
    with pytest.raises(ValueError):
        w.add("council", "budget", "likes")
    with pytest.raises(ValueError):
        w.edit(lid, strength=5)
    with pytest.raises(KeyError):
        w.edit("no-such-link", status="absent")


def test_what_if_saves_a_valid_package(tmp_path: Path) -> None:
    case = CASES["hoersholm"]
    w = WhatIfState(case, date="vision_adopted")
    unknown = case.links.loc[case.links.status == "unknown", "link_id"].iloc[0]
    w.edit(unknown, status="present", strength=2)
    w.add("council", "directorate", "commissions", strength=3)
    folder = w.save(tmp_path / "edited")
    saved = kaede.load_case(folder)
    assert saved.name == "hoersholm-what-if"
    assert saved.links.set_index("link_id").loc[unknown, "basis"] == "inferred"
    assert "what-if-exercise" in set(saved.citations.loc[saved.citations.link_id == unknown, "source_id"])
    assert kaede.diagnose(saved, on="vision_adopted").equals(w.findings().assign(case="hoersholm-what-if")
                                                              .astype({"case": "string"}))
    with pytest.raises(FileExistsError):
        w.save(folder)


def test_compare_state() -> None:
    s = CompareState(CASES, selected=["odense", "furesoe"], on="talk")
    assert s.matrix().equals(kaede.compare({k: CASES[k] for k in ["odense", "furesoe"]}, on="talk"))
    assert list(s.process().index) == ["odense", "furesoe"]
    s.selected = ["nowhere"]
    with pytest.raises(KeyError):
        s.matrix()
    names = milestone_names(CASES)
    counts = [sum(n in c.milestones for c in CASES.values()) for n in names]
    assert counts == sorted(counts, reverse=True) and set(names) == {m for c in CASES.values() for m in c.milestones}


def test_findings_table_has_sources() -> None:
    case = CASES["odense"]
    t = findings_table(kaede.diagnose(case, on="talk"), case, lang="da")
    assert list(t.columns) == ["regel", "vurdering", "forklaring", "kilder"]
    assert list(t["regel"]) == ["D1", "D2", "D3", "kædetræk"]
    assert t["kilder"].str.contains("http").any()
    assert set(t["vurdering"]) <= {"til stede", "fraværende", "ubestemt", "ikke relevant", "kæden trækker",
                                   "kæden hopper af"}
