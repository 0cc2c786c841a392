"""Plots for QCA: the truth table and an XY plot of a solution (data in, ``ax=`` accepted, Axes out).

Examples
--------
>>> import pandas as pd
>>> from kaede.methods.qca import truth_table
>>> d = pd.DataFrame({"A": [1, 0, 1], "B": [0, 1, 1], "Y": [1, 0, 1]}, index=list("xyz"))
>>> ax = truth_table_plot(truth_table(d, "Y"))
>>> ax.get_title()
'Truth table / sandhedstabel: Y (1 of 4 rows are remainders)'
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..methods.qca.truthtable import TruthTable

__all__ = ["truth_table_plot", "xy_plot"]

_OUT_COLOURS = {"1": "#2a9d8f", "0": "#e76f51", "C": "#e9c46a", "?": "#cccccc"}


def truth_table_plot(tt: TruthTable, ax=None, *, complete: bool = True):
    """The truth table as a grid: one row per configuration (remainders grey when ``complete``),
    conditions as filled (1) / empty (0) cells, OUT as the row colour, n and incl at the right."""
    import matplotlib.pyplot as plt

    t = tt.complete() if complete and len(tt.conditions) <= 6 else tt.table
    if ax is None:
        _, ax = plt.subplots(figsize=(1.2 * len(tt.conditions) + 3.5, 0.32 * len(t) + 1.2))
    for r, (row_no, row) in enumerate(t.iterrows()):
        colour = _OUT_COLOURS.get(row["OUT"], "#cccccc")
        for c, cond in enumerate(tt.conditions):
            v = int(row[cond])
            ax.add_patch(__import__("matplotlib.patches", fromlist=["Rectangle"]).Rectangle(
                (c, r), 0.9, 0.8, facecolor=colour if v else "white", edgecolor=colour, lw=1.5))
            if tt.levels[c] > 2:
                ax.text(c + 0.45, r + 0.4, str(v), ha="center", va="center", fontsize=8)
        label = f"OUT {row['OUT']}  n={int(row['n'])}" + ("" if pd.isna(row["incl"]) else f"  incl={row['incl']:.2f}")
        ax.text(len(tt.conditions) + 0.1, r + 0.4, label, va="center", fontsize=8)
        ax.text(-0.15, r + 0.4, str(row_no), ha="right", va="center", fontsize=7, color="#555555")
    ax.set_xlim(-0.8, len(tt.conditions) + 3.2)
    ax.set_ylim(len(t), -0.2)
    ax.set_xticks(np.arange(len(tt.conditions)) + 0.45, tt.conditions)
    ax.xaxis.tick_top()
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(False)
    ax.set_title(f"Truth table / sandhedstabel: {tt.outcome} ({tt.remainders} of {tt.n_configurations} rows "
                 f"are remainders)")
    return ax


def xy_plot(x: pd.Series, y: pd.Series, ax=None, *, xlabel: str | None = None, ylabel: str | None = None):
    """Membership in a set (a solution, a condition) against the outcome, with the diagonal; cases
    above the diagonal are consistent with sufficiency. inclS and covS are shown in the title."""
    import matplotlib.pyplot as plt

    x = pd.Series(x, dtype=float)
    y = pd.Series(np.asarray(y, dtype=float), index=x.index)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], color="#999999", lw=1, zorder=0)
    ax.axhline(0.5, color="#dddddd", lw=0.8, zorder=0)
    ax.axvline(0.5, color="#dddddd", lw=0.8, zorder=0)
    ax.scatter(x, y, color="#264653", zorder=2)
    for name in x.index:
        ax.annotate(str(name), (x[name], y[name]), textcoords="offset points", xytext=(4, 4), fontsize=8)
    mn = np.minimum(x, y).sum()
    incl = mn / x.sum() if x.sum() else float("nan")
    cov = mn / y.sum() if y.sum() else float("nan")
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel(xlabel or str(x.name))
    ax.set_ylabel(ylabel or str(y.name))
    ax.set_title(f"inclS {incl:.3f}, covS {cov:.3f}")
    ax.set_aspect("equal")
    return ax
