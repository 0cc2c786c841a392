"""Shared fixtures: a small valid case package written to a temporary folder, to be broken on purpose."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from kaede.data.write import write_case as kaede_write_case

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
    """Write a case package (tables as lists of row dicts) to ``folder`` with kaede's own writer.

    Not validated: tests use it to write packages that are broken on purpose."""
    meta = {"name": name, "title": "Eksempel Kommune",
            "kaede": {"title_en": "Example Municipality", "milestones": {"vision_adopted": "2014-06-16"}}}
    return kaede_write_case(MINIMAL if tables is None else tables, meta, folder, validate=False, fsync=False,
                            overwrite=True)


#: A made-up municipality, richer than MINIMAL, added to a copy of the data home to check that
#: nothing depends on the shipped cases being exactly the ones there are. It has no ``talk``
#: milestone, a task committee, events outside the vision process and ``$`` in labels.
NEW_CASE_NAME = "nordby"


def new_case_tables() -> dict[str, list[dict[str, str]]]:
    """The tables of the made-up case ``nordby`` (valid)."""
    t = copy.deepcopy(MINIMAL)
    t["elements"] += [
        {"element_id": "directorate", "role": "directorate", "label_da": "Direktionen", "label_en": "Directorate", "status": "present"},
        {"element_id": "employees", "role": "employees", "label_da": "Medarbejdere", "label_en": "Employees", "status": "present"},
        {"element_id": "task-committee", "role": "task_committee", "label_da": "Opgaveudvalg for $ og vækst",
         "label_en": "Task committee on $ and growth", "status": "present", "since": "2015"},
    ]
    t["links"] += [
        {"link_id": "l4", "source": "vision", "target": "directorate", "relation": "translates_into", "status": "unknown"},
        {"link_id": "l5", "source": "directorate", "target": "employees", "relation": "steers", "status": "present",
         "strength": "2", "since": "2015", "basis": "inferred", "note_da": "Ledelsesinformation", "note_en": "Management information"},
        {"link_id": "l6", "source": "task-committee", "target": "vision", "relation": "informs", "status": "present",
         "strength": "1", "since": "2015", "basis": "stated", "note_da": "Forslag", "note_en": "Proposals"},
    ]
    t["events"] += [
        {"event_id": "e2", "date": "2015-03", "kind": "kick_off",
         "description_da": "Strukturreform begynder", "description_en": "A structural reform begins", "basis": "stated"},
        {"event_id": "e3", "date": "2015-11-02", "kind": "adoption",
         "description_da": "Reformen vedtages", "description_en": "The reform is adopted", "basis": "stated"},
    ]
    t["participants"] += [{"event_id": "e2", "element_id": "task-committee"},
                          {"event_id": "e3", "element_id": "council"}]
    t["citations"] += [{"source_id": "s2", "link_id": "l5"}, {"source_id": "s1", "link_id": "l6"},
                       {"source_id": "s2", "event_id": "e2"}, {"source_id": "s1", "event_id": "e3"}]
    return t


def new_case_meta() -> dict:
    """The descriptor of the made-up case (without resources)."""
    return {"name": NEW_CASE_NAME, "title": "Nordby Kommune", "version": "0.1.0",
            "description": "A made-up municipality for kaede's tests; it describes no real place.",
            "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                          "path": "https://creativecommons.org/licenses/by/4.0/"}],
            "contributors": [{"title": "kaede contributors", "role": "author"}],
            "bibliographicCitation": "kaede contributors (2026). Nordby Kommune: case data for kaede, version 0.1.0. "
                                     "CC BY 4.0.",
            "kaede": {"title_en": "Nordby Municipality (made up)", "period": [2014, 2016],
                      "milestones": {"vision_adopted": "2014-06-16", "reform_adopted": "2015-11-02"}}}


NEW_CASE_README = ("# Nordby Kommune (made up)\n\n" + "Nordby is an invented municipality used by the tests to check "
                   "that every notebook, plot and table takes its cases from the data home. It adopted a vision "
                   "in June 2014, set up a task committee of councillors and citizens in 2015, and ran a "
                   "structural reform that is not a vision adoption. It has no 'talk' milestone, on purpose. "
                   "Nothing here is a fact about a real place.\n")


def add_new_case(data_home: Path) -> Path:
    """Write the made-up case into ``data_home`` with :func:`kaede.data.write.write_case` (validated)."""
    return kaede_write_case(new_case_tables(), new_case_meta(), data_home / NEW_CASE_NAME, readme=NEW_CASE_README)


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


@pytest.fixture
def data_home_plus_one(data_home_copy: Path, monkeypatch) -> Path:
    """A copy of the data home with the made-up case added (or replaced, if the data home already
    has it), and ``KAEDE_DATA`` pointing at it."""
    if (data_home_copy / NEW_CASE_NAME).exists():
        shutil.rmtree(data_home_copy / NEW_CASE_NAME)
    add_new_case(data_home_copy)
    monkeypatch.setenv("KAEDE_DATA", str(data_home_copy))
    return data_home_copy


def random_chain(rng, n_links: int = 18, relations: tuple[str, ...] = ("translates_into",)):
    """Elements and links of a random chain over the talk's full picture plus a committee route: each
    link present (with a random strength), absent or (twice as often) unknown. For invariant tests."""
    from kaede.model.examples import FULL_ELEMENTS
    elements = FULL_ELEMENTS + [("committee", "committee"), ("centre", "centre"), ("policy", "sector_policy")]
    ids = [e for e, _ in elements]
    links = []
    for _ in range(n_links):
        a, b = rng.sample(ids, 2)
        status = rng.choice(["present", "absent", "unknown", "unknown"])
        relation = rng.choice(relations) if len(relations) > 1 else relations[0]
        links.append((a, b, relation, status, rng.randint(1, 3) if status == "present" else None))
    return elements, links
