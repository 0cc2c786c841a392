"""Chain drive (kædetræk): does the chain engage end to end, and where does it come off?

The talk's slide 9 chain is a sequence of stages:

    citizens & council → vision & policies → budget → effect goals → agreements
    → cross-cutting projects → employees

The stage network keeps only links that stay within a stage or go one stage on. Each coupling link
has a capacity equal to its strength; the chain's *drive* is the maximum flow from the first
stage to the last, and its *weakest point* is a minimum cut — the links where the chain comes off.
Unknown links are read twice: with capacity ``unknown_capacity`` (taken as present) and 0 (taken as
absent). A stage with no element on the date is *not on record*: a placeholder stands in for it,
coupled by unknown links, so that the chain reads as unknown there, not as coming off.

The verdict says what it means: ``engages`` (end to end on the evidence), ``comes_off`` (not even if
every unknown link holds), ``indeterminate``, ``not_applicable`` (nothing in the "vision and
policies" stage on record), or ``too_early`` (it comes off within the settling period after a
vision's adoption). Beside it the result reports slide 10's and 11's conditions, each with its
evidence (:attr:`ChainDrive.conditions`).

Examples
--------
>>> import kaede
>>> d = kaede.chain_drive(kaede.load_case("odense"))
>>> d.verdict in ("engages", "comes_off", "indeterminate")
True
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .chain import ChainView, DateLike, Link, chain_view
from .paths import search
from .rules import (COUNCIL_ROLES, PIVOT_ROLES, Finding, Need, _anchors, _council_route, _pairs_text, _path_text,
                    _real, carried_route, fit, open_links, settling, three_valued, tv, with_placeholders)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..data.datasets import Case

#: The stages of slide 9, with the roles that stand in each: (key, Danish, English, roles).
STAGES: tuple[tuple[str, str, str, frozenset[str]], ...] = (
    ("mandate", "borgere og kommunalbestyrelse", "citizens and council",
     frozenset({"citizens", "council", "finance_committee", "task_committee", "mayor"})),
    ("direction", "vision og politikker", "vision and policies",
     frozenset({"vision", "theme", "policy", "sector_policy", "planning_strategy", "municipal_plan", "strategy"})),
    ("budget", "budget", "budget", frozenset({"budget"})),
    ("effect_goals", "effektmål", "effect goals", frozenset({"effect_goals"})),
    ("agreements", "mål- og rammeaftaler", "target-and-framework agreements", frozenset({"agreements"})),
    ("projects", "tværgående projekter", "cross-cutting projects", frozenset({"cross_cutting_project"})),
    ("employees", "medarbejdere", "employees", frozenset({"employees"})),
)

STAGE_OF_ROLE: dict[str, int] = {role: i for i, (_, _, _, roles) in enumerate(STAGES) for role in roles}

#: Verdict words of chain drive.
DRIVE_VERDICTS = ("engages", "comes_off", "indeterminate", "not_applicable", "too_early")

#: Placeholders for stages not on record (see :func:`kaede.model.rules.with_placeholders`).
STAGE_NEEDS = tuple(
    Need(key, sorted(roles)[0], roles, STAGES[i - 1][3] if i else frozenset(),
         STAGES[i + 1][3] if i + 1 < len(STAGES) else frozenset(), da, en)
    for i, (key, da, en, roles) in enumerate(STAGES))


@dataclass
class Condition:
    """One of slide 10's and 11's conditions for chain drive, with its evidence.

    ``reading`` is ``met`` (on the evidence), ``not met`` (not even if unknown links hold) or
    ``unknown``; ``links`` and ``events`` are the evidence."""

    key: str
    slide: int
    label_da: str
    label_en: str
    reading: str
    links: tuple[str, ...] = ()
    events: tuple[str, ...] = ()


@dataclass
class ChainDrive:
    """Chain drive of one case on one date.

    Attributes
    ----------
    verdict : str
        ``engages`` (the chain engages end to end on the evidence), ``comes_off`` (it does not even
        if every unknown link holds), ``indeterminate``, ``not_applicable`` or ``too_early``.
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
    if_unknown_present: str = ""
    if_unknown_absent: str = ""
    headline_da: str = ""
    headline_en: str = ""
    missing_roles: tuple[str, ...] = ()
    _visions: tuple[str, ...] = field(default=(), repr=False)
    _conditions: tuple[Condition, ...] | None = field(default=None, repr=False)

    def explanation(self, lang: str = "en") -> str:
        """The explanation in ``lang`` (``"da"`` or ``"en"``)."""
        return self.explanation_da if lang == "da" else self.explanation_en

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """Slide 10's and 11's conditions, each with its evidence (:func:`conditions_of`); computed
        on first use."""
        if self._conditions is None:
            self._conditions = conditions_of(self._view, list(self._visions)) if self._view is not None else ()
        return self._conditions

    def to_finding(self) -> Finding:
        """This result as a row of :func:`kaede.diagnose`."""
        links = self.path if self.verdict == "engages" else self.cut_links
        return Finding("chain_drive", self.verdict, self.if_unknown_present, self.if_unknown_absent, links,
                       self.unknown_links, self.explanation_da, self.explanation_en,
                       {"comes_off_at": self.comes_off_at, "drive": self.drive_if_unknown_absent},
                       self.headline_da, self.headline_en, self.missing_roles)

    def evidence(self, case: Case) -> pd.DataFrame:
        """The cut links and the deciding unknown links, with their sources, as a table."""
        from .link_sources import link_evidence
        ids = list(dict.fromkeys(self.cut_links + self.unknown_links))
        return link_evidence(case, ids)


def _stages(view: ChainView) -> dict[str, int | None]:
    """Each element's stage (None: outside slide 9's stages, or coded absent); cached per view."""
    cache = view._route_cache
    if "stages" not in cache:
        cache["stages"] = {k: (None if e.status == "absent" else STAGE_OF_ROLE.get(e.role)) for k, e in view.elements.items()}
    return cache["stages"]


def _stage(view: ChainView, node: str) -> int | None:
    return _stages(view)[node]


def _stage_links(view: ChainView) -> list[tuple[Link, int, int]]:
    stage = _stages(view)
    out = []
    for l in view.links:
        a, b = stage[l.source], stage[l.target]
        if a is not None and b is not None and (b == a or b == a + 1):
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
    stage = _stages(view)
    for node in view.elements:
        st = stage[node]
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


def conditions_of(view: ChainView, visions: list[str]) -> tuple[Condition, ...]:
    """Slide 10's and 11's conditions for chain drive, each read on the evidence with its links.

    - ``council_themes`` (slide 10): cross-cutting themes the council owns carry the vision into
      the budget or cross-cutting priorities (the council route of D2);
    - ``directorate`` (slide 10): a strong coupling (strength ≥ 2) carries the council's vision or
      themes via the directorate or chief group into agreements, projects or effect goals (D3's route);
    - ``administration_asked`` (slide 11): the directorate or chief group took part in a step of the
      vision process other than the adoption, or the council commissioned the directorate (a link
      council → directorate of relation ``commissions``), on or before the date.
    """
    if visions:
        c_cost, segs, _ = _council_route(view, visions, min_strength=1, require_theme=True)
        council = Condition("council_themes", 10, "tværgående temaer, som KB forvalter", "council-owned cross-cutting themes",
                            _word(tv(c_cost)), tuple(l.link_id for seg in segs for l in _real(seg)))
        anchor_cost, anchor_paths, _ = _anchors(view, visions, min_strength=1, anchor_min_strength=1)
        res, d_cost, state = carried_route(view, anchor_cost, min_strength=1, admin_min_strength=2)
        direc = Condition("directorate", 10, "stærk kobling til direktion og chefgruppe",
                          "a strong coupling to directorate and chief group", _word(tv(d_cost)),
                          tuple(l.link_id for l in _real(res.path_to(state))) if state else ())
    else:
        council = Condition("council_themes", 10, "tværgående temaer, som KB forvalter", "council-owned cross-cutting themes", "unknown")
        direc = Condition("directorate", 10, "stærk kobling til direktion og chefgruppe",
                          "a strong coupling to directorate and chief group", "unknown")
    pivots = set(view.with_roles(PIVOT_ROLES)) | {k for k, e in view.chain.elements.items() if e.role in PIVOT_ROLES}
    events = tuple(e.event_id for e in view.chain.events if (view.day is None or e.day <= view.day)
                   and e.kind != "adoption" and pivots & set(e.participants))
    asks = [l for l in view.links if l.relation == "commissions" and view.elements[l.source].role in COUNCIL_ROLES
            and view.elements[l.target].role in PIVOT_ROLES]
    if events or any(l.status == "present" for l in asks):
        reading = "met"
    elif asks and all(l.status == "absent" for l in asks):
        reading = "not met"
    else:
        reading = "unknown"
    asked = Condition("administration_asked", 11, "direktion og chefgruppe spurgt, hvad visionen betyder",
                      "directorate and chief group asked what the vision means for them", reading,
                      tuple(l.link_id for l in asks if l.status != "absent" or reading == "not met"), events)
    return council, direc, asked


def _word(value: str) -> str:
    return {"T": "met", "F": "not met", "U": "unknown"}[value]


def drive_of(view: ChainView, *, min_strength: int = 1, unknown_capacity: int = 1, settling_months: int = 12) -> ChainDrive:
    """Chain drive of a chain snapshot; see :func:`chain_drive`."""
    names = {k: (da, en) for k, da, en, _ in STAGES}
    visions = view.visions(("vision",))
    direction = STAGES[1][3]
    if not any(e.role in direction and e.status == "present" for e in view.elements.values()):
        da = "Intet i trinnet vision og politikker er registreret på denne dato, så der er ingen kæde at trække."
        en = "Nothing in the vision-and-policies stage is on record on this date, so there is no chain to drive."
        return ChainDrive(view.chain.case, view.date, "not_applicable", 0, 0, None, None, (), (), (), da, en, view,
                          "not_applicable", "not_applicable", "Kædetræk ikke relevant: ingen vision eller politik registreret",
                          "Chain drive not applicable: no vision or policy on record")
    view, missing = with_placeholders(view, STAGE_NEEDS, visions)
    links = _stage_links(view)
    pess = {l.link_id: _capacity(l, min_strength, 0) for l, _, _ in links}
    opt = {l.link_id: _capacity(l, min_strength, unknown_capacity) for l, _, _ in links}
    f_pess, side_pess = _max_flow(view, links, pess)
    f_opt, side_opt = _max_flow(view, links, opt)
    cut, off = _boundary(view, side_pess, links, pess, f_pess > 0)
    off_opt = _boundary(view, side_opt, links, opt, f_opt > 0)[1]
    stage_ids = {l.link_id for l, _, _ in links}
    stage = _stages(view)
    starts = [n for n in view.elements if stage[n] == 0]
    res = search(view, starts, min_strength=min_strength,
                 follow=lambda l: l.link_id in stage_ids and (unknown_capacity > 0 or l.status != "unknown"))
    last = len(STAGES) - 1
    cost, state = res.best(lambda s: stage[s[0]] == last)
    path = res.path_to(state) if state else []
    verdicts = three_valued(lambda engaged: "engages" if engaged else "comes_off", tv(cost))
    verdict = verdicts[0]
    unknown = open_links(view, path) if verdict == "indeterminate" else []
    off_da = f"{names[off[0]][0]} → {names[off[1]][0]}"
    off_en = f"{names[off[0]][1]} → {names[off[1]][1]}"
    if verdict == "engages":
        da = (f"Kæden trækker hele vejen ({_path_text(view, path, 'da')}); det svageste sted er {off_da} "
              f"med kædetræk {f_pess}.")
        en = (f"The chain engages end to end ({_path_text(view, path, 'en')}); its weakest point is {off_en}, "
              f"with drive {f_pess}.")
        hda, hen = f"Kæden trækker; svageste sted {off_da} (kædetræk {f_pess})", f"The chain engages; weakest point {off_en} (drive {f_pess})"
    elif verdict == "comes_off" and unknown_capacity > 0 and off_opt != off:
        opt_da = f"{names[off_opt[0]][0]} → {names[off_opt[1]][0]}"
        opt_en = f"{names[off_opt[0]][1]} → {names[off_opt[1]][1]}"
        da = f"På det kendte grundlag hopper kæden af ved {off_da}; selv hvis alle ukendte led holder, hopper den af ved {opt_da}."
        en = f"On the evidence the chain comes off at {off_en}; even if every unknown link held, it would come off at {opt_en}."
        hda, hen = f"Kæden hopper af ved {opt_da}, selv hvis ukendte led holder", f"The chain comes off at {opt_en}, even if unknown links hold"
    elif verdict == "comes_off" and unknown_capacity > 0:
        da = f"Kæden hopper af ved {off_da}, også hvis alle ukendte led holder."
        en = f"The chain comes off at {off_en}, even if every unknown link holds."
        hda, hen = f"Kæden hopper af ved {off_da}", f"The chain comes off at {off_en}"
    elif verdict == "comes_off":
        da = f"Kæden hopper af ved {off_da} (ukendte led tæller ikke med)."
        en = f"The chain comes off at {off_en} (unknown links given no capacity)."
        hda, hen = f"Kæden hopper af ved {off_da}", f"The chain comes off at {off_en}"
    else:
        u_da, u_en = _pairs_text(view, _real(unknown), "da"), _pairs_text(view, _real(unknown), "en")
        if u_en:
            da = f"På det kendte grundlag hopper kæden af ved {off_da}; den trækker kun, hvis disse ukendte led holder: {u_da}."
            en = f"On the evidence the chain comes off at {off_en}; it engages only if these unknown links hold: {u_en}."
        else:
            da = f"På det kendte grundlag hopper kæden af ved {off_da}; den trækker kun, hvis de trin, der ikke er registreret, er koblet."
            en = f"On the evidence the chain comes off at {off_en}; it engages only if the stages not on record are coupled."
        n = len(_real(unknown)) + len(missing)
        hda, hen = f"Kædetræk ubestemt: {n} ukendte led eller manglende trin afgør det", f"Chain drive indeterminate: {n} unknown links or missing stages decide it"
    if missing:
        da += " Ikke registreret: " + "; ".join(view.elements[f"~{m}"].label("da").rsplit(" (", 1)[0] for m in missing) + "."
        en += " Not on record: " + "; ".join(view.elements[f"~{m}"].label("en").rsplit(" (", 1)[0] for m in missing) + "."
    if settling(view, visions, settling_months) and "comes_off" in verdicts:
        verdicts = tuple("too_early" if v == "comes_off" else v for v in verdicts)  # type: ignore[assignment]
        if verdicts[0] == "too_early":
            da = f"Visionen er vedtaget for nylig: at intet nedstrøms er dateret endnu, er ikke en afkobling ({da})"
            en = f"The vision was adopted recently: that nothing downstream is dated yet is not a decoupling ({en})"
            hda, hen = "For tidligt: visionen er ny, og kæden nedstrøms er endnu ikke dateret", "Too early: the vision is new and the chain downstream is not yet dated"
    return ChainDrive(view.chain.case, view.date, verdicts[0], f_pess, f_opt, off, off_opt,
                      tuple(l.link_id for l in _real(cut)), tuple(l.link_id for l in _real(unknown)),
                      tuple(l.link_id for l in _real(path)) if verdicts[0] in ("engages", "indeterminate") else (),
                      da, en, view, verdicts[1], verdicts[2], fit(hda), fit(hen), missing, tuple(visions))


def chain_drive(case: Case, on: DateLike = None, *, min_strength: int = 1, unknown_capacity: int = 1,
                settling_months: int = 12) -> ChainDrive:
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
    settling_months : int, default 12
        Within this many months after the newest vision's adoption, ``comes_off`` reads ``too_early``.

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
    return drive_of(chain_view(case, on), min_strength=min_strength, unknown_capacity=unknown_capacity,
                    settling_months=settling_months)
