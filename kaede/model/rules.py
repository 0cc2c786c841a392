"""The three decouplings of the talk, as rules over the chain graph.

Each rule is a small function of a :class:`~kaede.model.chain.ChainView` (the chain on one date) and its
thresholds, returning a :class:`Finding`. A rule asks whether *coupling routes* exist; links are
three-valued, so every route is read three ways — it exists on the evidence alone (true), it does
not exist even if every unknown link holds (false), or it exists only if some unknown links hold
(unknown; :mod:`kaede.model.paths`). The rule's verdict is read off its routes:

* D1 (slide 6) — no coupled route carries the vision into practice, through the instruments or
  through the committees' sector policies;
* D2 (slide 7) — the vision is taken up committee by committee, but no council-owned cross-cutting
  theme carries it into the budget or cross-cutting priorities;
* D3 (slide 8) — the council has taken the vision or its themes on, but the directorate and chief
  group do not carry them into administrative steering.

A verdict is ``indeterminate`` when the routes' unknown readings could give different verdicts;
``if_unknown_present`` and ``if_unknown_absent`` are the verdicts with every unknown link taken as
present, and as absent. Settling one unknown link never moves a determinate verdict.

Words. ``present`` / ``absent``: the decoupling is there / is not. ``not_applicable``: no vision
identified on the date (none in force, or only a placeholder "vision (not found)"), or the rule's
precondition fails (D2: the committees do not take the vision up either — D1's territory; D3: the
council has not taken the vision on). ``too_early``: the decoupling reading falls within the
settling period after the adoption of the newest vision in force (``settling_months``), so it
reflects that downstream steps are not yet dated rather than a decoupling.

Not on record. A role a rule needs with no element on the date (no budget, no cross-cutting
project, no directorate...) is *not on record*: the rule puts a placeholder in its place, coupled by
unknown links, so that it reads as unknown, never as absent; ``missing_roles`` names it.

The predicates, thresholds and worked examples are set out in ``docs/codebook.md``.
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .chain import _FAR_FUTURE, _FAR_PAST, ChainView, Element, Link
from .paths import SearchResult, link_cost, search

#: Verdicts a decoupling rule can return.
VERDICTS = ("present", "absent", "indeterminate", "not_applicable", "too_early")

INSTRUMENT_ROLES = frozenset({"budget", "effect_goals", "agreements", "cross_cutting_project"})
COMMITTEE_ROUTE_ROLES = frozenset({"sector_policy", "committee"})
D1_CARRIER_ROLES = INSTRUMENT_ROLES | COMMITTEE_ROUTE_ROLES
PRACTICE_ROLES = frozenset({"operations", "project_organisation", "employees"})
THEME_ROLES = frozenset({"theme", "policy"})
#: Council-level bodies. A task committee (opgaveudvalg, §17 stk. 4) is set up by the council for one
#: cross-cutting task and reports to it: it acts for the council, not for a sector as a standing committee does.
COUNCIL_ROLES = frozenset({"council", "finance_committee", "task_committee"})
PRIORITY_ROLES = frozenset({"budget", "cross_cutting_project"})
PIVOT_ROLES = frozenset({"directorate", "chief_group"})
#: Administrative steering (slide 8): target-and-framework agreements, cross-cutting projects, effect goals.
STEERING_ROLES = frozenset({"effect_goals", "agreements", "cross_cutting_project"})
#: Roles outside the municipal organisation: their links are context (outward), never part of a route.
CONTEXT_ROLES = frozenset({"citizens", "business", "civil_society", "external"})
#: Relations by which the administration's top takes charge of a steering element.
CARRY_RELATIONS = frozenset({"carries", "steers", "owns", "commissions", "translates_into"})

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
        One of the rule's verdict words (:data:`kaede.model.registry.REGISTRY`).
    if_unknown_present, if_unknown_absent : str
        The verdict with every unknown link taken as present, and as absent.
    links : tuple of str
        The links that decide the verdict (a coupling route, or the absent / weak links where it
        stops; for D3 also the bilateral committee → centre links).
    unknown_links : tuple of str
        The unknown links whose status would decide an ``indeterminate`` verdict.
    explanation_da, explanation_en : str
        One sentence or two each.
    headline_da, headline_en : str
        One line each (at most 120 characters).
    missing_roles : tuple of str
        Roles the rule needs that have no element on the date (read as unknown).
    detail : dict
        Rule-specific evidence (routes, conditions, reason for ``not_applicable``).
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
    headline_da: str = ""
    headline_en: str = ""
    missing_roles: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------- text helpers

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


def fit(text: str, limit: int = 120) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis.

    >>> fit("x" * 200)[-3:], len(fit("x" * 200))
    ('xx…', 120)
    """
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ------------------------------------------------------------------------------- three-valued logic

T, F, U = "T", "F", "U"


def tv(cost: int | None) -> str:
    """A route's cost as a truth value: 0 → T (on the evidence), None → F (not even if unknowns
    hold), otherwise U."""
    return F if cost is None else (T if cost == 0 else U)


def three_valued(f: Callable[..., str], *values: str) -> tuple[str, str, str]:
    """(verdict, if unknown present, if unknown absent) of a verdict function of truth values.

    The verdict is determinate only if every completion of the unknown values gives it.

    >>> three_valued(lambda a, b: "absent" if b else ("present" if a else "not_applicable"), T, U)
    ('indeterminate', 'absent', 'present')
    """
    options = [[True, False] if v == U else [v == T] for v in values]
    outcomes = {f(*combo) for combo in itertools.product(*options)}
    verdict = outcomes.pop() if len(outcomes) == 1 else "indeterminate"
    return verdict, f(*[v != F for v in values]), f(*[v == T for v in values])


# ------------------------------------------------------------------------------------- not on record

@dataclass(frozen=True)
class Need:
    """A role group a rule needs: if none of ``roles`` has an element on the date, a placeholder of
    ``role`` stands in, linked by unknown links from the elements of ``preds`` (``"@vision"``: the
    visions identified) and to those of ``succs``."""

    key: str
    role: str
    roles: frozenset[str]
    preds: frozenset[str]
    succs: frozenset[str]
    label_da: str
    label_en: str
    relation: str = "translates_into"


def with_placeholders(view: ChainView, needs: Sequence[Need], visions: Sequence[str]) -> tuple[ChainView, tuple[str, ...]]:
    """The view with a placeholder for each needed role group not on record, and their keys.

    Examples
    --------
    >>> import kaede
    >>> from kaede.model.chain import chain_view
    >>> view = chain_view(kaede.make_case([("vision", "vision")], []))
    >>> v2, missing = with_placeholders(view, D1_NEEDS, ["vision"])
    >>> missing, sorted(v2.elements)
    (('instruments or committee route', 'practice'), ['vision', '~instruments or committee route', '~practice'])
    """
    missing = [n for n in needs if not view.on_record(n.roles)]
    if not missing:
        return view, ()
    elements: dict[str, Element] = dict(view.elements)
    links: list[Link] = list(view.links)
    for n in missing:
        vid = f"~{n.key}"
        elements[vid] = Element(vid, n.role, 0, f"{n.label_da} (ikke registreret)", f"{n.label_en} (not on record)",
                                "unknown", _FAR_PAST, _FAR_FUTURE)
        for k, e in list(elements.items()):
            if k == vid:
                continue
            if e.role in n.preds or ("@vision" in n.preds and k in visions):
                rel = "owns" if e.role in ("council", "finance_committee") else n.relation
                links.append(Link(f"~{k}>{vid}", k, vid, rel, "unknown", None, _FAR_PAST, _FAR_FUTURE,
                                  None, None, None, ()))
            if e.role in n.succs:
                links.append(Link(f"~{vid}>{k}", vid, k, n.relation, "unknown", None, _FAR_PAST, _FAR_FUTURE,
                                  None, None, None, ()))
    return ChainView(view.chain, view.day, elements, tuple(links)), tuple(n.key for n in missing)


def open_links(view: ChainView, path: Iterable[Link]) -> list[Link]:
    """The links of a route that would decide it: unknown links, and links whose thread is not coded
    where they leave a shared instrument (both read as unknown, §2.8 of the codebook)."""
    hubs = view.hubs if view.threads_coded else frozenset()
    return [l for l in path if l.status == "unknown" or (l.thread is None and l.source in hubs)]


def _real(links: Iterable[Link]) -> list[Link]:
    return [l for l in links if not l.link_id.startswith("~")]


D1_NEEDS = (
    Need("instruments or committee route", "budget", D1_CARRIER_ROLES, frozenset({"@vision"}), PRACTICE_ROLES,
         "instrumenter eller udvalgsvej", "instruments or committee route"),
    Need("practice", "employees", PRACTICE_ROLES, D1_CARRIER_ROLES | frozenset({"centre"}), frozenset(),
         "praksis", "practice"),
)
D2_NEEDS = (
    Need("committee route", "sector_policy", COMMITTEE_ROUTE_ROLES, frozenset({"@vision"}), frozenset(),
         "fagudvalg og sektorpolitikker", "committees and sector policies"),
    Need("cross-cutting themes", "theme", THEME_ROLES, frozenset({"@vision"}) | COUNCIL_ROLES, PRIORITY_ROLES,
         "tværgående temaer", "cross-cutting themes"),
    Need("council", "council", COUNCIL_ROLES, frozenset(), THEME_ROLES, "kommunalbestyrelse", "council", "owns"),
    Need("budget or cross-cutting priorities", "budget", PRIORITY_ROLES, THEME_ROLES, frozenset(),
         "budget eller tværgående prioriteringer", "budget or cross-cutting priorities"),
)
D3_NEEDS = (
    Need("council", "council", COUNCIL_ROLES, frozenset(), frozenset({"vision"}) | THEME_ROLES,
         "kommunalbestyrelse", "council", "owns"),
    Need("directorate or chief group", "directorate", PIVOT_ROLES, frozenset({"@vision"}) | THEME_ROLES, STEERING_ROLES,
         "direktion eller chefgruppe", "directorate or chief group", "carries"),
    Need("administrative steering", "agreements", STEERING_ROLES, frozenset({"@vision"}) | THEME_ROLES | PIVOT_ROLES,
         frozenset(), "administrativ styring", "administrative steering", "carries"),
)


# ------------------------------------------------------------------------------------------ time

def settling(view: ChainView, visions: Sequence[str], settling_months: int) -> bool:
    """Whether ``view``'s date falls within ``settling_months`` after the adoption (``since``) of the
    newest vision identified. An undated vision, or ``view`` over all dates, is never too early.

    >>> import kaede
    >>> from kaede.model.chain import chain_view
    >>> case = kaede.make_case([("vision", "vision", "2012-06-27")], [])
    >>> settling(chain_view(case, "2012-10-08"), ["vision"], 12), settling(chain_view(case, "2013-07"), ["vision"], 12)
    (True, False)
    """
    if view.day is None or settling_months <= 0:
        return False
    days = [view.elements[v].since for v in visions if view.elements[v].since != _FAR_PAST]
    if not days:
        return False
    return view.day - max(days) < round(settling_months * 30.4375)


def _too_early(verdicts: tuple[str, str, str], decoupled: str) -> tuple[str, str, str]:
    return tuple("too_early" if v == decoupled else v for v in verdicts)  # type: ignore[return-value]


def route_filter(view: ChainView) -> Callable[[Link], bool]:
    """Links that may be part of a route: not to or from citizens, business, civil society or external
    partners (context links never complete a route)."""
    els = view.elements
    return lambda l: els[l.source].role not in CONTEXT_ROLES and els[l.target].role not in CONTEXT_ROLES


def context(view: ChainView) -> frozenset[str]:
    """The elements a route may not enter (citizens, business, civil society, external partners):
    with ``search(..., avoid=context(view))`` no context link is ever part of a route."""
    key = "context"
    if key not in view._route_cache:
        view._route_cache[key] = frozenset(k for k, e in view.elements.items() if e.role in CONTEXT_ROLES)
    return view._route_cache[key]


def vision_reach(view: ChainView, visions: Sequence[str], min_strength: int) -> SearchResult:
    """The plain coupling search from the visions along routes (cached per view)."""
    key = ("reach", tuple(visions), min_strength)
    if key not in view._route_cache:
        view._route_cache[key] = search(view, visions, min_strength=min_strength, avoid=context(view))
    return view._route_cache[key]


# ------------------------------------------------------------------------------------------ explanations

#: Explanations and headlines per rule and outcome key, (Danish, English). Fields: {vision} the vision
#: identified, {path} the coupling route, {committee} the committee route, {unknown} the unknown
#: links that would decide, {stop} the absent or weak links where the route stops, {missing} the
#: roles not on record, {bilateral} the bilateral committee → centre links.
EXPLANATIONS: dict[str, dict[str, tuple[str, str]]] = {
    "common": {
        "no_vision": ("Der er ingen vision identificeret på denne dato (ingen i kraft, eller kun en pladsholder), "
                      "så der er intet at afkoble.",
                      "No vision is identified on this date (none in force, or only a placeholder), so there is "
                      "nothing to decouple."),
        "too_early": ("Visionen er vedtaget for nylig: at intet nedstrøms er dateret endnu, er ikke en afkobling ({base})",
                      "The vision was adopted recently: that nothing downstream is dated yet is not a decoupling ({base})"),
        "missing": (" Ikke registreret: {missing}.", " Not on record: {missing}."),
        "stop": ("; det standser ved {blocked}", "; it stops at {blocked}"),
    },
    "D1": {
        "absent": ("Visionen når praksis ad en koblet vej: {path}.",
                   "The vision reaches practice by a coupled route: {path}."),
        "present": ("Ingen koblet vej fører {vision} gennem instrumenter eller udvalgenes sektorpolitikker til praksis, "
                    "heller ikke hvis ukendte led holder{stop}.",
                    "No coupled route carries {vision} through the instruments or the committees' sector policies "
                    "to practice, even if unknown links hold{stop}."),
        "indeterminate": ("Visionen når kun praksis ({path}), hvis disse ukendte led holder: {unknown}.",
                          "The vision reaches practice ({path}) only if these unknown links hold: {unknown}."),
    },
    "D2": {
        "absent": ("Et tværgående tema, som kommunalbestyrelsen ejer, bærer visionen ind i budget eller prioriteringer: {path}.",
                   "A council-owned cross-cutting theme carries the vision into the budget or priorities: {path}."),
        "present": ("Visionen tages op udvalg for udvalg ({committee}), men intet tværgående tema ejet af "
                    "kommunalbestyrelsen bærer den ind i budget eller prioriteringer{stop}.",
                    "The vision is taken up committee by committee ({committee}), but no council-owned cross-cutting "
                    "theme carries it into the budget or priorities{stop}."),
        "d1_territory": ("Hverken et tema ejet af kommunalbestyrelsen eller fagudvalgene tager {vision} op: det er "
                         "dekobling 1's område, ikke 2's.",
                         "Neither a council-owned theme nor the committees take up {vision}: that is decoupling 1's "
                         "territory, not 2's."),
        "indeterminate": ("Det afhænger af ukendte led, om et tema ejet af kommunalbestyrelsen bærer visionen ({path}), "
                          "og om udvalgene tager den op: {unknown}.",
                          "Whether a council-owned theme carries the vision ({path}) and whether the committees take "
                          "it up turns on unknown links: {unknown}."),
    },
    "D3": {
        "absent": ("Direktion eller chefgruppe bærer visionen ind i administrativ styring: {path}.",
                   "The directorate or chief group carries the vision into administrative steering: {path}."),
        "present": ("Kommunalbestyrelsen har taget {vision} på sig, men direktion og chefgruppe bærer den ikke ind i "
                    "aftaler, projekter eller effektmål{stop}.{bilateral}",
                    "The council has taken {vision} on, but the directorate and chief group do not carry it into "
                    "agreements, projects or effect goals{stop}.{bilateral}"),
        "not_taken_on": ("Kommunalbestyrelsen har ikke taget {vision} eller dens temaer på sig (stærkt nok), så "
                         "dekobling 3 forudsættes ikke.",
                         "The council has not taken {vision} or its themes on (strongly enough), so decoupling 3 "
                         "does not apply."),
        "indeterminate": ("Det afhænger af ukendte led, om administrationen bærer visionen ({path}): {unknown}.{bilateral}",
                          "Whether the administration carries the vision ({path}) turns on unknown links: "
                          "{unknown}.{bilateral}"),
        "bilateral": (" Centrene styres bilateralt af deres fagudvalg: {pairs}.",
                      " The centres are steered bilaterally by their committees: {pairs}."),
    },
}

#: One-line headlines per rule and outcome key, (Danish, English); fields as in :data:`EXPLANATIONS`
#: plus {n} (the number of deciding unknown links or missing roles) and {n_unknown}, that number with
#: its noun and verb in the right number ("1 ukendt led afgør", "2 unknown links decide").
HEADLINES: dict[str, dict[str, tuple[str, str]]] = {
    "common": {
        "no_vision": ("Ingen vision identificeret: intet at afkoble", "No vision identified: nothing to decouple"),
        "too_early": ("For tidligt: visionen er ny, og kæden nedstrøms er endnu ikke dateret",
                      "Too early: the vision is new and the chain downstream is not yet dated"),
    },
    "D1": {
        "absent": ("Dekobling 1 fraværende: visionen når praksis", "Decoupling 1 absent: the vision reaches practice"),
        "present": ("Dekobling 1: visionen svæver over en praksis, ingen koblet vej når den",
                    "Decoupling 1: the vision floats above practice, no coupled route reaches it"),
        "indeterminate": ("Dekobling 1 ubestemt: {n_unknown}, om visionen når praksis",
                          "Decoupling 1 indeterminate: {n_unknown} whether the vision reaches practice"),
    },
    "D2": {
        "absent": ("Dekobling 2 fraværende: et tema ejet af KB bærer visionen ind i budgettet",
                   "Decoupling 2 absent: a council-owned theme carries the vision into the budget"),
        "present": ("Dekobling 2: fagudvalgene tager visionen op hver for sig, uden tværgående temaer i KB",
                    "Decoupling 2: the committees take the vision up one by one, with no council themes"),
        "d1_territory": ("Dekobling 2 ikke relevant: heller ikke udvalgene tager visionen op (dekobling 1's område)",
                         "Decoupling 2 not applicable: the committees do not take the vision up either (D1's territory)"),
        "indeterminate": ("Dekobling 2 ubestemt: {n_unknown} den", "Decoupling 2 indeterminate: {n_unknown} it"),
    },
    "D3": {
        "absent": ("Dekobling 3 fraværende: direktion/chefgruppe bærer visionen ind i styringen",
                   "Decoupling 3 absent: the directorate or chief group carries the vision into steering"),
        "present": ("Dekobling 3: visionen er forankret i KB, men omsættes ikke i tværgående administrativ styring",
                    "Decoupling 3: the vision is anchored in the council but not in administrative steering"),
        "not_taken_on": ("Dekobling 3 ikke relevant: KB har ikke taget visionen på sig",
                         "Decoupling 3 not applicable: the council has not taken the vision on"),
        "indeterminate": ("Dekobling 3 ubestemt: {n_unknown} den", "Decoupling 3 indeterminate: {n_unknown} it"),
    },
}


def _n_unknown(n: int, lang: str) -> str:
    """``n`` deciding unknown links with noun and verb in the right number.

    >>> _n_unknown(1, "da"), _n_unknown(3, "da"), _n_unknown(1, "en"), _n_unknown(2, "en")
    ('1 ukendt led afgør', '3 ukendte led afgør', '1 unknown link decides', '2 unknown links decide')
    """
    if lang == "da":
        return f"{n} ukendt led afgør" if n == 1 else f"{n} ukendte led afgør"
    return f"{n} unknown link decides" if n == 1 else f"{n} unknown links decide"


def fill(template: str, **fields: Any) -> str:
    """``template.format(**fields)``, where a field left empty is dropped together with the brackets
    around it (``" ({path})"``), so a sentence never shows an empty ``()``. Only the template is
    rewritten: the data in the fields (labels, which may hold brackets of their own) is untouched.

    Examples
    --------
    >>> fill("carries the vision ({path}) and turns on: {unknown}.", path="", unknown="a → b")
    'carries the vision and turns on: a → b.'
    >>> fill("carries the vision ({path}).", path="Plan () → budget")
    'carries the vision (Plan () → budget).'
    """
    for name, value in fields.items():
        if value == "" or value is None:
            template = template.replace(f" ({{{name}}})", "")
    return template.format(**fields)


def render(rule: str, key: str, view: ChainView, *, visions: Sequence[str] = (), path: str | Callable[[str], str] = "",
           committee: str | Callable[[str], str] = "", unknown: Sequence[Link] = (), blocked: Sequence[Link] = (),
           missing: Sequence[str] = (), bilateral: Sequence[Link] = (), base: tuple[str, str] | None = None,
           n: int = 0) -> tuple[str, str, str, str]:
    """(explanation_da, explanation_en, headline_da, headline_en) from the templates."""
    out_e, out_h = [], []
    for i, lang in enumerate(("da", "en")):
        table = EXPLANATIONS[rule] if key in EXPLANATIONS[rule] else EXPLANATIONS["common"]
        htable = HEADLINES[rule] if key in HEADLINES[rule] else HEADLINES["common"]
        stop = EXPLANATIONS["common"]["stop"][i].format(blocked=_pairs_text(view, blocked, lang)) if blocked else ""
        bil = ""
        if bilateral and "bilateral" in EXPLANATIONS[rule]:
            bil = EXPLANATIONS[rule]["bilateral"][i].format(pairs=_pairs_text(view, bilateral, lang))
        fields = dict(vision=_labels(view, visions, lang), stop=stop, bilateral=bil,
                      path=path(lang) if callable(path) else path, committee=committee(lang) if callable(committee) else committee,
                      unknown=_pairs_text(view, unknown, lang) if unknown else (
                          "–" if not missing else ("de roller, der ikke er registreret" if lang == "da" else "the roles not on record")),
                      base=(base[i] if base else ""), n=n, n_unknown=_n_unknown(n, lang))
        text = fill(table[key][i], **fields)
        if missing:
            names = [view.elements[f"~{m}"].label(lang).rsplit(" (", 1)[0] if f"~{m}" in view.elements else m
                     for m in missing]
            text += EXPLANATIONS["common"]["missing"][i].format(missing="; ".join(names))
        out_e.append(text)
        out_h.append(fit(fill(htable[key][i], **fields)))
    return out_e[0], out_e[1], out_h[0], out_h[1]


def _not_applicable(rule: str, view: ChainView) -> Finding:
    da, en, hda, hen = render(rule, "no_vision", view)
    return Finding(rule, "not_applicable", "not_applicable", "not_applicable", explanation_da=da, explanation_en=en,
                   headline_da=hda, headline_en=hen, detail={"reason": "no_vision"})


def _path_to_element(result: SearchResult, node: str) -> list[Link]:
    """The cheapest path the search found to ``node`` (in whichever phase)."""
    return result.path_to(min((s for s in result.state_cost if s[0] == node), key=result.state_cost.get))


def _finish(rule: str, view: ChainView, verdicts: tuple[str, str, str], key: str, *, visions: Sequence[str],
            settling_months: int, decisive: Sequence[Link], unknown: Sequence[Link], blocked: Sequence[Link],
            missing: Sequence[str], detail: dict[str, Any], **text: Any) -> Finding:
    """Apply the settling period, render the texts and build the Finding."""
    base_key = key
    if settling(view, visions, settling_months) and "present" in verdicts:
        verdicts = _too_early(verdicts, "present")
        if verdicts[0] == "too_early":
            key = "too_early"
    n = len(_real(unknown)) + len(missing)
    if key == "too_early":
        b = render(rule, base_key, view, visions=visions, unknown=unknown, blocked=_real(blocked), missing=(), n=n, **text)
        da, en, hda, hen = render(rule, "too_early", view, base=(b[0], b[1]), missing=missing)
    else:
        da, en, hda, hen = render(rule, key, view, visions=visions, unknown=_real(unknown), blocked=_real(blocked),
                                  missing=missing if verdicts[0] == "indeterminate" or missing else (), n=n, **text)
    detail.setdefault("reason", key)
    return Finding(rule, verdicts[0], verdicts[1], verdicts[2], tuple(l.link_id for l in _real(decisive)),
                   tuple(dict.fromkeys(l.link_id for l in _real(unknown))), da, en, detail, hda, hen, tuple(missing))


# ------------------------------------------------------------------------------------------ D1

def decoupling_1(view: ChainView, *, min_strength: int = 1, artefact_types: Sequence[str] | None = ("vision",),
                 settling_months: int = 12) -> Finding:
    """D1 — vision and practice: the vision floats above a practice decoupled from it.

    Talk: slide 6 ("abstractions and shrill mottos"); slide 5 (outward and inward aspects).
    Theory: Meyer & Rowan (1977), ceremonial structure decoupled from work activity; Bromley &
    Powell (2012), policy–practice decoupling.

    Predicate: the decoupling is absent iff some vision identified has a directed route of coupling
    links that passes an instrument (budget, effect goals, agreements, cross-cutting project) *or*
    the committees' route (a standing committee or a sector policy) and ends in practice
    (operations, project organisation, employees). Links to or from citizens, business, civil
    society and external partners (the outward aspect) are never part of a route. A link couples
    when present with ``strength >= min_strength``.

    Parameters
    ----------
    view : ChainView
        The chain on one date.
    min_strength : int, default 1
        Strength a present link needs to count as a coupling.
    artefact_types : sequence of str or None, default ("vision",)
        Which vision records count as "the vision" (types from ``visions.csv``); None: all.
    settling_months : int, default 12
        Within this many months after the newest vision's adoption a ``present`` reading is
        ``too_early``; 0 switches it off.

    Examples
    --------
    Slide 6: a motto shown to the citizens, with no route to practice.

    >>> from kaede.model.examples import talk_example
    >>> from kaede.model.chain import chain_view
    >>> decoupling_1(chain_view(talk_example("decoupling_1"))).verdict
    'present'
    """
    visions = view.visions(artefact_types)
    if not visions:
        return _not_applicable("D1", view)
    v2, missing = with_placeholders(view, D1_NEEDS, visions)

    def phase(node: str, ph: int) -> int:
        return 1 if ph or v2.elements[node].role in D1_CARRIER_ROLES else 0

    res = search(v2, visions, min_strength=min_strength, phase=phase, avoid=context(v2))
    cost, state = res.best(lambda s: s[1] == 1 and v2.elements[s[0]].role in PRACTICE_ROLES)
    path = res.path_to(state) if state else []
    verdicts = three_valued(lambda r: "absent" if r else "present", tv(cost))
    key = verdicts[0]
    unknown = open_links(v2, path) if key == "indeterminate" else []
    decisive = res.blocked if cost is None else path
    return _finish("D1", v2, verdicts, key, visions=visions, settling_months=settling_months, decisive=decisive,
                   unknown=unknown, blocked=res.blocked if cost is None else [], missing=missing,
                   detail={"route": tuple(l.link_id for l in _real(path))},
                   path=lambda lang: _path_text(v2, path, lang))


# ------------------------------------------------------------------------------------------ D2

def _council_route(view: ChainView, visions: Sequence[str], *, min_strength: int, require_theme: bool,
                   own_min_strength: int | None = None) -> tuple[int | None, list[list[Link]], list[Link]]:
    """The cheapest route vision ⇝ theme t, council → t, t ⇝ budget or cross-cutting project, in one
    search: a path in phase 0 reaches a theme, takes the council's link into it (phase 1) and goes on.

    Returns (cost, [to_t, [own], onward], blocked)."""
    els = view.elements
    own_need = min_strength if own_min_strength is None else own_min_strength
    anchor_roles = THEME_ROLES
    blocked: dict[str, Link] = {}

    def extra(node: str, ph: int):
        if ph == 0 and ((els[node].role in anchor_roles and els[node].status != "absent")
                        or (not require_theme and node in visions)):
            for l in view.in_links[node]:
                if els[l.source].role in COUNCIL_ROLES:
                    if link_cost(l, own_need) is None:
                        blocked[l.link_id] = l
                    else:
                        yield l, node, 1

    def strength_for(l: Link) -> int:
        return own_need if els[l.source].role in COUNCIL_ROLES else min_strength

    res = search(view, visions, min_strength=min_strength, phase=lambda n, p: p, extra=extra,
                 strength_for=strength_for if own_need != min_strength else None, avoid=context(view))
    cost, state = res.best(lambda s: s[1] == 1 and els[s[0]].role in PRIORITY_ROLES)
    blocked.update({l.link_id: l for l in res.blocked})
    if state is None:
        return None, [[], [], []], list(blocked.values())
    path = res.path_to(state)
    k = next(i for i, l in enumerate(path) if els[l.source].role in COUNCIL_ROLES and
             (i == 0 or path[i - 1].target == l.target or path[i - 1].source == l.target))
    return cost, [path[:k], [path[k]], path[k + 1:]], list(blocked.values())


def decoupling_2(view: ChainView, *, min_strength: int = 1, require_theme: bool = True,
                 artefact_types: Sequence[str] | None = ("vision",), settling_months: int = 12) -> Finding:
    """D2 — committees without the council: the vision lives in the committees' sector policies only.

    Talk: slide 7; slide 10 (cross-cutting themes the council manages); slide 4 (the example themes).
    Theory: Fimreite & Lægreid, vertical versus horizontal specialisation (silos); translation
    divergence across committees.

    Predicate: two routes. The *committee route*: a coupling route from a vision to a standing
    committee or a sector policy. The *council route*: a cross-cutting theme or policy ``t`` that a
    vision reaches by a coupling route, that the council or finance committee is coupled to by a
    link into it, and from which a coupling route runs to the budget or a cross-cutting project.
    D2 is ``absent`` if the council route exists; ``present`` if only the committee route does;
    ``not_applicable`` if neither does (the vision is taken up nowhere: D1's territory). Context
    links never complete a route.

    Parameters
    ----------
    view : ChainView
    min_strength : int, default 1
    require_theme : bool, default True
        If False, a council-owned vision coupled straight to the budget or a cross-cutting project
        also counts (the vision acting as its own cross-cutting theme).
    artefact_types : sequence of str or None, default ("vision",)
    settling_months : int, default 12

    Examples
    --------
    Slide 7's committee fan: each committee reads the vision through its own sector policy.

    >>> from kaede.model.examples import talk_example
    >>> from kaede.model.chain import chain_view
    >>> decoupling_2(chain_view(talk_example("decoupling_2"))).verdict
    'present'
    """
    visions = view.visions(artefact_types)
    if not visions:
        return _not_applicable("D2", view)
    v2, missing = with_placeholders(view, D2_NEEDS, visions)
    com = vision_reach(v2, visions, min_strength)
    c_com, st_com = com.best(lambda s: v2.elements[s[0]].role in COMMITTEE_ROUTE_ROLES)
    com_path = com.path_to(st_com) if st_com else []
    cost, segments, blocked = _council_route(v2, visions, min_strength=min_strength, require_theme=require_theme)
    path = [l for seg in segments for l in seg]

    def f(committees: bool, council: bool) -> str:
        return "absent" if council else ("present" if committees else "not_applicable")

    verdicts = three_valued(f, tv(c_com), tv(cost))
    key = verdicts[0] if verdicts[0] != "not_applicable" else "d1_territory"
    if key == "indeterminate":
        unknown = open_links(v2, path + com_path)
        decisive = path + com_path
    elif key == "absent":
        unknown, decisive = [], path
    elif key == "present":
        unknown, decisive = [], com_path + blocked
    else:
        unknown, decisive = [], blocked + com.blocked

    def d2_text(lang: str) -> str:
        if not path:
            return ""
        to_t, (own,), onward_links = segments
        verb = own.relation.replace("_", " ") if lang == "en" else _RELATION_DA.get(own.relation, own.relation)
        parts = [_path_text(v2, to_t, lang) if to_t else v2.elements[own.target].label(lang),
                 f"{v2.elements[own.source].label(lang)} {verb} {v2.elements[own.target].label(lang)}",
                 _path_text(v2, onward_links, lang)]
        return "; ".join(parts)
    return _finish("D2", v2, verdicts, key, visions=visions, settling_months=settling_months, decisive=decisive,
                   unknown=unknown, blocked=blocked if key == "present" else [], missing=missing,
                   detail={"council_route": tuple(l.link_id for l in _real(path)),
                           "committee_route": tuple(l.link_id for l in _real(com_path)),
                           "council_route_reading": tv(cost), "committee_route_reading": tv(c_com)},
                   path=d2_text, committee=lambda lang: _path_text(v2, com_path, lang))


# ------------------------------------------------------------------------------------------ D3

def _anchors(view: ChainView, visions: Sequence[str], *, min_strength: int, anchor_min_strength: int
             ) -> tuple[dict[str, int], dict[str, list[Link]], list[Link]]:
    """Elements the council has taken on: the visions, and the themes they reach, with the cost of
    the council's link into them (and of reaching a theme from the vision)."""
    from_vision = vision_reach(view, visions, min_strength)
    vcost = from_vision.cost
    costs: dict[str, int] = {}
    paths: dict[str, list[Link]] = {}
    blocked: list[Link] = []
    for x, reach in vcost.items():
        e = view.elements[x]
        if not (x in visions or (e.role in THEME_ROLES and e.status != "absent")):
            continue
        for l in view.in_links[x]:
            if view.elements[l.source].role not in COUNCIL_ROLES:
                continue
            c = link_cost(l, anchor_min_strength)
            if c is None:
                blocked.append(l)
                continue
            total = reach + c
            if x not in costs or total < costs[x]:
                costs[x] = total
                paths[x] = [l] + (_path_to_element(from_vision, x) if x not in visions else [])
    return costs, paths, blocked


def carried_route(view: ChainView, starts: dict[str, int], *, min_strength: int, admin_min_strength: int) -> tuple[SearchResult, int | None, Any]:
    """Search from council-owned elements for a route into administrative steering via the
    directorate or chief group: ``x ⇝ pivot ⇝ steering``, or ``x ⇝ steering`` carried by a pivot
    (a link pivot → steering element of relation carries, steers, owns, commissions or
    translates_into). Links touching a pivot need ``admin_min_strength``."""
    els = view.elements

    def phase(node: str, ph: int) -> int:
        role = els[node].role
        if role in PIVOT_ROLES:
            return max(ph, 1)
        if role in STEERING_ROLES and ph >= 1:
            return 2
        return ph

    def strength_for(l: Link) -> int:
        return admin_min_strength if (els[l.source].role in PIVOT_ROLES or els[l.target].role in PIVOT_ROLES) else min_strength

    def extra(node: str, ph: int):
        if els[node].role in STEERING_ROLES:
            for l in view.in_links[node]:
                if els[l.source].role in PIVOT_ROLES and l.relation in CARRY_RELATIONS:
                    yield l, l.source, 2

    res = search(view, starts, min_strength=min_strength, phase=phase, strength_for=strength_for, extra=extra,
                 avoid=context(view))
    cost, state = res.best(lambda s: s[1] == 2)
    return res, cost, state


def decoupling_3(view: ChainView, *, min_strength: int = 1, admin_min_strength: int = 2, anchor_min_strength: int = 2,
                 artefact_types: Sequence[str] | None = ("vision",), settling_months: int = 12) -> Finding:
    """D3 — council without the administration: no cross-cutting administrative steering.

    Talk: slide 8 (the vision anchored in the council but not translated into cross-cutting
    administrative steering; centres living their own life with "their" committees, while the
    directorate and chief group should carry agreements and cross-cutting projects); slide 10 (a
    strong coupling to the directorate and chief group as the pivot of holistic management).
    Theory: Bromley & Powell (2012), means–ends decoupling; Orton & Weick (1990), loose coupling.

    Predicate: D3 applies where the council has taken the vision on — a link from the council or
    finance committee into a vision, or into a cross-cutting theme the vision reaches, of strength
    ``>= anchor_min_strength``; otherwise ``not_applicable``. It is ``absent`` iff from such a
    council-owned element a route runs *into* administrative steering (agreements, cross-cutting
    projects, effect goals) via the directorate or chief group: through the pivot, or ending in a
    steering element the pivot carries; links touching the pivot need ``admin_min_strength``
    (slide 10's strong coupling). Links into the vision (drafting, being consulted) are not
    translation, and context links never complete a route. The bilateral committee → centre links
    are the finding's evidence (``detail["bilateral_links"]``; in ``links`` when D3 is present).

    Parameters
    ----------
    view : ChainView
    min_strength : int, default 1
        Strength for the links of the route away from the pivot.
    admin_min_strength : int, default 2
        Strength the administrative coupling itself needs.
    anchor_min_strength : int, default 2
        Strength the council's link into the vision or theme needs for the vision to count as
        anchored in the council (1: a formal adoption is enough).
    artefact_types : sequence of str or None, default ("vision",)
    settling_months : int, default 12

    Examples
    --------
    Slide 8: the directorate touches the cross-cutting project only weakly (strength 1).

    >>> from kaede.model.examples import talk_example
    >>> from kaede.model.chain import chain_view
    >>> view = chain_view(talk_example("decoupling_3"))
    >>> decoupling_3(view).verdict, decoupling_3(view, admin_min_strength=1).verdict
    ('present', 'absent')
    """
    visions = view.visions(artefact_types)
    if not visions:
        return _not_applicable("D3", view)
    v2, missing = with_placeholders(view, D3_NEEDS, visions)
    anchor_cost, anchor_paths, anchor_blocked = _anchors(v2, visions, min_strength=min_strength,
                                                         anchor_min_strength=anchor_min_strength)
    a = min(anchor_cost.values()) if anchor_cost else None
    res, cost, state = carried_route(v2, anchor_cost, min_strength=min_strength, admin_min_strength=admin_min_strength)
    route = res.path_to(state) if state else []
    path = (anchor_paths[state_start(res, state)] if state else []) + route
    bilateral = [l for l in v2.links if l.status == "present" and v2.elements[l.source].role == "committee"
                 and v2.elements[l.target].role == "centre"]

    def f(taken_on: bool, carried: bool) -> str:
        return "absent" if carried else ("present" if taken_on else "not_applicable")

    verdicts = three_valued(f, tv(a), tv(cost))
    key = {"not_applicable": "not_taken_on"}.get(verdicts[0], verdicts[0])
    blocked = [l for l in res.blocked if v2.elements[l.source].role in PIVOT_ROLES or v2.elements[l.target].role in PIVOT_ROLES]
    if key == "indeterminate":
        if cost is None:  # carried is false: it turns on whether the council has taken it on
            best_x = min(anchor_cost, key=anchor_cost.get) if anchor_cost else None
            path = anchor_paths.get(best_x, []) if best_x else []
        unknown, decisive = open_links(v2, path), path
    elif key == "absent":
        unknown, decisive = [], path
    elif key == "present":
        unknown, decisive = [], blocked + bilateral
    else:
        unknown, decisive = [], anchor_blocked

    def d3_text(lang: str) -> str:
        own = [l for l in path if v2.elements[l.source].role in COUNCIL_ROLES][:1]
        rest = [l for l in path if l not in own]
        to_x = [l for l in rest if l not in route]
        head = _pairs_text(v2, own, lang) if own else ""
        word = "ejet af KB" if lang == "da" else "owned by the council"
        walk, tail = route, ""
        if route and v2.elements[route[-1].source].role in PIVOT_ROLES and (
                len(route) == 1 or route[-2].target == route[-1].target):
            walk = route[:-1]  # the last step is a pivot taking charge of the steering element
            carried = "båret af" if lang == "da" else "carried by"
            tail = f", {carried} {v2.elements[route[-1].source].label(lang)}"
        body = (_path_text(v2, walk, lang) if walk else (v2.elements[route[-1].target].label(lang) if route else "")) + tail
        return "; ".join(x for x in (_path_text(v2, to_x, lang), f"{head} ({word})" if head else "", body) if x)
    return _finish("D3", v2, verdicts, key, visions=visions, settling_months=settling_months, decisive=decisive,
                   unknown=unknown, blocked=blocked if key == "present" else [], missing=missing,
                   detail={"bilateral_links": tuple(l.link_id for l in bilateral), "taken_on_reading": tv(a),
                           "carried_reading": tv(cost), "route": tuple(l.link_id for l in _real(path))},
                   path=d3_text, bilateral=bilateral if key in ("present", "indeterminate") else ())


def state_start(res: SearchResult, state: Any) -> str:
    """The element a search path to ``state`` started from."""
    step = res.parent.get(state)
    while step is not None:
        state, _ = step
        step = res.parent.get(state)
    return state[0]


def date_text(view: ChainView) -> str:
    """The view's date, or "all dates"."""
    return view.date or "all dates"


__all__ = ["Finding", "VERDICTS", "decoupling_1", "decoupling_2", "decoupling_3", "three_valued", "tv",
           "with_placeholders", "settling", "route_filter", "dt"]
