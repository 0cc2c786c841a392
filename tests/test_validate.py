"""Each validation rule has a malformed fixture that it catches at the right file, row and column."""
from __future__ import annotations

import copy
from pathlib import Path

import pytest

from kaede.cli import main
from kaede.data.validate import parse_partial_date, validate_case_folder

from conftest import MINIMAL, write_case


def _set(table: str, index: int, **values: str):
    def mutate(t):
        t[table][index].update(values)
    return mutate


def _append(table: str, row: dict[str, str]):
    def mutate(t):
        t[table].append(row)
    return mutate


# (id, mutation of the tables, expected (file, row, column, rule)); row 2 is the first record.
TABLE_CASES = [
    ("type-integer", _set("links", 0, strength="strong"), ("links.csv", 2, "strength", "type-error")),
    ("strength-range", _set("links", 0, strength="4"), ("links.csv", 2, "strength", "constraint-error")),
    ("strength-on-absent", _set("links", 1, strength="2"), ("links.csv", 3, "strength", "strength-without-present")),
    ("strength-on-unknown", _set("links", 2, strength="1"), ("links.csv", 4, "strength", "strength-without-present")),
    ("present-without-strength", _set("links", 0, strength=""), ("links.csv", 2, "strength", "present-without-strength")),
    ("status-vocabulary", _set("links", 2, status="maybe"), ("links.csv", 4, "status", "constraint-error")),
    ("role-vocabulary", _set("elements", 1, role="mission"), ("elements.csv", 3, "role", "constraint-error")),
    ("date-format", _set("events", 0, date="May 2014"), ("events.csv", 2, "date", "constraint-error")),
    ("date-not-real", _set("links", 0, since="2014-02-30"), ("links.csv", 2, "since", "date-error")),
    ("date-required", _set("events", 0, date=""), ("events.csv", 2, "date", "constraint-error")),
    ("since-after-until", _set("elements", 1, until="2013"), ("elements.csv", 3, "until", "since-after-until")),
    ("url", _set("sources", 1, url="example.org/news"), ("sources.csv", 3, "url", "type-error")),
    ("required-label", _set("elements", 0, label_en=""), ("elements.csv", 2, "label_en", "constraint-error")),
    ("duplicate-id", _set("elements", 3, element_id="council"), ("elements.csv", 5, "element_id", "unique-error")),
    ("id-pattern", _set("sources", 0, source_id="S 1"), ("sources.csv", 2, "source_id", "constraint-error")),
    ("duplicate-participant", _append("participants", {"event_id": "e1", "element_id": "council"}),
     ("participants.csv", 3, None, "primary-key")),
    ("missing-element", _set("links", 0, target="visoin"), ("links.csv", 2, "target", "foreign-key")),
    ("missing-participant", _set("participants", 0, element_id="directorate"), ("participants.csv", 2, "element_id", "foreign-key")),
    ("missing-source", _set("citations", 0, source_id="s9"), ("citations.csv", 2, "source_id", "foreign-key")),
    ("missing-vision", _set("events", 0, vision_id="v2"), ("events.csv", 2, "vision_id", "foreign-key")),
    ("link-without-source", lambda t: t["citations"].pop(0), ("links.csv", 2, "link_id", "no-source")),
    ("fact-without-source", lambda t: t["citations"].pop(5), ("facts.csv", 2, "fact_id", "no-source")),
    ("event-without-source", lambda t: t["citations"].pop(4), ("events.csv", 2, "event_id", "no-source")),
    ("vision-without-source", lambda t: [t["citations"].pop(2), t["citations"].pop(2)], ("visions.csv", 2, "vision_id", "no-source")),
    ("citation-two-subjects", _set("citations", 0, event_id="e1"), ("citations.csv", 2, None, "citation-subject")),
    ("citation-no-subject", _set("citations", 0, link_id=""), ("citations.csv", 2, None, "citation-subject")),
    ("basis-missing", _set("links", 1, basis=""), ("links.csv", 3, "basis", "basis-missing")),
    ("self-link", _set("links", 0, target="council"), ("links.csv", 2, "target", "self-link")),
]


@pytest.mark.parametrize("mutate, expected", [c[1:] for c in TABLE_CASES], ids=[c[0] for c in TABLE_CASES])
def test_rule_caught_at_file_row_column(tmp_path: Path, mutate, expected) -> None:
    tables = copy.deepcopy(MINIMAL)
    mutate(tables)
    report = validate_case_folder(write_case(tmp_path / "c", tables))
    found = [(p.file, p.row, p.column, p.rule) for p in report.problems]
    assert expected in found, report.format()
    assert not report.valid
    assert all("expected" in p.message for p in report.problems), report.format()


def _rewrite(path: Path, old: bytes, new: bytes) -> None:
    raw = path.read_bytes()
    assert old in raw
    path.write_bytes(raw.replace(old, new, 1))


RAW_CASES = [
    ("malformed-csv-quote", "links.csv", b"Adopted", b'"Adopted', ("links.csv", 2, None, "source-error")),
    ("extra-cell", "elements.csv", b"Council,present", b"Council,present,,", ("elements.csv", 2, None, "extra-cell")),
    ("missing-cell", "participants.csv", b"e1,council,", b"e1,council", ("participants.csv", 2, None, "missing-cell")),
    ("header", "facts.csv", b"value_da", b"value_dk", ("facts.csv", 1, None, "incorrect-header")),
    ("not-utf8", "elements.csv", "Kommunalbestyrelsen".encode(), "Kommunalbestyrelsen Hørsholm".encode("latin-1"),
     ("elements.csv", 2, None, "encoding-error")),
    ("malformed-json", "datapackage.json", b'"name"', b'name', ("datapackage.json", 2, None, "package-error")),
    ("schema-drift", "datapackage.json", b'"required": true', b'"required": false', ("datapackage.json", None, "resources", "schema-drift")),
]


@pytest.mark.parametrize("file, old, new, expected", [c[1:] for c in RAW_CASES], ids=[c[0] for c in RAW_CASES])
def test_file_level_problem_caught(minimal_case: Path, file, old, new, expected) -> None:
    _rewrite(minimal_case / file, old, new)
    report = validate_case_folder(minimal_case)
    assert expected in [(p.file, p.row, p.column, p.rule) for p in report.problems], report.format()


def test_missing_table(minimal_case: Path) -> None:
    (minimal_case / "events.csv").unlink()
    report = validate_case_folder(minimal_case)
    assert ("events.csv", "missing-file") in [(p.file, p.rule) for p in report.problems]
    # the other tables are still checked, and nothing is reported against the missing one twice
    assert not any(p.rule == "foreign-key" for p in report.problems)


def test_minimal_case_is_valid(minimal_case: Path) -> None:
    report = validate_case_folder(minimal_case)
    assert report.valid, report.format()
    assert report.format().endswith("VALID")


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    tables = copy.deepcopy(MINIMAL)
    chosen = {"type-integer", "strength-on-absent", "role-vocabulary", "missing-source", "date-not-real"}
    expected = set()
    for case_id, mutate, where in TABLE_CASES:
        if case_id in chosen:
            mutate(tables)
            expected.add(where)
    report = validate_case_folder(write_case(tmp_path / "c", tables))
    assert expected <= {(p.file, p.row, p.column, p.rule) for p in report.problems}, report.format()


def test_cli_exit_status(minimal_case: Path, tmp_path: Path, capsys) -> None:
    assert main(["validate", str(minimal_case)]) == 0
    assert "VALID" in capsys.readouterr().out
    bad = write_case(tmp_path / "bad", {**copy.deepcopy(MINIMAL), "citations": []})
    assert main(["validate", str(minimal_case), str(bad / "datapackage.json")]) == 1
    out = capsys.readouterr().out
    assert "links.csv, row 2, column 'link_id': [no-source]" in out


def test_cli_sync_is_idempotent(minimal_case: Path, capsys) -> None:
    assert main(["sync", str(minimal_case)]) == 0
    assert "already in sync" in capsys.readouterr().out


@pytest.mark.parametrize("value, first, last", [
    ("2012", "2012-01-01", "2012-12-31"), ("2012-02", "2012-02-01", "2012-02-29"), ("2012-10-08", "2012-10-08", "2012-10-08")])
def test_parse_partial_date(value: str, first: str, last: str) -> None:
    a, b = parse_partial_date(value)
    assert (a.isoformat(), b.isoformat()) == (first, last)


@pytest.mark.parametrize("value", ["12-10-2012", "2012-13", "2012-02-30", "2012-1"])
def test_parse_partial_date_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        parse_partial_date(value)


def test_cli_validates_a_folder_of_cases(tmp_path: Path, capsys) -> None:
    write_case(tmp_path / "a")
    write_case(tmp_path / "b", {**copy.deepcopy(MINIMAL), "citations": []})
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'a'}: VALID" in out and f"{tmp_path / 'b'}: INVALID" in out
