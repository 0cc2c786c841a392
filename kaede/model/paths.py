"""Path search over a chain with three-valued links (present / unknown / absent), keeping to a thread.

A link *couples* when it is present with at least the required strength (cost 0). An unknown link
*may* couple (cost 1). An absent link, or a present link weaker than required, does not couple.
A 0-1 breadth-first search (or, where the start elements carry costs of their own, a Dijkstra
search) then finds in one pass whether a coupling path exists on the evidence alone (cost 0), only
if some unknown links are present (cost > 0; the path with the fewest unknown links is returned —
the evidence to look for next), or not at all.

Threads
-------
A link may say which thread it carries (``links.thread``: the vision, or one of its themes). A path
remembers its thread: it starts with the vision or theme it starts from, and a link that carries a
thread narrows it. Through a *shared instrument* — an element whose links carry two or more
different threads on that date (:attr:`~kaede.model.chain.ChainView.hubs`) — a path continues only
along a link that carries the same thread (or one of its parts, ``elements.part_of``); a link whose
thread is not coded counts as unknown there (cost 1). Away from shared instruments an uncoded thread
reads as the same thread, so chains coded before threads existed keep their verdicts.

Examples
--------
>>> import kaede
>>> from kaede.model.chain import chain_view
>>> view = chain_view(kaede.load_case("furesoe"))
>>> res = search(view, view.with_roles(["council"]), min_strength=1)
>>> res.cost["council"]
0
"""
from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .chain import ChainView, Link


def link_cost(link: Link, min_strength: int) -> int | None:
    """0 if the link couples, 1 if it is unknown, None if it does not couple.

    Examples
    --------
    >>> from kaede.model.chain import Link
    >>> l = Link("l", "a", "b", "owns", "present", 1, 0, 0, None, None, None, ())
    >>> link_cost(l, 1), link_cost(l, 2)
    (0, None)
    """
    if link.status == "present":
        return 0 if (link.strength or 0) >= min_strength else None
    if link.status == "unknown":
        return 1
    return None


def _ancestors(view: ChainView, node: str | None) -> list[str]:
    out = []
    seen = set()
    while node and node not in seen:
        seen.add(node)
        out.append(node)
        e = view.chain.elements.get(node)
        node = e.part_of if e is not None else None
    return out


def thread_step(view: ChainView, node: str, thread: str | None, link: Link) -> tuple[int, str | None] | None:
    """The extra cost and the new thread of a path carrying ``thread`` that leaves ``node`` by ``link``.

    None if the link carries another thread than the path at a shared instrument (or anywhere, when
    both threads are coded and unrelated).

    Examples
    --------
    >>> import kaede
    >>> from kaede.model.chain import chain_view
    >>> view = chain_view(kaede.make_case([("v", "vision"), ("b", "budget")], [("v", "b", "funds", "present", 2)]))
    >>> thread_step(view, "v", "v", view.links[0])
    (0, 'v')
    """
    c = link.thread
    if c is None:
        if thread is not None and node in view.hubs:
            return 1, thread
        return 0, thread
    if thread is None or c == thread:
        return 0, c
    if thread in _ancestors(view, c):  # the link carries a part of the path's thread
        return 0, c
    if c in _ancestors(view, thread):  # the link carries the whole the path's thread is part of
        return 0, thread
    return None


State = tuple[str, int, "str | None"]


@dataclass
class SearchResult:
    """Cheapest costs from the start elements, with the links that reach each state.

    ``cost`` maps element id to the fewest unknown links on a path to it (any phase or thread);
    ``state_cost`` and ``parent`` are kept per (element, phase, thread) state.
    """

    state_cost: dict[State, int] = field(default_factory=dict)
    parent: dict[State, tuple[State, Link] | None] = field(default_factory=dict)
    blocked: list[Link] = field(default_factory=list)

    @property
    def cost(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for state, c in self.state_cost.items():
            node = state[0]
            if node not in out or c < out[node]:
                out[node] = c
        return out

    def path_to(self, state: State) -> list[Link]:
        """The links on the cheapest path to ``state``, from the start onwards."""
        links = []
        step = self.parent.get(state)
        while step is not None:
            state, link = step
            links.append(link)
            step = self.parent.get(state)
        return links[::-1]

    def best(self, goal: Callable[[State], bool]) -> tuple[int | None, State | None]:
        """The cheapest reached state satisfying ``goal``, with its cost (None, None if none)."""
        best: tuple[int | None, State | None] = (None, None)
        for state, c in self.state_cost.items():
            if goal(state) and (best[0] is None or c < best[0]):
                best = (c, state)
        return best


#: A move a search may make besides following a link downstream: (link, next element, new phase).
Extra = Callable[[str, int], Iterable[tuple[Link, str, int]]]


def search(view: ChainView, starts: Iterable[str] | Mapping[str, int], *, min_strength: int = 1,
           phase: Callable[[str, int], int] | None = None,
           follow: Callable[[Link], bool] | None = None,
           undirected: bool = False,
           strength_for: Callable[[Link], int] | None = None,
           extra: Extra | None = None,
           threads: bool = True,
           avoid: frozenset[str] | set[str] = frozenset()) -> SearchResult:
    """Search from ``starts`` along coupling links.

    Parameters
    ----------
    view : ChainView
    starts : iterable of str, or mapping of str to int
        Element ids to start from (cost 0), or with a starting cost each.
    min_strength : int
        The strength a present link needs to couple.
    phase : callable, optional
        ``phase(element_id, current_phase) -> new_phase``: lets a path remember that it passed
        a kind of element (e.g. an instrument). Default: one phase, 0.
    follow : callable, optional
        Which links may be used at all (default: every link).
    undirected : bool
        Follow links against their direction too.
    strength_for : callable, optional
        ``strength_for(link)``: the strength this link needs (default ``min_strength``).
    extra : callable, optional
        ``extra(element_id, phase)`` yields further moves ``(link, next_element, new_phase)``, e.g. a
        link followed against its direction in one particular sense.
    threads : bool
        Keep each path to its thread (see the module docstring).
    avoid : set of str
        Elements a path may not enter (e.g. citizens: context, never part of a route).

    Returns
    -------
    SearchResult
        ``blocked`` lists the links leaving reached elements that do not couple (absent or too
        weak): the evidence that the chain comes off there.
    """
    res = SearchResult()
    step = phase or (lambda node, p: p)
    use_threads = threads and view.threads_coded
    start_costs = dict(starts) if isinstance(starts, Mapping) else {s: 0 for s in starts}
    # 0-1 BFS needs every step to cost 0 or 1; a thread at a shared instrument can add one more
    uniform = all(c == 0 for c in start_costs.values()) and not (use_threads and view.hubs)
    heap: list[tuple[int, int, State]] = []
    dq: deque[State] = deque()
    counter = 0
    state_cost, parent = res.state_cost, res.parent
    for s, c0 in start_costs.items():
        if s in view.elements:
            e = view.elements[s]
            st = (s, step(s, 0), s if use_threads and e.role in ("vision", "theme", "policy") else None)
            if st not in state_cost or c0 < state_cost[st]:
                state_cost[st] = c0
                parent[st] = None
                if uniform:
                    dq.append(st)
                else:
                    heapq.heappush(heap, (c0, counter, st))
                    counter += 1
    done: set[State] = set()
    blocked: dict[str, Link] = {}
    hubs = view.hubs if use_threads else frozenset()
    out_links, in_links = view.out_links, view.in_links
    while dq or heap:
        st = dq.popleft() if uniform else heapq.heappop(heap)[2]
        if st in done:
            continue
        done.add(st)
        node, ph, thread = st
        c0 = state_cost[st]
        moves: Iterable[tuple[Link, str, int | None]]
        if undirected or extra is not None:
            moves = [(l, l.target, None) for l in out_links[node]]
            if undirected:
                moves += [(l, l.source, None) for l in in_links[node]]
            if extra is not None:
                moves += list(extra(node, ph))
        else:
            moves = [(l, l.target, None) for l in out_links[node]]
        for link, nxt, forced in moves:
            if nxt in avoid or (follow is not None and not follow(link)):
                continue
            status = link.status
            if status == "present":
                c = 0 if (link.strength or 0) >= (min_strength if strength_for is None else strength_for(link)) else None
            elif status == "unknown":
                c = 1
            else:
                c = None
            if c is None:
                blocked[link.link_id] = link
                continue
            new_thread = thread
            if use_threads and (link.thread is not None or (thread is not None and node in hubs)):
                t = thread_step(view, node, thread, link)
                if t is None:
                    blocked[link.link_id] = link
                    continue
                c += t[0]
                new_thread = t[1]
            new = (nxt, step(nxt, ph) if forced is None else forced, new_thread)
            nc = c0 + c
            old = state_cost.get(new)
            if old is None or nc < old:
                state_cost[new] = nc
                parent[new] = (st, link)
                if not uniform:
                    heapq.heappush(heap, (nc, counter, new))
                    counter += 1
                elif c == 0:
                    dq.appendleft(new)
                else:
                    dq.append(new)
    res.blocked = list(blocked.values())
    return res
