"""Every shipped case passes the same checks; the loader finds, loads and refuses cases correctly."""
from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

import kaede
from kaede.data.datasets import CaseNotFoundError, case_path, get_data_home, partial_date_bounds
from kaede.data.package import canonical_resources, optional_tables_in
from kaede.data.validate import CaseValidationError, parse_partial_date
from kaede.data.vocab import LAYER_OF_ROLE

from conftest import MINIMAL, write_case

SHIPPED = ["fredericia", "furesoe", "hoersholm", "odense"]
CASES = kaede.list_cases()


def test_the_four_cases_are_shipped() -> None:
    assert CASES == SHIPPED


@pytest.fixture(scope="module", params=CASES)
def case(request) -> kaede.Case:
    return kaede.load_case(request.param)


def test_case_identity(case: kaede.Case) -> None:
    assert case.path == case_path(case.name)
    assert case.title.endswith("Kommune")
    assert case.title_en and case.title_en != case.title
    assert case.meta["licenses"] and case.meta["bibliographicCitation"]
    assert len(case.description) > 300, "the case README should describe the case"
    assert json.loads((case.path / "datapackage.json").read_text())["resources"] == canonical_resources(
        optional_tables_in(case.path))


def test_case_has_every_kind_of_row(case: kaede.Case) -> None:
    c = case.counts()
    for table in ("sources", "elements", "links", "events", "facts", "visions", "citations"):
        assert c[table] > 0, table
    assert c["links_present"] > 0 and c["links_unknown"] > 0
    assert c["links"] == c["links_present"] + c["links_absent"] + c["links_unknown"]


def test_bilingual_labels_and_text(case: kaede.Case) -> None:
    for table, pairs in {"elements": [("label_da", "label_en")], "events": [("description_da", "description_en")],
                         "facts": [("value_da", "value_en")],
                         "links": [("note_da", "note_en")], "visions": [("outward_da", "outward_en"), ("inward_da", "inward_en")]}.items():
        df = case.tables[table]
        for da, en in pairs:
            assert (df[da].isna() == df[en].isna()).all(), f"{table}: {da} and {en} must be filled together"


def test_every_coded_row_has_a_source(case: kaede.Case) -> None:
    cit = case.citations
    coded = case.links[case.links.status != "unknown"]
    assert set(coded.link_id) <= set(cit.link_id.dropna())
    assert set(case.events.event_id) <= set(cit.event_id.dropna())
    assert set(case.facts.loc[case.facts.status == "known", "fact_id"]) <= set(cit.fact_id.dropna())
    assert set(case.visions.vision_id) <= set(cit.vision_id.dropna())
    assert set(cit.source_id) <= set(case.sources.source_id)


def test_sources_carry_their_marks(case: kaede.Case) -> None:
    s = case.sources
    assert s.perspective.isin(["self", "independent"]).all()
    assert s.title.notna().all()
    undated = s[s.date.isna()]
    assert undated.date_note.notna().all(), "an undated source says so in date_note ('n.d.')"
    assert (s.url.notna() | (s.kind == "talk") | s.note.notna()).all(), "a source without URL explains itself"


def test_links_are_coded_consistently(case: kaede.Case) -> None:
    links = case.links
    present = links.status == "present"
    assert links.loc[present, "strength"].between(1, 3).all()
    assert links.loc[~present, "strength"].isna().all()
    assert links.loc[links.status != "unknown", "basis"].notna().all()


def test_layers_and_roles(case: kaede.Case) -> None:
    assert case.elements.layer.notna().all()
    assert (case.elements.layer == case.elements.role.map(LAYER_OF_ROLE)).all()
    roles = set(case.elements.role)
    assert {"council", "vision", "budget", "directorate", "employees", "citizens"} <= roles


def test_dates_and_milestones_parse(case: kaede.Case) -> None:
    assert case.events.date_precision.isin(["year", "month", "day"]).all()
    for name, value in case.milestones.items():
        parse_partial_date(value)
    assert "talk" in case.milestones or case.name != "hoersholm"


def test_sources_of_a_link(case: kaede.Case) -> None:
    lid = case.links.loc[case.links.status == "present", "link_id"].iloc[0]
    src = case.sources_of("link_id", lid)
    assert len(src) >= 1 and set(src.columns) >= {"source_id", "url", "perspective"}


def test_hoersholm_covers_talk_and_vision() -> None:
    c = kaede.load_case("hoersholm")
    assert c.milestones["talk"] == "2012-10-08"
    visions = c.visions
    adopted = visions.adopted.dropna()
    assert any(a.startswith("2014") for a in adopted), "the 2014 vision"
    assert any(a <= "2012-10-08" for a in adopted), "an artefact in force at the talk (Strategi 2011)"


# ---------------------------------------------------------------- finding and refusing cases

def test_data_home_from_argument_and_environment(data_home_copy: Path, monkeypatch) -> None:
    shutil.rmtree(data_home_copy / "odense")
    assert "odense" not in kaede.list_cases(data_home=data_home_copy)
    monkeypatch.setenv("KAEDE_DATA", str(data_home_copy))
    assert get_data_home() == data_home_copy
    assert kaede.list_cases() == [c for c in SHIPPED if c != "odense"]
    assert kaede.load_case("furesoe").path == data_home_copy / "furesoe"


def test_load_by_path(minimal_case: Path) -> None:
    c = kaede.load_case(minimal_case)
    assert c.name == "eksempel"
    assert kaede.load_case(minimal_case / "datapackage.json").counts() == c.counts()
    assert c.links.strength.dtype == "Int64"
    assert c.links.loc[c.links.link_id == "l3", "note_en"].isna().all()
    assert list(c.events.date_precision) == ["day"]


def test_unknown_case() -> None:
    with pytest.raises(CaseNotFoundError, match="known cases: fredericia"):
        kaede.load_case("aarhus")


def test_invalid_case_is_not_loaded(tmp_path: Path) -> None:
    tables = copy.deepcopy(MINIMAL)
    tables["links"][1]["strength"] = "2"
    tables["events"][0]["date"] = "sommer 2014"
    folder = write_case(tmp_path / "bad", tables)
    with pytest.raises(CaseValidationError) as info:
        kaede.load_case(folder)
    msg = str(info.value)
    assert "links.csv, row 3, column 'strength'" in msg and "events.csv, row 2, column 'date'" in msg
    assert len(info.value.report.problems) == 2


def test_load_cases_all_or_nothing(data_home_copy: Path) -> None:
    assert list(kaede.load_cases(data_home=data_home_copy)) == SHIPPED
    links = data_home_copy / "odense" / "links.csv"
    links.write_text(links.read_text(encoding="utf-8") + "broken,row\n", encoding="utf-8")
    with pytest.raises(CaseValidationError, match="odense"):
        kaede.load_cases(data_home=data_home_copy)


def test_partial_date_bounds() -> None:
    assert partial_date_bounds("2012") == (pd.Timestamp("2012-01-01"), pd.Timestamp("2012-12-31"))
