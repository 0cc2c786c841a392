"""Synthetic municipalities of realistic size, written to disk for the benchmarks.

The data is random and describes no real municipality. (In-memory cases for examples and tests
are :func:`kaede.make_case`.)
"""
from __future__ import annotations

from pathlib import Path

from kaede.data.vocab import ROLE_LABELS
from kaede.data.write import write_case

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

    Each package is written with :func:`kaede.data.write.write_case` (validated, atomic).
    """
    import random

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
        meta = {"name": name, "title": f"Syntetisk Kommune {k}", "description": "Synthetic benchmark data.",
                "kaede": {"title_en": f"Synthetic Municipality {k}",
                          "milestones": {"vision_adopted": visions[0]["adopted"]}}}
        case_dir = write_case(tables, meta, root / name, fsync=False)
        out.append(case_dir)
    return out
