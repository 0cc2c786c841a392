"""Exact minimal covers of a prime-implicant chart: the minimal model size and every tied model.

A model is a set of prime implicants that together cover every positive row; a *minimal* model uses as
few implicants as possible. R's QCA finds the minimum by integer programming and then tries every
combination of that many implicants. Here the chart is held as bitsets (Python integers), implicants
that are the only cover of some row (essential) are taken first, and a branch-and-bound search on the
row with fewest remaining implicants finds the minimum and then enumerates every cover of that size,
each exactly once (branch *i* forbids the implicants of branches 1 … *i*-1).

Ties can explode on noisy data. The enumeration stops at ``max_models`` models or ``max_nodes``
search nodes; the result then says so (``complete=False``) and the caller warns. The minimum itself is
always exact: if it cannot be proven within ``max_nodes`` an error says so.

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

__all__ = ["CoverResult", "minimal_covers", "MAX_MODELS", "MAX_NODES"]

#: Default limits of the enumeration of tied models.
MAX_MODELS = 1000
MAX_NODES = 2_000_000


@dataclass
class CoverResult:
    """``size``: the minimal number of implicants; ``models``: tuples of implicant indices, sorted;
    ``complete``: False if the enumeration stopped at a limit (the list is then a subset)."""

    size: int
    models: list[tuple[int, ...]]
    complete: bool


class _Budget(Exception):
    pass


def minimal_covers(chart: np.ndarray, *, max_models: int = MAX_MODELS, max_nodes: int = MAX_NODES) -> CoverResult:
    """Every minimum-cardinality cover of ``chart`` (implicants × rows, bool), up to the limits."""
    chart = np.asarray(chart, dtype=bool)
    m, r = chart.shape
    if r == 0:
        return CoverResult(0, [()], True)
    if not chart.any(axis=0).all():
        raise QCAError("the prime-implicant chart cannot be solved: a positive row has no implicant")
    packed = np.packbits(chart, axis=1, bitorder="little")
    pi_mask = [int.from_bytes(packed[i].tobytes(), "little") for i in range(m)]
    row_pis = [0] * r
    for i in range(m):
        for j in np.nonzero(chart[i])[0]:
            row_pis[j] |= 1 << i
    # essential implicants: the only cover of some row
    essential = 0
    for j in range(r):
        if row_pis[j].bit_count() == 1:
            essential |= row_pis[j]
    covered = 0
    for i in _bits(essential):
        covered |= pi_mask[i]
    rest = ((1 << r) - 1) & ~covered
    # rows whose implicant set contains another row's are covered whenever that row is: drop them
    rows = sorted(_bits(rest), key=lambda j: row_pis[j].bit_count())
    keep: list[int] = []
    for j in rows:
        if not any(row_pis[k] & row_pis[j] == row_pis[k] for k in keep):
            keep.append(j)
    need = 0
    for j in keep:
        need |= 1 << j
    nodes = [0]

    def lower_bound(R: int, forbidden: int) -> int:
        used, lb = 0, 0
        for j in sorted(_bits(R), key=lambda j: (row_pis[j] & ~forbidden).bit_count()):
            s = row_pis[j] & ~forbidden
            if s & used == 0:
                used |= s
                lb += 1
        return lb

    def search(R: int, t: int, forbidden: int, chosen: list[int], out: list, limit: int) -> None:
        nodes[0] += 1
        if nodes[0] > max_nodes:
            raise _Budget
        if R == 0:
            out.append(tuple(chosen))
            if len(out) >= limit:
                raise _Budget
            return
        if t == 0 or lower_bound(R, forbidden) > t:
            return
        best, best_n = -1, 1 << 30
        for j in _bits(R):
            c = (row_pis[j] & ~forbidden).bit_count()
            if c < best_n:
                best, best_n = j, c
                if c <= 1:
                    break
        if best_n == 0:
            return
        cands = sorted(_bits(row_pis[best] & ~forbidden), key=lambda i: -(pi_mask[i] & R).bit_count())
        f = forbidden
        for i in cands:
            chosen.append(i)
            search(R & ~pi_mask[i], t - 1, f, chosen, out, limit)
            chosen.pop()
            f |= 1 << i

    # the minimum: on a chart reduced by dominance (safe for the size, not for listing every model),
    # then iterative deepening from the lower bound
    t = _minimum_size(need, pi_mask, row_pis, m, max_nodes)
    ess = list(_bits(essential))
    size = len(ess) + t
    models: list = []
    complete = True
    nodes[0] = 0
    try:
        search(need, t, 0, [], models, max_models + 1)
    except _Budget:
        complete = False
    models = models[:max_models]
    out = sorted({tuple(sorted(ess + list(mo))) for mo in models})
    return CoverResult(size, out, complete)


def _minimum_size(need: int, pi_mask: list[int], row_pis: list[int], m: int, max_nodes: int) -> int:
    """Size of a minimum cover of the rows in ``need``: reduce (essential implicants, dominated rows,
    dominated implicants) to a fixpoint, then search the core exactly."""
    forced = 0
    rows = set(_bits(need))
    pis = {i: pi_mask[i] & need for i in range(m) if pi_mask[i] & need}
    while True:
        changed = False
        # dominated implicants: covering a subset of another's rows (ties: keep the first)
        items = sorted(pis.items(), key=lambda kv: -kv[1].bit_count())
        kept: dict[int, int] = {}
        for i, mk in items:
            if any(mk & other == mk for other in kept.values()):
                changed = True
                continue
            kept[i] = mk
        pis = kept
        # row -> implicants, essential implicants
        rp = {r: 0 for r in rows}
        for i, mk in pis.items():
            for r in _bits(mk):
                if r in rp:
                    rp[r] |= 1 << i
        if any(v == 0 for v in rp.values()):
            raise QCAError("the prime-implicant chart cannot be solved: a positive row has no implicant")
        ess = {next(iter(_bits(v))) for v in rp.values() if v.bit_count() == 1}
        if ess:
            changed = True
            forced += len(ess)
            cov = 0
            for i in ess:
                cov |= pis[i]
            rows = {r for r in rows if not (cov >> r) & 1}
            pis = {i: mk & ~cov for i, mk in pis.items() if i not in ess and mk & ~cov}
            continue
        # dominated rows: a row whose implicants include another row's implicants
        order = sorted(rows, key=lambda r: rp[r].bit_count())
        keep_rows: list[int] = []
        for r in order:
            if any(rp[k] & rp[r] == rp[k] for k in keep_rows):
                changed = True
                continue
            keep_rows.append(r)
        if len(keep_rows) < len(rows):
            rows = set(keep_rows)
            mask = sum(1 << r for r in rows)
            pis = {i: mk & mask for i, mk in pis.items() if mk & mask}
        if not changed:
            break
    if not rows:
        return forced
    idx = list(pis)
    sub_mask = [pis[i] for i in idx]
    sub_row = {r: 0 for r in rows}
    for k, mk in enumerate(sub_mask):
        for r in _bits(mk):
            sub_row[r] |= 1 << k
    nodes = [0]

    def lb(R: int) -> int:
        used, b = 0, 0
        for r in sorted(_bits(R), key=lambda r: sub_row[r].bit_count()):
            if sub_row[r] & used == 0:
                used |= sub_row[r]
                b += 1
        return b

    def exists(R: int, t: int, forbidden: int) -> bool:
        nodes[0] += 1
        if nodes[0] > max_nodes:
            raise QCAError(f"the prime-implicant chart is too complex to find its minimum within "
                           f"max_nodes={max_nodes}; raise max_nodes")
        if R == 0:
            return True
        if t == 0 or lb(R) > t:
            return False
        best, bn = -1, 1 << 30
        for r in _bits(R):
            c = (sub_row[r] & ~forbidden).bit_count()
            if c < bn:
                best, bn = r, c
        f = forbidden
        for k in sorted(_bits(sub_row[best] & ~forbidden), key=lambda k: -(sub_mask[k] & R).bit_count()):
            if exists(R & ~sub_mask[k], t - 1, f):
                return True
            f |= 1 << k
        return False

    full = sum(1 << r for r in rows)
    t = lb(full)
    while not exists(full, t, 0):
        t += 1
    return forced + t


def _bits(x: int):
    while x:
        low = x & -x
        yield low.bit_length() - 1
        x ^= low
