"""Timeline data of the vision processes: :func:`timeline_frame`, which
:func:`kaede.views.plot.plot_timelines` draws.

Examples
--------
>>> import kaede
>>> tf = timeline_frame(kaede.load_cases())
>>> list(tf.columns[:4])
['case', 'event_id', 'date', 'x']
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from ..data.dates import partial_date_bounds
from .findings import CasesLike, labelled_cases
from .process import PARTICIPANT_KINDS, principal_vision

__all__ = ["TIMELINE_COLUMNS", "timeline_frame"]

#: The columns of :func:`timeline_frame`.
TIMELINE_COLUMNS = ["case", "event_id", "date", "x", "kind", "lane", "description_en", "description_da"]


def timeline_frame(cases: CasesLike, *, align: str = "calendar") -> pd.DataFrame:
    """The events of each case's principal vision process, one row per (event, participant kind).

    Parameters
    ----------
    cases : Case, iterable or mapping of Case
    align : {"calendar", "adoption"}
        Place events by date, or by years from the adoption of the case's principal vision (a
        case whose vision has no adoption date then has no rows).

    Returns
    -------
    DataFrame
        Columns: ``case``, ``event_id``, ``date`` (first day), ``x`` (the date, or years from the
        vision's adoption if ``align="adoption"``), ``kind`` (event kind), ``lane`` (participant
        kind, or ``"other"``), ``description_en``, ``description_da``.

    Examples
    --------
    >>> import kaede
    >>> tf = timeline_frame(kaede.load_cases(), align="adoption")
    >>> set(tf.case) <= set(kaede.list_cases())
    True
    >>> bool((tf.loc[tf.kind == "adoption", "x"].abs() < 1).all())
    True
    """
    if align not in ("calendar", "adoption"):
        raise ValueError(f"align must be 'calendar' or 'adoption', not {align!r}")
    lanes_of = {r: kind for kind, rs in PARTICIPANT_KINDS.items() for r in rs}
    rows = []
    for label, case in labelled_cases(cases):
        vid = principal_vision(case)
        ev = case.events[case.events["vision_id"] == vid]
        adopted = case.visions.loc[case.visions["vision_id"] == vid, "adopted"]
        adopted_day = (partial_date_bounds(str(adopted.iloc[0]))[0]
                       if len(adopted) and adopted.iloc[0] is not pd.NA else None)
        roles = case.elements.set_index("element_id")["role"]
        parts = case.participants.assign(lane=case.participants["element_id"].map(roles).map(lanes_of).fillna("other"))
        for r in ev.itertuples(index=False):
            day = partial_date_bounds(str(r.date))[0]
            if align == "adoption":
                if adopted_day is None:
                    continue
                x: Any = (day - adopted_day).days / 365.25
            else:
                x = day
            lanes = sorted(set(parts.loc[parts["event_id"] == r.event_id, "lane"])) or ["other"]
            for lane in lanes:
                rows.append({"case": label, "event_id": r.event_id, "date": day, "x": x, "kind": r.kind,
                             "lane": lane, "description_en": r.description_en, "description_da": r.description_da})
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
