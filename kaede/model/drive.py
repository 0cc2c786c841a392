"""Chain drive (kædetræk): does the chain engage end to end, and where does it come off?

The talk's slide 9 chain is a sequence of stages:

    citizens & council → vision & policies → budget → effect goals → agreements
    → cross-cutting projects → employees

The stage network keeps only links that stay within a stage or go one stage on. Each coupling link
has a capacity equal to its strength; the chain's *drive* is the maximum flow from the first
stage to the last, and its *weakest point* is a minimum cut — the links where the chain comes off.
Unknown links are read twice: with capacity ``unknown_capacity`` (taken as present) and 0 (taken as
absent).

Examples
--------
>>> import kaede
>>> d = kaede.chain_drive(kaede.load_case("odense"))
>>> d.verdict in ("present", "absent", "indeterminate")
True
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .chain import ChainView, DateLike, Link, chain_view
from .paths import search
from .rules import Finding, _pairs_text, _path_text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..data.datasets import Case

#: The stages of slide 9, with the roles that stand in each: (key, Danish, English, roles).
STAGES: tuple[tuple[str, str, str, frozenset[str]], ...] = (
    ("mandate", "borgere og kommunalbestyrelse", "citizens and council",
     frozenset({"citizens", "council", "finance_committee", "mayor"})),
    ("direction", "vision og politikker", "vision and policies",
     frozenset({"vision", "theme", "policy", "sector_policy", "planning_strategy", "municipal_plan", "strategy"})),
    ("budget", "budget", "budget", frozenset({"budget"})),
    ("effect_goals", "effektmål", "effect goals", frozenset({"effect_goals"})),
    ("agreements", "mål- og rammeaftaler", "target-and-framework agreements", frozenset({"agreements"})),
    ("projects", "tværgående projekter", "cross-cutting projects", frozenset({"cross_cutting_project"})),
    ("employees", "medarbejdere", "employees", frozenset({"employees"})),
)

STAGE_OF_ROLE: dict[str, int] = {role: i for i, (_, _, _, roles) in enumerate(STAGES) for role in roles}


@dataclass
class ChainDrive:
    """Chain drive of one case on one date.

    Attributes
    ----------
    verdict : str
        ``present`` (the chain engages end to end on the evidence), ``absent`` (it does not even if
        every unknown link holds) or ``indeterminate``.
    drive_if_unknown_absent, drive_if_unknown_present : int
        Maximum flow through the stage network in the two readings.
    comes_off_at : tuple of (str, str) or None
        The stage boundary (stage keys) of the weakest point on the evidence alone.
    cut_links : tuple of str
        The saturated links of the minimum cut; or, if the chain does not engage on the evidence,
        the absent, weak and unknown links leaving the furthest stage it reaches: where the chain
        comes off.
    unknown_links : tuple of str
        For ``indeterminate``: the unknown links on the path with the fewest of them — the evidence
        that would decide.
    path : tuple of str
        The links of a path that engages the chain, in the reading that engages it (empty if none).
    """

    case: str
    date: str | None
    verdict: str
    drive_if_unknown_absent: int
    drive_if_unknown_present: int
    comes_off_at: tuple[str, str] | None
    comes_off_at_if_unknown_present: tuple[str, str] | None
    cut_links: tuple[str, ...]
    unknown_links: tuple[str, ...]
    path: tuple[str, ...]
    explanation_da: str
    explanation_en: str
    _view: ChainView | None = field(default=None, repr=False)

    def to_finding(self) -> Finding:
        """This result as a row of :func:`kaede.diagnose`."""
        opt = "present" if self.drive_if_unknown_present > 0 else "absent"
        pess = "present" if self.drive_if_unknown_absent > 0 else "absent"
        links = self.path if self.verdict == "present" else self.cut_links
        return Finding("chain_drive", self.verdict, opt, pess, links, self.unknown_links,
                       self.explanation_da, self.explanation_en,
                       {"comes_off_at": self.comes_off_at, "drive": self.drive_if_unknown_absent})

    def evidence(self, case: Case) -> pd.DataFrame:
        """The cut links and the deciding unknown links, with their sources, as a table."""
        from .findings import link_evidence
        ids = list(dict.fromkeys(self.cut_links + self.unknown_links))
        return link_evidence(case, ids)


def _stage(view: ChainView, node: str) -> int | None:
    e = view.elements[node]
    return None if e.status == "absent" else STAGE_OF_ROLE.get(e.role)


def _stage_links(view: ChainView) -> list[tuple[Link, int, int]]:
    out = []
    for l in view.links:
        a, b = _stage(view, l.source), _stage(view, l.target)
        if a is not None and b is not None and b in (a, a + 1):
            out.append((l, a, b))
    return out


def _capacity(link: Link, min_strength: int, unknown_capacity: int) -> int:
    if link.status == "present":
        return link.strength or 0 if (link.strength or 0) >= min_strength else 0
    if link.status == "unknown":
        return unknown_capacity
    return 0


def _max_flow(view: ChainView, links: list[tuple[Link, int, int]], caps: dict[str, int]) -> tuple[int, set[str]]:
    """Edmonds–Karp from the first stage to the last; returns the flow and the source side of a min cut."""
    src, sink = "\x00source", "\x00sink"
    inf = 10 ** 9
    residual: dict[str, dict[str, int]] = {src: {}, sink: {}}
    def add(u: str, v: str, c: int) -> None:
        residual.setdefault(u, {}).setdefault(v, 0)
        residual.setdefault(v, {}).setdefault(u, 0)
        residual[u][v] += c
    for node in view.elements:
        st = _stage(view, node)
        if st == 0:
            add(src, node, inf)
        if st == len(STAGES) - 1:
            add(node, sink, inf)
    # two links between the same pair are one coupling: it carries its best-evidenced capacity
    pair_cap: dict[tuple[str, str], int] = {}
    for l, _, _ in links:
        pair_cap[(l.source, l.target)] = max(pair_cap.get((l.source, l.target), 0), caps[l.link_id])
    for (a, b), c in pair_cap.items():
        add(a, b, c)
    flow = 0
    while True:
        parent = {src: src}
        dq = deque([src])
        while dq and sink not in parent:
            u = dq.popleft()
            for v, c in residual[u].items():
                if c > 0 and v not in parent:
                    parent[v] = u
                    dq.append(v)
        if sink not in parent:
            return flow, set(parent) - {src}
        v, bottleneck = sink, inf
        while v != src:
            bottleneck = min(bottleneck, residual[parent[v]][v])
            v = parent[v]
        v = sink
        while v != src:
            residual[parent[v]][v] -= bottleneck
            residual[v][parent[v]] += bottleneck
            v = parent[v]
        flow += bottleneck


def _boundary(view: ChainView, side: set[str], links: list[tuple[Link, int, int]],
              caps: dict[str, int], engaged: bool) -> tuple[list[Link], tuple[str, str]]:
    """Where the chain comes off, and the links there.

    ``side`` is the part of the stage network the drive reaches (the source side of a minimum
    cut). If the chain engages, the cut is the saturated links leaving that side, and the boundary
    is the earliest stage they leave from. If it does not, the chain comes off after the furthest
    stage it reaches, and the links there are those leaving that stage's reached elements (absent,
    too weak or unknown)."""
    leaving = [l for l, _, _ in links if l.source in side and l.target not in side]
    if engaged:
        cut = [l for l in leaving if caps[l.link_id] > 0]
        a = min(_stage(view, l.source) or 0 for l in cut) if cut else 0
    else:
        a = max((s for n in side if (s := _stage(view, n)) is not None), default=0)
        cut = [l for l in leaving if _stage(view, l.source) == a]
    a = min(a, len(STAGES) - 2)
    return cut, (STAGES[a][0], STAGES[a + 1][0])


def drive_of(view: ChainView, *, min_strength: int = 1, unknown_capacity: int = 1) -> ChainDrive:
    """Chain drive of a chain snapshot; see :func:`chain_drive`."""
    links = _stage_links(view)
    pess = {l.link_id: _capacity(l, min_strength, 0) for l, _, _ in links}
    opt = {l.link_id: _capacity(l, min_strength, unknown_capacity) for l, _, _ in links}
    f_pess, side_pess = _max_flow(view, links, pess)
    f_opt, side_opt = _max_flow(view, links, opt)
    cut, off = _boundary(view, side_pess, links, pess, f_pess > 0)
    off_opt = _boundary(view, side_opt, links, opt, f_opt > 0)[1]
    stage_ids = {l.link_id for l, _, _ in links}
    starts = [n for n in view.elements if _stage(view, n) == 0]
    res = search(view, starts, min_strength=min_strength,
                 follow=lambda l: l.link_id in stage_ids and (unknown_capacity > 0 or l.status != "unknown"))
    cost, state = res.best(lambda s: _stage(view, s[0]) == len(STAGES) - 1)
    path = res.path_to(state) if state else []
    if f_pess > 0:
        verdict = "present"
    elif f_opt == 0:
        verdict = "absent"
    else:
        verdict = "indeterminate"
    unknown = [l for l in path if l.status == "unknown"] if verdict == "indeterminate" else []
    names = {k: (da, en) for k, da, en, _ in STAGES}
    off_da = f"{names[off[0]][0]} → {names[off[1]][0]}"
    off_en = f"{names[off[0]][1]} → {names[off[1]][1]}"
    if verdict == "present":
        da = (f"Kæden trækker hele vejen ({_path_text(view, path, 'da')}); det svageste sted er {off_da} "
              f"med kædetræk {f_pess}.")
        en = (f"The chain engages end to end ({_path_text(view, path, 'en')}); its weakest point is {off_en}, "
              f"with drive {f_pess}.")
    elif verdict == "absent" and unknown_capacity > 0 and off_opt != off:
        opt_da = f"{names[off_opt[0]][0]} → {names[off_opt[1]][0]}"
        opt_en = f"{names[off_opt[0]][1]} → {names[off_opt[1]][1]}"
        da = f"På det kendte grundlag hopper kæden af ved {off_da}; selv hvis alle ukendte led holder, hopper den af ved {opt_da}."
        en = f"On the evidence the chain comes off at {off_en}; even if every unknown link held, it would come off at {opt_en}."
    elif verdict == "absent" and unknown_capacity > 0:
        da = f"Kæden hopper af ved {off_da}, også hvis alle ukendte led holder."
        en = f"The chain comes off at {off_en}, even if every unknown link holds."
    elif verdict == "absent":
        da = f"Kæden hopper af ved {off_da} (ukendte led tæller ikke med)."
        en = f"The chain comes off at {off_en} (unknown links given no capacity)."
    else:
        u_da, u_en = _pairs_text(view, unknown, "da"), _pairs_text(view, unknown, "en")
        da = f"På det kendte grundlag hopper kæden af ved {off_da}; den trækker kun, hvis disse ukendte led holder: {u_da}."
        en = f"On the evidence the chain comes off at {off_en}; it engages only if these unknown links hold: {u_en}."
    return ChainDrive(view.chain.case, view.date, verdict, f_pess, f_opt, off, off_opt,
                      tuple(l.link_id for l in cut), tuple(l.link_id for l in unknown),
                      tuple(l.link_id for l in path) if verdict != "absent" else (), da, en, view)


def chain_drive(case: Case, on: DateLike = None, *, min_strength: int = 1, unknown_capacity: int = 1) -> ChainDrive:
    """Follow the talk's chain from citizens and council to employees and find where it comes off.

    Parameters
    ----------
    case : Case
    on : date-like, milestone name or None
        The date, or a milestone of the case such as ``"talk"`` (None: all evidence).
    min_strength : int, default 1
        Strength a present link needs to carry drive; weaker links count as 0.
    unknown_capacity : int, default 1
        Capacity of an unknown link when unknown links are taken as present (the weakest coupling).

    Returns
    -------
    ChainDrive
        Verdict, the drive in both readings, the stage boundary where the chain comes off, the
        links of the minimum cut and the unknown links that would decide.

    Examples
    --------
    >>> import kaede
    >>> d = kaede.chain_drive(kaede.load_case("hoersholm"), on="2012-10-08")
    >>> d.drive_if_unknown_absent <= d.drive_if_unknown_present
    True
    """
    return drive_of(chain_view(case, on), min_strength=min_strength, unknown_capacity=unknown_capacity)
