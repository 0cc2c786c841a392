"""Path search over a chain with three-valued links (present / unknown / absent).

A link *couples* when it is present with at least the required strength (cost 0). An unknown link
*may* couple (cost 1). An absent link, or a present link weaker than required, does not couple.
A 0-1 breadth-first search then finds, in one pass, whether a coupling path exists on the
evidence alone (cost 0), only if some unknown links are present (cost > 0; the path with the fewest
unknown links is returned — the evidence to look for next), or not at all.

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

from collections import deque
from collections.abc import Callable, Iterable
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


State = tuple[str, int]


@dataclass
class SearchResult:
    """Cheapest costs from the start elements, with the links that reach each state.

    ``cost`` maps element id to the fewest unknown links on a path to it (any phase);
    ``state_cost`` and ``parent`` are kept per (element, phase) state.
    """

    state_cost: dict[State, int] = field(default_factory=dict)
    parent: dict[State, tuple[State, Link] | None] = field(default_factory=dict)
    blocked: list[Link] = field(default_factory=list)

    @property
    def cost(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for (node, _), c in self.state_cost.items():
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


def search(view: ChainView, starts: Iterable[str], *, min_strength: int = 1,
           phase: Callable[[str, int], int] | None = None,
           follow: Callable[[Link], bool] | None = None,
           undirected: bool = False) -> SearchResult:
    """0-1 BFS from ``starts`` along coupling links.

    Parameters
    ----------
    view : ChainView
    starts : iterable of str
        Element ids to start from (cost 0).
    min_strength : int
        The strength a present link needs to couple.
    phase : callable, optional
        ``phase(element_id, current_phase) -> new_phase``: lets a path remember that it passed
        a kind of element (e.g. an instrument). Default: one phase, 0.
    follow : callable, optional
        Which links may be used at all (default: every link).
    undirected : bool
        Follow links against their direction too.

    Returns
    -------
    SearchResult
        ``blocked`` lists the links leaving reached elements that do not couple (absent or too
        weak): the evidence that the chain comes off there.
    """
    res = SearchResult()
    dq: deque[State] = deque()
    step = phase or (lambda node, p: p)
    for s in starts:
        if s in view.elements:
            st = (s, step(s, 0))
            if st not in res.state_cost:
                res.state_cost[st] = 0
                res.parent[st] = None
                dq.append(st)
    done: set[State] = set()
    blocked: dict[str, Link] = {}
    while dq:
        st = dq.popleft()
        if st in done:
            continue
        done.add(st)
        node, ph = st
        c0 = res.state_cost[st]
        candidates = [(l, l.target) for l in view.out_links[node]]
        if undirected:
            candidates += [(l, l.source) for l in view.in_links[node]]
        for link, nxt in candidates:
            if follow is not None and not follow(link):
                continue
            c = link_cost(link, min_strength)
            if c is None:
                blocked[link.link_id] = link
                continue
            new = (nxt, step(nxt, ph))
            nc = c0 + c
            if new not in res.state_cost or nc < res.state_cost[new]:
                res.state_cost[new] = nc
                res.parent[new] = (st, link)
                if c == 0:
                    dq.appendleft(new)
                else:
                    dq.append(new)
    res.blocked = list(blocked.values())
    return res
