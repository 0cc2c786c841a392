"""Parameters of fit: sufficiency (inclS, PRI, covS, covU) and necessity (inclN, RoN, covN).

The formulas are those of R's QCA ``pof()``: for a set X and an outcome Y (membership scores),

- inclS = Σ min(X, Y) / Σ X; PRI = (Σ min(X, Y) − Σ min(X, Y, 1 − Y)) / (Σ X − Σ min(X, Y, 1 − Y));
- covS = Σ min(X, Y) / Σ Y; covU of a term = covS − Σ min(min(X, Y), max of the other terms' min(X', Y)) / Σ Y;
- inclN = Σ min(X, Y) / Σ Y; RoN = Σ (1 − X) / Σ (1 − min(X, Y)); covN = Σ min(X, Y) / Σ X.

Examples
--------
>>> import numpy as np
>>> X = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]])
>>> y = np.array([1.0, 1.0, 0.0, 0.0])
>>> sufficiency_table(X, y).round(3).tolist()
[[1.0, 1.0, 1.0, 0.5], [0.5, 0.5, 0.5, 0.0]]
"""
from __future__ import annotations

import numpy as np

__all__ = ["sufficiency_table", "solution_fit", "necessity_table"]


def sufficiency_table(X: np.ndarray, y: np.ndarray, *, zero: float = 1e-5) -> np.ndarray:
    """inclS, PRI, covS, covU for each column of ``X`` (cases × sets) against outcome ``y``.

    covU is computed against the other columns of ``X``; values below ``zero`` are set to 0, as R does.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    pmin = np.minimum(X, y[:, None])
    sum_x = X.sum(axis=0)
    sum_y = y.sum()
    sum_pmin = pmin.sum(axis=0)
    sum_pmin_negy = np.minimum(pmin, (1 - y)[:, None]).sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        incl = sum_pmin / sum_x
        pri = (sum_pmin - sum_pmin_negy) / (sum_x - sum_pmin_negy)
        cov = sum_pmin / sum_y
        k = X.shape[1]
        covu = np.empty(k)
        for c in range(k):
            others = np.delete(pmin, c, axis=1)
            max_other = others.max(axis=1) if others.shape[1] else np.zeros(len(y))
            covu[c] = cov[c] - np.minimum(pmin[:, c], max_other).sum() / sum_y
    out = np.column_stack([incl, pri, cov, covu])
    out[np.abs(out) < zero] = 0.0
    out[(out < 0) & (out > -zero)] = 0.0
    return out


def solution_fit(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """inclS, PRI, covS of the union (fuzzy OR) of the columns of ``X``."""
    union = np.asarray(X, dtype=float).max(axis=1, keepdims=True)
    return sufficiency_table(union, y)[0, :3]


def necessity_table(X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """inclN, RoN, covN for each column of ``X`` against outcome ``y``."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    pmin = np.minimum(X, y[:, None])
    with np.errstate(divide="ignore", invalid="ignore"):
        incl = pmin.sum(axis=0) / y.sum()
        ron = (1 - X).sum(axis=0) / (1 - pmin).sum(axis=0)
        cov = pmin.sum(axis=0) / X.sum(axis=0)
    out = np.column_stack([incl, ron, cov])
    out[np.abs(out) < 1e-5] = 0.0
    return out
