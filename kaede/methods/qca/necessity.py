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

import numpy as np
import pandas as pd

from .expressions import QCAError, evaluate
from .fit import necessity_table, sufficiency_table, solution_fit
from .truthtable import _outcome_membership, condition_info

__all__ = ["necessity", "sufficiency"]


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
