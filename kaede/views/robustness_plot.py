"""Plot how robust each verdict is (from :func:`kaede.robustness`). matplotlib is imported on use.

Examples
--------
>>> import kaede
>>> from kaede.views.robustness_plot import plot_robustness
>>> ax = plot_robustness(kaede.robustness(kaede.load_cases(), on="talk"))
>>> ax.get_title(loc="left")
'How robust is each verdict?'
"""
from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

import pandas as pd

from .plot import DRIVE_COLOURS, VERDICT_COLOURS, _new_ax, _verdict_word

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes


def _short(text: str, width: int) -> str:
    return textwrap.shorten(text, width, placeholder="…")


def _change_text(lid: str, change: str, width: int) -> str:
    """``"<id> <from> → <to>: <old> → <new>"`` with the element labels shortened, the change kept."""
    label, _, recode = change[len(lid) + 1:].rpartition(": ")
    ends = label.split(" → ")
    label = " → ".join(_short(e, width) for e in ends) if len(ends) == 2 else _short(label, 2 * width)
    return f"{label}: {recode}"


def _flip_names(row: Any, lang: str, limit: int = 2, width: int = 16) -> str:
    """The links whose recoding flips the verdict, as "from → to: old → new", the first ``limit``."""
    changes = row.flip_changes_da if lang == "da" else row.flip_changes_en
    names = list(zip(row.flip_links, changes))
    shown = [_change_text(lid, c, width) for lid, c in names[:limit]]
    more = len(names) - limit
    if more > 0:
        shown.append(f"+{more} flere" if lang == "da" else f"+{more} more")
    return "; ".join(shown)


def plot_robustness(table: pd.DataFrame, *, lang: str = "en", ax: Axes | None = None) -> Axes:
    """One bar per verdict: how many links, each recoded on its own, flip it — with those links
    named and the threshold moves that flip it.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`kaede.robustness` (one or several dates; rows are labelled case · date · rule).
    lang : {"en", "da"}
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
        Bars are coloured by verdict (as in :func:`kaede.views.plot.plot_matrix`); a verdict no
        single changed coding and no threshold flips reads "robust" and its label is grey.

    Examples
    --------
    >>> from kaede.model.examples import talk_example
    >>> import kaede
    >>> ax = plot_robustness(kaede.robustness(talk_example("full")), lang="da")
    >>> [t.get_text() for t in ax.get_yticklabels()][:2]
    ['full · D1', 'full · D2']
    """
    from matplotlib.patches import Patch

    if table.empty:
        raise ValueError("the robustness table is empty: no case has the date asked for")
    t = table.reset_index(drop=True)
    several = t.duplicated(["case", "rule"]).any()
    at = t["milestone"].fillna(t["date"]).fillna("all evidence" if lang == "en" else "alle belæg")
    labels = [f"{c} · {a} · {r}" if several else f"{c} · {r}" for c, a, r in zip(t["case"], at, t["rule"])]
    n = len(t)
    ax = _new_ax(ax, (12, 1.6 + 0.36 * n))
    counts = t["flip_links"].map(len)
    top = max(int(counts.max()), 1)
    seen: dict[str, str] = {}
    for i, row in enumerate(t.itertuples(index=False)):
        palette = DRIVE_COLOURS if row.rule == "chain_drive" else VERDICT_COLOURS
        colour = palette.get(row.verdict, "#bdbdbd")
        word = _verdict_word(row.verdict, row.rule, lang)
        seen.setdefault(f"{row.rule == 'chain_drive'}{row.verdict}", (colour, word))  # type: ignore[arg-type]
        ax.barh(i, counts.iat[i], color=colour, height=0.7, edgecolor="black" if row.fragile else colour, lw=0.8)
        parts = []
        if counts.iat[i]:
            parts.append(_flip_names(row, lang))
        if row.threshold_flips:
            parts.append(", ".join(row.threshold_flips))
        elif row.grid_flips:
            parts.append("tærskelgitteret" if lang == "da" else "threshold grid")
        note = " | ".join(parts) if parts else ("robust" if lang == "en" else "robust")
        ax.text(counts.iat[i] + top * 0.03, i, _short(f"{word}: {note}", 150), va="center", fontsize=8,
                color="black" if parts else "#555")
    ax.set_yticks(range(n), labels, fontsize=9)
    for tick, fragile in zip(ax.get_yticklabels(), t["fragile"]):
        tick.set_color("black" if fragile else "#888")
    ax.invert_yaxis()
    # the bars take the left quarter; the names of the flipping links the rest
    ax.set_xlim(-top * 0.04, top * 4)
    ax.set_xticks([k for k in range(0, top + 1, max(1, top // 4))])
    ax.set_xlabel("led, som vender dommen, når ét af dem kodes om (status, eller styrke ét trin)" if lang == "da" else
                  "links that flip the verdict when one of them is recoded (status, or strength by one step)")
    # separate the cases
    prev = None
    for i, c in enumerate(t["case"]):
        if prev is not None and c != prev:
            ax.axhline(i - 0.5, color="#999", lw=0.6)
        prev = c
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [Patch(facecolor=c, label=w) for c, w in dict.fromkeys(seen.values())]
    ax.legend(handles=handles, fontsize=8, frameon=False, loc="lower right", bbox_to_anchor=(1, 1),
              ncol=len(handles), handlelength=1.2, columnspacing=1)
    ax.set_title("Hvor robust er hver dom?" if lang == "da" else "How robust is each verdict?", loc="left", fontsize=14)
    return ax


__all__ = ["plot_robustness"]
