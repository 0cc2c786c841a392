"""Coders' sheets become rows of codings.csv; shipped codings agree with the links they record."""
import csv

import pytest

import kaede
from kaede.data.codings import codings_from_sheet, write_codings
from kaede.data.datasets import case_path
from kaede.data.validate import validate_case_folder

SHEET = [
    {"link_id": "l1", "status": "present", "strength": "2", "basis": "inferred", "dossier_evidence": "§4",
     "note": "budget headings"},
    {"link_id": "l2", "status": "unknown", "strength": "", "basis": "", "dossier_evidence": "", "note": ""},
]


def test_sheet_rows_long_and_missing_left_out():
    rows = codings_from_sheet(SHEET, "c2", "2026-11-29", note_columns=("note", "dossier_evidence"))
    assert [(r["unit_id"], r["variable"], r["value"]) for r in rows] == [
        ("l1", "status", "present"), ("l1", "strength", "2"), ("l1", "basis", "inferred"), ("l2", "status", "unknown")]
    assert rows[0]["note"] == "budget headings | §4" and rows[1]["note"] == "" and rows[1]["basis"] == "inferred"
    assert {r["coded_on"] for r in rows} == {"2026-11-29"} and rows[3]["basis"] == ""


@pytest.mark.parametrize("sheet, message", [
    ([{"link_id": "l1", "status": "present"}], "column(s) strength, basis missing"),
    ([{**SHEET[1]}, {**SHEET[1]}], "row 3: link_id 'l2' repeated"),
    ([{**SHEET[1], "link_id": " "}], "row 2: link_id is empty"),
])
def test_bad_sheets_named(sheet, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        codings_from_sheet(sheet, "c2", "2026-11-29")


def test_write_replaces_only_the_given_coder(tmp_path):
    write_codings(tmp_path, codings_from_sheet(SHEET, "c2", "2026-11-29"))
    write_codings(tmp_path, codings_from_sheet(SHEET[:1], "c1", "2026-11-27"))
    write_codings(tmp_path, codings_from_sheet(SHEET[1:], "c2", "2026-11-30"))
    with (tmp_path / "codings.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["coder"], r["unit_id"], r["variable"]) for r in rows] == [
        ("c1", "l1", "status"), ("c1", "l1", "strength"), ("c1", "l1", "basis"), ("c2", "l2", "status")]
    assert rows[-1]["coded_on"] == "2026-11-30"


def test_shipped_codings_cover_every_link_once_per_coder():
    """Each shipped case with codings has, per coder, a status for the same links — every link but those
    added after the second coding, which say so in their note — and a strength exactly for the links
    that coder coded present."""
    checked = 0
    for name in kaede.list_cases():
        case = kaede.load_case(name)
        codings = case.codings
        if codings.empty:
            continue
        assert validate_case_folder(case_path(name)).valid
        later = case.links["note_en"].fillna("").str.contains("Added after the second coding", regex=False)
        links = set(case.links.loc[~later, "link_id"])
        for coder, mine in codings.groupby("coder"):
            status = mine[mine["variable"] == "status"].set_index("unit_id")["value"]
            assert set(status.index) == links, (name, coder)
            strength = set(mine.loc[mine["variable"] == "strength", "unit_id"])
            assert strength == set(status.index[status == "present"]), (name, coder)
        checked += 1
    if checked == 0:
        pytest.skip("no shipped case has a codings table")
