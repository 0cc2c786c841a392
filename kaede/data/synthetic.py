"""Build small cases in memory, for examples, tests and benchmarks.

Examples
--------
>>> c = make_case([("council", "council"), ("vision", "vision")],
...               [("council", "vision", "owns", "present", 3)])
>>> c.links.loc[0, "relation"]
'owns'
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from .schema import OPTIONAL_TABLES, TABLES, field_names
from .vocab import ROLE_LABELS


def _frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    names = field_names(table)
    df = pd.DataFrame([{k: r.get(k) for k in names} for r in rows], columns=names, dtype="string")
    if table == "links":
        df["strength"] = pd.to_numeric(df["strength"]).astype("Int64")
    if table == "visions":
        df["horizon"] = pd.to_numeric(df["horizon"]).astype("Int64")
    return df


def make_case(elements: Sequence[tuple[str, str] | tuple[str, str, str | None]],
              links: Sequence[tuple[Any, ...]], *, name: str = "synthetic",
              visions: Sequence[dict[str, Any]] | None = None,
              events: Sequence[dict[str, Any]] | None = None,
              participants: Sequence[tuple[str, str]] | None = None,
              milestones: dict[str, str] | None = None):
    """Make an in-memory :class:`~kaede.Case` from short tuples (not validated; no sources).

    Built by :func:`~kaede.data.datasets.case_from_tables`, the factory loading uses too.

    Parameters
    ----------
    elements : sequence of (element_id, role) or (element_id, role, since)
    links : sequence of (source, target, relation, status[, strength[, since[, until]]])
        Link ids are ``l1``, ``l2``, ... in order.
    visions : sequence of dict, optional
        Rows of ``visions.csv``; by default one record of type ``vision`` for each element of role
        ``vision``.
    events : sequence of dict, optional
        Rows of ``events.csv``.
    participants : sequence of (event_id, element_id), optional
    milestones : dict, optional
    """
    from .datasets import case_from_tables

    erows = []
    for e in elements:
        eid, role, since = (e + (None,))[:3] if len(e) == 2 else e
        da, en = ROLE_LABELS[role]
        erows.append({"element_id": eid, "role": role, "label_da": f"{da} ({eid})" if eid != role else da,
                      "label_en": f"{en} ({eid})" if eid != role else en, "status": "present", "since": since})
    lrows = []
    for i, l in enumerate(links, start=1):
        src, tgt, rel, status, *rest = l
        strength, since, until = (list(rest) + [None, None, None])[:3]
        lrows.append({"link_id": f"l{i}", "source": src, "target": tgt, "relation": rel, "status": status,
                      "strength": None if strength is None else str(strength), "since": since, "until": until,
                      "basis": None if status == "unknown" else "stated"})
    if visions is None:
        visions = [{"vision_id": f"v-{r['element_id']}", "element_id": r["element_id"], "type": "vision",
                    "adopted": r["since"]} for r in erows if r["role"] == "vision"]
    tables = {
        "sources": _frame("sources", []), "elements": _frame("elements", erows), "links": _frame("links", lrows),
        "visions": _frame("visions", list(visions)), "events": _frame("events", list(events or [])),
        "participants": _frame("participants", [{"event_id": a, "element_id": b} for a, b in participants or []]),
        "facts": _frame("facts", []), "citations": _frame("citations", []),
        **{t: _frame(t, []) for t in OPTIONAL_TABLES},
    }
    assert set(tables) == set(TABLES + OPTIONAL_TABLES)
    meta = {"name": name, "title": name, "kaede": {"title_en": name, "milestones": dict(milestones or {})}}
    return case_from_tables(tables, meta)
