"""The three decouplings of the talk, as rules over the chain graph.

Each rule is a small function of a :class:`~kaede.model.chain.ChainView` (the chain on one date) and its
thresholds, returning a :class:`Finding`. A rule asks whether a *coupling path* exists; links are
three-valued, so the answer is read twice — with every unknown link taken as present, and as absent
(:mod:`kaede.model.paths`):

* coupled on the evidence alone → the decoupling is ``absent``;
* coupled only if some unknown links hold → ``indeterminate``, and those unknown links are the
  evidence to look for next;
* not coupled even then → the decoupling is ``present``, and the absent or too-weak links where the
  search stopped are the evidence.

A rule is monotone: making a link present can only remove a decoupling. So turning an unknown link
to present moves a verdict, if at all, only to what the reading "unknown taken as present" said.
Where a date has no vision artefact in force the verdict is ``not_applicable``.

The predicates, thresholds and worked examples are set out in ``docs/codebook.md``.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .chain import ChainView, Link
from .paths import SearchResult, link_cost, search

#: Verdicts a rule can return.
VERDICTS = ("present", "absent", "indeterminate", "not_applicable")

INSTRUMENT_ROLES = frozenset({"budget", "effect_goals", "agreements", "cross_cutting_project"})
PRACTICE_ROLES = frozenset({"operations", "project_organisation", "employees"})
THEME_ROLES = frozenset({"theme", "policy"})
COUNCIL_ROLES = frozenset({"council", "finance_committee"})
PRIORITY_ROLES = frozenset({"budget", "cross_cutting_project"})
PIVOT_ROLES = frozenset({"directorate", "chief_group"})
STEERING_ROLES = frozenset({"vision", "theme", "policy", "strategy", "effect_goals", "agreements", "cross_cutting_project"})


_RELATION_DA = {"owns": "ejer", "commissions": "bestiller", "informs": "giver input til",
                "translates_into": "omsættes til", "funds": "finansierer", "steers": "styrer",
                "carries": "bærer", "engages": "involverer"}


@dataclass
class Finding:
    """A rule's finding for one case on one date.

    Attributes
    ----------
    rule : str
        ``D1``, ``D2``, ``D3`` or ``chain_drive``.
    verdict : str
        For D1–D3, whether the decoupling is ``present``, ``absent``, ``indeterminate`` or
        ``not_applicable``; for chain drive, whether the chain engages end to end.
    if_unknown_present, if_unknown_absent : str
        The verdict with every unknown link taken as present, and as absent.
    links : tuple of str
        The links that decide the verdict (a coupling path, or the absent / weak links where it
        stops).
    unknown_links : tuple of str
        The unknown links whose status would decide an ``indeterminate`` verdict.
    explanation_da, explanation_en : str
        One sentence each.
    """

    rule: str
    verdict: str
    if_unknown_present: str
    if_unknown_absent: str
    links: tuple[str, ...] = ()
    unknown_links: tuple[str, ...] = ()
    explanation_da: str = ""
    explanation_en: str = ""
    detail: dict[str, Any] = field(default_factory=dict)


def _labels(view: ChainView, ids: Iterable[str], lang: str) -> str:
    names = [view.elements[i].label(lang) for i in ids if i in view.elements]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    joiner = " og " if lang == "da" else " and "
    return ", ".join(names[:-1]) + joiner + names[-1]


def _path_text(view: ChainView, links: Sequence[Link], lang: str) -> str:
    if not links:
        return ""
    # a link followed against its direction shows its far end; rebuild the walk from the ends
    walk = [links[0].source]
    for l in links:
        walk.append(l.target if walk[-1] == l.source else l.source)
    return " → ".join(view.elements[n].label(lang) for n in walk)


def _pairs_text(view: ChainView, links: Sequence[Link], lang: str, limit: int = 3) -> str:
    parts = [f"{view.elements[l.source].label(lang)} → {view.elements[l.target].label(lang)}" for l in links[:limit]]
    more = len(links) - limit
    if more > 0:
        parts.append(f"{more} flere" if lang == "da" else f"{more} more")
    return "; ".join(parts)


def _not_applicable(rule: str) -> Finding:
    return Finding(rule, "not_applicable", "not_applicable", "not_applicable",
                   explanation_da="Der er ingen vision i kraft på denne dato, så der er intet at afkoble.",
                   explanation_en="No vision is in force on this date, so there is nothing to decouple.")


def _vision_reach(view: ChainView, artefact_types: Sequence[str] | None,
                  min_strength: int) -> tuple[list[str], SearchResult] | None:
    """The vision artefacts in force and the coupling search from them (None if there is none)."""
    visions = view.visions(artefact_types)
    return (visions, search(view, visions, min_strength=min_strength)) if visions else None


def _path_to_element(result: SearchResult, node: str) -> list[Link]:
    """The cheapest path the search found to ``node`` (in whichever phase)."""
    return result.path_to(min((s for s in result.state_cost if s[0] == node), key=result.state_cost.get))


#: One-sentence explanations per rule and outcome, (Danish, English). Fields: {path} the coupling
#: path, {vision} the vision artefacts, {unknown} the unknown links that would decide, {stop} the
#: "stop" sentence part filled with {blocked}, the absent or weak links where the search stopped.
EXPLANATIONS: dict[str, dict[str, tuple[str, str]]] = {
    "D1": {
        "absent": ("Visionen når praksis gennem et instrument: {path}.",
                   "The vision reaches practice through an instrument: {path}."),
        "present": ("Ingen koblingsvej fører fra {vision} gennem budget, mål, aftaler eller projekter til praksis, "
                    "heller ikke hvis ukendte led holder{stop}.",
                    "No coupling path runs from {vision} through budget, goals, agreements or projects to practice, "
                    "even if unknown links hold{stop}."),
        "stop": ("; kæden hopper af ved {blocked}", "; the chain comes off at {blocked}"),
        "indeterminate": ("Visionen når kun praksis ({path}), hvis disse ukendte led holder: {unknown}.",
                          "The vision reaches practice ({path}) only if these unknown links hold: {unknown}."),
    },
    "D2": {
        "absent": ("Et tværgående tema, som kommunalbestyrelsen ejer, bærer visionen ind i budget eller prioriteringer: {path}.",
                   "A council-owned cross-cutting theme carries the vision into the budget or priorities: {path}."),
        "present": ("Intet tværgående tema ejet af kommunalbestyrelsen bærer {vision} ind i budget eller tværgående "
                    "prioriteringer{stop}.",
                    "No council-owned cross-cutting theme carries {vision} into the budget or cross-cutting priorities{stop}."),
        "stop": ("; det standser ved {blocked}", "; it stops at {blocked}"),
        "indeterminate": ("Et tema ejet af kommunalbestyrelsen bærer kun visionen ind i budgettet ({path}), hvis disse "
                          "ukendte led holder: {unknown}.",
                          "A council-owned theme carries the vision into the budget ({path}) only if these unknown "
                          "links hold: {unknown}."),
    },
    "D3": {
        "absent": ("Direktion eller chefgruppe bærer visionen videre i tværgående styring: {path}.",
                   "The directorate or chief group carries the vision into cross-cutting steering: {path}."),
        "present": ("Hverken direktion eller chefgruppe er stærkt koblet til det, {vision} når frem til{stop}.",
                    "Neither the directorate nor the chief group is strongly coupled to what {vision} reaches{stop}."),
        "stop": ("; koblingen mangler eller er svag ved {blocked}", "; the coupling is missing or weak at {blocked}"),
        "indeterminate": ("Administrationen bærer kun visionen ({path}), hvis disse ukendte led holder: {unknown}.",
                          "The administration carries the vision ({path}) only if these unknown links hold: {unknown}."),
    },
}


def _finding(rule: str, view: ChainView, cost: int | None, path: list[Link], blocked: list[Link],
             visions: Sequence[str], path_text: Callable[[str], str] | None = None) -> Finding:
    """Turn the cheapest coupling path (or none) into a Finding with its explanation."""
    if cost is None:
        verdict, opt, pess, key = "present", "present", "present", "present"
        decisive, unknown = blocked, []
    elif cost == 0:
        verdict, opt, pess, key = "absent", "absent", "absent", "absent"
        decisive, unknown = path, []
    else:
        verdict, opt, pess, key = "indeterminate", "absent", "present", "indeterminate"
        decisive, unknown = path, [l for l in path if l.status == "unknown"]
    show = path_text or (lambda lang: _path_text(view, path, lang))
    expl = []
    for i, lang in enumerate(("da", "en")):
        stop = EXPLANATIONS[rule]["stop"][i].format(blocked=_pairs_text(view, blocked, lang)) if blocked else ""
        expl.append(EXPLANATIONS[rule][key][i].format(
            path=show(lang) if path else "", vision=_labels(view, visions, lang), stop=stop,
            unknown=_pairs_text(view, unknown, lang)))
    return Finding(rule, verdict, opt, pess, tuple(l.link_id for l in decisive),
                   tuple(l.link_id for l in unknown), expl[0], expl[1])


def decoupling_1(view: ChainView, *, min_strength: int = 1,
                 artefact_types: Sequence[str] | None = ("vision",)) -> Finding:
    """D1 — vision and practice: the vision floats above a practice decoupled from it.

    Talk: slide 6 ("abstractions and shrill mottos"); slide 5 (outward and inward aspects).
    Theory: Meyer & Rowan (1977), ceremonial structure decoupled from work activity; Bromley &
    Powell (2012), policy–practice decoupling.

    Predicate: the decoupling is absent iff some vision artefact in force has a directed path of
    coupling links that passes at least one instrument (budget, effect goals, agreements,
    cross-cutting project) and ends in practice (operations, project organisation, employees).
    A link couples when present with ``strength >= min_strength``.

    Parameters
    ----------
    view : ChainView
        The chain on one date.
    min_strength : int, default 1
        Strength a present link needs to count as a coupling.
    artefact_types : sequence of str or None, default ("vision",)
        Which vision records count as "the vision" (types from ``visions.csv``); None: all.

    Examples
    --------
    Slide 6: a motto the council owns and shows the citizens, with no path to practice.

    >>> from kaede.model.examples import talk_example
    >>> from kaede.model.chain import chain_view
    >>> decoupling_1(chain_view(talk_example("decoupling_1"))).verdict
    'present'
    """
    visions = view.visions(artefact_types)
    if not visions:
        return _not_applicable("D1")

    def phase(node: str, ph: int) -> int:
        return 1 if ph or view.elements[node].role in INSTRUMENT_ROLES else 0

    res = search(view, visions, min_strength=min_strength, phase=phase)
    cost, state = res.best(lambda s: s[1] == 1 and view.elements[s[0]].role in PRACTICE_ROLES)
    path = res.path_to(state) if state else []
    return _finding("D1", view, cost, path, res.blocked, visions)


def decoupling_2(view: ChainView, *, min_strength: int = 1, require_theme: bool = True,
                 artefact_types: Sequence[str] | None = ("vision",)) -> Finding:
    """D2 — committees without the council: the vision lives in the committees' sector policies only.

    Talk: slide 7; slide 10 (cross-cutting themes the council manages); slide 4 (the example themes).
    Theory: Fimreite & Lægreid, vertical versus horizontal specialisation (silos); translation
    divergence across committees.

    Predicate: the decoupling is absent iff there is a cross-cutting theme or policy ``t`` such that
    (a) a coupling path runs from a vision artefact to ``t``, (b) the council or the finance
    committee is coupled to ``t`` by a link into it (any relation; ``owns`` is the usual one), and (c) a coupling path runs from ``t`` to the budget
    or to a cross-cutting project (the council's priorities).

    Parameters
    ----------
    view : ChainView
    min_strength : int, default 1
    require_theme : bool, default True
        If False, a council-owned vision coupled straight to the budget or a cross-cutting project
        also counts (the vision acting as its own cross-cutting theme).
    artefact_types : sequence of str or None, default ("vision",)

    Examples
    --------
    Slide 7's committee fan: each committee reads the vision through its own sector policy.

    >>> from kaede.model.examples import talk_example
    >>> from kaede.model.chain import chain_view
    >>> decoupling_2(chain_view(talk_example("decoupling_2"))).verdict
    'present'
    """
    reach = _vision_reach(view, artefact_types, min_strength)
    if reach is None:
        return _not_applicable("D2")
    visions, from_vision = reach
    vcost = from_vision.cost
    themes = [k for k, e in view.elements.items() if e.role in THEME_ROLES and e.status != "absent"]
    if not require_theme:
        themes += visions
    best: tuple[int, list[Link]] | None = None
    blocked = {l.link_id: l for l in from_vision.blocked}
    for t in themes:
        if t not in vcost:
            continue
        owners = [(link_cost(l, min_strength), l) for l in view.in_links[t]
                  if view.elements[l.source].role in COUNCIL_ROLES]
        for c, l in owners:
            if c is None:
                blocked[l.link_id] = l
        owners = [(c, l) for c, l in owners if c is not None]
        if not owners:
            continue
        own_cost, own_link = min(owners, key=lambda x: x[0])
        onward = search(view, [t], min_strength=min_strength)
        c_to, st = onward.best(lambda s: s[0] != t and view.elements[s[0]].role in PRIORITY_ROLES)
        blocked.update({l.link_id: l for l in onward.blocked})
        if c_to is None:
            continue
        total = vcost[t] + own_cost + c_to
        if best is None or total < best[0]:
            to_t = _path_to_element(from_vision, t)
            best = (total, [to_t, [own_link], onward.path_to(st)])
    cost, segments = (None, [[], [], []]) if best is None else best
    path = [l for seg in segments for l in seg]

    def d2_text(lang: str) -> str:
        to_t, (own,), onward_links = segments
        verb = own.relation.replace("_", " ") if lang == "en" else _RELATION_DA.get(own.relation, own.relation)
        parts = [_path_text(view, to_t, lang) if to_t else view.elements[own.target].label(lang),
                 f"{view.elements[own.source].label(lang)} {verb} {view.elements[own.target].label(lang)}",
                 _path_text(view, onward_links, lang)]
        return "; ".join(parts)
    return _finding("D2", view, cost, path, list(blocked.values()), visions,
                    path_text=d2_text if best is not None else None)


def decoupling_3(view: ChainView, *, min_strength: int = 1, admin_min_strength: int = 2,
                 artefact_types: Sequence[str] | None = ("vision",)) -> Finding:
    """D3 — council without the administration: no cross-cutting administrative steering.

    Talk: slide 8 (centres living their own life with "their" committees, while the directorate and
    chief group should carry agreements and cross-cutting projects); slide 10 (a strong coupling to
    the directorate and chief group as the pivot of holistic management); slide 11.
    Theory: Bromley & Powell (2012), means–ends decoupling; Orton & Weick (1990), loose coupling.

    Predicate: the decoupling is absent iff the directorate or the chief group is coupled — by a
    link, in either direction, of ``strength >= admin_min_strength`` — to a steering element (a
    vision, theme, policy, strategy, effect goals, agreements or a cross-cutting project) that a
    vision artefact reaches by a coupling path (``strength >= min_strength``). Committee → centre
    links (bilateral steering) are reported as context, not as the predicate.

    Parameters
    ----------
    view : ChainView
    min_strength : int, default 1
        Strength for the links from the vision to the steering element.
    admin_min_strength : int, default 2
        Strength the administrative coupling itself needs: the talk asks for a *strong* coupling,
        so a weak (1) link does not count.
    artefact_types : sequence of str or None, default ("vision",)

    Examples
    --------
    Slide 8: the directorate touches the cross-cutting project only weakly (strength 1).

    >>> from kaede.model.examples import talk_example
    >>> from kaede.model.chain import chain_view
    >>> view = chain_view(talk_example("decoupling_3"))
    >>> decoupling_3(view).verdict, decoupling_3(view, admin_min_strength=1).verdict
    ('present', 'absent')
    """
    reach = _vision_reach(view, artefact_types, min_strength)
    if reach is None:
        return _not_applicable("D3")
    visions, from_vision = reach
    vcost = from_vision.cost
    best: tuple[int, list[Link]] | None = None
    blocked = {l.link_id: l for l in from_vision.blocked}
    for pivot in view.with_roles(PIVOT_ROLES):
        for l in view.out_links[pivot] + view.in_links[pivot]:
            x = l.target if l.source == pivot else l.source
            if view.elements[x].role not in STEERING_ROLES or x not in vcost:
                continue
            c = link_cost(l, admin_min_strength)
            if c is None:
                blocked[l.link_id] = l
                continue
            total = vcost[x] + c
            if best is None or total < best[0]:
                best = (total, _path_to_element(from_vision, x) + [l])
    cost, path = (None, []) if best is None else best

    def d3_text(lang: str) -> str:
        *to_x, carry = path
        pivot = carry.source if view.elements[carry.source].role in PIVOT_ROLES else carry.target
        x = carry.target if pivot == carry.source else carry.source
        head = _path_text(view, to_x, lang) if to_x else view.elements[x].label(lang)
        word = "båret af" if lang == "da" else "carried by"
        return f"{head}, {word} {view.elements[pivot].label(lang)}"
    bilateral = [l.link_id for l in view.links if l.status == "present"
                 and view.elements[l.source].role == "committee" and view.elements[l.target].role == "centre"]
    f = _finding("D3", view, cost, path, list(blocked.values()), visions, path_text=d3_text if path else None)
    f.detail["bilateral_links"] = tuple(bilateral)
    return f
