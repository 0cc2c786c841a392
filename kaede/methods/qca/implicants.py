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

import numpy as np

from .expressions import QCAError
from .truthtable import all_configurations, mixed_base

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
        Keep only the implicants R's CCubes search reaches: it goes level by level (number of literals)
        and, once the implicants found cover every positive row, stops after two levels in a row
        without a new prime implicant.

    Returns
    -------
    implicants : (m, n) int array of coded terms (0 absent, value + 1), in R's order (:func:`r_order`)
    chart : (m, p) bool array, which positive rows each implicant covers
    """
    pos = np.asarray(pos, dtype=np.int64)
    n = pos.shape[1]
    levels = np.asarray(levels, dtype=np.int64)
    p = pos.shape[0]
    if p == 0:
        raise QCAError("nothing to explain: no truth-table row has OUT = 1")
    exact = neg is None
    if exact:
        total = int(np.prod(levels))
        if p == total:
            raise QCAError("every configuration is positive: all conditions minimise away (the empty term); "
                           "check the truth table and its cut-offs")
        # the conservative search: everything that is not positive is negative
        base = mixed_base(levels)
        present = np.zeros(total, dtype=bool)
        present[pos @ base] = True
        neg = all_configurations(levels)[~present]
    else:
        neg = np.asarray(neg, dtype=np.int64).reshape(-1, n)
        if neg.shape[0] == 0:
            raise QCAError("every configuration is positive or a remainder: all conditions minimise away "
                           "(the empty term); check the truth table and its cut-offs")
    # bitsets over positive and negative rows for every literal (condition j takes value v)
    def masks(rows: np.ndarray) -> list[list[int]]:
        out = []
        for j in range(n):
            col = []
            for v in range(int(levels[j])):
                bits = np.packbits(rows[:, j] == v, bitorder="little")
                col.append(int.from_bytes(bits.tobytes(), "little"))
            out.append(col)
        return out

    P, N = masks(pos), masks(neg)
    all_p, all_n = (1 << p) - 1, (1 << neg.shape[0]) - 1
    found: list[tuple[tuple[tuple[int, int], ...], int]] = []

    def is_prime(lits: list[tuple[int, int]]) -> bool:
        k = len(lits)
        if k == 1:
            return True  # the empty term covers a negative row
        pre = [all_n] * (k + 1)
        for i, (j, v) in enumerate(lits):
            pre[i + 1] = pre[i] & N[j][v]
        suf = all_n
        for i in range(k - 1, -1, -1):
            if pre[i] & suf == 0:
                return False
            j, v = lits[i]
            suf &= N[j][v]
        return True

    lits: list[tuple[int, int]] = []

    def extend(start: int, pm: int, nm: int) -> None:
        for j in range(start, n):
            Pj, Nj = P[j], N[j]
            for v in range(int(levels[j])):
                pm2 = pm & Pj[v]
                if not pm2:
                    continue
                nm2 = nm & Nj[v]
                lits.append((j, v))
                if nm2 == 0:
                    if is_prime(lits):
                        found.append((tuple(lits), pm2))
                else:
                    extend(j + 1, pm2, nm2)
                lits.pop()

    extend(0, all_p, all_n)
    terms = np.zeros((len(found), n), dtype=np.int64)
    chart = np.zeros((len(found), p), dtype=bool)
    for i, (ls, pm) in enumerate(found):
        for j, v in ls:
            terms[i, j] = v + 1
        raw = np.frombuffer(pm.to_bytes((p + 7) // 8, "little"), dtype=np.uint8)
        chart[i] = np.unpackbits(raw, bitorder="little")[:p].astype(bool)
    if r_stop and len(found):
        nlit = (terms > 0).sum(axis=1)
        covered = np.zeros(p, dtype=bool)
        counter, stop = 0, n
        for k in range(1, n + 1):
            at_k = nlit == k
            covered |= chart[at_k].any(axis=0)
            if covered.all():
                counter = 0 if at_k.any() else counter + 1
                if counter > 1:
                    stop = k
                    break
        keep = nlit <= stop
        terms, chart = terms[keep], chart[keep]
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
