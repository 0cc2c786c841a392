"""The governance chain of a case as it stood on a date.

:func:`chain_graph` gives a networkx directed graph for users; the rules work on a :class:`ChainView`,
a compact read-only snapshot built from a case compiled once (:func:`compile_chain`), so that a case
can be diagnosed at many dates quickly.

Dates
-----
A partial date counts from its first day when it opens a period (``since``) and to its last day
when it closes one (``until``); ``on="2012"`` means the end of 2012. An element or link with no
``since`` has no known start and is taken to be there at every date.

Examples
--------
>>> import kaede
>>> g = kaede.chain_graph(kaede.load_case("hoersholm"), on="2012-10-08")
>>> g.nodes["council"]["role"]
'council'
"""
from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..data.dates import parse_partial_date
from ..data.vocab import LAYER_OF_ROLE

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from ..data.datasets import Case

DateLike = str | dt.date | pd.Timestamp | None

_FAR_PAST = dt.date(1, 1, 1).toordinal()
_FAR_FUTURE = dt.date(9999, 12, 31).toordinal()
_STATUS_RANK = {"present": 2, "unknown": 1, "absent": 0}


def to_ordinal(on: DateLike, *, end: bool = True) -> int | None:
    """Turn a date (partial ISO string, date or Timestamp) into a day number; None stays None.

    Parameters
    ----------
    on : str, date, Timestamp or None
    end : bool
        For a partial date, take its last day (True) or its first (False).

    Examples
    --------
    >>> to_ordinal("2012") == to_ordinal("2012-12-31")
    True
    """
    if on is None:
        return None
    if isinstance(on, dt.datetime):  # pandas Timestamps too
        return on.date().toordinal()
    if isinstance(on, dt.date):
        return on.toordinal()
    first, last = parse_partial_date(str(on))
    return (last if end else first).toordinal()


def _opt(value: Any) -> str | None:
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)


@dataclass(frozen=True, slots=True)
class Element:
    """An element of the chain (a row of ``elements.csv``)."""

    element_id: str
    role: str
    layer: int
    label_da: str
    label_en: str
    status: str
    since: int
    until: int
    part_of: str | None = None

    def label(self, lang: str = "en") -> str:
        """The element's label in ``lang`` (``"da"`` or ``"en"``)."""
        return self.label_da if lang == "da" else self.label_en


@dataclass(frozen=True, slots=True)
class Link:
    """A coupling between two elements (a row of ``links.csv``), with its sources."""

    link_id: str
    source: str
    target: str
    relation: str
    status: str
    strength: int | None
    since: int
    until: int
    basis: str | None
    note_da: str | None
    note_en: str | None
    sources: tuple[str, ...]
    since_text: str | None = None
    thread: str | None = None
    self_only: bool | None = None
    #: The coded status when the evidence is contested (a citation contradicts it); ``status`` is then
    #: ``unknown``, so the rules read both ways (codebook, "Contested evidence").
    contested_status: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A dated step of a vision process (a row of ``events.csv``) with the elements taking part."""

    event_id: str
    day: int
    kind: str
    participants: tuple[str, ...]


@dataclass(frozen=True)
class CompiledChain:
    """A case's elements and links with dates as day numbers, ready to be cut at any date."""

    case: str
    elements: dict[str, Element]
    links: tuple[Link, ...]
    artefact_types: dict[str, str]
    events: tuple[Event, ...] = ()

    def at(self, on: DateLike = None) -> ChainView:
        """The chain as it stood on ``on`` (None: all evidence, whatever its date)."""
        day = to_ordinal(on, end=True)
        if day is None:
            elements = self.elements
            links = self.links
        else:
            elements = {k: e for k, e in self.elements.items() if e.since <= day <= e.until}
            links = tuple(l for l in self.links if l.since <= day <= l.until
                          and l.source in elements and l.target in elements)
        return ChainView(self, day, elements, links)


class ChainView:
    """A read-only snapshot of a chain on one date: elements, links and adjacency lists.

    Attributes
    ----------
    chain : CompiledChain
    day : int or None
        The date as a day number (None: all evidence).
    elements : dict of str to Element
    links : tuple of Link
    out_links, in_links : dict of str to list of Link
    """

    __slots__ = ("chain", "day", "elements", "links", "out_links", "in_links", "_hubs", "_route_cache")

    def __init__(self, chain: CompiledChain, day: int | None, elements: dict[str, Element], links: tuple[Link, ...]):
        self.chain = chain
        self.day = day
        self.elements = elements
        self.links = links
        self.out_links: dict[str, list[Link]] = {k: [] for k in elements}
        self.in_links: dict[str, list[Link]] = {k: [] for k in elements}
        self._hubs: frozenset[str] | None = None
        self._route_cache: dict[Any, Any] = {}
        for link in links:
            self.out_links[link.source].append(link)
            self.in_links[link.target].append(link)

    @property
    def date(self) -> str | None:
        """The date as an ISO string, or None."""
        return None if self.day is None else dt.date.fromordinal(self.day).isoformat()

    def with_roles(self, roles: Iterable[str]) -> list[str]:
        """Ids of the elements whose role is one of ``roles`` (absent elements excluded)."""
        roles = set(roles)
        return [k for k, e in self.elements.items() if e.role in roles and e.status != "absent"]

    def on_record(self, roles: Iterable[str]) -> bool:
        """Whether some element of one of ``roles`` is on record on this date (present or a placeholder
        of status ``unknown``; an element coded ``absent`` is on record as missing, so it counts too)."""
        have = self._route_cache.get("roles")
        if have is None:
            have = self._route_cache["roles"] = frozenset(e.role for e in self.elements.values())
        return not have.isdisjoint(roles)

    @property
    def threads_coded(self) -> bool:
        """Whether any link on this date says what it carries (``links.thread``)."""
        if "threads" not in self._route_cache:
            self._route_cache["threads"] = any(l.thread for l in self.links)
        return self._route_cache["threads"]

    @property
    def hubs(self) -> frozenset[str]:
        """Elements whose links carry two or more different threads (``links.thread``) on this date:
        the shared instruments where a path must keep to its thread."""
        if self._hubs is None:
            seen: dict[str, set[str]] = {}
            for l in self.links:
                if l.thread:
                    seen.setdefault(l.source, set()).add(l.thread)
                    seen.setdefault(l.target, set()).add(l.thread)
            self._hubs = frozenset(k for k, t in seen.items() if len(t) > 1)
        return self._hubs

    def visions(self, artefact_types: Iterable[str] | None = ("vision",)) -> list[str]:
        """Ids of the visions identified on this date: elements of role ``vision``, and elements that
        stand for a vision record whose type is in ``artefact_types`` (None: every type).

        An element coded ``absent`` or ``unknown`` (a placeholder such as "vision (not found)") is
        not a vision identified: the rules read such a date as having no vision (``not_applicable``).
        """
        key = ("visions", None if artefact_types is None else tuple(artefact_types))
        if key in self._route_cache:
            return list(self._route_cache[key])
        types = None if artefact_types is None else set(artefact_types)
        out = []
        for k, e in self.elements.items():
            if e.status != "present":
                continue
            kind = self.chain.artefact_types.get(k)
            if (e.role == "vision" and (types is None or "vision" in types)) or (
                    kind is not None and (types is None or kind in types)):
                out.append(k)
        self._route_cache[key] = tuple(out)
        return out

    def __repr__(self) -> str:
        return f"<ChainView {self.chain.case} on {self.date or 'all dates'}: {len(self.elements)} elements, {len(self.links)} links>"


_COMPILED: weakref.WeakKeyDictionary[Any, CompiledChain] = weakref.WeakKeyDictionary()


def compile_chain(case: Case) -> CompiledChain:
    """Compile a case's elements and links once (cached per Case object).

    A Case's tables are treated as read-only; to change a case, build a new Case (as the what-if
    editor does).
    """
    cached = _COMPILED.get(case)
    if cached is not None:
        return cached
    sources: dict[str, list[str]] = {}
    cit = case.citations
    for lid, sid in zip(cit["link_id"].tolist(), cit["source_id"].tolist()):
        if lid is not pd.NA and lid is not None:
            sources.setdefault(lid, []).append(sid)
    perspective = dict(zip(case.sources["source_id"].tolist(), case.sources["perspective"].tolist()))
    elements = {}
    has_part_of = "part_of" in case.elements.columns
    for r in case.elements.itertuples(index=False):
        since, until = _opt(r.since), _opt(r.until)
        elements[r.element_id] = Element(
            r.element_id, r.role, LAYER_OF_ROLE[r.role], r.label_da, r.label_en, r.status,
            to_ordinal(since, end=False) if since else _FAR_PAST, to_ordinal(until) if until else _FAR_FUTURE,
            _opt(r.part_of) if has_part_of else None)
    links = []
    # the thread a link carries: ``links.thread`` (data model v2); a table without it has no threads coded
    thread_col = "thread" if "thread" in case.links.columns else None
    has_self_only = "self_only" in case.links.columns
    has_contested = "contested" in case.links.columns
    for r in case.links.itertuples(index=False):
        since, until = _opt(r.since), _opt(r.until)
        strength = None if r.strength is pd.NA else int(r.strength)
        status, contested_status = r.status, None
        if has_contested and r.contested is not pd.NA and bool(r.contested) and r.status != "unknown":
            # contested evidence decides nothing: the rules read the link both ways, as unknown
            status, contested_status, strength = "unknown", r.status, None
        srcs = tuple(dict.fromkeys(sources.get(r.link_id, ())))
        if has_self_only:
            flag = getattr(r, "self_only")
            self_only = None if flag is pd.NA or flag is None else bool(flag)
        else:
            self_only = all(perspective.get(s) == "self" for s in srcs) if srcs else None
        links.append(Link(
            r.link_id, r.source, r.target, r.relation, status, strength,
            to_ordinal(since, end=False) if since else _FAR_PAST, to_ordinal(until) if until else _FAR_FUTURE,
            _opt(r.basis), _opt(r.note_da), _opt(r.note_en), srcs, since,
            _opt(getattr(r, thread_col)) if thread_col else None, self_only, contested_status))
    artefacts = {str(e): str(t) for e, t in zip(case.visions["element_id"].tolist(), case.visions["type"].tolist())}
    who: dict[str, list[str]] = {}
    for eid, el in zip(case.participants["event_id"].tolist(), case.participants["element_id"].tolist()):
        who.setdefault(str(eid), []).append(str(el))
    events = tuple(Event(str(r.event_id), to_ordinal(str(r.date), end=False), str(r.kind), tuple(who.get(str(r.event_id), ())))
                   for r in case.events.itertuples(index=False) if _opt(r.date))
    compiled = CompiledChain(case.name, elements, tuple(links), artefacts, events)
    _COMPILED[case] = compiled
    return compiled


_OFFSET = re.compile(r"^([a-z0-9][a-z0-9_]*)\+([0-9]{1,3})([my])$")


def milestone_date(case: Case, name: str) -> str | None:
    """The date of a named milestone of ``case``, or None when the case lacks it.

    A name may carry an offset, ``"<milestone>+<n>m"`` (months) or ``"+<n>y"`` (years), counted from
    the milestone's last day: ``"vision_adopted+12m"`` asks how the chain stood a budget cycle after
    the vision was adopted, once the settling period is over — a question that is the same for every
    case, whatever its calendar.

    Examples
    --------
    >>> import kaede
    >>> case = kaede.make_case([("council", "council")], [], milestones={"vision_adopted": "2012-06-27"})
    >>> milestone_date(case, "vision_adopted+12m"), milestone_date(case, "vision_adopted+1y")
    ('2013-06-27', '2013-06-27')
    >>> milestone_date(kaede.make_case([("council", "council")], [], milestones={"m": "2012-01-31"}), "m+1m")
    '2012-02-29'
    >>> milestone_date(case, "talk") is None
    True
    """
    if name in case.milestones:
        return case.milestones[name]
    match = _OFFSET.match(name)
    if not match or match.group(1) not in case.milestones:
        return None
    base = dt.date.fromordinal(to_ordinal(case.milestones[match.group(1)]))
    months = int(match.group(2)) * (12 if match.group(3) == "y" else 1)
    year, month = divmod(base.month - 1 + months, 12)
    year += base.year
    last = (dt.date(year + (month == 11), (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(base.day, last)).isoformat()


class MilestoneNotFoundError(LookupError, ValueError):
    """A milestone was asked of a case that lacks it.

    The message names the case, the milestone asked for and the milestones the case has.

    Attributes
    ----------
    case : str
        The case name.
    milestone : str
        The name asked for (with its offset, if any).
    milestones : dict of str to str
        The case's milestones and their dates.
    """

    def __init__(self, case: Case, milestone: str):
        self.case, self.milestone, self.milestones = str(case.name), milestone, dict(case.milestones)
        base = _OFFSET.match(milestone)
        asked = (f"no milestone {base.group(1)!r} (asked for {milestone!r})" if base and base.group(1) != milestone
                 else f"no milestone {milestone!r}")
        has = (", ".join(f"{k} ({v})" for k, v in self.milestones.items()) if self.milestones else "none")
        title = f" ({case.title})" if case.title != self.case else ""
        super().__init__(f"case {self.case!r}{title} has {asked}; its milestones: {has}. Expected one of "
                         "them (an offset such as '+12m' may follow), or a date YYYY, YYYY-MM or YYYY-MM-DD")

    def __str__(self) -> str:  # LookupError would show the message quoted
        return str(self.args[0])


def resolve_date(case: Case, on: DateLike) -> DateLike:
    """A milestone name of the case (``"talk"``, or with an offset, ``"vision_adopted+12m"``) becomes its
    date; a date (partial ISO string, date, Timestamp) or None is returned as is.

    Raises
    ------
    MilestoneNotFoundError
        If ``on`` is a name (a string that is not shaped as a date) the case has no milestone for;
        the message names the case, the milestone and the milestones the case has. Every picture
        and view of one date (``chain_view``, ``chain_graph``, ``plot_chain``, ``plot_focus``,
        ``focus_png``, the widgets) resolves its date here.

    Examples
    --------
    >>> import kaede
    >>> resolve_date(kaede.load_case("hoersholm"), "talk")
    '2012-10-08'
    >>> case = kaede.make_case([("council", "council")], [], milestones={"vision_adopted": "2012-06-27"})
    >>> resolve_date(case, "talk")
    Traceback (most recent call last):
    ...
    kaede.model.chain.MilestoneNotFoundError: case 'synthetic' has no milestone 'talk'; its milestones: vision_adopted (2012-06-27). Expected one of them (an offset such as '+12m' may follow), or a date YYYY, YYYY-MM or YYYY-MM-DD
    """
    if isinstance(on, str):
        named = milestone_date(case, on)
        if named is not None:
            return named
        if not _DATE_SHAPE.match(on):
            raise MilestoneNotFoundError(case, on)
    return on


#: A string shaped as a date (digits and dashes): read as a date, never as a milestone name.
_DATE_SHAPE = re.compile(r"[0-9]{1,4}(-[0-9]{1,2}){0,2}\Z")


def chain_view(case: Case, on: DateLike = None) -> ChainView:
    """The compact snapshot of ``case`` on ``on`` (a date or a milestone name) that the rules work on."""
    return compile_chain(case).at(resolve_date(case, on))


def chain_graph(case: Case, on: DateLike = None) -> nx.DiGraph:
    """Build the governance chain of a case as a networkx directed graph.

    Parameters
    ----------
    case : Case
    on : str, date or None
        The date to look at (a partial ISO date means its last day), or a milestone name of the
        case (``"talk"``). Elements and links first evidenced after it, or ended before it, are
        left out. None: all evidence.

    Returns
    -------
    networkx.DiGraph
        Nodes are element ids with attributes ``role``, ``layer``, ``label_da``, ``label_en``,
        ``status``. Edges carry the link's ``link_id``, ``relation``, ``status``, ``strength``,
        ``since``, ``basis``, ``sources``, ``note_en`` and ``note_da``. Where two links join the same
        pair, the edge shows the best-evidenced one (present > unknown > absent, then the
        strongest) and ``links`` lists all their ids. ``graph`` attributes: ``case``, ``date``.

    Examples
    --------
    >>> import kaede
    >>> case = kaede.load_case("hoersholm")
    >>> before, after = kaede.chain_graph(case, on="2012-10-08"), kaede.chain_graph(case)
    >>> before.number_of_edges() < after.number_of_edges()
    True
    """
    import networkx as nx

    view = chain_view(case, on)
    g = nx.DiGraph(case=case.name, date=view.date)
    for k, e in view.elements.items():
        g.add_node(k, role=e.role, layer=e.layer, label_da=e.label_da, label_en=e.label_en, status=e.status)
    for link in view.links:
        attrs = {"link_id": link.link_id, "relation": link.relation, "status": link.status,
                 "strength": link.strength, "since": link.since_text, "basis": link.basis,
                 "sources": link.sources, "note_en": link.note_en, "note_da": link.note_da,
                 "thread": link.thread}
        if g.has_edge(link.source, link.target):
            old = g.edges[link.source, link.target]
            ids = old["links"] + (link.link_id,)
            if (_STATUS_RANK[link.status], link.strength or 0) > (_STATUS_RANK[old["status"]], old["strength"] or 0):
                old.update(attrs)
            old["links"] = ids
        else:
            g.add_edge(link.source, link.target, links=(link.link_id,), **attrs)
    return g
