"""Prime implicants of a truth table, level by level (the method of R's QCA "CCubes").

For each number of literals ``k`` and each set ``S`` of ``k`` conditions, the positive rows are projected
onto ``S``; a projected value is an *implicant* when no negative row shares it (parsimonious search:
remainders are free) or when every configuration with that value is positive (conservative search:
the same prime implicants Quine–McCluskey gives without remainders). An implicant is *prime* when
dropping any one of its literals no longer gives an implicant. Everything is vectorised per ``S`` on
integer codes of the configurations (mixed radix), so the cost grows with the number of condition
subsets and the number of observed rows, not with the size of the full configuration space.

Examples
--------
>>> import numpy as np
>>> pos = np.array([[1, 1, 1], [1, 1, 0]])
>>> neg = np.array([[0, 0, 0], [0, 1, 1]])
>>> pis, chart = prime_implicants(pos, neg, np.array([2, 2, 2]))
>>> pis.tolist()
[[2, 0, 0], [0, 2, 1]]
"""
from __future__ import annotations

from itertools import combinations

import numpy as np

from .expressions import QCAError
from .truthtable import mixed_base

__all__ = ["prime_implicants", "sorted_implicants", "r_order"]


def _codes(rows: np.ndarray, cols: tuple[int, ...], levels: np.ndarray) -> np.ndarray:
    return rows[:, cols] @ mixed_base(levels[list(cols)])


def prime_implicants(pos: np.ndarray, neg: np.ndarray | None, levels: np.ndarray, *,
                     r_stop: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """All prime implicants that cover at least one positive row.

    Parameters
    ----------
    pos : (p, n) int array
        Positive configurations (values); they must be distinct.
    neg : (q, n) int array, or None
        Configurations an implicant may not cover. ``None`` means every configuration not in
        ``pos`` (no remainders used: the conservative search).
    levels : (n,) int array
    r_stop : bool
        Stop as R's CCubes does: once the implicants found cover every positive row, two levels in a
        row without a new prime implicant end the search.

    Returns
    -------
    implicants : (m, n) int array of coded terms (0 absent, value + 1), in R's order (:func:`sort_key`)
    chart : (m, p) bool array, which positive rows each implicant covers
    """
    pos = np.asarray(pos, dtype=np.int64)
    n = pos.shape[1]
    levels = np.asarray(levels, dtype=np.int64)
    p = pos.shape[0]
    exact = neg is None
    if not exact:
        neg = np.asarray(neg, dtype=np.int64).reshape(-1, n)
    if p == 0:
        raise QCAError("nothing to explain: no truth-table row has OUT = 1")
    total = int(np.prod(levels))
    if (exact and p == total) or (not exact and neg.shape[0] == 0):
        raise QCAError("every configuration is positive or a remainder: all conditions minimise away "
                       "(the empty term); check the truth table and its cut-offs")
    found_terms: list[np.ndarray] = []
    found_chart: list[np.ndarray] = []
    prev: dict[tuple[int, ...], np.ndarray] = {(): np.array([], dtype=np.int64)}
    covered = np.zeros(p, dtype=bool)
    counter = 0
    for k in range(1, n + 1):
        cur: dict[tuple[int, ...], np.ndarray] = {}
        found_k = False
        for S in combinations(range(n), k):
            pc = _codes(pos, S, levels)
            uniq, first, counts = np.unique(pc, return_index=True, return_counts=True)
            if exact:
                rest = int(np.prod(levels[[j for j in range(n) if j not in S]])) if k < n else 1
                ok = counts == rest
            else:
                ok = ~np.isin(uniq, _codes(neg, S, levels))
            impl = uniq[ok]
            cur[S] = impl
            if impl.size == 0:
                continue
            reps = pos[first[ok]]
            prime = np.ones(impl.size, dtype=bool)
            if k > 1:
                for j in S:
                    sub = tuple(c for c in S if c != j)
                    prime &= ~np.isin(_codes(reps, sub, levels), prev[sub])
            if not prime.any():
                continue
            found_k = True
            terms = np.zeros((int(prime.sum()), n), dtype=np.int64)
            terms[:, list(S)] = reps[prime][:, list(S)] + 1
            chart = pc[None, :] == impl[prime][:, None]
            found_terms.append(terms)
            found_chart.append(chart)
            covered |= chart.any(axis=0)
        prev = cur
        if r_stop and covered.all():
            counter = 0 if found_k else counter + 1
            if counter > 1:
                break
    terms = np.vstack(found_terms)
    chart = np.vstack(found_chart)
    return sorted_implicants(terms, chart)


def r_order(terms: np.ndarray) -> np.ndarray:
    """The order in which R's QCA (``sort_cols`` / ``sort_matrix``) lists implicants.

    From the last condition to the first: a stable sort by decreasing value, then an increasing
    stable sort of the implicants that hold the condition — all but the last one when every implicant
    holds it (R's loop stops one short there) — and finally a stable sort by number of literals. Where
    R's result depends on the order its search found the implicants in, kaede's search order is used.
    """
    terms = np.asarray(terms)
    n = len(terms)
    idx = np.arange(n)
    for i in range(terms.shape[1] - 1, -1, -1):
        idx = idx[np.argsort(-terms[idx, i], kind="stable")]
        z = int((terms[idx, i] != 0).sum())
        if z == n:
            z = n - 1
        if z > 1:
            idx[:z] = idx[:z][np.argsort(terms[idx[:z], i], kind="stable")]
    nlit = (terms[idx] > 0).sum(axis=1)
    return idx[np.argsort(nlit, kind="stable")]


def sorted_implicants(terms: np.ndarray, chart: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort implicants (and their chart rows) into R's order (:func:`r_order`)."""
    order = r_order(terms)
    return terms[order], chart[order]
