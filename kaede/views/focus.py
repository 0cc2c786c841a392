"""The focused chain: what a room needs to see, and nothing else.

A real case's chain has fifty to seventy elements; drawn whole it is a hairball. The focused view
keeps the elements on the paths that decide the current verdicts (every rule's deciding links and
the unknown links that would decide it) and where the chain comes off (chain drive's cut), plus
the vision and the council; every other element is folded into one box per role, labelled with
its count ("udvalg (6)" / "committees (6)"). A folded role is unfolded on demand.

This module computes the folded graph and packs boxes into rows; it knows nothing of matplotlib.
:func:`kaede.views.plot.plot_focus` measures the labels, packs them with :func:`pack_rows` and
draws them.

Examples
--------
>>> import kaede
>>> from kaede.model.chain import chain_view
>>> fv = focus_view(chain_view(kaede.load_case("odense"), "2012-10-08"))
>>> len(fv.nodes) < len(chain_view(kaede.load_case("odense"), "2012-10-08").elements)
True
>>> wrap_label("Kommunalbestyrelsen i Fredericia", 14)
['Kommunalbestyrelsen', 'i Fredericia']
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..data.vocab import ROLES_BY_LAYER
from ..model.chain import ChainView

#: Plural names of the roles, Danish and English, for folded boxes ("udvalg (6)").
ROLE_PLURALS: dict[str, tuple[str, str]] = {
    "citizens": ("borgere", "citizens"), "business": ("erhvervsliv", "business"),
    "civil_society": ("foreninger", "civil society"), "external": ("eksterne parter", "external partners"),
    "council": ("kommunalbestyrelser", "councils"), "mayor": ("borgmestre", "mayors"),
    "finance_committee": ("økonomiudvalg", "finance committees"), "committee": ("udvalg", "committees"),
    "task_committee": ("opgaveudvalg", "task committees"),
    "vision": ("visioner", "visions"), "theme": ("tværgående temaer", "cross-cutting themes"),
    "policy": ("tværgående politikker", "cross-cutting policies"), "sector_policy": ("sektorpolitikker", "sector policies"),
    "planning_strategy": ("planstrategier", "planning strategies"), "municipal_plan": ("kommuneplaner", "municipal plans"),
    "strategy": ("strategier", "strategies"), "budget": ("budgetter", "budgets"),
    "effect_goals": ("effektmål", "effect goals"), "agreements": ("mål- og rammeaftaler", "target-and-framework agreements"),
    "cross_cutting_project": ("tværgående projekter", "cross-cutting projects"),
    "directorate": ("direktioner", "directorates"), "chief_group": ("chefgrupper", "chief groups"),
    "centre": ("centre / forvaltninger", "centres / departments"),
    "operations": ("driftsorganisationer", "operating organisations"),
    "project_organisation": ("projektorganisationer", "project organisations"), "employees": ("medarbejdere", "employees"),
}

#: Roles always shown unfolded when present: the chain's anchors.
ANCHOR_ROLES = frozenset({"vision", "council"})

_ORDER = {role: i for roles in ROLES_BY_LAYER.values() for i, role in enumerate(roles)}


def wrap_label(text: str, width: int = 18) -> list[str]:
    """Wrap a label at word boundaries only (never inside a word, in Danish or English).

    A word longer than ``width`` gets a line of its own, whole.

    Examples
    --------
    >>> wrap_label("Politik- og Borgerservice (senere Politik, Borgerservice og Byudvikling)", 22)
    ['Politik- og', 'Borgerservice (senere', 'Politik, Borgerservice', 'og Byudvikling)']
    """
    return textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False) or [""]


def literal(text: str) -> str:
    """Text as matplotlib should draw it literally: dollar signs escaped so nothing becomes mathtext.

    Examples
    --------
    >>> literal("budget $5M and $2M")
    'budget \\\\$5M and \\\\$2M'
    """
    return str(text).replace("\\$", "$").replace("$", "\\$")


@dataclass(frozen=True)
class FocusNode:
    """A box of the focused chain: one element, or a folded group of elements of one role."""

    node_id: str
    layer: int
    role: str
    label_da: str
    label_en: str
    status: str
    members: tuple[str, ...]
    folded: bool

    def label(self, lang: str = "en") -> str:
        return self.label_da if lang == "da" else self.label_en


@dataclass(frozen=True)
class FocusEdge:
    """A line of the focused chain. ``kind``: ``cut`` (where the chain comes off), ``decoupled``
    (behind a present decoupling), ``deciding`` (decides a verdict) or ``context`` (other links,
    bundled per pair of boxes; ``count`` of them)."""

    source: str
    target: str
    status: str
    strength: int | None
    kind: str
    link_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.link_ids)


@dataclass
class FocusView:
    """The focused chain of a :class:`~kaede.model.chain.ChainView`.

    Attributes
    ----------
    nodes : dict of str to FocusNode
        In layer order, then role order.
    edges : list of FocusEdge
    element_node : dict of str to str
        Which box each element is drawn in.
    folded : dict of str to tuple of str
        Role → the element ids folded into its box.
    """

    view: ChainView
    nodes: dict[str, FocusNode]
    edges: list[FocusEdge]
    element_node: dict[str, str]
    folded: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def layers(self) -> list[int]:
        """The layers that hold a box (empty bands are not drawn)."""
        return sorted({n.layer for n in self.nodes.values()})

    def in_layer(self, layer: int) -> list[FocusNode]:
        return [n for n in self.nodes.values() if n.layer == layer]


def deciding_links(view: ChainView, findings: Sequence[Any] | None = None,
                   thresholds: Mapping[str, Any] | None = None) -> dict[str, set[str]]:
    """The links that matter for the verdicts: ``deciding`` (every rule's deciding and unknown
    deciding links), ``decoupled`` (behind a present decoupling) and ``cut`` (where the chain comes
    off, or the bottleneck of an engaging chain).

    ``findings`` are Finding objects or rows of :func:`kaede.diagnose`; computed if None.

    Examples
    --------
    >>> import kaede
    >>> from kaede.model.chain import chain_view
    >>> d = deciding_links(chain_view(kaede.load_case("furesoe"), "2012-10-08"))
    >>> sorted(d)
    ['cut', 'deciding', 'decoupled']
    """
    from ..model.drive import drive_of
    from ..model.findings import RULES, split_thresholds
    if findings is None:
        params = split_thresholds(dict(thresholds or {}), list(RULES))
        findings = [RULES[r](view, **params[r]) for r in RULES]
    out: dict[str, set[str]] = {"deciding": set(), "decoupled": set(), "cut": set()}
    for f in findings:
        out["deciding"] |= set(f.links) | set(f.unknown_links)
        if f.rule == "chain_drive":
            if f.verdict != "present":
                out["cut"] = set(f.links)
            else:
                params = split_thresholds(dict(thresholds or {}), ["chain_drive"])["chain_drive"]
                out["cut"] = set(drive_of(view, **params).cut_links)
        elif f.verdict == "present":
            out["decoupled"] |= set(f.links)
    known = {l.link_id for l in view.links}
    return {k: v & known for k, v in out.items()}


def focus_view(view: ChainView, findings: Sequence[Any] | None = None, *,
               thresholds: Mapping[str, Any] | None = None, unfold: Iterable[str] | str = ()) -> FocusView:
    """Fold the chain around what decides the verdicts.

    Parameters
    ----------
    view : ChainView
    findings : sequence of Finding or diagnose rows, optional
    thresholds : mapping, optional
        As for :func:`kaede.diagnose` (used when ``findings`` is None).
    unfold : iterable of role names, or ``"all"``
        Roles shown element by element although they are not deciding.

    Returns
    -------
    FocusView

    Examples
    --------
    >>> import kaede
    >>> from kaede.model.chain import chain_view
    >>> v = chain_view(kaede.load_case("fredericia"), "2012-10-08")
    >>> fv = focus_view(v)
    >>> all(n.folded == (len(n.members) > 1 and n.node_id.startswith("fold:")) for n in fv.nodes.values())
    True
    >>> len(focus_view(v, unfold="all").nodes) == len(v.elements)
    True
    """
    marks = deciding_links(view, findings, thresholds)
    key_links = marks["deciding"] | marks["decoupled"] | marks["cut"]
    unfold_all = unfold == "all"
    unfolded = set() if unfold_all else set(unfold)
    keep: set[str] = set()
    for l in view.links:
        if l.link_id in key_links:
            keep |= {l.source, l.target}
    for k, e in view.elements.items():
        if unfold_all or e.role in unfolded or (e.role in ANCHOR_ROLES and e.status != "absent"):
            keep.add(k)
    groups: dict[str, list[str]] = {}
    for k, e in view.elements.items():
        if k not in keep:
            groups.setdefault(e.role, []).append(k)
    for role, members in list(groups.items()):
        if len(members) == 1:  # folding one element saves nothing
            keep.add(members[0])
            del groups[role]
    element_node: dict[str, str] = {}
    raw: list[tuple[tuple[int, int, int, str], FocusNode]] = []
    for k in keep:
        e = view.elements[k]
        element_node[k] = k
        raw.append(((e.layer, _ORDER.get(e.role, 99), 0, k),
                    FocusNode(k, e.layer, e.role, e.label_da, e.label_en, e.status, (k,), False)))
    for role, members in groups.items():
        nid = f"fold:{role}"
        layer = view.elements[members[0]].layer
        da, en = ROLE_PLURALS.get(role, (role.replace("_", " "),) * 2)
        statuses = {view.elements[m].status for m in members}
        status = "present" if "present" in statuses else ("unknown" if "unknown" in statuses else "absent")
        for m in members:
            element_node[m] = nid
        raw.append(((layer, _ORDER.get(role, 99), 1, nid),
                    FocusNode(nid, layer, role, f"{da} ({len(members)})", f"{en} ({len(members)})", status,
                              tuple(sorted(members)), True)))
    nodes = {n.node_id: n for _, n in sorted(raw, key=lambda x: x[0])}
    edges: list[FocusEdge] = []
    context: dict[tuple[str, str], list[Any]] = {}
    for l in view.links:
        s, t = element_node[l.source], element_node[l.target]
        if l.link_id in key_links:
            kind = "cut" if l.link_id in marks["cut"] else ("decoupled" if l.link_id in marks["decoupled"] else "deciding")
            edges.append(FocusEdge(s, t, l.status, l.strength, kind, (l.link_id,)))
        elif s != t:
            context.setdefault((s, t), []).append(l)
    rank = {"present": 2, "unknown": 1, "absent": 0}
    for (s, t), ls in context.items():
        best = max(ls, key=lambda l: (rank[l.status], l.strength or 0))
        edges.append(FocusEdge(s, t, best.status, best.strength, "context", tuple(l.link_id for l in ls)))
    return FocusView(view, nodes, edges, element_node, {r: tuple(sorted(m)) for r, m in groups.items()})


def pack_rows(widths: Sequence[float], available: float, gap: float) -> list[list[int]]:
    """Pack boxes of the given widths, in order, into rows no wider than ``available`` (a box wider
    than that gets a row of its own).

    Examples
    --------
    >>> pack_rows([40, 40, 40], 100, 10)
    [[0, 1], [2]]
    """
    rows: list[list[int]] = []
    used = 0.0
    for i, w in enumerate(widths):
        if rows and used + gap + w <= available:
            rows[-1].append(i)
            used += gap + w
        else:
            rows.append([i])
            used = w
    return rows


def segment_exit(centre: tuple[float, float], half: tuple[float, float], towards: tuple[float, float]) -> tuple[float, float]:
    """Where the segment from a box's centre towards a point leaves the box (half-width, half-height).

    Examples
    --------
    >>> segment_exit((0, 0), (10, 5), (100, 0))
    (10.0, 0.0)
    """
    dx, dy = towards[0] - centre[0], towards[1] - centre[1]
    if dx == 0 and dy == 0:
        return (float(centre[0]), float(centre[1]))
    s = min(half[0] / abs(dx) if dx else float("inf"), half[1] / abs(dy) if dy else float("inf"))
    s = min(s, 1.0)
    return (float(centre[0] + dx * s), float(centre[1] + dy * s))


__all__ = ["ROLE_PLURALS", "FocusNode", "FocusEdge", "FocusView", "deciding_links", "focus_view", "wrap_label",
           "literal", "pack_rows", "segment_exit"]
