"""The search log reader (kaede.model.evidence): what was searched for the unknown links, and what
to look for next. Synthetic cases test the reader; the shipped cases are read from the data home."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

import kaede
from kaede.data.synthetic import _frame
from kaede.data.validate import validate_case_folder
from kaede.model.evidence import (LEAD_COLUMNS, element_text, evidence_to_look_for, link_leads, look_next,
                                  missing_evidence, search_log, with_next_leads)

CASES = kaede.load_cases()


def _gap_case(log_rows: list[dict[str, str]] | None = None) -> kaede.Case:
    """vision → budget (unknown) → employees, where the budget is a placeholder with a note."""
    case = kaede.make_case([("vision", "vision", "2012"), ("budget", "budget"), ("employees", "employees")],
                           [("vision", "budget", "translates_into", "unknown"),
                            ("budget", "employees", "engages", "unknown")])
    els = case.tables["elements"]
    els.loc[els.element_id == "budget", "status"] = "unknown"
    els.loc[els.element_id == "budget", "note_en"] = "No budget document was found. Searched the archive."
    els.loc[els.element_id == "budget", "note_da"] = "Intet budgetdokument fundet. Søgt i arkivet."
    if log_rows is not None:
        case.tables["searchlog"] = _frame("searchlog", log_rows)
    return case


def _row(search_id: str, link_id: str, on: str, lead: str) -> dict[str, str]:
    return {"search_id": search_id, "link_id": link_id, "searched_on": on, "queries": "q", "source_kinds": "minutes",
            "found_en": "nothing", "next_lead_en": lead, "next_lead_da": lead + " (da)", "outcome": "unknown"}


def test_a_case_without_a_log_reads_as_an_empty_table_with_the_schema_columns() -> None:
    log = search_log(_gap_case())
    assert log.empty
    assert {"search_id", "link_id", "element_id", "next_lead_en", "outcome"} <= set(log.columns)


def test_an_unsearched_link_says_so_and_a_placeholder_end_says_what_it_stands_for() -> None:
    leads = link_leads(_gap_case(), ["l1"])
    assert list(leads.columns) == LEAD_COLUMNS
    row = leads.iloc[0]
    assert row.placeholders == ("budget",)
    assert row.searched_on == "" and row.next_lead == ""
    assert "[placeholder: No budget document was found.]" in row.text
    assert row.text.endswith("(not yet searched for)")
    assert "[pladsholder: Intet budgetdokument fundet.]" in look_next(_gap_case(), ["l1"], "da")


def test_the_latest_search_of_a_link_gives_its_next_lead() -> None:
    case = _gap_case([_row("b", "l1", "2026-11-29", "Council minutes 2013"), _row("a", "l1", "2025", "Old lead")])
    assert list(search_log(case).search_id) == ["a", "b"]  # sorted by date within a link
    row = link_leads(case, ["l1", "l2"]).set_index("link_id")
    assert row.loc["l1", "searched_on"] == "2026-11-29"
    assert row.loc["l1", "next_lead"] == "Council minutes 2013"
    assert "next lead: Council minutes 2013" in row.loc["l1", "text"]
    assert row.loc["l2", "searched_on"] == ""
    assert "næste spor: Council minutes 2013 (da)" in look_next(case, ["l1"], "da")


def test_bad_arguments_get_clear_errors() -> None:
    with pytest.raises(KeyError, match="no link 'l9'"):
        link_leads(_gap_case(), ["l9"])
    with pytest.raises(ValueError, match="expected 'da' or 'en'"):
        look_next(_gap_case(), ["l1"], "de")
    assert element_text(_gap_case(), "nowhere") == "nowhere"
    assert look_next(_gap_case(), []) == ""


def test_missing_evidence_counts_the_searched_links() -> None:
    case = _gap_case([_row("a", "l1", "2026-11-29", "Council minutes 2013")])
    me = missing_evidence({"gap": case})
    assert me.loc["gap", "unknown_links"] == 2
    assert me.loc["gap", "searched"] == 1 and me.loc["gap", "with_lead"] == 1
    assert me.loc["gap", "deciding_D1"] == 2
    shipped = missing_evidence(CASES, on="talk")
    assert (shipped["with_lead"] <= shipped["searched"]).all()
    assert (shipped["searched"] <= shipped["unknown_links"]).all()


def test_findings_carry_the_evidence_to_look_for_next() -> None:
    case = _gap_case([_row("a", "l1", "2026-11-29", "Council minutes 2013")])
    d = with_next_leads(kaede.diagnose({"gap": case}, rules=["D1"]), {"gap": case})
    (text,) = d["look_next_en"]
    assert d["verdict"].iloc[0] == "indeterminate"
    assert text.splitlines()[0].endswith("(searched 2026-11-29; next lead: Council minutes 2013)")
    assert text.splitlines()[1].endswith("(not yet searched for)")


@pytest.mark.parametrize("name", list(CASES))
def test_every_deciding_unknown_link_of_a_searched_case_has_a_search_and_a_next_lead(name: str) -> None:
    case = CASES[name]
    if search_log(case).empty:
        pytest.skip(f"{name} has no search log")
    ev = evidence_to_look_for(case, on="milestones")
    contested = set(case.links.loc[case.links["contested"].fillna(False).astype(bool), "link_id"])
    # a contested link is coded, with sources on both sides: its next step is to weigh them (the lead says so)
    unsearched = sorted(set(ev.loc[ev.searched_on == "", "link_id"]) - contested)
    assert not unsearched, f"{name}: deciding unknown links with no search-log row: {unsearched}"
    assert (ev["next_lead"] != "").all()
    # a link between placeholders names them with what they stand for
    placeholder_rows = ev[ev["placeholders"].map(len) > 0]
    assert placeholder_rows["text"].str.contains(r"\[placeholder: ", regex=True).all()


@pytest.mark.parametrize("name", list(CASES))
def test_every_placeholder_says_what_was_sought(name: str) -> None:
    els = CASES[name].elements
    gaps = els[els.status == "unknown"]
    assert gaps["note_en"].notna().all() and gaps["note_da"].notna().all(), f"{name}: a placeholder without a note"


def test_a_search_log_row_that_disagrees_with_its_link_is_reported(tmp_path: Path) -> None:
    name = next((n for n, c in CASES.items() if not search_log(c).empty), None)
    if name is None:
        pytest.skip("no shipped case has a search log")
    folder = tmp_path / name
    shutil.copytree(CASES[name].path, folder)
    log = folder / "searchlog.csv"
    with open(log, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0])
    rows[0]["outcome"] = "settled" if rows[0]["outcome"] == "unknown" else "unknown"
    rows[0]["next_lead_en"] = ""
    with open(log, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    report = validate_case_folder(folder)
    assert not report.valid
    assert {p.file for p in report.problems} == {"searchlog.csv"}
    assert "search-outcome" in {p.rule for p in report.problems}


def test_with_next_leads_keeps_the_diagnosis_and_adds_two_columns() -> None:
    d = kaede.diagnose(CASES, on="talk")
    out = with_next_leads(d, CASES)
    pd.testing.assert_frame_equal(out[d.columns], d)
    assert (out.loc[d["unknown_links"].map(len) == 0, "look_next_en"] == "").all()
    assert (out.loc[d["unknown_links"].map(len) > 0, "look_next_da"] != "").all()
