"""Features of each case's vision process, from its events and links (the talk's slides 2, 10, 11).

Examples
--------
>>> import kaede
>>> cases = kaede.load_cases()
>>> p = kaede.process_features(cases)
>>> list(p.index) == list(cases)
True
>>> by_process = processes(cases)
>>> by_process.index.names
FrozenList(['case', 'process'])
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from .chain import to_ordinal
from .findings import CasesLike, labelled_cases

if TYPE_CHECKING:  # pragma: no cover
    from ..data.datasets import Case

#: Kinds of participant, and the element roles that count as each.
PARTICIPANT_KINDS: dict[str, frozenset[str]] = {
    "council": frozenset({"council", "mayor", "finance_committee"}),
    "committees": frozenset({"committee"}),
    "directorate": frozenset({"directorate"}),
    "chief_group": frozenset({"chief_group"}),
    "centres": frozenset({"centre"}),
    "employees": frozenset({"employees", "operations", "project_organisation"}),
    "citizens": frozenset({"citizens"}),
    "businesses": frozenset({"business"}),
    "civil_society": frozenset({"civil_society"}),
}

OWNERSHIP_KINDS = frozenset({"council_seminar", "council_interviews"})
COUPLING_TARGETS = {"planning_strategy": frozenset({"planning_strategy", "municipal_plan"}),
                    "budget": frozenset({"budget"}), "committees": frozenset({"committee", "sector_policy"})}


def principal_vision(case: Case) -> str | None:
    """The vision record whose process a comparison describes.

    Preference, in order: a record of type ``vision``; one with an adoption date; the most events;
    the latest adoption. Set ``kaede.principal_vision`` in the package's ``datapackage.json`` to
    choose it by hand.

    Examples
    --------
    >>> import kaede
    >>> principal_vision(kaede.load_case("hoersholm"))
    'vision-2014'
    """
    chosen = case.meta.get("kaede", {}).get("principal_vision")
    if chosen:
        return str(chosen)
    v = case.visions
    if v.empty:
        return None
    counts = case.events["vision_id"].value_counts()
    ranked = sorted(v.itertuples(index=False), key=lambda r: (
        r.type == "vision", r.adopted is not pd.NA, int(counts.get(r.vision_id, 0)),
        "" if r.adopted is pd.NA else str(r.adopted)), reverse=True)
    return str(ranked[0].vision_id)


def event_process(case: Case) -> pd.Series:
    """The process each event belongs to (aligned with ``case.events``): its ``process`` column,
    or, where that is empty, its ``vision_id``; <NA> for an event in no process.

    Examples
    --------
    >>> import kaede
    >>> c = kaede.load_case(kaede.list_cases()[0])
    >>> len(event_process(c)) == len(c.events)
    True
    """
    ev = case.events
    own = ev["process"] if "process" in ev else pd.Series(pd.NA, index=ev.index, dtype="string")
    return own.fillna(ev["vision_id"]).astype("string")


def processes(cases: CasesLike) -> pd.DataFrame:
    """One row per (case, process): every process on record, a vision's or not (a reform, a planning
    round), so no event is left out because it adopts no vision.

    Returns
    -------
    pandas.DataFrame
        Indexed by (``case``, ``process``); columns ``vision_id`` (the vision record the process
        belongs to, if it is one), ``n_events``, ``start`` and ``end`` (first and last event date),
        ``adopted`` (the first adoption event), and ``took_part_<kind>`` for each of
        :data:`PARTICIPANT_KINDS`. Events in no process are the row ``(case, "(no process)")``.
    """
    rows = []
    for label, case in labelled_cases(cases):
        ev = case.events.assign(_process=event_process(case).fillna("(no process)"))
        roles = case.elements.set_index("element_id")["role"]
        vision_ids = set(case.visions["vision_id"])
        for proc, grp in ev.groupby("_process", sort=False):
            part = case.participants[case.participants["event_id"].isin(grp["event_id"])]
            part_roles = set(part["element_id"].map(roles).dropna())
            adoptions = grp.loc[grp["kind"] == "adoption", "date"].dropna()
            row: dict[str, Any] = {"case": label, "process": proc,
                                   "vision_id": proc if proc in vision_ids else pd.NA,
                                   "n_events": len(grp), "start": grp["date"].min(), "end": grp["date"].max(),
                                   "adopted": adoptions.min() if len(adoptions) else pd.NA}
            for kind, kind_roles in PARTICIPANT_KINDS.items():
                row[f"took_part_{kind}"] = bool(part_roles & kind_roles)
            rows.append(row)
    cols = ["case", "process", "vision_id", "n_events", "start", "end", "adopted"] + [
        f"took_part_{k}" for k in PARTICIPANT_KINDS]
    df = pd.DataFrame(rows, columns=cols)
    for col in ("case", "process", "vision_id", "start", "end", "adopted"):
        df[col] = df[col].astype("string")
    return df.set_index(["case", "process"])


def _day(value: Any, end: bool = False) -> int | None:
    return None if value is None or value is pd.NA else to_ordinal(str(value), end=end)


def process_features(cases: CasesLike, vision: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per case with the features of its vision process.

    Parameters
    ----------
    cases : Case, iterable of Case, or mapping of name to Case
    vision : mapping of case name to vision_id, optional
        Which vision record to describe (default: :func:`principal_vision`).

    Returns
    -------
    pandas.DataFrame
        Indexed by case. Columns:

        - ``vision_id``, ``title``, ``adopted``: the vision record;
        - ``start``: the first event of its process (the events whose ``process``, or else
          ``vision_id``, is the vision record; see :func:`processes` for every process); ``duration_days``: from the first day of
          ``start`` to the adoption (first day of each partial date); ``n_events``;
        - ``took_part_<kind>`` for each of :data:`PARTICIPANT_KINDS` (True if an element of that
          kind took part in any event of the process);
        - ``citizen_mode``: ``input`` (citizens took part before adoption: input *to* the vision),
          ``invitation`` (after adoption, or the vision coupled back to citizens: the vision as an
          invitation *to* debate), ``both``, or ``none on record``;
        - ``council_ownership_built``: a council seminar or interviews before adoption;
        - ``directorate_asked``: the directorate or the chief group took part in a step of the
          process other than the adoption itself (slide 11: let them propose what the vision means
          for the organisation);
        - ``coupled_to_planning_strategy``, ``coupled_to_budget``, ``coupled_to_committees``: the
          ``since`` date of the first present link from the vision (or a theme it is linked to) to that kind
          of element, or <NA> if none is on record.
        False and <NA> mean "not on record", not "did not happen".
    """
    rows = []
    for label, case in labelled_cases(cases):
        vid = (vision or {}).get(label) or principal_vision(case)
        row: dict[str, Any] = {"case": label, "vision_id": vid}
        rec = case.visions[case.visions["vision_id"] == vid]
        ev = case.events[(event_process(case) == vid).fillna(False)] if vid else case.events.iloc[0:0]
        adopted = rec["adopted"].iloc[0] if len(rec) else pd.NA
        if adopted is pd.NA:
            adoptions = ev.loc[ev["kind"] == "adoption", "date"]
            adopted = adoptions.min() if len(adoptions) else pd.NA
        row["title"] = rec["title"].iloc[0] if len(rec) else pd.NA
        row["adopted"] = adopted
        row["start"] = ev["date"].min() if len(ev) else pd.NA
        a_day, s_day = _day(adopted), _day(row["start"])
        row["duration_days"] = (a_day - s_day) if a_day is not None and s_day is not None else pd.NA
        row["n_events"] = len(ev)
        roles = case.elements.set_index("element_id")["role"]
        part = case.participants.merge(ev[["event_id", "date", "kind"]], on="event_id")
        part = part.assign(role=part["element_id"].map(roles))
        for kind, kind_roles in PARTICIPANT_KINDS.items():
            row[f"took_part_{kind}"] = bool(part["role"].isin(kind_roles).any())
        before = part["date"].map(lambda d: a_day is None or _day(d) < a_day)
        cit = part[part["role"] == "citizens"]
        cit_before = bool(before[cit.index].any()) if len(cit) else False
        cit_after = bool((~before[cit.index]).any()) if len(cit) else False
        el = rec["element_id"].iloc[0] if len(rec) else None
        links = case.links
        back = links[(links["source"] == el) & (links["target"].map(roles) == "citizens")
                     & (links["status"] == "present")]
        cit_after = cit_after or len(back) > 0
        row["citizen_mode"] = {(True, True): "both", (True, False): "input", (False, True): "invitation",
                               (False, False): "none on record"}[(cit_before, cit_after)]
        council = part[part["role"].isin(PARTICIPANT_KINDS["council"]) & part["kind"].isin(OWNERSHIP_KINDS)]
        row["council_ownership_built"] = bool(before[council.index].any()) if len(council) else False
        direc = part[part["role"].isin(["directorate", "chief_group"]) & (part["kind"] != "adoption")]
        row["directorate_asked"] = len(direc) > 0
        present = links[links["status"] == "present"]
        origins = {el} | set(present.loc[(present["source"] == el) & (present["target"].map(roles) == "theme"), "target"])
        out_links = present[present["source"].isin(origins)]
        for name, target_roles in COUPLING_TARGETS.items():
            hits = out_links.loc[out_links["target"].map(roles).isin(target_roles), "since"].dropna()
            row[f"coupled_to_{name}"] = hits.min() if len(hits) else pd.NA
        rows.append(row)
    df = pd.DataFrame(rows).set_index("case")
    df["duration_days"] = df["duration_days"].astype("Int64")
    for col in ("vision_id", "title", "adopted", "start", "citizen_mode", "coupled_to_planning_strategy",
                "coupled_to_budget", "coupled_to_committees"):
        df[col] = df[col].astype("string")
    return df
