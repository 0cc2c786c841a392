"""Plot intercoder reliability (from :func:`kaede.reliability_table`). matplotlib is imported on use.

Examples
--------
>>> import kaede
>>> from kaede.views.reliability_plot import plot_reliability
>>> table = kaede.reliability_table(kaede.load_cases(), n_boot=100, pooled=True)
>>> ax = plot_reliability(table)
>>> ax.get_xlabel()
"Krippendorff's alpha (95 % interval)"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from .plot import _new_ax

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

#: Krippendorff's (2004) guide: alpha ≥ .800 to rely on the data, ≥ .667 for tentative conclusions.
THRESHOLDS = (0.667, 0.8)

_VARIABLE_WORDS = {"status": ("status", "status"), "strength": ("styrke", "strength"), "basis": ("grundlag", "basis"),
                   "kind": ("art", "kind"), "participants": ("deltagere", "participants"),
                   "citizen_mode": ("borgerrolle", "citizen mode")}
_MARKERS = {"status": "o", "strength": "s", "basis": "^", "kind": "D", "participants": "v", "citizen_mode": "P"}


def plot_reliability(table: pd.DataFrame, *, ax: Axes | None = None, lang: str = "en",
                     variables: tuple[str, ...] | None = None, **kwargs: Any) -> Axes:
    """Alpha with its bootstrap interval, one row per case and variable.

    Parameters
    ----------
    table : DataFrame
        From :func:`kaede.reliability_table` (several cases; ``pooled=True`` adds an "all cases" row).
    ax : matplotlib Axes, optional
    lang : {"en", "da"}
    variables : tuple of str, optional
        The variables to show (default: all in the table, status first).
    **kwargs
        Passed to ``Axes.errorbar``.

    Returns
    -------
    matplotlib Axes
    """
    if lang not in ("en", "da"):
        raise ValueError(f"lang must be 'en' or 'da', not {lang!r}")
    t = table.dropna(subset=["alpha"]).copy()
    if "case" not in t:
        t["case"] = ""
    order = [v for v in ("status", "strength", "basis", "kind", "participants", "citizen_mode") if v in set(t.variable)]
    variables = tuple(variables or order)
    t = t[t.variable.isin(variables)]
    cases = list(dict.fromkeys(t.case))
    ax = _new_ax(ax, (8.0, 0.28 * max(len(cases), 1) * len(variables) + 1.3))
    step = 1.0 / (len(variables) + 1)
    for k, var in enumerate(variables):
        sub = t[t.variable == var].set_index("case")
        ys = [i + (k - (len(variables) - 1) / 2) * step for i, c in enumerate(cases) if c in sub.index]
        rows = sub.loc[[c for c in cases if c in sub.index]]
        err = [(rows.alpha - rows.ci_low).clip(lower=0), (rows.ci_high - rows.alpha).clip(lower=0)]
        word = _VARIABLE_WORDS.get(var, (var, var))[lang == "en"]
        level = rows.level.iloc[0] if len(rows) else ""
        ax.errorbar(rows.alpha, ys, xerr=err, fmt=_MARKERS.get(var, "o"), capsize=3, label=f"{word} ({level})", **kwargs)
    for x, style in zip(THRESHOLDS, (":", "--")):
        ax.axvline(x, color="grey", linestyle=style, linewidth=1)
    ax.set_yticks(range(len(cases)), cases)
    ax.invert_yaxis()
    low = min(0.0, float(t.ci_low.min()) if len(t) else 0.0)
    ax.set_xlim(low - 0.05, 1.02)
    ax.set_xlabel("Krippendorffs alfa (95 %-interval)" if lang == "da" else "Krippendorff's alpha (95 % interval)")
    ax.set_title("Hvor pålidelig er kodningen?" if lang == "da" else "How reliable is the coding?", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", frameon=False)
    return ax
