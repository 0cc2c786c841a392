"""The focused chain a room can read: checked on the drawn artists for every shipped case at every
milestone, in both languages — no two boxes overlap, every label inside its box and the axes,
lines broken only at word boundaries, no empty band drawn."""
from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

import kaede  # noqa: E402
from kaede.model.chain import chain_view  # noqa: E402
from kaede.views.focus import focus_view, wrap_label  # noqa: E402
from kaede.views.plot import plot_focus  # noqa: E402

CASES = kaede.load_cases()
DATES = [(name, m) for name, c in CASES.items() for m in [None, *c.milestones]]


_FIGURES: dict = {}


def _draw(case, on, lang, size=(16, 9), dpi=80, **kw):
    """plot_focus on a figure of ``size`` kept across tests: one Agg renderer, whose cache of text
    metrics makes measuring a label seen at another milestone cheap (the extents are matplotlib's own)."""
    if (size, dpi) not in _FIGURES:
        fig = Figure(figsize=size, dpi=dpi)
        FigureCanvasAgg(fig)
        fig.subplots_adjust(left=0.01, right=0.99, top=0.94, bottom=0.01)
        _FIGURES[(size, dpi)] = (fig, fig.add_subplot())
    fig, ax = _FIGURES[(size, dpi)]
    for artist in [*ax.patches, *ax.texts, *ax.collections]:  # what the last test drew
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    ax = plot_focus(case, on, lang=lang, ax=ax, **kw)
    assert len(ax.get_legend().get_texts()) >= 7
    return fig, ax


def _geometry(fig, ax):
    r = fig.canvas.get_renderer()
    # a box's extent: its rectangle (the rounded outline lies within it) in display pixels
    boxes = {p.get_gid()[4:]: Bbox(p.get_transform().transform(p.get_bbox().get_points())) for p in ax.patches
             if isinstance(p, FancyBboxPatch) and (p.get_gid() or "").startswith("box:")}
    labels = {t.get_gid()[6:]: t for t in ax.texts if (t.get_gid() or "").startswith("label:")}
    return r, boxes, labels


def _inside(inner, outer, tol=0.5):
    return (inner.x0 >= outer.x0 - tol and inner.x1 <= outer.x1 + tol
            and inner.y0 >= outer.y0 - tol and inner.y1 <= outer.y1 + tol)


@pytest.mark.parametrize("name,on", DATES, ids=[f"{n}-{m or 'all'}" for n, m in DATES])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_focus_geometry(name: str, on: str | None, lang: str) -> None:
    case = CASES[name]
    fig, ax = _draw(case, on, lang)
    r, boxes, labels = _geometry(fig, ax)
    fv = focus_view(chain_view(case, on))
    assert set(boxes) == set(fv.nodes) == set(labels)
    frame = ax.get_window_extent(r)
    for a, b in itertools.combinations(boxes, 2):
        assert not boxes[a].overlaps(boxes[b]), f"{name} {on} {lang}: boxes {a} and {b} overlap"
    for k, t in labels.items():
        ext = t.get_window_extent(r)
        assert _inside(ext, boxes[k]), f"{name} {on} {lang}: label of {k} leaves its box"
        assert _inside(boxes[k], frame), f"{name} {on} {lang}: box {k} leaves the picture"
        node = fv.nodes[k]
        # every line break falls between words: the words drawn are the label's words
        assert t.get_text().split() == node.label(lang).split(), f"{name} {on}: {k} cut or broken mid-word"
    # only the layers that hold a box get a band
    bands = [p for p in ax.patches if not isinstance(p, FancyBboxPatch)]
    assert len(bands) == len(fv.layers())


def test_folded_roles_are_counted_and_unfold_on_demand() -> None:
    case = max(CASES.values(), key=lambda c: len(c.elements))
    view = chain_view(case)
    fv = focus_view(view)
    assert fv.folded, "a real case has something to fold"
    role, members = next(iter(fv.folded.items()))
    node = fv.nodes[f"fold:{role}"]
    assert node.label_en.endswith(f"({len(members)})") and node.label_da.endswith(f"({len(members)})")
    assert all(fv.element_node[m] == node.node_id for m in members)
    unfolded = focus_view(view, unfold=[role])
    assert f"fold:{role}" not in unfolded.nodes and set(members) <= set(unfolded.nodes)
    assert len(focus_view(view, unfold="all").nodes) == len(view.elements)


def test_deciding_links_stay_visible() -> None:
    for case in CASES.values():
        view = chain_view(case, "talk" if "talk" in case.milestones else None)
        fv = focus_view(view)
        d = kaede.diagnose(case, "talk" if "talk" in case.milestones else None)
        deciding = set().union(*map(set, d["links"]), *map(set, d["unknown_links"]))
        drawn = {lid for e in fv.edges if e.kind != "context" for lid in e.link_ids}
        assert deciding <= drawn
        for e in fv.edges:
            if e.kind != "context":
                assert not fv.nodes[e.source].folded and not fv.nodes[e.target].folded


def test_words_are_never_broken() -> None:
    assert wrap_label("Kommunalbestyrelsen", 6) == ["Kommunalbestyrelsen"]
    assert wrap_label("Fritids- og kulturudvalget", 10) == ["Fritids-", "og", "kulturudvalget"]


def test_dollar_signs_are_drawn_as_text() -> None:
    case = kaede.make_case([("council", "council"), ("vision", "vision"), ("budget", "budget")],
                           [("council", "vision", "owns", "present"), ("vision", "budget", "funds", "unknown")])
    el = case.elements
    el.loc[el.element_id == "budget", "label_en"] = "Budget $5M and $2M"
    fig, ax = _draw(case, None, "en", title="Costs $1 to $2")
    t = next(t for t in ax.texts if t.get_gid() == "label:budget")
    assert "$5M" in t.get_text() and not t.get_parse_math()
    assert ax.get_title(loc="left") == "Costs $1 to $2"


def test_smaller_screen_still_fits() -> None:
    case = max(CASES.values(), key=lambda c: len(c.elements))
    fig, ax = _draw(case, None, "da", size=(8, 4.5), dpi=80, unfold="all")
    r, boxes, labels = _geometry(fig, ax)
    for a, b in itertools.combinations(boxes, 2):
        assert not boxes[a].overlaps(boxes[b])
    for k, t in labels.items():
        assert _inside(t.get_window_extent(r), boxes[k])


def _pixels(png):
    import io

    import numpy as np
    from PIL import Image
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_fast_renderer_draws_plot_focus_picture():
    """The widgets' FocusRenderer draws the picture plot_focus draws (same layout, same pixels up to
    antialiasing at the bands' edges), so the geometry checked above on plot_focus's artists holds in
    the widgets. One renderer goes through every case, so labels kept from an earlier picture (another
    date, another case) are laid as well as freshly drawn ones."""
    from kaede.views.plot import FocusRenderer, focus_png
    renderer = FocusRenderer()
    for i, (name, case) in enumerate(CASES.items()):
        ons = [None, *case.milestones]
        lang = ("da", "en")[i % 2]
        renderer.render(case, ons[-1], lang=lang)  # keeps this date's labels
        on = ons[len(ons) // 2]
        view = chain_view(case, on)
        fast, ref = _pixels(renderer.render(view, lang=lang)), _pixels(focus_png(view, lang=lang))
        assert fast.shape == ref.shape == (720, 1280, 3)
        diff = abs(fast - ref).max(axis=2)
        assert diff.mean() < 1.0 and (diff > 24).mean() < 1e-4, f"{name} {on} {lang}: mean {diff.mean():.2f}"
        assert set(renderer.last_layout.boxes) == set(focus_view(view).nodes)


def test_fast_renderer_picture_changes_with_the_data():
    """Kept images never stand in for a changed picture: another date, language or threshold
    that moves a verdict gives other pixels."""
    from kaede.views.plot import FocusRenderer
    case = max(CASES.values(), key=lambda c: len(c.milestones))
    r = FocusRenderer()
    ons = [None, *case.milestones]
    a = _pixels(r.render(case, ons[0], lang="da"))
    assert (abs(_pixels(r.render(case, ons[0], lang="en")) - a).max(axis=2) > 24).mean() > 1e-3
    assert (abs(_pixels(r.render(case, ons[-1], lang="da")) - a).max(axis=2) > 24).mean() > 1e-4


def test_focus_text_keeps_its_rc_when_drawn_under_another():
    """plot_focus's texts are measured and drawn under FOCUS_TEXT_RC wherever its figure is drawn
    later: a figure drawn under another hinting gives the same pixels as under the default rc, and
    those of the widgets' FocusRenderer."""
    import matplotlib as mpl
    import numpy as np

    from kaede.views.plot import FOCUS_TEXT_RC, FocusRenderer, focus_png
    name, case = next(iter(CASES.items()))
    ref = _pixels(focus_png(case, lang="da"))
    other = "force_autohint" if FOCUS_TEXT_RC["text.hinting"] != "force_autohint" else "default"
    with mpl.rc_context({"text.hinting": other}):
        assert (_pixels(focus_png(case, lang="da")) == ref).all(), name
    fig = Figure(figsize=(16, 9), dpi=80)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.94, bottom=0.01)
    ax = plot_focus(case, lang="da", ax=fig.add_subplot())
    assert all(type(t).__name__ == "FocusText" for t in ax.texts) and type(ax.get_legend()).__name__ == "FocusLegend"
    with mpl.rc_context({"text.hinting": other}):  # drawn after plot_focus returned, under the user's rc
        fig.canvas.draw()
    drawn = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)
    assert abs(drawn - ref).max() == 0, name
    fast = _pixels(FocusRenderer().render(case, lang="da"))
    diff = abs(fast - ref).max(axis=2)
    assert diff.mean() < 1.0 and (diff > 24).mean() < 1e-4
