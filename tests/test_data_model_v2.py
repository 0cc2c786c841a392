"""Data model v2: threads, parts, date notes, contested evidence, source kinds, processes, the
optional search log and codings tables, strict milestones, and ``kaede migrate``."""
from __future__ import annotations

import copy
import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import kaede
from kaede.cli import main
from kaede.data.package import migrate_package, sync_package
from kaede.data.schema import OPTIONAL_TABLES, field_names
from kaede.data.validate import validate_case_folder

from conftest import MINIMAL, write_case


def _write_optional(folder: Path, table: str, rows: list[dict[str, str]]) -> None:
    names = field_names(table)
    with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=names, lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow({k: row.get(k, "") for k in names})
    sync_package(folder)


def _problems(folder: Path) -> list[tuple[str, int | None, str | None, str]]:
    return [(p.file, p.row, p.column, p.rule) for p in validate_case_folder(folder).problems]


def _tables(**changes):
    t = copy.deepcopy(MINIMAL)
    for table, (i, values) in changes.items():
        t[table][i].update(values)
    return t


def test_v2_columns_valid_and_loaded(tmp_path):
    t = copy.deepcopy(MINIMAL)
    t["elements"].append({"element_id": "theme", "role": "theme", "label_da": "Tema", "label_en": "Theme",
                          "status": "present", "part_of": "vision", "basis": "stated", "date_note": "c. 2014"})
    t["elements"].append({"element_id": "taskc", "role": "task_committee", "label_da": "Opgaveudvalg",
                          "label_en": "Task committee", "status": "present"})
    t["links"][1].update(thread="theme", date_note="seen in the 2015 budget")
    t["sources"].append({"source_id": "s3", "title": "Opposition leaflet", "perspective": "party", "kind": "other"})
    t["citations"].append({"source_id": "s3", "link_id": "l2", "stance": "contradicts"})
    t["events"][0].update(process="vision-2025", element_id="vision", kind="revision")
    folder = write_case(tmp_path / "c", t)
    assert validate_case_folder(folder).valid, validate_case_folder(folder).format()
    case = kaede.load_case(folder)
    links = case.links.set_index("link_id")
    assert links.loc["l2", "thread"] == "theme"
    assert bool(links.loc["l2", "contested"]) and not bool(links.loc["l1", "contested"])
    assert bool(links.loc["l1", "self_only"])          # s1 is the municipality's own page
    assert not bool(links.loc["l2", "self_only"])      # s2 news and s3 party
    assert links["self_only"].isna().loc["l3"]         # uncited unknown link
    assert case.elements.set_index("element_id").loc["taskc", "layer"] == 0
    assert set(OPTIONAL_TABLES) <= set(case.tables) and case.codings.empty and case.searchlog.empty


@pytest.mark.parametrize("mutate, expected", [
    (lambda t: t["links"][0].update(thread="budget"), ("links.csv", 2, "thread", "thread-role")),
    (lambda t: t["links"][0].update(thread="nowhere"), ("links.csv", 2, "thread", "foreign-key")),
    (lambda t: t["elements"][1].update(part_of="vision"), ("elements.csv", 3, "part_of", "self-part")),
    (lambda t: t["elements"][1].update(part_of="nowhere"), ("elements.csv", 3, "part_of", "foreign-key")),
    (lambda t: t["citations"][0].update(stance="maybe"), ("citations.csv", 2, "stance", "constraint-error")),
    (lambda t: t["sources"][0].update(perspective="blog"), ("sources.csv", 2, "perspective", "constraint-error")),
    (lambda t: t["events"][0].update(process="Vision 2025"), ("events.csv", 2, "process", "constraint-error")),
    (lambda t: t["events"][0].update(element_id="nowhere"), ("events.csv", 2, "element_id", "foreign-key")),
], ids=["thread-role", "thread-fk", "self-part", "part-fk", "stance", "perspective", "process-slug", "event-element"])
def test_v2_rules(tmp_path, mutate, expected):
    t = copy.deepcopy(MINIMAL)
    mutate(t)
    assert _problems(write_case(tmp_path / "c", t)) == [expected]


def test_part_of_cycle(tmp_path):
    t = copy.deepcopy(MINIMAL)
    t["elements"][2]["part_of"] = "citizens"
    t["elements"][3]["part_of"] = "budget"
    rules = {(p[0], p[2], p[3]) for p in _problems(write_case(tmp_path / "c", t))}
    assert rules == {("elements.csv", "part_of", "part-cycle")}


SEARCH = {"search_id": "s-l3", "link_id": "l3", "searched_on": "2026-11", "queries": "borgermøde vision",
          "source_kinds": "minutes ; press", "found_en": "Only the adoption", "next_lead_en": "Minutes of 2014-03",
          "outcome": "unknown"}


@pytest.mark.parametrize("row, expected", [
    (SEARCH, []),
    ({**SEARCH, "next_lead_en": ""}, [("searchlog.csv", 2, "next_lead_en", "no-next-lead")]),
    ({**SEARCH, "link_id": "l1"}, [("searchlog.csv", 2, "outcome", "search-outcome")]),
    ({**SEARCH, "outcome": "settled"}, [("searchlog.csv", 2, "outcome", "search-outcome")]),
    ({**SEARCH, "link_id": ""}, [("searchlog.csv", 2, None, "search-subject")]),
    ({**SEARCH, "link_id": "l9"}, [("searchlog.csv", 2, "link_id", "foreign-key")]),
    ({**SEARCH, "searched_on": "last week"}, [("searchlog.csv", 2, "searched_on", "constraint-error")]),
], ids=["valid", "no-lead", "unknown-but-coded", "settled-but-unknown", "no-subject", "fk", "date"])
def test_searchlog(tmp_path, row, expected):
    folder = write_case(tmp_path / "c")
    _write_optional(folder, "searchlog", [row])
    assert _problems(folder) == expected
    if not expected:
        assert kaede.load_case(folder).searchlog.loc[0, "link_id"] == "l3"


CODE = {"coder": "c2", "unit_table": "links", "unit_id": "l1", "variable": "status", "value": "present",
        "coded_on": "2026-11-29"}


@pytest.mark.parametrize("rows, expected", [
    ([CODE, {**CODE, "variable": "strength", "value": "2"}, {**CODE, "unit_table": "events", "unit_id": "e1",
      "variable": "participants", "value": "council; citizens"}], []),
    ([{**CODE, "value": "maybe"}], [("codings.csv", 2, "value", "coding-value")]),
    ([{**CODE, "variable": "strength", "value": "5"}], [("codings.csv", 2, "value", "coding-value")]),
    ([{**CODE, "unit_id": "l9"}], [("codings.csv", 2, "unit_id", "foreign-key")]),
    ([{**CODE, "variable": "kind", "value": "adoption"}], [("codings.csv", 2, "variable", "coding-variable")]),
    ([CODE, CODE], [("codings.csv", 3, None, "primary-key")]),
    ([{**CODE, "unit_table": "events", "unit_id": "e1", "variable": "participants", "value": "council;mayor"}],
     [("codings.csv", 2, "value", "coding-value")]),
], ids=["valid", "status", "strength", "unit", "variable-table", "duplicate", "participant"])
def test_codings(tmp_path, rows, expected):
    folder = write_case(tmp_path / "c")
    _write_optional(folder, "codings", rows)
    assert _problems(folder) == expected


def test_optional_table_declared_but_missing(tmp_path):
    folder = write_case(tmp_path / "c")
    _write_optional(folder, "codings", [CODE])
    (folder / "codings.csv").unlink()
    problems = validate_case_folder(folder).problems
    assert [(p.file, p.rule) for p in problems] == [("datapackage.json", "schema-drift")]
    assert "codings.csv" in problems[0].message


@pytest.mark.parametrize("milestones, rule", [
    ({"talk": 2012}, "type-error"), ({"Talk Day": "2012-10-08"}, "package-error"),
    ({"talk": "9999-13"}, "date-error")])
def test_milestones_strict(tmp_path, milestones, rule):
    folder = write_case(tmp_path / "c")
    d = json.loads((folder / "datapackage.json").read_text())
    d["kaede"]["milestones"] = milestones
    (folder / "datapackage.json").write_text(json.dumps(d))
    assert [p.rule for p in validate_case_folder(folder).problems] == [rule]


_V2_COLUMNS = {"elements": {"date_note", "part_of", "basis"}, "links": {"thread", "date_note"},
               "events": {"process", "element_id"}, "citations": {"stance"}}


def _blank_v2(folder: Path) -> dict[str, bytes]:
    """The package's CSV files as a migration restores them: every v2 column present but empty."""
    out = {}
    for path in folder.glob("*.csv"):
        drop = _V2_COLUMNS.get(path.stem, set())
        rows = list(csv.DictReader(open(path, encoding="utf-8")))
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=field_names(path.stem), lineterminator="\n")
        w.writeheader()
        w.writerows({k: ("" if k in drop else v) for k, v in r.items()} for r in rows)
        out[path.name] = buf.getvalue().encode("utf-8") if drop else path.read_bytes()
    return out


def _downgrade(folder: Path) -> None:
    """Rewrite a package as the v1 format had it: no v2 columns."""
    for table, drop in _V2_COLUMNS.items():
        path = folder / f"{table}.csv"
        rows = list(csv.DictReader(open(path, encoding="utf-8")))
        names = [n for n in field_names(table) if n not in drop]
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=names, lineterminator="\n", extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)


@pytest.mark.parametrize("name", kaede.list_cases())
def test_migrate_restores_every_shipped_case(tmp_path, name, capsys):
    folder = shutil.copytree(kaede.data.datasets.case_path(name), tmp_path / name)
    before = _blank_v2(folder)  # v1 had no v2 columns, so the migration restores them empty
    _downgrade(folder)
    report = validate_case_folder(folder)
    assert {p.rule for p in report.problems} == {"incorrect-header"}
    assert all("kaede migrate" in p.message for p in report.problems)
    assert main(["migrate", str(folder)]) == 0
    assert "migrated" in capsys.readouterr().out
    assert validate_case_folder(folder).valid
    assert {p.name: p.read_bytes() for p in folder.glob("*.csv")} == before
    assert migrate_package(folder) == []


def test_migrate_leaves_unknown_columns_alone(tmp_path):
    folder = write_case(tmp_path / "c")
    path = folder / "links.csv"
    text = path.read_text().replace("link_id,", "link_id,colour,", 1)
    path.write_text(text)
    assert migrate_package(folder) == []
    assert path.read_text() == text
