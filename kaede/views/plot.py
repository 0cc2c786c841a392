"""Plots: the chain in the talk's layered layout, vision processes side by side, the cross-case
matrix and the missing evidence. matplotlib is imported here only, when a function is called.

Every function takes data and ``ax=`` (a new figure is made if None) and returns the Axes.

Examples
--------
>>> import kaede
>>> from kaede.views.plot import plot_chain
>>> ax = plot_chain(kaede.load_case("hoersholm"), on="talk")
>>> ax.get_title(loc="left").startswith("Hørsholm")
True
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..model.chain import ChainView, chain_view
from ..model.drive import STAGES
from ..model.findings import CasesLike, labelled_cases
from ..model.highlights import chain_highlights as _highlights  # which links to highlight: the model's
from ..model.process import PARTICIPANT_KINDS
from ..model.timeline import timeline_frame  # timeline data: the model's
from ..data.vocab import LAYERS, LAYERS_DA, ROLES_BY_LAYER

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from ..data.datasets import Case
    from ..model.rules import Finding

#: Colours of the layers (mandate → practice), readable on a projector and in greyscale.
LAYER_COLOURS = ("#dbe9f6", "#fde9c9", "#e6e0f3", "#d9f0d3", "#f6dede", "#e8e8e8")
VERDICT_COLOURS = {"present": "#d7301f", "absent": "#1a9850", "indeterminate": "#fdae61", "not_applicable": "#d9d9d9",
                   "too_early": "#c6dbef", "no_milestone": "#ffffff"}
DRIVE_COLOURS = {"present": "#1a9850", "absent": "#d7301f", "indeterminate": "#fdae61", "not_applicable": "#d9d9d9",
                 "engages": "#1a9850", "comes_off": "#d7301f", "too_early": "#c6dbef", "no_milestone": "#ffffff"}
_TEXT = {
    "present": ("til stede", "present"), "absent": ("fraværende", "absent"),
    "indeterminate": ("ubestemt", "indeterminate"), "not_applicable": ("ikke relevant", "not applicable"),
    "no_milestone": ("ingen milepæl", "no such milestone"),
    "unknown": ("ukendt", "unknown"), "too_early": ("for tidligt", "too early"),
    "engages": ("trækker", "engages"), "comes_off": ("hopper af", "comes off"),
}


_DRIVE_TEXT = {"present": ("trækker", "engages"), "absent": ("hopper af", "comes off"),
               "engages": ("trækker", "engages"), "comes_off": ("hopper af", "comes off")}


def _plain(text: object) -> str:
    """``text`` drawn as it is written: a ``$`` is a dollar sign, never the start of mathematics.

    Examples
    --------
    >>> print(_plain("Budget $ and $x^2$"))
    Budget \\$ and \\$x^2\\$
    """
    return str(text).replace("$", r"\$")


def _t(key: str, lang: str) -> str:
    da, en = _TEXT[key]
    return da if lang == "da" else en


def _new_ax(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt
    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _resolve(case_or_view: Case | ChainView, on: Any) -> ChainView:
    if isinstance(case_or_view, ChainView):
        return case_or_view
    return chain_view(case_or_view, on)


def chain_layout(view: ChainView, *, max_per_row: int = 8) -> dict[str, tuple[float, float]]:
    """Positions for the elements: one band per layer (mandate at the top, practice at the bottom),
    elements spread evenly across the band, in role order; a crowded layer wraps onto two rows.

    Examples
    --------
    >>> import kaede
    >>> from kaede.model.chain import chain_view
    >>> pos = chain_layout(chain_view(kaede.load_case("odense")))
    >>> all(0 <= x <= 1 for x, _ in pos.values())
    True
    """
    order = {role: i for layer in ROLES_BY_LAYER.values() for i, role in enumerate(layer)}
    pos: dict[str, tuple[float, float]] = {}
    for layer in range(len(LAYERS)):
        ids = sorted((k for k, e in view.elements.items() if e.layer == layer),
                     key=lambda k: (order[view.elements[k].role], k))
        rows = [ids[i:i + max_per_row] for i in range(0, len(ids), max_per_row)] or [[]]
        for r, row in enumerate(rows):
            y = -layer - (r * 0.45 if len(rows) > 1 else 0) + (0.2 if len(rows) > 1 else 0)
            for i, k in enumerate(row):
                x = (i + 0.5) / len(row) if len(row) > 1 else 0.5
                if r % 2:
                    x = min(1.0, x + 0.5 / max(len(row), 1) / 2)
                pos[k] = (x, y)
    return pos


def _chain_title(view: ChainView, title: str, lang: str) -> str:
    when = view.date or ("alle datoer" if lang == "da" else "all dates")
    return _plain(f"{title} — {when}")


def _draw_frame(ax: Axes, title: str | None, lang: str, highlight: bool) -> None:
    """Layer bands, layer names, the title (if given) and the legend."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    for layer, name in enumerate(LAYERS_DA if lang == "da" else LAYERS):
        ax.axhspan(-layer - 0.5, -layer + 0.5, color=LAYER_COLOURS[layer], alpha=0.45, lw=0, zorder=0)
        ax.text(-0.02, -layer, f"{layer} {name}", ha="right", va="center", fontsize=11, fontweight="bold", color="#444")
    if title is not None:
        ax.set_title(title, fontsize=14, loc="left")
    handles = [
        Line2D([], [], color="#333", lw=2.6, label="til stede (styrke 1–3)" if lang == "da" else "present (strength 1–3)"),
        Line2D([], [], color="#d7301f", lw=1.4, ls=":", label=_t("absent", lang)),
        Line2D([], [], color="#9e9e9e", lw=1.4, ls="--", label=_t("unknown", lang)),
    ]
    if highlight:
        handles += [Line2D([], [], color="#f46d43", lw=3.5, label="hvor kæden hopper af" if lang == "da" else "where the chain comes off"),
                    Line2D([], [], color="#7b3294", lw=3, label="led bag en dekobling" if lang == "da" else "links behind a decoupling")]
    handles.append(Patch(fc="#f0f0f0", ec="#999", ls="--", label="element ikke belagt" if lang == "da" else "element not on record"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=3, fontsize=9, frameon=False)


def _link_style(l: Any, decoupled: set[str], drive_cut: set[str]) -> tuple[str, str, float, int]:
    style = {"present": "-", "absent": ":", "unknown": "--"}[l.status]
    colour = {"present": "#333333", "absent": "#d7301f", "unknown": "#9e9e9e"}[l.status]
    width = 0.8 + 0.9 * (l.strength or 0) if l.status == "present" else 1.4
    z = 1
    if l.link_id in decoupled:
        colour, width, z = "#7b3294", width + 1.5, 3
    if l.link_id in drive_cut:
        colour, width, z = "#f46d43", width + 2.0, 4
    return style, colour, width, z


def _draw_links(ax: Axes, view: ChainView, pos: Mapping[str, tuple[float, float]],
                decoupled: set[str], drive_cut: set[str], *, shrink_px: float = 16, head_px: float = 9) -> None:
    """Draw the links as one LineCollection (gently curved, dashed by status) and one
    PolyCollection of arrowheads: fast enough to redraw on every widget change."""
    import numpy as np
    from matplotlib.collections import LineCollection, PolyCollection

    _limits(ax)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    bbox = ax.get_window_extent()
    sx, sy = bbox.width / (x1 - x0), bbox.height / (y1 - y0)  # pixels per data unit
    t = np.linspace(0, 1, 17)[:, None]
    lines, heads, styles, colours, widths, order = [], [], [], [], [], []
    for l in view.links:
        style, colour, width, z = _link_style(l, decoupled, drive_cut)
        a = np.array([pos[l.source][0] * sx, pos[l.source][1] * sy])
        b = np.array([pos[l.target][0] * sx, pos[l.target][1] * sy])
        d = b - a
        length = float(np.hypot(*d)) or 1.0
        normal = np.array([-d[1], d[0]]) / length
        rad = 0.15 if abs(pos[l.source][1] - pos[l.target][1]) < 0.01 else 0.05
        ctrl = (a + b) / 2 + normal * rad * length
        curve = (1 - t) ** 2 * a + 2 * (1 - t) * t * ctrl + t ** 2 * b
        keep = (np.hypot(*(curve - a).T) > shrink_px) & (np.hypot(*(curve - b).T) > shrink_px)
        pts = curve[keep] if keep.sum() >= 2 else curve[[0, -1]]
        tip, before = pts[-1], pts[-2]
        u = (tip - before) / (float(np.hypot(*(tip - before))) or 1.0)
        w = head_px * (0.45 + width / 12)
        head = np.array([tip + u * head_px * 0.6, tip - u * head_px * 0.4 + np.array([-u[1], u[0]]) * w,
                         tip - u * head_px * 0.4 - np.array([-u[1], u[0]]) * w])
        scale = np.array([sx, sy])
        lines.append(pts / scale)
        heads.append(head / scale)
        styles.append(style)
        colours.append(colour)
        widths.append(width)
        order.append(z)
    idx = sorted(range(len(lines)), key=order.__getitem__)
    if idx:
        ax.add_collection(LineCollection([lines[i] for i in idx], colors=[colours[i] for i in idx],
                                         linewidths=[widths[i] for i in idx], linestyles=[styles[i] for i in idx],
                                         zorder=2, capstyle="round"))
        ax.add_collection(PolyCollection([heads[i] for i in idx], facecolors=[colours[i] for i in idx],
                                         edgecolors="none", zorder=2))


def _node_text(e: Any, lang: str) -> tuple[str, dict[str, Any]]:
    """The label and the text style of an element's box."""
    label = _plain("\n".join(textwrap.wrap(e.label(lang), 18)[:3]))
    face = "white" if e.status == "present" else ("#f0f0f0" if e.status == "unknown" else "#fbe3e3")
    edge = "#555" if e.status == "present" else "#999"
    return label, {"ha": "center", "va": "center", "fontsize": 8.5, "zorder": 5,
                   "bbox": {"boxstyle": "round,pad=0.3", "fc": face, "ec": edge,
                            "ls": "-" if e.status == "present" else "--"}}


def _draw_nodes(ax: Axes, view: ChainView, pos: Mapping[str, tuple[float, float]], lang: str) -> None:
    for k, e in view.elements.items():
        label, style = _node_text(e, lang)
        ax.text(*pos[k], label, **style)


def _limits(ax: Axes) -> None:
    ax.set_xlim(-0.22, 1.05)
    ax.set_ylim(-len(LAYERS) + 0.45, 0.55)
    ax.set_axis_off()


def _title(case: Case | ChainView, view: ChainView, lang: str) -> str:
    if isinstance(case, ChainView):
        return view.chain.case
    return case.title if lang == "da" else case.title_en


def plot_chain(case: Case | ChainView, on: Any = None, *, lang: str = "en",
               findings: Sequence[Finding] | None = None, thresholds: Mapping[str, Any] | None = None,
               highlight: bool = True, ax: Axes | None = None) -> Axes:
    """Draw a case's governance chain on a date in the talk's layered layout.

    Links are styled by status — present: solid, thicker with strength; absent: red dotted;
    unknown: grey dashed — so unknown links look different from absent ones. With ``highlight``,
    the links of the chain-drive minimum cut (where the chain comes off) are drawn in orange, and
    the links behind each *present* decoupling in purple.

    Parameters
    ----------
    case : Case or ChainView
    on : date-like, milestone name or None
        Which date (ignored for a ChainView).
    lang : {"en", "da"}
        Language of labels and legend.
    findings : sequence of Finding, optional
        Precomputed rule findings (Finding objects, or rows of :func:`kaede.diagnose` with
        ``rule``, ``verdict`` and ``links``); computed from ``thresholds`` if None.
    thresholds : mapping, optional
        Passed to the rules, as in :func:`kaede.diagnose`.
    highlight : bool
        Mark the bottleneck and the decoupling links.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    view = _resolve(case, on)
    ax = _new_ax(ax, (15, 9))
    pos = chain_layout(view)
    decoupled, drive_cut = _highlights(view, findings, thresholds) if highlight else (set(), set())
    _draw_frame(ax, _chain_title(view, _title(case, view, lang), lang), lang, highlight)
    _draw_links(ax, view, pos, decoupled, drive_cut)
    _draw_nodes(ax, view, pos, lang)
    _limits(ax)
    return ax


def _overlap(out: Any, sprite: Any, top: int, left: int) -> tuple[Any, Any] | None:
    """Where ``sprite`` placed with its top-left corner at (``top``, ``left``) overlaps ``out``: the
    (image slices, sprite slices), or None if it falls outside."""
    h, w = sprite.shape[:2]
    H, W = out.shape[:2]
    t, l = max(top, 0), max(left, 0)
    b, r = min(top + h, H), min(left + w, W)
    if b <= t or r <= l:
        return None
    return (slice(t, b), slice(l, r)), (slice(t - top, b - top), slice(l - left, r - left))


class ChainRenderer:
    """Renders :func:`plot_chain` figures to PNG fast enough for a live room.

    What does not change between renders is drawn once and kept as an image: the frame (bands,
    layer names, legend) per language, and each element's label box per language. A render draws
    only the links and the title, then lays the element boxes at their places — so stepping through
    dates, moving a threshold or editing a link costs tens of milliseconds. The picture has the same
    parts and styles as :func:`plot_chain`'s at the same size.

    Examples
    --------
    >>> import kaede
    >>> from kaede.model.chain import chain_view
    >>> png = ChainRenderer().render(chain_view(kaede.load_case("odense")), title="Odense")
    >>> png[:4] == b"\\x89PNG"
    True
    """

    def __init__(self, size: tuple[float, float] = (15, 9), dpi: int = 72, cache_size: int = 2048):
        self.size, self.dpi, self.cache_size = size, dpi, cache_size
        self._frames: dict[Any, Any] = {}
        self._sprites: dict[Any, tuple[Any, int, int]] = {}
        self._transform: Any = None

    def _figure(self) -> Any:
        from matplotlib.figure import Figure
        fig = Figure(figsize=self.size, dpi=self.dpi)
        fig.subplots_adjust(left=0.11, right=0.99, top=0.94, bottom=0.08)
        return fig

    def _rgba(self, fig: Any) -> Any:
        import numpy as np
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()

    def _frame(self, lang: str, highlight: bool) -> Any:
        key = (lang, highlight)
        if key not in self._frames:
            fig = self._figure()
            ax = fig.add_subplot()
            _draw_frame(ax, None, lang, highlight)
            _limits(ax)
            self._frames[key] = self._rgba(fig)[..., :3].astype("float32")
            self._transform = ax.transData
        return self._frames[key]

    def _sprite(self, e: Any, lang: str) -> tuple[Any, int, int]:
        """The element's label box as an RGBA image, with the pixel of its centre."""
        import numpy as np
        from matplotlib.figure import Figure

        label, style = _node_text(e, lang)
        key = (label, style["bbox"]["fc"], style["bbox"]["ec"], style["bbox"]["ls"])
        if key not in self._sprites:
            fig = Figure(figsize=(3, 1.4), dpi=self.dpi)
            fig.patch.set_alpha(0)
            ax = fig.add_axes((0, 0, 1, 1))
            ax.set_axis_off()
            ax.text(0.5, 0.5, label, **style)
            img = self._rgba(fig)
            h, w = img.shape[:2]
            rows = np.nonzero(img[..., 3].any(axis=1))[0]
            cols = np.nonzero(img[..., 3].any(axis=0))[0]
            r0, r1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
            if len(self._sprites) >= self.cache_size:
                self._sprites.pop(next(iter(self._sprites)))
            self._sprites[key] = (img[r0:r1, c0:c1].astype("float32"), h // 2 - r0, w // 2 - c0)
        return self._sprites[key]

    @staticmethod
    def _blend(out: Any, rgba: Any, top: int, left: int) -> None:
        cut = _overlap(out, rgba, top, left)
        if cut is None:
            return
        dst, src = cut
        src = rgba[src]
        alpha = src[..., 3:4] / 255.0
        out[dst] = src[..., :3] * alpha + out[dst] * (1 - alpha)

    def render(self, view: ChainView, *, title: str = "", lang: str = "en",
               findings: Sequence[Finding] | None = None, thresholds: Mapping[str, Any] | None = None,
               highlight: bool = True) -> bytes:
        """PNG bytes of the chain of ``view``, as :func:`plot_chain` draws it."""
        import io

        import numpy as np
        from PIL import Image

        pos = chain_layout(view)
        out = self._frame(lang, highlight).copy()
        decoupled, drive_cut = _highlights(view, findings, thresholds) if highlight else (set(), set())
        fig = self._figure()
        fig.patch.set_alpha(0)
        ax = fig.add_subplot()
        ax.patch.set_alpha(0)
        _draw_links(ax, view, pos, decoupled, drive_cut)
        _limits(ax)
        ax.set_title(_chain_title(view, title or view.chain.case, lang), fontsize=14, loc="left")
        self._blend(out, self._rgba(fig).astype(np.float32), 0, 0)
        height = out.shape[0]
        for k, e in view.elements.items():
            sprite, cy, cx = self._sprite(e, lang)
            px, py = self._transform.transform(pos[k])
            self._blend(out, sprite, int(round(height - py)) - cy, int(round(px)) - cx)
        buf = io.BytesIO()
        Image.fromarray(out.astype(np.uint8), "RGB").save(buf, format="png", compress_level=1)
        return buf.getvalue()


_KIND_MARKERS = {"adoption": "*", "citizen_meeting": "o", "council_seminar": "s", "council_interviews": "D",
                 "online_dialogue": "^", "workshop": "P", "hearing": "v", "draft": "d", "decision": "X",
                 "budget_agreement": "p", "kick_off": ">", "follow_up": "<", "survey": "h"}


def plot_timelines(cases: CasesLike, *, align: str = "calendar", lang: str = "en", ax: Axes | None = None) -> Axes:
    """The vision processes side by side: each case a block of lanes (who took part), events as
    markers on a time axis — calendar time, or years before and after the vision's adoption.

    Parameters
    ----------
    cases : Case, iterable or mapping of Case
    align : {"calendar", "adoption"}
    lang : {"en", "da"}
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.lines import Line2D

    tf = timeline_frame(cases, align=align)
    case_list = labelled_cases(cases)
    ax = _new_ax(ax, (14, 2 + 1.6 * len(case_list)))
    lane_names = list(PARTICIPANT_KINDS) + ["other"]
    yticks, ylabels, y = [], [], -0.4
    colours = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]
    for ci, (label, case) in enumerate(case_list):
        sub = tf[tf["case"] == label]
        used = [l for l in lane_names if l in set(sub["lane"])] or ["other"]
        top = y
        if sub.empty:
            note = ("ingen begivenheder (eller ingen vedtagelsesdato)" if lang == "da"
                    else "no events on record (or no adoption date to align on)")
            ax.text(0.5, y, note, transform=ax.get_yaxis_transform(), ha="center", va="center", fontsize=9,
                    color="#777", style="italic")
        for lane in used:
            pts = sub[sub["lane"] == lane]
            for kind, grp in pts.groupby("kind"):
                ax.scatter(grp["x"], [y] * len(grp), marker=_KIND_MARKERS.get(kind, "."), s=70,
                           color=colours[ci % len(colours)], zorder=3)
            yticks.append(y)
            ylabels.append(_plain(lane.replace("_", " ")))
            y -= 1
        ax.axhspan(y + 0.5, top + 0.5, color="#f5f5f5" if ci % 2 else "white", zorder=0)
        ax.text(0.005, top + 0.35, _plain(case.title if lang == "da" else case.title_en), transform=ax.get_yaxis_transform(),
                ha="left", va="bottom", fontsize=11, fontweight="bold", color=colours[ci % len(colours)])
        y -= 0.9
    ax.set_yticks(yticks, ylabels, fontsize=9)
    if align == "adoption":
        ax.axvline(0, color="#444", lw=1, ls="--")
        ax.set_xlabel("år fra visionens vedtagelse" if lang == "da" else "years from the vision's adoption")
    else:
        ax.set_xlabel("dato" if lang == "da" else "date")
    ax.grid(axis="x", color="#ddd")
    kinds = sorted(set(tf["kind"]))
    ax.legend(handles=[Line2D([], [], marker=_KIND_MARKERS.get(k, "."), ls="", color="#555", label=k.replace("_", " "))
                       for k in kinds], loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    ax.set_title("Visionsprocesser side om side" if lang == "da" else "Vision processes side by side", loc="left", fontsize=14)
    return ax


def plot_matrix(matrix: pd.DataFrame, *, lang: str = "en", ax: Axes | None = None,
                robust: pd.DataFrame | None = None) -> Axes:
    """The cross-case matrix of verdicts (from :func:`kaede.compare`) as a coloured table.

    For D1–D3 red means the decoupling is present; for chain drive, green means the chain engages.
    With ``robust`` (a :func:`kaede.robustness` table, or :func:`kaede.views.tables.robust_matrix`
    of one), each cell also shows its bounds (the verdict with unknown links taken as absent …
    as present) where they differ, and a fragile cell — one changed coding or another threshold
    setting flips it — is outlined and says how many links, recoded one at a time, flip it.

    Examples
    --------
    >>> import kaede
    >>> m = kaede.compare(kaede.load_cases())
    >>> ax = plot_matrix(m)
    >>> len(ax.texts) == m.size
    True
    """
    import numpy as np
    from matplotlib.colors import to_rgb

    rm = None
    if robust is not None:
        from .tables import robust_matrix
        rm = robust if isinstance(robust.columns, pd.MultiIndex) else robust_matrix(robust)
    ax = _new_ax(ax, (2.2 + 1.9 * matrix.shape[1], 1.2 + (0.55 if rm is None else 0.95) * matrix.shape[0]))
    img = np.ones((matrix.shape[0], matrix.shape[1], 3))
    for i in range(matrix.shape[0]):
        for j, col in enumerate(matrix.columns):
            v = matrix.iat[i, j]
            palette = DRIVE_COLOURS if col == "chain_drive" else VERDICT_COLOURS
            img[i, j] = to_rgb(palette.get(v, "#ffffff")) if isinstance(v, str) else (1, 1, 1)
            text = _t(v, lang) if isinstance(v, str) else "–"
            if col == "chain_drive" and v in _DRIVE_TEXT:
                text = _DRIVE_TEXT[v][lang == "en"]
            ax.text(j, i, text, ha="center", va="center", fontsize=10,
                    color="white" if v in ("present", "absent", "engages", "comes_off") else "black")
    ax.imshow(img, aspect="auto")
    names = {"chain_drive": "kædetræk" if lang == "da" else "chain drive"}
    ax.set_xticks(range(matrix.shape[1]), [names.get(c, c) for c in matrix.columns])
    ax.set_yticks(range(matrix.shape[0]), [_plain(" · ".join(map(str, i)) if isinstance(i, tuple) else i) for i in matrix.index])
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    if rm is not None:
        _annotate_robust(ax, matrix, rm, lang)
        ax.set_xlabel("Anden linje: dommen hvis ukendte led er fraværende … hvis de holder. Stiplet ramme: skrøbelig — "
                      "én ændret kodning (af N led) eller en anden tærskel vender dommen." if lang == "da" else
                      "Second line: the verdict if unknown links are absent … if they hold. Dashed outline: fragile — "
                      "one changed coding (of N links) or another threshold setting flips it.", fontsize=8, loc="left", wrap=True)
    return ax


def _verdict_word(v: Any, rule: str, lang: str) -> str:
    if not isinstance(v, str):
        return "–"
    if rule == "chain_drive" and v in _DRIVE_TEXT:
        return _DRIVE_TEXT[v][lang == "en"]
    return _t(v, lang) if v in _TEXT else v.replace("_", " ")


def _annotate_robust(ax: Axes, matrix: pd.DataFrame, rm: pd.DataFrame, lang: str) -> None:
    """Add each cell's bounds and fragility to the matrix drawn on ``ax`` (its texts, one per cell,
    row by row), and outline the fragile cells."""
    from matplotlib.patches import Rectangle

    cells = [(i, j, col) for i in range(matrix.shape[0]) for j, col in enumerate(matrix.columns)]
    for (i, j, col), txt in zip(cells, ax.texts[-len(cells):]):
        text, fragile = _robust_cell(rm, matrix.index[i], col, txt.get_text(), lang)
        txt.set_text(text)
        txt.set_fontsize(8.5)
        txt.set_linespacing(1.25)
        if fragile:
            ax.add_patch(Rectangle((j - 0.47, i - 0.45), 0.94, 0.9, fill=False, lw=2.2, ls=(0, (3, 2)),
                                   ec="black", zorder=3))


def _robust_cell(rm: pd.DataFrame, row: Any, rule: str, text: str, lang: str) -> tuple[str, bool]:
    """A matrix cell's text with its bounds and fragility (from a robust_matrix), and whether it is fragile."""
    if row not in rm.index or (rule, "verdict") not in rm.columns:
        return text, False
    r = rm.loc[row, rule]
    lo, hi = r["if_unknown_absent"], r["if_unknown_present"]
    lines = [text]
    if isinstance(lo, str) and isinstance(hi, str) and lo != hi:
        lines.append(f"{_verdict_word(lo, rule, lang)} … {_verdict_word(hi, rule, lang)}")
    fragile = bool(r["fragile"])
    if fragile:
        n, why = len(r["flip_links"]), []
        if n:
            why.append(f"{n} led" if lang == "da" else f"{n} link{'s' if n > 1 else ''}")
        if bool(r["grid_flips"]):
            why.append("tærskler" if lang == "da" else "thresholds")
        lines.append(("skrøbelig: " if lang == "da" else "fragile: ") + ", ".join(why))
    return "\n".join(lines), fragile


_SEARCH_LABELS = {"searched": ("søgt efter", "searched for"), "with_lead": ("med næste spor", "with a next lead")}


def plot_missing_evidence(table: pd.DataFrame, *, lang: str = "en", ax: Axes | None = None) -> Axes:
    """Bars of what evidence is missing per case (from :func:`kaede.model.evidence.missing_evidence`):
    all unknown links, and per rule the unknown links that would decide it."""
    import numpy as np

    ax = _new_ax(ax, (10, 1.5 + 0.9 * len(table)))
    cols = list(table.columns)
    h = 0.8 / len(cols)
    ys = np.arange(len(table))
    palette = ["#bdbdbd", "#7b3294", "#c2a5cf", "#a6dba0", "#f46d43"]
    for i, col in enumerate(cols):
        label = col.replace("deciding_", "afgør " if lang == "da" else "deciding ").replace("_", " ")
        if col == "unknown_links":
            label = "ukendte led i alt" if lang == "da" else "unknown links in all"
        elif col in _SEARCH_LABELS:
            label = _SEARCH_LABELS[col][lang == "en"]
        ax.barh(ys + i * h, table[col], height=h, color=palette[i % len(palette)], label=label)
    ax.set_yticks(ys + 0.4 - h / 2, [_plain(i) for i in table.index])
    ax.invert_yaxis()
    ax.set_xlabel("antal led" if lang == "da" else "number of links")
    ax.legend(fontsize=9, frameon=False, loc="lower right")
    ax.set_title("Manglende belæg" if lang == "da" else "Missing evidence", loc="left", fontsize=14)
    return ax


def save_figure(ax: Axes, path: str, **kwargs: Any) -> None:
    """Save the figure an Axes belongs to (PNG, SVG or PDF by the file's extension)."""
    ax.figure.savefig(path, bbox_inches="tight", **kwargs)


__all__ = ["chain_layout", "plot_chain", "ChainRenderer", "plot_timelines", "plot_matrix",
           "plot_missing_evidence", "save_figure", "STAGES"]


# --------------------------------------------------------------------------------- focused view

#: Edge styles of the focused view by kind: colour, extra width, z-order.
_FOCUS_KIND = {"cut": ("#f46d43", 2.4, 4), "decoupled": ("#7b3294", 1.6, 3), "deciding": (None, 0.4, 2),
               "context": ("#b8b8b8", -0.6, 1)}
_STATUS_COLOUR = {"present": "#333333", "absent": "#d7301f", "unknown": "#8a8a8a"}
_STATUS_STYLE = {"present": "-", "absent": ":", "unknown": "--"}
#: The focused figure's axes inside its figure (left, right, top, bottom), as plot_focus's own figure.
_FOCUS_ADJUST = {"left": 0.01, "right": 0.99, "top": 0.94, "bottom": 0.01}


#: The text settings of every text in the focused picture (labels, layer names, legend, title), in
#: force wherever its text is measured or drawn: by :func:`focus_layout`, by :class:`FocusRenderer`
#: and by :func:`plot_focus` — whose texts keep them when their figure is drawn or saved later,
#: whatever the rc then (see :func:`plot_focus`). No hinting: glyphs keep their outlines' own
#: shapes and advances instead of being snapped to the pixel grid, which reads as well at 80 dpi
#: on a screen and costs about a third of matplotlib's hinted glyph rendering (the bulk of a new
#: picture's time).
FOCUS_TEXT_RC: Mapping[str, Any] = MappingProxyType({"text.hinting": "no_hinting"})


@contextmanager
def _focus_rc() -> Iterator[None]:
    """A context in which :data:`FOCUS_TEXT_RC` is in force (the rest of the rc untouched).

    Only these keys are set and restored: ``matplotlib.rc_context`` copies the whole rc, which
    costs more than measuring a label."""
    import matplotlib as mpl
    rc = mpl.rcParams
    old = {k: rc[k] for k in FOCUS_TEXT_RC}
    rc.update(FOCUS_TEXT_RC)
    try:
        yield
    finally:
        rc.update(old)


def _rc_kept(base: type) -> type:
    """``base`` (a Text or Legend) measured and drawn under :data:`FOCUS_TEXT_RC`."""

    class Kept(base):  # type: ignore[misc, valid-type]
        def draw(self, renderer: Any, *args: Any, **kwargs: Any) -> Any:
            with _focus_rc():
                return super().draw(renderer, *args, **kwargs)

        def get_window_extent(self, *args: Any, **kwargs: Any) -> Any:
            with _focus_rc():
                return super().get_window_extent(*args, **kwargs)

        def get_tightbbox(self, *args: Any, **kwargs: Any) -> Any:
            with _focus_rc():
                return super().get_tightbbox(*args, **kwargs)

    Kept.__name__ = Kept.__qualname__ = f"Focus{base.__name__}"
    Kept.__module__ = __name__
    return Kept


_KEPT: dict[str, type] = {}


def __getattr__(name: str) -> type:
    # FocusText, FocusLegend: built on first use (this module imports matplotlib only when called);
    # found here by name, so a pickled figure of plot_focus loads again
    if name in ("FocusText", "FocusLegend"):
        if name not in _KEPT:
            if name == "FocusText":
                from matplotlib.text import Text as base
            else:
                from matplotlib.legend import Legend as base
            _KEPT[name] = _rc_kept(base)
        return _KEPT[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _keep_focus_rc(artist: Any) -> Any:
    """Let a plain Text or Legend of the focused picture draw and measure under
    :data:`FOCUS_TEXT_RC` from now on (its class becomes FocusText / FocusLegend; nothing else
    changes)."""
    from matplotlib.legend import Legend
    from matplotlib.text import Text
    kept = {Text: "FocusText", Legend: "FocusLegend"}.get(type(artist))
    if kept is not None:
        artist.__class__ = __getattr__(kept)
    return artist


def _renderer(fig: Any) -> Any:
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        FigureCanvasAgg(fig)
    return fig.canvas.get_renderer()


def _focus_legend(ax: Axes, lang: str, fontsize: float, context: bool) -> Any:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    da = lang == "da"
    handles = [
        Line2D([], [], color="#333", lw=2.2, label="til stede" if da else "present"),
        Line2D([], [], color="#d7301f", lw=1.6, ls=":", label=_t("absent", lang)),
        Line2D([], [], color="#8a8a8a", lw=1.6, ls="--", label=_t("unknown", lang)),
        Line2D([], [], color="#f46d43", lw=3.5, label="hvor kæden hopper af" if da else "where the chain comes off"),
        Line2D([], [], color="#7b3294", lw=3, label="led bag en dekobling" if da else "links behind a decoupling"),
    ] + ([Line2D([], [], color="#b8b8b8", lw=1, label="øvrige led" if da else "other links")] if context else []) + [
        Patch(fc="#eaf1f8", ec="#4a6fa5", label="foldet: rolle (antal)" if da else "folded: role (count)"),
        Patch(fc="#f0f0f0", ec="#999", ls="--", label="element ikke belagt" if da else "element not on record"),
    ]
    return ax.legend(handles=handles, loc="lower center", ncol=4, fontsize=fontsize, frameon=False,
                     borderaxespad=0.2, handlelength=2.4)


class _Measures:
    """Text extents measured once: per (text, size, weight, dpi, font) — a label's wrapped lines, a
    layer name or the legend are measured the first time they are drawn and never again.

    Sizes are those matplotlib's Agg renderer gives the drawn text (``get_window_extent``) under
    :data:`FOCUS_TEXT_RC`, so a box sized from them holds its label exactly as drawn."""

    def __init__(self, limit: int = 20000):
        self.limit = limit
        self._sizes: dict[Any, tuple[float, float]] = {}
        self._figs: dict[float, Any] = {}

    @staticmethod
    def _font() -> tuple[Any, ...]:
        import matplotlib as mpl
        return (tuple(mpl.rcParams["font.family"]), tuple(mpl.rcParams["font.sans-serif"][:4]))

    #: Size of the sheet (inches) on which texts are measured and sprites drawn: one figure, so
    #: matplotlib's own cache of text metrics (per renderer) serves both.
    SHEET = (16.0, 24.0)

    def _fig(self, dpi: float) -> Any:
        if dpi not in self._figs:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure
            fig = Figure(figsize=self.SHEET, dpi=dpi)
            FigureCanvasAgg(fig)
            fig.patch.set_alpha(0)
            self._figs[dpi] = fig
        return self._figs[dpi]

    def sheet(self, dpi: float) -> Any:
        """The (transparent) figure texts are measured on at ``dpi``, to draw sprites on."""
        return self._fig(dpi)

    def _put(self, key: Any, value: tuple[float, float]) -> tuple[float, float]:
        if len(self._sizes) >= self.limit:
            self._sizes.pop(next(iter(self._sizes)))
        self._sizes[key] = value
        return value

    def text(self, text: str, fontsize: float, weight: str, dpi: float) -> tuple[float, float]:
        """(width, height) in pixels of ``text`` drawn centred, multi-line centred."""
        key = ("text", text, round(fontsize, 4), weight, dpi, self._font())
        if key not in self._sizes:
            fig = self._fig(dpi)
            t = fig.text(0, 0, text, ha="center", va="center", multialignment="center", fontsize=fontsize,
                         fontweight=weight, parse_math=False)
            with _focus_rc():
                e = t.get_window_extent(fig.canvas.get_renderer())
            t.remove()
            self._put(key, (e.width, e.height))
        return self._sizes[key]

    def legend(self, lang: str, fontsize: float, context: bool, dpi: float) -> tuple[float, float]:
        """(width, height) in pixels of the focused view's legend."""
        key = ("legend", lang, round(fontsize, 4), context, dpi, self._font())
        if key not in self._sizes:
            fig = self._fig(dpi)
            ax = fig.add_axes((0, 0, 1, 1))
            with _focus_rc():
                e = _focus_legend(ax, lang, fontsize, context).get_window_extent(fig.canvas.get_renderer())
            ax.remove()
            self._put(key, (e.width, e.height))
        return self._sizes[key]


_MEASURES = _Measures()


@dataclass
class FocusLayout:
    """Where everything of a focused picture goes, in pixels of its axes (x right from the axes'
    left edge, y up to the axes' top edge at 0; ``W`` × ``H``). Computed once, drawn by
    :func:`plot_focus` as matplotlib artists and by :class:`FocusRenderer` from cached images."""

    W: float
    H: float
    px: float
    fontsize: float
    legend_fontsize: float
    margin: float
    bands: list[tuple[int, float, float]]                      # (layer, top, bottom)
    names: dict[int, tuple[str, float, float]]                 # layer → (text, x of right end, y)
    boxes: dict[str, tuple[float, float, float, float]]        # node → (cx, cy, width, height)
    texts: dict[str, str]                                      # node → wrapped label
    styles: dict[str, tuple[str, str, str, float, str]]        # node → (fc, ec, ls, lw, weight)
    links: list[tuple[Any, Any, str, float, str]] = field(default_factory=list)  # (line, head, colour, width, style)


def focus_layout(fv: Any, lang: str, size: tuple[float, float], dpi: float, *, fontsize: float = 12.0,
                 context: bool = False, measures: _Measures | None = None,
                 origin: tuple[float, float] = (0.0, 0.0)) -> FocusLayout:
    """Measure, wrap and pack a :class:`~kaede.views.focus.FocusView` into axes of ``size`` pixels.

    Labels are wrapped at word boundaries and measured (once, cached); boxes are packed into rows
    within each layer's band so no two overlap and every label sits inside its box; only layers
    that hold a box get a band. If the boxes do not fit, the font shrinks (down to 6 pt).

    ``origin`` is where the axes' top-left corner falls in display pixels: box centres and layer
    names are snapped to whole display pixels (by less than half a pixel), so that a label is drawn
    on the same pixels wherever it is placed, and a kept image of it can be reused exactly.

    Examples
    --------
    >>> import kaede
    >>> from kaede.model.chain import chain_view
    >>> from kaede.views.focus import focus_view
    >>> lay = focus_layout(focus_view(chain_view(kaede.load_case("odense"), "talk")), "da", (1254, 670), 80)
    >>> all(0 <= cx - w / 2 and cx + w / 2 <= lay.W for cx, _, w, _ in lay.boxes.values())
    True
    """
    import numpy as np

    from .focus import pack_rows, segment_exit, wrap_label
    m = measures or _MEASURES
    W, H = size
    px = dpi / 72.0
    layers = fv.layers()
    names = LAYERS_DA if lang == "da" else LAYERS
    nodes = list(fv.nodes.values())
    texts = {n.node_id: "\n".join(wrap_label(n.label(lang), 20 if not n.folded else 24)) for n in nodes}
    weights = {n.node_id: "bold" if n.folded else "normal" for n in nodes}
    fs = fontsize
    while True:
        leg_fs = max(fs - 2, 6)
        leg_h = m.legend(lang, leg_fs, context, dpi)[1] + 6 * px
        margin = max((m.text(f"{L} {names[L]}", fs, "bold", dpi)[0] for L in layers), default=0) + 14 * px
        pad, gap, vgap, bandpad = 0.5 * fs * px, 0.9 * fs * px, 0.7 * fs * px, 0.55 * fs * px
        sizes = {}
        for n in nodes:
            w, h = m.text(texts[n.node_id], fs, weights[n.node_id], dpi)
            sizes[n.node_id] = (w + 2 * pad, h + 2 * pad)
        avail = W - margin - 2 * gap
        plan, total = {}, 0.0
        for L in layers:
            ids = [n.node_id for n in nodes if n.layer == L]
            rows = [[ids[i] for i in r] for r in pack_rows([sizes[k][0] for k in ids], avail, gap)]
            heights = [max(sizes[k][1] for k in r) for r in rows]
            band = sum(heights) + vgap * (len(rows) - 1) + 2 * bandpad
            plan[L] = (rows, heights, band)
            total += band
        fits = total <= H - leg_h and all(w <= avail for w, _ in sizes.values())
        if fits or fs <= 6:
            break
        fs = max(6.0, fs * 0.9)

    def snap_x(x: float) -> float:
        return round(origin[0] + x) - origin[0]

    def snap_y(y: float) -> float:
        return round(origin[1] + y) - origin[1]

    # spread spare height over the bands, then place rows and boxes
    spare = max(0.0, H - leg_h - total)
    extra = min(spare / max(len(layers), 1), 3 * fs * px)
    y = 0.0
    bands, name_pos, boxes = [], {}, {}
    for L in layers:
        rows, heights, band = plan[L]
        band += extra
        top, bottom = -y, -(y + band)
        bands.append((L, snap_y(top), snap_y(bottom)))
        name_pos[L] = (f"{L} {names[L]}", snap_x(margin - 8 * px), snap_y((top + bottom) / 2))
        inner = sum(heights) + vgap * (len(rows) - 1)
        ry = top - (band - inner) / 2
        for row, h in zip(rows, heights):
            width = sum(sizes[k][0] for k in row) + gap * (len(row) - 1)
            x = margin + gap + (avail - width) / 2
            for k in row:
                w_, h_ = sizes[k]
                boxes[k] = (snap_x(x + w_ / 2), snap_y(ry - h / 2), w_, h_)
                x += w_ + gap
            ry -= h + vgap
        y += band
    styles = {}
    for n in nodes:
        if n.folded:
            fc, ec, ls, lw = "#eaf1f8", "#4a6fa5", "-", 1.6
        else:
            fc = "white" if n.status == "present" else ("#f0f0f0" if n.status == "unknown" else "#fbe3e3")
            ec, ls, lw = ("#555", "-", 1.0) if n.status == "present" else ("#999", "--", 1.0)
        styles[n.node_id] = (fc, ec, ls, lw, weights[n.node_id])

    # links: straight between layers, an arc over the row within one; from box edge to box edge
    links = []
    head = 7 * px
    for e in fv.edges:
        if e.source == e.target or (e.kind == "context" and not context):
            continue
        a, b = np.array(boxes[e.source][:2]), np.array(boxes[e.target][:2])
        ha = np.array(boxes[e.source][2:]) / 2 + 2 * px
        hb = np.array(boxes[e.target][2:]) / 2 + 2 * px
        colour, more, z = _FOCUS_KIND[e.kind]
        colour = colour or _STATUS_COLOUR[e.status]
        width = max(0.6, (0.8 + 0.6 * (e.strength or 0) if e.status == "present" else 1.3) + more) * px
        if abs(a[1] - b[1]) < 1:
            lift = min(abs(b[0] - a[0]) * 0.25, ha[1] * 2.2)
            ctrl = (a + b) / 2 + np.array([0, ha[1] + lift])
            p0 = np.array(segment_exit(tuple(a), tuple(ha), tuple(ctrl)))
            p1 = np.array(segment_exit(tuple(b), tuple(hb), tuple(ctrl)))
            t = np.linspace(0, 1, 17)[:, None]
            pts = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * ctrl + t ** 2 * p1
        else:
            p0 = np.array(segment_exit(tuple(a), tuple(ha), tuple(b)))
            p1 = np.array(segment_exit(tuple(b), tuple(hb), tuple(a)))
            pts = np.array([p0, p1])
        tip, before = pts[-1], pts[-2]
        u = (tip - before) / (float(np.hypot(*(tip - before))) or 1.0)
        nrm = np.array([-u[1], u[0]])
        hw = head * (0.35 + width / (14 * px))
        pts = pts.copy()
        pts[-1] = tip - u * head * 0.8
        links.append((z, pts, np.array([tip, tip - u * head + nrm * hw, tip - u * head - nrm * hw]), colour, width,
                      _STATUS_STYLE[e.status]))
    links = [l[1:] for l in sorted(links, key=lambda l: l[0])]
    return FocusLayout(W, H, px, fs, max(fs - 2, 6), margin, bands, name_pos, boxes, texts, styles, links)


def _link_collections(lay: FocusLayout) -> list[Any]:
    from matplotlib.collections import LineCollection, PolyCollection
    if not lay.links:
        return []
    segs, heads, cols, wids, lss = zip(*lay.links)
    return [LineCollection(list(segs), colors=list(cols), linewidths=list(wids), linestyles=list(lss), zorder=2,
                           capstyle="butt", gid="links"),
            PolyCollection(list(heads), facecolors=list(cols), edgecolors="none", zorder=2, gid="arrowheads")]


def _box_patch(lay: FocusLayout, k: str, centre: tuple[float, float] | None = None, **kw: Any) -> Any:
    from matplotlib.patches import FancyBboxPatch
    cx, cy, w_, h_ = lay.boxes[k]
    if centre is not None:
        cx, cy = centre
    fc, ec, ls, lw, _ = lay.styles[k]
    return FancyBboxPatch((cx - w_ / 2, cy - h_ / 2), w_, h_, boxstyle=f"round,pad=0,rounding_size={3 * lay.px}",
                          fc=fc, ec=ec, ls=ls, lw=lw, zorder=5, gid=f"box:{k}", **kw)


def plot_focus(case: Case | ChainView, on: Any = None, *, lang: str = "en",
               findings: Sequence[Finding] | None = None, thresholds: Mapping[str, Any] | None = None,
               unfold: Any = (), context: bool = False, title: str | None = None, fontsize: float = 12.0,
               ax: Axes | None = None) -> Axes:
    """Draw the focused chain (:func:`kaede.views.focus.focus_view`) so that a room can read it.

    The elements on the paths that decide the verdicts and where the chain comes off are drawn one
    by one; the rest are folded into one box per role ("udvalg (6)"), unfolded on demand with
    ``unfold``. Labels are measured and wrapped at word boundaries, boxes are packed into rows
    within each layer's band so no two overlap and no label leaves its box (:func:`focus_layout`);
    layers without a box get no band. If the boxes do not fit, the font shrinks. Text is drawn
    literally (a ``$`` is a dollar sign, never mathtext).

    Its texts (title, legend, layer names, labels) are measured and drawn under
    :data:`FOCUS_TEXT_RC` (no hinting), as :class:`FocusRenderer` draws them: each keeps these
    settings itself (a ``FocusText`` / ``FocusLegend``, subclasses that only set the rc around their
    own measuring and drawing), so a figure drawn, shown or saved later under another rc still holds
    every label in its box and draws the widgets' picture. The rest of the rc is read as usual.

    Each box is a patch with ``gid="box:<node id>"`` and its label a text with
    ``gid="label:<node id>"``, so a test can check the geometry of what was drawn.

    Parameters
    ----------
    case : Case or ChainView
    on : date-like, milestone name or None
    lang : {"en", "da"}
    findings, thresholds : optional
        As for :func:`plot_chain`.
    unfold : iterable of roles, or "all"
    context : bool
        Also draw the other links (thin, grey; bundled per pair of boxes). Off by default: the
        room sees the deciding paths only.
    title : str, optional
        Default: the case's title and the date.
    fontsize : float
        Largest label size in points.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import kaede
    >>> ax = plot_focus(kaede.load_case("furesoe"), on="talk", lang="da")
    >>> any(t.get_gid() == "label:fold:committee" or t.get_text().startswith("udvalg") for t in ax.texts)
    True
    """
    from matplotlib.patches import Rectangle

    from .focus import focus_view

    view = _resolve(case, on)
    fv = focus_view(view, findings, thresholds=thresholds, unfold=unfold)
    if ax is None:
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(16, 9))
        fig.subplots_adjust(**_FOCUS_ADJUST)
    fig = ax.figure
    renderer = _renderer(fig)
    bb = ax.get_window_extent(renderer)
    lay = focus_layout(fv, lang, (bb.width, bb.height), fig.dpi, fontsize=fontsize, context=context,
                       origin=(bb.x0, bb.y1))
    _keep_focus_rc(ax.set_title(title if title is not None else _chain_title(view, _title(case, view, lang), lang),
                                fontsize=fontsize + 4, loc="left", parse_math=False))
    ax.set_axis_off()
    ax.set_xlim(0, lay.W)
    ax.set_ylim(-lay.H, 0)
    fs = lay.fontsize
    _keep_focus_rc(_focus_legend(ax, lang, lay.legend_fontsize, context))
    # patches join with add_artist: the limits are set, so matplotlib need not compute data limits
    for L, top, bottom in lay.bands:
        ax.add_artist(Rectangle((0, bottom), lay.W, top - bottom, color=LAYER_COLOURS[L], alpha=0.45, lw=0, zorder=0))
    for L, (text, x, y) in lay.names.items():
        _keep_focus_rc(ax.text(x, y, text, ha="right", va="center", fontsize=fs, fontweight="bold", color="#444",
                               parse_math=False))
    for k, (cx, cy, _, _) in lay.boxes.items():
        ax.add_artist(_box_patch(lay, k))
        _keep_focus_rc(ax.text(cx, cy, lay.texts[k], ha="center", va="center", multialignment="center", fontsize=fs,
                               fontweight=lay.styles[k][4], zorder=6, parse_math=False, gid=f"label:{k}"))
    for coll in _link_collections(lay):
        ax.add_collection(coll, autolim=False)
    ax.set_xlim(0, lay.W)
    ax.set_ylim(-lay.H, 0)
    return ax


def png_bytes(image: Any, level: int = 1) -> bytes:
    """An RGB or RGBA image (height × width × 3 or 4, uint8) as PNG bytes: rows unfiltered, zlib at
    ``level``.

    For flat charts this is smaller than Pillow's default and several times faster to encode (the
    encoding is not what a widget waits for). An RGBA buffer (as matplotlib's Agg keeps it) is
    encoded as it is, without a copy to RGB first.

    Examples
    --------
    >>> import numpy as np
    >>> png_bytes(np.zeros((2, 3, 3), dtype="uint8"))[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    import struct
    import zlib

    import numpy as np
    h, w, channels = image.shape
    if channels not in (3, 4):
        raise ValueError(f"png_bytes expects an RGB or RGBA image, not {channels} channels")
    raw = np.empty((h, w * channels + 1), np.uint8)
    raw[:, 0] = 0
    raw[:, 1:].reshape(h, w, channels)[...] = image

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    colour_type = 2 if channels == 3 else 6
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, colour_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw.tobytes(), level)) + chunk(b"IEND", b""))


class FocusRenderer:
    """Renders :func:`plot_focus` pictures to PNG fast enough for a live room.

    The layout is :func:`focus_layout`'s, the same as :func:`plot_focus` draws (so the geometric
    guarantees tested on plot_focus's artists hold here). What a change of date, threshold or case
    leaves unchanged is drawn once and kept as an image: each box with its label (per label, size,
    style), each layer name, the legend (per language and size) and the title. A render draws the
    bands and the links with matplotlib, lays the kept images at their places and encodes the PNG
    (:func:`png_bytes`). Every render is drawn from the current data; nothing is drawn ahead.

    Examples
    --------
    >>> import kaede
    >>> r = FocusRenderer()
    >>> r.render(kaede.load_case("hoersholm"), on="talk")[:4] == b"\\x89PNG"
    True
    """

    def __init__(self, size: tuple[float, float] = (16, 9), dpi: float = 80, cache_size: int = 4096):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        self.size, self.dpi, self.cache_size = size, dpi, cache_size
        self._sprites: dict[Any, tuple[Any, Any, int, int]] = {}
        fig = Figure(figsize=size, dpi=dpi)
        FigureCanvasAgg(fig)
        fig.subplots_adjust(**_FOCUS_ADJUST)
        self._fig, self._ax = fig, fig.add_subplot()
        self._ax.set_axis_off()
        bb = self._ax.get_window_extent(fig.canvas.get_renderer())
        self._bb = bb
        self._shape = (int(round(fig.bbox.height)), int(round(fig.bbox.width)))
        self.last_layout: FocusLayout | None = None

    def _title_at(self) -> tuple[float, float]:
        """Display position of the title's anchor: the axes' left edge, its top + the title pad."""
        import matplotlib as mpl
        return self._bb.x0, self._bb.y1 + mpl.rcParams["axes.titlepad"] * self.dpi / 72

    # pixel row/column in the image of a point in axes pixels (x right, y up to 0 at the top)
    def _pixel(self, x: float, y: float) -> tuple[float, float]:
        return self._bb.x0 + x, self._shape[0] - (self._bb.y1 + y)

    def _make_sprites(self, specs: Mapping[Any, tuple[str, tuple[Any, ...]]]) -> None:
        """Draw every missing sprite in one figure and cut it out: (rgb*alpha, 1-alpha, row, col of
        its anchor)."""
        import numpy as np
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.transforms import IdentityTransform

        sheet = _MEASURES.sheet(self.dpi)
        sheet_w, sheet_h = sheet.bbox.width, sheet.bbox.height
        slots = []
        y = 4.0
        width = 64.0
        pending = list(specs.items())
        for n, (key, (kind, args)) in enumerate(pending):
            if kind == "box":
                lay, k = args
                w_, h_ = lay.boxes[k][2:]
                h, w = h_ + 8, w_ + 8
            else:
                text, fs, weight = args[0], args[1], args[2]
                w, h = _MEASURES.text(text, fs, weight, self.dpi)
                h, w = h + 16, w + 16
            if slots and (y + h + 8 > sheet_h or w + 16 > sheet_w):
                self._make_sprites(dict(pending[n:]))  # the rest on a sheet of their own
                break
            slots.append((key, kind, args, y, h))
            width = max(width, w + 16)
            y += h + 8
        if width <= sheet_w and y + 4 <= sheet_h:
            fig = sheet
        else:  # one sprite larger than the sheet (a very long title)
            fig = Figure(figsize=(np.ceil(width) / self.dpi, np.ceil(y + 4) / self.dpi), dpi=self.dpi)
            FigureCanvasAgg(fig)
            fig.patch.set_alpha(0)
        height = int(round(fig.bbox.height))
        drawn: list[Any] = []
        ident = IdentityTransform()
        anchors = {}
        for key, kind, args, top, h in slots:
            if kind == "box":
                lay, k = args
                w_ = lay.boxes[k][2]
                cx, cy = np.floor(8 + w_ / 2), np.floor(height - top - h / 2)
                drawn.append(fig.add_artist(_box_patch(lay, k, (cx, cy), transform=ident)))
                drawn.append(fig.text(cx, cy, lay.texts[k], ha="center", va="center", multialignment="center", fontsize=lay.fontsize,
                         fontweight=lay.styles[k][4], zorder=6, parse_math=False, transform=ident))
            elif kind == "name":
                text, fs, weight = args
                cx, cy = np.floor(8 + _MEASURES.text(text, fs, weight, self.dpi)[0] + 4), np.floor(height - top - h / 2)
                drawn.append(fig.text(cx, cy, text, ha="right", va="center", fontsize=fs, fontweight=weight,
                                      color="#444", parse_math=False, transform=ident))
            else:  # title: left, on its baseline, at the sub-pixel offset it has on the picture
                text, fs, weight = args
                fx, fy = self._title_at()
                cx, cy = 8.0 + fx % 1, np.floor(height - top - h + 8 + 0.3 * fs * self.dpi / 72) + fy % 1
                drawn.append(fig.text(cx, cy, text, ha="left", va="baseline", fontsize=fs, parse_math=False,
                                      transform=ident))
            anchors[key] = (height - np.floor(cy), np.floor(cx))  # whole pixels; a title keeps its fraction
        with _focus_rc():
            fig.canvas.draw()
        img = np.asarray(fig.canvas.buffer_rgba())
        for artist in drawn:
            artist.remove()
        for key, kind, args, top, h in slots:
            r0, r1 = int(np.floor(top)), int(np.ceil(top + h))
            part = img[r0:r1]
            rows = np.nonzero(part[..., 3].any(axis=1))[0]
            cols = np.nonzero(part[..., 3].any(axis=0))[0]
            if not len(rows):
                continue
            a0, a1, c0, c1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
            cut = part[a0:a1, c0:c1].astype(np.float32)
            alpha = cut[..., 3:4] / 255.0
            ar, ac = anchors[key]
            self._put(key, (cut[..., :3] * alpha, 1.0 - alpha, int(round(ar)) - r0 - int(a0), int(round(ac)) - int(c0)))

    def _put(self, key: Any, sprite: Any) -> None:
        if len(self._sprites) >= self.cache_size:
            self._sprites.pop(next(iter(self._sprites)))
        self._sprites[key] = sprite

    def _legend(self, lang: str, fs: float, context: bool) -> Any:
        """The legend as placed on the picture: (rgb*alpha, 1-alpha, top row, left column)."""
        import numpy as np
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        key = ("legend", lang, fs, context)
        if key not in self._sprites:
            fig = Figure(figsize=self.size, dpi=self.dpi)
            FigureCanvasAgg(fig)
            fig.patch.set_alpha(0)
            fig.subplots_adjust(**_FOCUS_ADJUST)
            ax = fig.add_subplot()
            ax.set_axis_off()
            _focus_legend(ax, lang, fs, context)
            with _focus_rc():
                fig.canvas.draw()
            img = np.asarray(fig.canvas.buffer_rgba())
            rows = np.nonzero(img[..., 3].any(axis=1))[0]
            cols = np.nonzero(img[..., 3].any(axis=0))[0]
            cut = img[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1].astype(np.float32)
            alpha = cut[..., 3:4] / 255.0
            self._put(key, (cut[..., :3] * alpha, 1.0 - alpha, int(rows[0]), int(cols[0])))
        return self._sprites[key]

    @staticmethod
    def _blend(out: Any, sprite: Any, top: int, left: int) -> None:
        import numpy as np
        pre, keep = sprite[0], sprite[1]
        cut = _overlap(out, pre, top, left)
        if cut is None:
            return
        dst, src = cut
        out[dst] = np.clip(pre[src] + out[dst] * keep[src] + 0.5, 0, 255).astype(np.uint8)

    def render(self, case: Case | ChainView, on: Any = None, *, lang: str = "en",
               findings: Sequence[Finding] | None = None, thresholds: Mapping[str, Any] | None = None,
               unfold: Any = (), context: bool = False, title: str | None = None, fontsize: float = 12.0) -> bytes:
        """PNG bytes of the focused chain, as :func:`plot_focus` draws it on a figure of this size
        and dpi (arguments as for :func:`plot_focus`)."""
        import numpy as np
        from matplotlib.colors import to_rgb

        from .focus import focus_view
        view = _resolve(case, on)
        fv = focus_view(view, findings, thresholds=thresholds, unfold=unfold)
        lay = focus_layout(fv, lang, (self._bb.width, self._bb.height), self.dpi, fontsize=fontsize, context=context,
                           origin=(self._bb.x0, self._bb.y1))
        self.last_layout = lay
        title = title if title is not None else _chain_title(view, _title(case, view, lang), lang)
        fs = lay.fontsize
        # bands (whole pixel rows: focus_layout snaps them) filled, links drawn with matplotlib's Agg
        # straight onto them, in the kept figure's buffer
        ax = self._ax
        for artist in [*ax.collections]:
            artist.remove()
        ax.set_xlim(0, lay.W)
        ax.set_ylim(-lay.H, 0)
        renderer = self._fig.canvas.get_renderer()
        buf = np.asarray(renderer.buffer_rgba())
        buf[...] = 255
        x0, x1 = self._bb.x0, self._bb.x1
        c0, c1 = int(np.ceil(x0)), int(np.floor(x1))
        for L, top, bottom in lay.bands:
            colour = np.asarray(to_rgb(LAYER_COLOURS[L])) * 255
            r0, r1 = (int(round(self._shape[0] - (self._bb.y1 + v))) for v in (top, bottom))
            band = buf[r0:r1]
            band[:, c0:c1] = np.append(np.round(255 + (colour - 255) * 0.45), 255).astype(np.uint8)
            for col, cover in ((c0 - 1, c0 - x0), (c1, x1 - c1)):  # partly covered edge columns
                if cover > 0:
                    band[:, col, :3] = np.round(255 + (colour - 255) * 0.45 * cover).astype(np.uint8)
        for coll in _link_collections(lay):
            ax.add_collection(coll, autolim=False)
            ax.draw_artist(coll)
        out = buf[..., :3]  # sprites are laid on the colour channels; the buffer stays opaque
        # kept images: boxes with their labels, layer names, legend, title
        wanted: dict[Any, tuple[str, tuple[Any, ...]]] = {}
        keys = {}
        for k in lay.boxes:
            fc, ec, ls, lw, weight = lay.styles[k]
            key = ("box", lay.texts[k], fs, fc, ec, ls, lw, weight, round(lay.boxes[k][2], 3), round(lay.boxes[k][3], 3))
            keys[k] = key
            if key not in self._sprites:
                wanted[key] = ("box", (lay, k))
        for L, (text, _, _) in lay.names.items():
            key = ("name", text, fs)
            keys[("name", L)] = key
            if key not in self._sprites:
                wanted[key] = ("name", (text, fs, "bold"))
        tkey = ("title", title, fontsize + 4)
        if tkey not in self._sprites:
            wanted[tkey] = ("title", (title, fontsize + 4, "normal"))
        if wanted:
            self._make_sprites(wanted)
        for k, (cx, cy, _, _) in lay.boxes.items():
            sprite = self._sprites[keys[k]]
            col, row = self._pixel(cx, cy)
            self._blend(out, sprite, int(np.round(row)) - sprite[2], int(np.round(col)) - sprite[3])
        for L, (text, x, y) in lay.names.items():
            sprite = self._sprites[keys[("name", L)]]
            col, row = self._pixel(x, y)
            self._blend(out, sprite, int(np.round(row)) - sprite[2], int(np.round(col)) - sprite[3])
        leg = self._legend(lang, lay.legend_fontsize, context)
        self._blend(out, leg, leg[2], leg[3])
        if tkey in self._sprites:
            sprite = self._sprites[tkey]
            fx, fy = self._title_at()
            col, row = np.floor(fx), self._shape[0] - np.floor(fy)
            self._blend(out, sprite, int(row) - sprite[2], int(col) - sprite[3])
        return png_bytes(buf)


def focus_png(case: Case | ChainView, on: Any = None, *, size: tuple[float, float] = (16, 9), dpi: int = 80,
              **kwargs: Any) -> bytes:
    """PNG bytes of :func:`plot_focus` on a new pyplot-free figure (the reference drawing; the widgets
    use :class:`FocusRenderer`, which draws the same picture faster).

    Examples
    --------
    >>> import kaede
    >>> focus_png(kaede.load_case("hoersholm"), on="talk")[:4] == b"\\x89PNG"
    True
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    fig = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(**_FOCUS_ADJUST)
    plot_focus(case, on, ax=fig.add_subplot(), **kwargs)
    fig.canvas.draw()
    return png_bytes(np.asarray(fig.canvas.buffer_rgba())[..., :3])


__all__ += ["plot_focus", "focus_png", "focus_layout", "FocusLayout", "FocusRenderer", "png_bytes", "FOCUS_TEXT_RC"]
