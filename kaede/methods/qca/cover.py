"""Exact minimal covers of a prime-implicant chart: the minimal model size and every tied model.

A model is a set of prime implicants that together cover every positive row; a *minimal* model uses as
few implicants as possible. R's QCA finds the minimum by integer programming (lpSolve) and then tries every
combination of that many implicants. Here:

1. the **minimum** is found by branch and bound on the chart reduced by implicant dominance (an implicant
   whose rows another implicant also covers cannot make a cover smaller), with Lagrangian lower bounds
   (subgradient steps on the covering constraints) and a greedy cover as the first upper bound;
2. **every cover of that size** on the full chart is enumerated by branch and bound on the row with the
   fewest implicants left, each cover exactly once (branch *i* forbids the implicants of branches
   1 … *i*−1), pruned by the same bounds.

Ties can explode on noisy data. The enumeration stops at ``max_models`` models or ``max_nodes`` search
nodes; the result then says so (``complete=False``) and the caller warns. The minimum itself is always
exact: if it cannot be proven within ``max_nodes`` an error says so.

Examples
--------
>>> import numpy as np
>>> chart = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1], [0, 0, 1]], dtype=bool)
>>> minimal_covers(chart)
CoverResult(size=2, models=[(0, 1), (0, 2), (0, 3), (1, 2)], complete=True)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .expressions import QCAError

__all__ = ["CoverResult", "minimal_covers", "minimum_size", "MAX_MODELS", "MAX_NODES"]

#: Default limits of the enumeration of tied models.
MAX_MODELS = 1000
MAX_NODES = 100_000


@dataclass
class CoverResult:
    """``size``: the minimal number of implicants; ``models``: tuples of implicant indices, sorted;
    ``complete``: False if the enumeration stopped at a limit (the list is then a subset)."""

    size: int
    models: list[tuple[int, ...]]
    complete: bool


class _Budget(Exception):
    pass


def _lagrangian(A: np.ndarray, u: np.ndarray, target: float, iters: int,
                stop: float = float("inf")) -> tuple[float, np.ndarray]:
    """A lower bound on the size of a cover of the rows of ``A`` (rows × implicants, 0/1 floats):
    max over a few subgradient steps of L(u) = Σu + Σ min(0, 1 − Aᵀu), u ≥ 0 (warm-started). Returns as
    soon as the bound exceeds ``stop`` (enough to prune)."""
    best = 0.0
    lam = 1.0
    for _ in range(iters):
        red = 1.0 - A.T @ u
        neg = red < 0
        L = float(u.sum() + red[neg].sum())
        if L > best:
            best = L
            if best > stop:
                break
        g = 1.0 - A @ neg.astype(float)
        gg = float(g @ g)
        if gg == 0.0:
            break
        u = np.maximum(0.0, u + lam * max(target - L, 0.1) / gg * g)
        lam *= 0.92
    return best, u


def _dominance_core(C: np.ndarray) -> np.ndarray:
    """Indices of implicants not dominated by another (ties: the first is kept)."""
    Ci = C.astype(np.float32)
    inter = Ci @ Ci.T
    size = C.sum(axis=1).astype(np.float32)
    sub = inter == size[:, None]  # sub[i, j]: rows of i ⊆ rows of j
    np.fill_diagonal(sub, False)
    idx = np.arange(len(C))
    bigger = size[None, :] > size[:, None]
    equal_earlier = (size[None, :] == size[:, None]) & (idx[None, :] < idx[:, None])
    dominated = (sub & (bigger | equal_earlier)).any(axis=1)
    return np.nonzero(~dominated)[0]


def minimum_size(chart: np.ndarray, *, max_nodes: int = MAX_NODES) -> int:
    """The size of a minimum cover of ``chart`` (implicants × rows, bool), proven exactly."""
    C = np.asarray(chart, dtype=bool)
    C = C[_dominance_core(C)]
    A0 = C.T.astype(float)
    R = np.ones(C.shape[1], dtype=bool)
    k = 0
    while R.any():  # greedy upper bound
        p = int(A0[R].sum(axis=0).argmax())
        R &= ~C[p]
        k += 1
    best = [k]
    nodes = [0]

    def bb(R: np.ndarray, allowed: np.ndarray, k: int, u: np.ndarray) -> None:
        nodes[0] += 1
        if nodes[0] > max_nodes:
            raise QCAError(f"the prime-implicant chart is too complex to prove its minimum within "
                           f"max_nodes={max_nodes}; raise max_nodes")
        if not R.any():
            best[0] = min(best[0], k)
            return
        if k + 1 >= best[0]:
            return
        A = A0[R][:, allowed]
        deg = A.sum(axis=1)
        if (deg == 0).any():
            return
        lb, u2 = _lagrangian(A, u[R], best[0] - k, 30, stop=best[0] - k - 1 + 1e-6)
        if k + np.ceil(lb - 1e-6) >= best[0]:
            return
        uu = u.copy()
        uu[R] = u2
        r = np.nonzero(R)[0][int(deg.argmin())]
        cands = np.nonzero(allowed & C[:, r])[0]
        cands = cands[np.argsort(-C[cands][:, R].sum(axis=1), kind="stable")]
        al = allowed.copy()
        for p in cands:
            bb(R & ~C[p], al.copy(), k + 1, uu)
            al[p] = False

    bb(np.ones(C.shape[1], dtype=bool), np.ones(len(C), dtype=bool), 0, np.zeros(C.shape[1]))
    return best[0]


def minimal_covers(chart: np.ndarray, *, max_models: int = MAX_MODELS, max_nodes: int = MAX_NODES) -> CoverResult:
    """Every minimum-cardinality cover of ``chart`` (implicants × rows, bool), up to the limits."""
    C = np.asarray(chart, dtype=bool)
    m, r = C.shape
    if r == 0:
        return CoverResult(0, [()], True)
    if not C.any(axis=0).all():
        raise QCAError("the prime-implicant chart cannot be solved: a positive row has no implicant")
    t = minimum_size(C, max_nodes=max_nodes)
    # essential implicants: the only cover of some row
    single = C.sum(axis=0) == 1
    ess = sorted({int(np.nonzero(C[:, j])[0][0]) for j in np.nonzero(single)[0]})
    R0 = np.ones(r, dtype=bool)
    for i in ess:
        R0 &= ~C[i]
    A0 = C.T.astype(float)
    models: list[tuple[int, ...]] = []
    nodes = [0]
    limit = max_models + 1

    def search(R: np.ndarray, left: int, allowed: np.ndarray, chosen: list[int], u: np.ndarray) -> None:
        nodes[0] += 1
        if nodes[0] > max_nodes:
            raise _Budget
        if not R.any():
            models.append(tuple(chosen))
            if len(models) >= limit:
                raise _Budget
            return
        if left == 0:
            return
        sub = A0[R]
        cols = allowed & (sub.sum(axis=0) > 0)
        A = sub[:, cols]
        deg = A.sum(axis=1)
        if (deg == 0).any():
            return
        uu = u
        nR = A.shape[0]
        if left == 1:
            if not (A.sum(axis=0) == nR).any():
                return
        elif A.sum(axis=0).max() * left < nR:
            return
        else:
            lb, u2 = _lagrangian(A, u[R], left, 30, stop=left + 1e-6)
            if np.ceil(lb - 1e-6) > left:
                return
            uu = u.copy()
            uu[R] = u2
        j = np.nonzero(R)[0][int(deg.argmin())]
        cands = np.nonzero(allowed & C[:, j])[0]
        al = allowed.copy()
        for i in cands:
            chosen.append(int(i))
            search(R & ~C[i], left - 1, al.copy(), chosen, uu)
            chosen.pop()
            al[i] = False

    complete = True
    allowed = np.ones(m, dtype=bool)
    allowed[ess] = False
    try:
        search(R0, t - len(ess), allowed, [], np.zeros(r))
    except _Budget:
        complete = False
    models = models[:max_models]
    out = sorted({tuple(sorted(ess + list(mo))) for mo in models})
    return CoverResult(t, out, complete)
