"""The room's answers as a chain, its likely decouplings, and which case it resembles most.

The room's answer to a question is its middle answer: the median of the participants' answers on
the scale no (0) · partly (1) · clearly (2), rounded down to the scale; "don't know" answers are left
out of the median, and the answer is "don't know" (the links are ``unknown``) when they are the
plurality or nobody answered. Each answer sets the question's links (:mod:`.questions`); the room's
chain is diagnosed with :func:`kaede.diagnose` like any case.

**Distance to the cases** (documented in ``docs/workshop.md``): over the four rules (D1, D2, D3,
chain drive), the room's verdict and a case's verdict (on the date of the talk if the case has that
milestone, else all evidence) differ by 0 when they agree, by ½ when exactly one of them is
``indeterminate`` and by 1 otherwise; the distance is the mean over the rules (0 = same diagnosis,
1 = opposite on every rule). Ties are listed in the cases' order.

Examples
--------
>>> import pandas as pd
>>> from kaede.workshop.questions import QUESTIONS
>>> answers = pd.DataFrame([{q.qid: "clearly" for q in QUESTIONS}] * 3)
>>> room_profile(answers)["themes"]
'clearly'
>>> kaede_room = room_case(room_profile(answers))
>>> kaede_room.name
'room'
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from .questions import ANSWERS, QUESTIONS, ROOM_ELEMENTS, ROOM_FIXED_LINKS

_BY_SCORE = {0: "no", 1: "partly", 2: "clearly"}


def room_profile(answers: pd.DataFrame) -> dict[str, str]:
    """The room's middle answer to each question (see the module's description)."""
    out = {}
    for q in QUESTIONS:
        col = answers[q.qid].dropna().tolist() if q.qid in answers else []
        scores = sorted(ANSWERS[a].score for a in col if a in ANSWERS and ANSWERS[a].score is not None)
        dont = sum(1 for a in col if a == "dont_know")
        if not scores or dont > len(scores):
            out[q.qid] = "dont_know"
            continue
        mid = scores[(len(scores) - 1) // 2]
        out[q.qid] = _BY_SCORE[int(math.floor(mid))]
    return out


def room_case(profile: Mapping[str, str], *, title: str = "Lokalet", title_en: str = "The room"):
    """A Case made of the room's answers (one link status per question's links)."""
    from ..data.synthetic import make_case
    links: list[tuple[Any, ...]] = [tuple(l) for l in ROOM_FIXED_LINKS]
    for q in QUESTIONS:
        a = ANSWERS[profile.get(q.qid, "dont_know")]
        for s, t, rel in q.links:
            links.append((s, t, rel, a.status, a.strength) if a.strength else (s, t, rel, a.status))
    case = make_case(list(ROOM_ELEMENTS), links, name="room")
    case.meta["title"] = title
    case.meta.setdefault("kaede", {})["title_en"] = title_en
    return case


def _case_date(case: Any) -> str | None:
    return "talk" if "talk" in case.milestones else None


def verdict_distance(a: str, b: str) -> float:
    """0 if equal, ½ if exactly one is indeterminate, else 1.

    Examples
    --------
    >>> verdict_distance("present", "indeterminate"), verdict_distance("present", "absent")
    (0.5, 1.0)
    """
    if a == b:
        return 0.0
    if "indeterminate" in (a, b):
        return 0.5
    return 1.0


def resemblance(room_findings: pd.DataFrame, cases: Mapping[str, Any]) -> pd.DataFrame:
    """Distance of the room's diagnosis to each case's (see the module's description), nearest first.

    Columns: ``case``, ``title``, ``title_en``, ``date``, ``distance``, one column per rule with the
    case's verdict.
    """
    from ..model.findings import diagnose
    mine = room_findings.set_index("rule")["verdict"]
    rows = []
    for name, case in cases.items():
        d = diagnose(case, _case_date(case)).set_index("rule")["verdict"]
        rules = [r for r in mine.index if r in d.index]
        dist = sum(verdict_distance(str(mine[r]), str(d[r])) for r in rules) / max(len(rules), 1)
        rows.append({"case": name, "title": case.title, "title_en": case.title_en,
                     "date": case.milestones.get("talk"), "distance": round(dist, 3),
                     **{r: str(d[r]) for r in rules}})
    out = pd.DataFrame(rows)
    return out.sort_values("distance", kind="stable").reset_index(drop=True)


def room_summary(answers: pd.DataFrame, cases: Mapping[str, Any]) -> dict[str, Any]:
    """Everything the deck shows: ``n`` participants, the ``profile``, the room's ``case`` and
    ``findings``, the ``counts`` of each answer per question, and ``resemblance`` (empty until someone
    has answered: a room with no answers resembles nothing)."""
    from ..model.findings import diagnose
    profile = room_profile(answers)
    case = room_case(profile)
    findings = diagnose(case)
    counts = {q.qid: {a: int((answers[q.qid] == a).sum()) if q.qid in answers else 0 for a in ANSWERS}
              for q in QUESTIONS}
    return {"n": len(answers), "profile": profile, "case": case, "findings": findings, "counts": counts,
            "resemblance": resemblance(findings, cases) if len(cases) and len(answers) else pd.DataFrame()}


__all__ = ["room_profile", "room_case", "verdict_distance", "resemblance", "room_summary"]
