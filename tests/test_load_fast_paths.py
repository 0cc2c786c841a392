"""The loader's fast paths change nothing but the time.

Validation judges whole columns at once and goes row by row only where something is wrong; the
descriptor's ``resources`` are compared as kaede writes them; the loader builds DataFrames from
the validated columns without pandas re-checking them. Each test here runs the slow, plain way
beside the fast one and asserts the same result.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

import kaede
from kaede.data import validate as V
from kaede.data.datasets import case_path
from kaede.data.schema import ALL_TABLES, table_schema

from conftest import write_case
from test_bad_input import CORPUS


def _problems(folder: Path) -> list[tuple]:
    return [(p.file, p.row, p.column, p.rule, p.message) for p in V.validate_case_folder(folder).problems]


@pytest.fixture
def slow_paths(monkeypatch):
    """Switch every fast path of the validator off."""
    def off() -> None:
        monkeypatch.setattr(V, "_fields_look_fine", lambda table, records: False)
        monkeypatch.setattr(V, "_links_need_a_look", lambda links: True)
        monkeypatch.setattr(V, "_dates_need_a_look", lambda firsts, lasts: True)
        monkeypatch.setattr(V, "_canonical_descriptor", lambda text, optional: None)
    return off


def test_fast_and_slow_validation_report_the_same_on_the_bad_input_corpus(tmp_path: Path, slow_paths) -> None:
    folders = []
    for name, mutate, _ in CORPUS:
        outside = tmp_path / f"outside-{name}"
        outside.mkdir()
        folder = write_case(tmp_path / name)
        mutate(folder, outside)
        folders.append(folder)
    fast = [_problems(f) for f in folders]
    slow_paths()
    slow = [_problems(f) for f in folders]
    assert fast == slow
    assert sum(map(bool, fast)) > 100  # the corpus is mostly broken packages


def test_fast_and_slow_validation_agree_on_the_cases_of_the_data_home(slow_paths) -> None:
    folders = [case_path(n) for n in kaede.list_cases()]
    fast = [_problems(f) for f in folders]
    slow_paths()
    assert fast == [_problems(f) for f in folders] == [[] for _ in folders]


def _descriptor_variants(folder: Path) -> dict[str, str]:
    text = (folder / "datapackage.json").read_text(encoding="utf-8")
    d = json.loads(text)
    resources = d.pop("resources")
    first = {"resources": resources, **d}
    body = json.dumps(d, ensure_ascii=False, indent=2)[:-2]
    canonical_tail = json.dumps({"x": 1, "resources": resources}, ensure_ascii=False, indent=2)
    tail = canonical_tail[canonical_tail.index(',\n  "resources"'):]
    return {
        "as written": text,
        "resources first": json.dumps(first, ensure_ascii=False, indent=2),
        "one line": json.dumps({**d, "resources": resources}),
        "trailing newlines": text + "\n\n",
        "trailing junk": text + "x",
        "trailing nbsp": text + "\u00a0",
        "repeated key, canonical last": body + ',\n  "resources": []' + tail + "\n",
        "repeated key, canonical first": body + tail[:-2] + ',\n  "resources": []\n}\n',
        "no other member": "{" + tail[1:],
        "empty head": "{\n" + tail[1:],
        "head ends in a comma": body + "," + tail,
        "head in a nested object": body[:-1] + ', "kaede": {"a": 1' + tail,
        "array": "[" + tail[1:-1] + "]",
        "string head": '{"name": "x' + tail,
    }


def test_descriptor_resources_read_as_written_or_parsed_in_full(tmp_path: Path, slow_paths) -> None:
    base = write_case(tmp_path / "base")
    folders = {}
    for k, (label, text) in enumerate(_descriptor_variants(base).items()):
        folder = write_case(tmp_path / f"v{k}")
        (folder / "datapackage.json").write_text(text, encoding="utf-8")
        folders[label] = folder
    fast = {label: _problems(f) for label, f in folders.items()}
    assert fast["as written"] == [] and fast["repeated key, canonical last"] == []
    assert fast["repeated key, canonical first"] and fast["no other member"] and fast["trailing junk"]
    slow_paths()
    assert fast == {label: _problems(f) for label, f in folders.items()}


def _plain_frame(folder: Path, table: str) -> pd.DataFrame:
    """A table read the plain way: csv.DictReader and pandas' own constructors."""
    fields = table_schema(table)["fields"]
    path = folder / f"{table}.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig", newline=""))) if path.is_file() else []
    data = {}
    for f in fields:
        values = [r[f["name"]] or None for r in rows]
        if f.get("type") == "integer":
            data[f["name"]] = pd.array([None if v is None else int(v) for v in values], dtype="Int64")
        else:
            data[f["name"]] = pd.array(values, dtype="string")
    return pd.DataFrame(data, columns=[f["name"] for f in fields])


@pytest.mark.parametrize("name", kaede.list_cases())
def test_loaded_frames_are_the_frames_pandas_builds(name: str) -> None:
    case = kaede.load_case(name)
    for table in ALL_TABLES:
        got = case.tables[table]
        plain = _plain_frame(case.path, table)
        assert got[list(plain.columns)].equals(plain), table
        assert got[list(plain.columns)].dtypes.tolist() == plain.dtypes.tolist(), table
        assert list(got.index) == list(range(len(got)))
    # the derived columns are those of the one factory
    again = kaede.data.datasets.case_from_tables({t: _plain_frame(case.path, t) for t in ALL_TABLES}, case.meta)
    for table in ALL_TABLES:
        pd.testing.assert_frame_equal(case.tables[table], again.tables[table])
    # and the frames behave as pandas frames: set, compare, filter
    links = case.links
    assert (links["status"] == "present").sum() == len(links.query("status == 'present'"))
    assert links["link_id"].str.len().gt(0).all()
