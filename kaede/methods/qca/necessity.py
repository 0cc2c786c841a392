"""Necessity and sufficiency of given sets or expressions (R's QCA ``pof``).

Examples
--------
>>> import pandas as pd
>>> d = pd.DataFrame({"A": [1, 1, 0, 1], "B": [0, 1, 1, 1], "Y": [1, 1, 0, 0]})
>>> necessity(d, "Y").round(3)
   inclN    RoN   covN
A    1.0  0.500  0.667
B    0.5  0.333  0.333
"""
from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations, product

import numpy as np
import pandas as pd

from .expressions import QCAError, evaluate
from .fit import necessity_table, sufficiency_table, solution_fit
from .truthtable import _outcome_membership, condition_info

__all__ = ["necessity", "sufficiency", "super_subset"]


def _sets(data: pd.DataFrame, outcome: str, sets: Sequence[str] | None) -> tuple[list[str], np.ndarray]:
    oname = outcome.lstrip("~").split("[")[0].strip()
    if sets is None:
        cols = [c for c in data.columns if c != oname]
        levels, fuzzy = condition_info(data, cols)
        sets = []
        for c, lv, fz in zip(cols, levels, fuzzy):
            sets.extend([c] if fz or lv == 2 else [f"{c}[{v}]" for v in range(lv)])
    elif isinstance(sets, str):
        sets = [sets]
    X = np.column_stack([evaluate(s, data).to_numpy() for s in sets])
    return list(sets), X


def necessity(data: pd.DataFrame, outcome: str, sets: Sequence[str] | str | None = None) -> pd.DataFrame:
    """Consistency (inclN), relevance (RoN) and coverage (covN) of necessity of each set for ``outcome``.

    Parameters
    ----------
    data : DataFrame of calibrated conditions and the outcome, one row per case
    outcome : the outcome column (``"~Y"`` for its negation)
    sets : condition names or expressions (``"~A"``, ``"A*B"``, ``"A + C"``, ``"M[2]"``), optional
        Default: every other column (each value of a multi-value column separately).
    """
    names, X = _sets(data, outcome, sets)
    y = _outcome_membership(data, outcome)
    return pd.DataFrame(necessity_table(X, y), index=names, columns=["inclN", "RoN", "covN"]).round(15)


def sufficiency(data: pd.DataFrame, outcome: str, expression: str) -> pd.DataFrame:
    """inclS, PRI, covS, covU of each term of ``expression`` and of the whole (row ``expression``).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"A": [1, 1, 0, 0], "B": [0, 1, 1, 0], "Y": [1, 1, 1, 0]})
    >>> sufficiency(d, "Y", "A + B").round(3)
                inclS  PRI   covS   covU
    A             1.0  1.0  0.667  0.333
    B             1.0  1.0  0.667  0.333
    expression    1.0  1.0  1.000    NaN
    """
    if not isinstance(expression, str):
        raise QCAError(f"sufficiency: expected an expression such as 'A*B + ~C', got {expression!r}")
    terms = [t.strip() for t in expression.split("+")]
    _, X = _sets(data, outcome, terms)
    y = _outcome_membership(data, outcome)
    t = sufficiency_table(X, y)
    whole = solution_fit(X, y)
    out = pd.DataFrame(t, index=terms, columns=["inclS", "PRI", "covS", "covU"])
    out.loc["expression"] = [*whole, np.nan]
    if len(terms) == 1:
        out.loc[terms[0], "covU"] = np.nan
    return out


def super_subset(data: pd.DataFrame, outcome: str, conditions: Sequence[str] | None = None, *,
                 incl_cut: float = 1.0, cov_cut: float = 0.0, depth: int | None = None) -> pd.DataFrame:
    """Necessary conjunctions and disjunctions of conditions (R's ``superSubset``, relation "necessity").

    Goes through every combination of ``k`` conditions and values, ``k`` = 1, 2, …: the conjunction is kept
    when inclN ≥ ``incl_cut`` and covN ≥ ``cov_cut``; otherwise the disjunction of the same literals is
    kept when it passes, unless a conjunction or disjunction kept at a lower ``k`` uses a subset of its
    literals. After three levels, the search ends at the first level that keeps nothing. Conjunctions come
    first, then disjunctions, each in the order found (as R lists them).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"A": [1, 1, 0, 1], "B": [0, 1, 1, 1], "Y": [1, 1, 0, 0]})
    >>> list(super_subset(d, "Y", incl_cut=1).index)
    ['A']
    """
    oname = outcome.lstrip("~").split("[")[0].strip()
    conditions = list(conditions) if conditions is not None else [c for c in data.columns if c != oname]
    levels, fuzzy = condition_info(data, conditions)
    values = data[conditions].apply(pd.to_numeric).to_numpy(dtype=float)
    y = _outcome_membership(data, outcome)
    mv = bool((levels > 2).any())
    n = len(conditions)
    depth = n if not depth else min(depth, n)
    tol = float(np.finfo(float).eps) ** 0.5
    icut, ccut = incl_cut - tol, (cov_cut - tol if cov_cut > 0 else cov_cut)
    so = y.sum()

    def literal(j: int, v: int) -> np.ndarray:
        x = values[:, j]
        if fuzzy[j]:
            return x if v == 1 else 1.0 - x
        return (x == v).astype(float)

    def name(lits, sep):
        return sep.join((f"{conditions[j]}[{v}]" if mv else (conditions[j] if v == 1 else f"~{conditions[j]}"))
                        for j, v in lits)

    conj, disj = [], []  # (literals as frozenset of (j, v), name, inclN, RoN, covN)
    k, go = 1, True
    while k <= depth and go:
        if conj + disj and k > 3:
            go = False
        prev_conj, prev_disj = list(conj), list(disj)
        for cols in combinations(range(n), k):
            for vals in product(*[range(int(levels[j])) for j in cols]):
                lits = list(zip(cols, vals))
                M = np.column_stack([literal(j, v) for j, v in lits])
                mn, mx = M.min(axis=1), M.max(axis=1)
                pmin, pmax = np.minimum(mn, y), np.minimum(mx, y)
                incl_c = pmin.sum() / so if so else 0.0
                cov_c = pmin.sum() / mn.sum() if mn.sum() else 0.0
                if incl_c >= icut and cov_c >= ccut:
                    ron = (1 - mn).sum() / (1 - pmin).sum() if (1 - pmin).sum() else 0.0
                    conj.append((frozenset(lits), name(lits, "*"), incl_c, ron, cov_c))
                    go = True
                    continue
                incl_d = pmax.sum() / so if so else 0.0
                cov_d = pmax.sum() / mx.sum() if mx.sum() else 0.0
                if not (incl_d >= icut and cov_d >= ccut):
                    continue
                s = frozenset(lits)
                if any(f[0] <= s for f in prev_conj) or any(f[0] <= s for f in prev_disj):
                    continue
                ron = (1 - mx).sum() / (1 - pmax).sum() if (1 - pmax).sum() else 0.0
                disj.append((s, name(lits, " + "), incl_d, ron, cov_d))
                go = True
        k += 1
    rows = conj + disj
    if not rows:
        raise QCAError(f"super_subset: no conjunction or disjunction with incl_cut = {incl_cut} and cov_cut = {cov_cut}")
    return pd.DataFrame([r[2:] for r in rows], index=[r[1] for r in rows], columns=["inclN", "RoN", "covN"])
