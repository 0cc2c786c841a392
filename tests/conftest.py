"""Shared fixtures: a small valid case package written to a temporary folder, to be broken on purpose."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from kaede.data.package import sync_package
from kaede.data.schema import TABLES, field_names

#: A minimal valid case: every table has at least one row, every coded row is cited.
MINIMAL: dict[str, list[dict[str, str]]] = {
    "sources": [
        {"source_id": "s1", "title": "Vision page", "publisher": "Eksempel Kommune", "url": "https://example.org/vision",
         "date": "2014-06", "perspective": "self", "kind": "municipal_page"},
        {"source_id": "s2", "title": "News article", "url": "https://example.org/news", "date": "2014-06-20",
         "perspective": "independent", "kind": "news"},
    ],
    "elements": [
        {"element_id": "council", "role": "council", "label_da": "Kommunalbestyrelsen", "label_en": "Council", "status": "present"},
        {"element_id": "vision", "role": "vision", "label_da": "Vision", "label_en": "Vision", "status": "present", "since": "2014-06-16"},
        {"element_id": "budget", "role": "budget", "label_da": "Budget", "label_en": "Budget", "status": "present"},
        {"element_id": "citizens", "role": "citizens", "label_da": "Borgere", "label_en": "Citizens", "status": "present"},
    ],
    "links": [
        {"link_id": "l1", "source": "council", "target": "vision", "relation": "owns", "status": "present",
         "strength": "3", "since": "2014-06-16", "basis": "stated", "note_da": "Vedtaget", "note_en": "Adopted"},
        {"link_id": "l2", "source": "vision", "target": "budget", "relation": "translates_into", "status": "absent",
         "since": "2014-10", "basis": "inferred", "note_da": "Ingen henvisning", "note_en": "No reference"},
        {"link_id": "l3", "source": "citizens", "target": "vision", "relation": "informs", "status": "unknown"},
    ],
    "visions": [
        {"vision_id": "v1", "element_id": "vision", "title": "Vision 2025", "motto": "Sammen", "type": "vision",
         "adopted": "2014-06-16", "horizon": "2025", "basis": "stated"},
    ],
    "events": [
        {"event_id": "e1", "date": "2014-06-16", "kind": "adoption", "vision_id": "v1",
         "description_da": "Visionen vedtages", "description_en": "The vision is adopted", "basis": "stated"},
    ],
    "participants": [{"event_id": "e1", "element_id": "council"}],
    "facts": [
        {"fact_id": "f1", "topic": "population", "status": "known", "value": "24000", "value_da": "Ca. 24.000 indbyggere",
         "value_en": "About 24,000 inhabitants", "since": "2014", "basis": "stated"},
        {"fact_id": "f2", "topic": "council_size", "status": "unknown", "value_da": "Ikke fundet", "value_en": "Not found"},
    ],
    "citations": [
        {"source_id": "s1", "link_id": "l1"},
        {"source_id": "s2", "link_id": "l2"},
        {"source_id": "s1", "vision_id": "v1"},
        {"source_id": "s1", "vision_id": "v1", "field": "motto"},
        {"source_id": "s1", "event_id": "e1"},
        {"source_id": "s2", "fact_id": "f1"},
    ],
}


def write_case(folder: Path, tables: dict[str, list[dict[str, str]]] | None = None, name: str = "eksempel") -> Path:
    """Write a case package (tables as lists of row dicts) to ``folder`` and sync its schemas."""
    tables = MINIMAL if tables is None else tables
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "datapackage.json").write_text(json.dumps(
        {"name": name, "title": "Eksempel Kommune", "kaede": {"title_en": "Example Municipality",
                                                              "milestones": {"vision_adopted": "2014-06-16"}}}),
        encoding="utf-8")
    for table in TABLES:
        names = field_names(table)
        with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=names, lineterminator="\n")
            w.writeheader()
            for row in tables.get(table, []):
                w.writerow({k: row.get(k, "") for k in names})
    sync_package(folder)
    return folder


@pytest.fixture
def minimal_case(tmp_path: Path) -> Path:
    """A valid minimal case folder."""
    return write_case(tmp_path / "eksempel")


@pytest.fixture
def data_home_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped data home, safe to modify."""
    from kaede.data.datasets import get_data_home
    dest = tmp_path / "data"
    shutil.copytree(get_data_home(), dest)
    return dest
