"""Regression tests for problems found in review."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import kaede
from kaede.model.examples import FULL_ELEMENTS, FULL_LINKS, talk_example
from kaede.views.explore import ExplorerState, WhatIfState
from kaede.model.findings import split_thresholds
from kaede.model.evidence import missing_evidence
from kaede.views.tables import unknowns_table

CASES = kaede.load_cases()


def test_thresholds_of_other_rules_are_accepted_and_left_out() -> None:
    assert split_thresholds({"D3_admin_min_strength": 3, "min_strength": 2}, ["chain_drive"]) == \
        {"chain_drive": {"min_strength": 2}}
    state = ExplorerState({"full": talk_example("full")}).set(D3_admin_min_strength=3)
    assert state.drive.verdict == "engages"


def test_explorer_d3_slider_on_an_engaged_chain() -> None:
    from kaede.views.widgets import Explorer
    ex = Explorer({"full": talk_example("full")}, display=False)
    ex.controls["D3_admin_min_strength"].value = 3
    assert ex.last_error is None
    assert ex.findings.equals(kaede.diagnose(talk_example("full"), D3_admin_min_strength=3))


def test_unknowns_table_without_unknown_links() -> None:
    t = unknowns_table(talk_example("full"))
    assert int(t.loc["unknown links", "count"]) == 0


def test_load_cases_keys_by_folder(tmp_path: Path) -> None:
    shutil.copytree(kaede.get_data_home() / "hoersholm", tmp_path / "hoersholm")
    shutil.copytree(kaede.get_data_home() / "hoersholm", tmp_path / "hoersholm-v2")
    cases = kaede.load_cases(data_home=tmp_path)
    assert list(cases) == ["hoersholm", "hoersholm-v2"]
    assert cases["hoersholm-v2"].path == tmp_path / "hoersholm-v2"
    with pytest.raises(ValueError, match="two cases are called 'hoersholm'"):
        kaede.compare(list(cases.values()))
    assert list(kaede.compare(cases).index) == ["hoersholm", "hoersholm-v2"]


def test_what_if_beside_its_original(tmp_path: Path) -> None:
    case = CASES["furesoe"]
    log = case.tables["searchlog"] if "searchlog" in case.tables else None
    searched = set() if log is None else set(log["link_id"].dropna())
    w = WhatIfState(case, date="talk")
    for lid in w.baseline().set_index("rule").loc["chain_drive", "unknown_links"]:
        if lid not in searched:  # a link whose search log says it stayed unknown cannot be saved as present
            w.edit(lid, status="present", strength=3)
    m = kaede.compare({"original": case, "what-if": w.case}, on="talk")
    assert list(m.index) == ["original", "what-if"] and m.loc["original", "chain_drive"] == "indeterminate"
    first = w.add("council", "budget", "owns")
    saved = kaede.load_case(w.save(tmp_path / "a"))
    again = WhatIfState(saved)
    second = again.add("council", "budget", "owns")
    assert first in set(saved.links.link_id) and second != first
    again.save(tmp_path / "b")


def test_what_if_caches_follow_the_base() -> None:
    w = WhatIfState(CASES["furesoe"])
    assert w.case is CASES["furesoe"] and w.baseline()["case"].iloc[0] == "furesoe"
    w.base = CASES["odense"]
    assert w.case is CASES["odense"] and w.baseline()["case"].iloc[0] == "odense"


def test_milestones_are_validated(tmp_path: Path) -> None:
    folder = tmp_path / "furesoe"
    shutil.copytree(kaede.get_data_home() / "furesoe", folder)
    meta = json.loads((folder / "datapackage.json").read_text())
    meta["kaede"]["milestones"]["hearing"] = "Oct 2012"
    (folder / "datapackage.json").write_text(json.dumps(meta))
    report = kaede.validate_case_folder(folder)
    assert [(p.file, p.column, p.rule) for p in report.problems] == \
        [("datapackage.json", "kaede.milestones.hearing", "date-error")]


def test_explorer_keeps_a_date_that_is_not_an_event() -> None:
    from kaede.views.widgets import Explorer
    ex = Explorer(CASES, case="hoersholm", date="2013-01-01", display=False)
    assert ex.controls["date"].value == "2013-01-01"
    assert set(ex.findings["date"]) == {"2013-01-01"}
    ex.controls["date"].value = ""
    assert ex.findings["date"].isna().all()


def test_compare_widget_without_the_milestone() -> None:
    from kaede.views.widgets import Compare
    c = Compare({"full": talk_example("full")}, display=False)
    assert c.last_error is None and c.state.on is None
    c2 = Compare(CASES, display=False)
    c2.controls["cases"].value = ("odense",)
    c2.controls["on"].value = "first_budget_after_vision"
    assert "none of the chosen cases has the milestone" in c2.message.value


def test_parallel_links_are_one_coupling() -> None:
    base = kaede.chain_drive(talk_example("full"))
    links = [l if l[:2] != ("goals", "agreements") else l[:4] + (1,) for l in FULL_LINKS]
    doubled = links + [("goals", "agreements", "steers", "present", 1)]
    one = kaede.chain_drive(kaede.make_case(FULL_ELEMENTS, links))
    two = kaede.chain_drive(kaede.make_case(FULL_ELEMENTS, doubled))
    assert base.drive_if_unknown_absent == 2
    assert one.drive_if_unknown_absent == two.drive_if_unknown_absent == 1
    assert one.comes_off_at == two.comes_off_at == ("effect_goals", "agreements")


def test_missing_evidence_counts_over_the_same_dates() -> None:
    me = missing_evidence(CASES["hoersholm"], on="events")
    row = me.loc["hoersholm"]
    assert all(row[f"deciding_{r}"] <= row["unknown_links"] for r in kaede.RULES)


def test_table_schema_returns_copies() -> None:
    from kaede.data.schema import table_schema
    a = table_schema("links")
    a["fields"].clear()
    assert table_schema("links")["fields"]
