"""Timeline data of the vision processes (kaede.model.timeline), computed apart from drawing."""
from __future__ import annotations

import pandas as pd
import pytest

import kaede
from kaede.data.datasets import case_from_tables
from kaede.data.schema import field_names
from kaede.model.process import principal_vision
from kaede.model.timeline import TIMELINE_COLUMNS, timeline_frame

CASES = kaede.load_cases()


def test_timeline_frame_is_exported_at_the_top() -> None:
    assert kaede.timeline_frame is timeline_frame


def test_timelines_align_on_adoption() -> None:
    tf = timeline_frame(CASES, align="adoption")
    adopted = tf[tf["kind"] == "adoption"]
    assert (adopted["x"].abs() < 1).all()
    with pytest.raises(ValueError, match="align must be"):
        timeline_frame(CASES, align="fiscal")


def test_every_event_of_the_principal_process_is_on_the_calendar_timeline() -> None:
    tf = timeline_frame(CASES)
    assert list(tf.columns) == TIMELINE_COLUMNS
    for name, case in CASES.items():
        vid = principal_vision(case)
        events = set(case.events.loc[case.events["vision_id"] == vid, "event_id"])
        assert set(tf.loc[tf["case"] == name, "event_id"]) == events, name
        assert (tf.loc[tf["case"] == name, "x"] == tf.loc[tf["case"] == name, "date"]).all()


def _table(table: str, **columns) -> pd.DataFrame:
    """A table with every column of its schema (empty where not given)."""
    n = len(next(iter(columns.values())))
    return pd.DataFrame({c: columns.get(c, [pd.NA] * n) for c in field_names(table)}, dtype="string")


def test_one_row_per_event_and_participant_kind() -> None:
    base = kaede.make_case([("council", "council"), ("citizens", "citizens"), ("vision", "vision")],
                           [("council", "vision", "owns", "present", 3)])
    tables = dict(base.tables)
    tables["visions"] = _table("visions", vision_id=["v1"], element_id=["vision"], type=["vision"],
                               adopted=["2014-06-16"])
    tables["events"] = _table("events", event_id=["e1", "e2"], date=["2014-03", "2014-06-16"],
                              kind=["citizen_meeting", "adoption"], vision_id=["v1", "v1"],
                              description_en=["meeting", "adopted"], description_da=["møde", "vedtaget"])
    tables["participants"] = _table("participants", event_id=["e1", "e1"], element_id=["council", "citizens"])
    case = case_from_tables(tables, base.meta)
    tf = timeline_frame({"x": case}, align="adoption")
    assert sorted(tf.loc[tf["event_id"] == "e1", "lane"]) == ["citizens", "council"]
    assert list(tf.loc[tf["event_id"] == "e2", "lane"]) == ["other"]
    assert tf.loc[tf["event_id"] == "e2", "x"].iloc[0] == 0
    assert tf.loc[tf["event_id"] == "e1", "x"].iloc[0] < 0
