"""diagnose, chain_drive, compare and process_features on the shipped cases."""
from __future__ import annotations

import pandas as pd
import pytest

import kaede
from kaede.model.findings import COLUMNS, RULES, dates_for, link_evidence
from kaede.model.registry import REGISTRY

CASES = kaede.load_cases()


@pytest.mark.parametrize("name", list(CASES))
def test_every_case_diagnosed_at_every_event_date(name: str) -> None:
    case = CASES[name]
    d = kaede.diagnose(case, on="events")
    n_dates = len(dates_for(case, "events"))
    assert n_dates == case.events["date"].nunique() or n_dates <= case.events["date"].nunique()
    assert len(d) == n_dates * len(RULES)
    assert list(d.columns) == COLUMNS
    for rule, words in ((r, REGISTRY[r].verdicts) for r in RULES):
        assert d.loc[d.rule == rule, "verdict"].isin(words).all()
    assert (d["explanation_da"].str.len() > 20).all() and (d["explanation_en"].str.len() > 20).all()
    assert (d["headline_en"].str.len() <= 120).all() and (d["headline_da"].str.len() <= 120).all()
    assert (d["headline_en"] != d["headline_da"]).all()
    indet = d[d["verdict"] == "indeterminate"]
    decides = indet["unknown_links"].map(len) + indet["missing_roles"].map(len)
    assert (decides > 0).all(), "an indeterminate verdict names the unknown links or missing roles that decide it"
    assert (indet["if_unknown_present"] != indet["if_unknown_absent"]).all()
    links = set(case.links["link_id"])
    assert all(set(ls) <= links for ls in d["links"])
    sources = set(case.sources["source_id"])
    assert all(set(s) <= sources for s in d["sources"])
    assert all(set(s) <= set(ls) for s, ls in zip(d["self_only_links"], d["links"]))


@pytest.mark.parametrize("name", list(CASES))
def test_chain_drive_on_every_case(name: str) -> None:
    drive = kaede.chain_drive(CASES[name], on=CASES[name].milestones.get("talk"))
    assert drive.verdict in REGISTRY["chain_drive"].verdicts
    assert drive.drive_if_unknown_absent <= drive.drive_if_unknown_present
    assert [c.key for c in drive.conditions] == ["council_themes", "directorate", "administration_asked"]
    if drive.verdict in ("comes_off", "indeterminate"):
        assert drive.comes_off_at is not None
    ev = drive.evidence(CASES[name])
    assert set(ev["link_id"]) == set(drive.cut_links) | set(drive.unknown_links)


def test_compare_matrix_shapes() -> None:
    m = kaede.compare(CASES, on="talk")
    assert list(m.index) == list(CASES) and list(m.columns) == list(RULES)
    lacking = [k for k, c in CASES.items() if "talk" not in c.milestones]
    for rule in m.columns:
        assert m[rule].drop(index=lacking).isin(REGISTRY[rule].verdicts).all()
    assert (m.loc[lacking] == "no_milestone").all().all(), "a case without the milestone is shown as such"
    per = kaede.compare(CASES, on=["talk", "vision_adopted"])
    assert per.index.names == ["case", "at"]
    assert set(per.index.get_level_values("at")) <= {"talk", "vision_adopted"}
    one = kaede.compare(CASES["odense"], on="2012-10-08")
    assert one.loc["odense"].tolist() == m.loc["odense"].tolist()


def test_hoersholm_had_no_vision_at_the_talk() -> None:
    m = kaede.compare(CASES["hoersholm"], on="talk")
    assert m.loc["hoersholm", "D1"] == "not_applicable"
    later = kaede.compare(CASES["hoersholm"], on="vision_adopted")
    assert later.loc["hoersholm", "D1"] != "not_applicable"


def test_chain_graph_attributes_and_dates() -> None:
    case = CASES["hoersholm"]
    g = kaede.chain_graph(case, on="2012-10-08")
    assert g.graph == {"case": "hoersholm", "date": "2012-10-08"}
    for _, _, data in g.edges(data=True):
        assert data["status"] in ("present", "absent", "unknown")
        assert (data["strength"] is None) == (data["status"] != "present")
    full = kaede.chain_graph(case)
    assert set(g.nodes) < set(full.nodes)
    for n in g.nodes:
        assert g.nodes[n]["layer"] in range(6)


def test_link_evidence_lists_sources() -> None:
    case = CASES["furesoe"]
    present = case.links.loc[case.links.status == "present", "link_id"].iloc[:3]
    ev = link_evidence(case, present)
    assert set(ev["link_id"]) == set(present)
    assert ev["url"].notna().any()


def test_process_features() -> None:
    p = kaede.process_features(CASES)
    assert list(p.index) == list(CASES)
    assert p["citizen_mode"].isin(["input", "invitation", "both", "none on record"]).all()
    for col in [c for c in p.columns if c.startswith("took_part_")]:
        assert p[col].dtype == bool
    furesoe = p.loc["furesoe"]
    assert furesoe["adopted"] == "2012-06-27"
    assert furesoe["duration_days"] > 0 and furesoe["n_events"] > 5
    assert pd.Timestamp(furesoe["adopted"]) >= pd.Timestamp(str(furesoe["start"])[:4])


def test_dates_for_forms() -> None:
    case = CASES["furesoe"]
    assert dates_for(case, None) == [(None, None)]
    assert dates_for(case, "2012") == [("2012", None)]
    assert dates_for(case, "no_such_milestone") == []
    ms = dates_for(case, "milestones")
    assert [d for d, _ in ms] == sorted((d for d, _ in ms), key=lambda d: kaede.model.chain.to_ordinal(d))
    with pytest.raises(ValueError):
        dates_for(case, "2012-13")


def test_coverage_lists_roles_not_on_record() -> None:
    from kaede.model.coverage import coverage
    from kaede.model.examples import FULL_ELEMENTS, FULL_LINKS
    els = [e for e in FULL_ELEMENTS if e[1] != "cross_cutting_project"]
    links = [l for l in FULL_LINKS if "project" not in l[:2]]
    cov = coverage(kaede.make_case(els, links), on=None)
    assert set(cov["role_group"]) == {"committee route", "projects"}
    assert cov.set_index("role_group").loc["projects", "rules"] == "chain_drive"
    empty = coverage(kaede.make_case([], []), on=None)
    assert "vision" in set(empty["role_group"])
    report = coverage(CASES, on="milestones")
    assert set(report["case"]) <= set(CASES) and list(report.columns)[:4] == ["case", "date", "milestone", "role_group"]


def test_coverage_command(capsys: pytest.CaptureFixture[str]) -> None:
    from kaede.cli import main
    assert main(["coverage", str(kaede.get_data_home()), "--on", "talk"]) == 0
    out = capsys.readouterr().out
    assert all(f"{name}:" in out for name in CASES)


@pytest.mark.parametrize("name", list(CASES))
def test_dates_with_one_chain_share_findings_faithfully(name: str) -> None:
    """diagnose reuses a finding for two dates with the same chain and the same reading of time; each
    row equals the rule run afresh on that date's chain."""
    from kaede.model.chain import chain_view
    case = CASES[name]
    d = kaede.diagnose(case, on="events")
    for r in d.itertuples():
        f = REGISTRY[r.rule].function(chain_view(case, r.date))
        assert (r.verdict, r.links, r.explanation_en, r.headline_da) == (f.verdict, f.links, f.explanation_en, f.headline_da)


def test_milestone_offset_reads_a_settled_date_and_keeps_cases_lacking_it():
    from kaede.model.findings import NO_MILESTONE
    els = [("council", "council"), ("vision", "vision", "2012-06-27"), ("budget", "budget")]
    links = [("council", "vision", "owns", "present", 3, "2012-06-27"),
             ("vision", "budget", "translates_into", "present", 2, "2013-03")]
    a = kaede.make_case(els, links, name="a", milestones={"vision_adopted": "2012-06-27"})
    b = kaede.make_case(els, links, name="b", milestones={"talk": "2012-10-08"})
    d = kaede.diagnose(a, on="vision_adopted+12m", rules=["D1"])
    assert d.loc[0, "date"] == "2013-06-27" and d.loc[0, "milestone"] == "vision_adopted+12m"
    m = kaede.compare({"a": a, "b": b}, on="vision_adopted+12m", rules=["D1"])
    assert m.loc["b", "D1"] == NO_MILESTONE and m.loc["a", "D1"] != NO_MILESTONE
    assert kaede.diagnose(a, on="vision_adopted+12x").empty  # not a milestone: no date, as for any unknown name
