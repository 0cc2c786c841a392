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
from pathlib import Path
from typing import Any

import pandas as pd

from .schema import OPTIONAL_TABLES, TABLES, field_names
from .vocab import LAYER_OF_ROLE, ROLE_LABELS


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
    from .datasets import Case, add_derived_columns

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
    tables["elements"]["layer"] = tables["elements"]["role"].map(LAYER_OF_ROLE).astype("Int64")
    tables["events"]["date_precision"] = tables["events"]["date"].map(
        lambda d: {1: "year", 2: "month", 3: "day"}[len(str(d).split("-"))]).astype("string")
    assert set(tables) == set(TABLES + OPTIONAL_TABLES)
    add_derived_columns(tables)
    meta = {"name": name, "title": name, "kaede": {"title_en": name, "milestones": dict(milestones or {})}}
    return Case(name=name, title=name, path=Path("."), tables=tables, meta=meta, description="")


# ------------------------------------------------------------------ synthetic municipalities on disk

#: Role pairs a synthetic municipality draws its links from (source role, target role, relation).
_LINK_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("council", "vision", "owns"), ("citizens", "vision", "informs"), ("vision", "citizens", "engages"),
    ("vision", "employees", "engages"), ("vision", "theme", "translates_into"), ("council", "theme", "owns"),
    ("vision", "strategy", "translates_into"), ("vision", "planning_strategy", "translates_into"),
    ("vision", "sector_policy", "translates_into"), ("committee", "sector_policy", "owns"),
    ("theme", "budget", "translates_into"), ("vision", "budget", "translates_into"),
    ("budget", "effect_goals", "translates_into"), ("effect_goals", "agreements", "translates_into"),
    ("agreements", "cross_cutting_project", "translates_into"), ("theme", "cross_cutting_project", "translates_into"),
    ("cross_cutting_project", "employees", "engages"), ("council", "directorate", "commissions"),
    ("directorate", "theme", "carries"), ("directorate", "agreements", "carries"),
    ("directorate", "cross_cutting_project", "carries"), ("chief_group", "cross_cutting_project", "carries"),
    ("committee", "centre", "steers"), ("agreements", "centre", "steers"), ("centre", "operations", "steers"),
    ("centre", "employees", "steers"), ("budget", "cross_cutting_project", "funds"),
    ("sector_policy", "centre", "steers"), ("finance_committee", "budget", "owns"),
)


def write_synthetic_municipalities(folder: str | Path, n: int, *, seed: int = 0,
                                   n_links: int = 100, n_events: int = 25) -> list[Path]:
    """Write ``n`` synthetic, valid case packages of realistic size into ``folder``.

    Each has about 40 elements, ``n_links`` links (about half present, a tenth absent, the rest
    unknown), ``n_events`` dated events with participants, 30 sources and a citation for every
    coded row. Used by the benchmarks; the data is random and describes no real municipality.

    Examples
    --------
    >>> import tempfile, kaede
    >>> paths = write_synthetic_municipalities(tempfile.mkdtemp(), 2, n_links=30, n_events=5)
    >>> kaede.validate_case_folder(paths[0]).valid
    True
    """
    import csv
    import json
    import random

    from .package import sync_package

    root = Path(folder)
    out = []
    for k in range(n):
        rng = random.Random(seed * 100_003 + k)
        name = f"synthetic-{k:04d}"
        counts = {"committee": rng.randint(5, 7), "theme": rng.randint(3, 4), "sector_policy": 5,
                  "centre": rng.randint(5, 7), "cross_cutting_project": rng.randint(2, 3)}
        singles = ["citizens", "business", "council", "mayor", "finance_committee", "vision", "planning_strategy",
                   "strategy", "budget", "effect_goals", "agreements", "directorate", "chief_group",
                   "operations", "employees", "project_organisation"]
        elements, by_role = [], {}
        vision_year = rng.randint(2009, 2015)
        for role in singles + [r for r, c in counts.items() for _ in range(c)]:
            eid = f"{role.replace('_', '-')}-{len(by_role.get(role, [])) + 1}"
            by_role.setdefault(role, []).append(eid)
            da, en = ROLE_LABELS[role]
            since = f"{vision_year}-{rng.randint(1, 12):02d}" if role == "vision" else ""
            elements.append({"element_id": eid, "role": role, "label_da": f"{da} {eid[-1]}", "label_en": f"{en} {eid[-1]}",
                             "status": "present", "since": since})
        sources = [{"source_id": f"s{i}", "title": f"Synthetic source {i}", "url": f"https://example.org/{name}/{i}",
                    "date": f"{rng.randint(2008, 2018)}", "perspective": rng.choice(["self", "independent"]),
                    "kind": "municipal_page"} for i in range(1, 31)]
        links, citations, seen = [], [], set()
        while len(links) < n_links:
            src_role, tgt_role, rel = rng.choice(_LINK_TEMPLATES)
            src, tgt = rng.choice(by_role[src_role]), rng.choice(by_role[tgt_role])
            if (src, tgt) in seen:
                if len(seen) >= 400:
                    break
                continue
            seen.add((src, tgt))
            status = rng.choices(["present", "absent", "unknown"], [5, 1, 4])[0]
            lid = f"l{len(links) + 1}"
            year = max(vision_year, rng.randint(2008, 2018)) if "vision" in (src_role, tgt_role) else rng.randint(2008, 2018)
            links.append({"link_id": lid, "source": src, "target": tgt, "relation": rel, "status": status,
                          "strength": str(rng.randint(1, 3)) if status == "present" else "",
                          "since": str(year) if status != "unknown" else "", "basis": "" if status == "unknown" else "stated",
                          "note_da": "Syntetisk", "note_en": "Synthetic"})
            if status != "unknown":
                citations.append({"source_id": rng.choice(sources)["source_id"], "link_id": lid})
        vid = "vision-record"
        visions = [{"vision_id": vid, "element_id": by_role["vision"][0], "title": "Synthetic vision", "type": "vision",
                    "adopted": elements[singles.index("vision")]["since"], "basis": "stated"}]
        citations.append({"source_id": "s1", "vision_id": vid})
        events, participants = [], []
        kinds = ["kick_off", "citizen_meeting", "council_seminar", "workshop", "hearing", "budget_agreement", "follow_up"]
        ids = [e["element_id"] for e in elements]
        for i in range(n_events):
            eid = f"e{i + 1}"
            events.append({"event_id": eid, "date": f"{rng.randint(2008, 2018)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                           "kind": rng.choice(kinds), "vision_id": vid if rng.random() < 0.6 else "",
                           "description_da": "Syntetisk begivenhed", "description_en": "Synthetic event", "basis": "stated"})
            for pid in rng.sample(ids, 3):
                participants.append({"event_id": eid, "element_id": pid})
            citations.append({"source_id": rng.choice(sources)["source_id"], "event_id": eid})
        facts = [{"fact_id": "population", "topic": "population", "status": "known", "value": str(rng.randint(20000, 200000)),
                  "value_da": "Indbyggertal", "value_en": "Population", "since": "2012", "basis": "stated"}]
        citations.append({"source_id": "s2", "fact_id": "population"})
        tables = {"sources": sources, "elements": elements, "links": links, "visions": visions, "events": events,
                  "participants": participants, "facts": facts, "citations": citations}
        case_dir = root / name
        case_dir.mkdir(parents=True, exist_ok=True)
        (case_dir / "datapackage.json").write_text(json.dumps(
            {"name": name, "title": f"Syntetisk Kommune {k}", "description": "Synthetic benchmark data.",
             "kaede": {"title_en": f"Synthetic Municipality {k}", "milestones": {"vision_adopted": visions[0]["adopted"]}}}),
            encoding="utf-8")
        for table in TABLES:
            with open(case_dir / f"{table}.csv", "w", newline="", encoding="utf-8") as f:
                w = csv.DictWriter(f, fieldnames=field_names(table), lineterminator="\n")
                w.writeheader()
                for row in tables[table]:
                    w.writerow({c: row.get(c, "") for c in field_names(table)})
        sync_package(case_dir)
        out.append(case_dir)
    return out
