"""Plots take data and ax=, return the Axes, and save cleanly to PNG, SVG and PDF."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import kaede  # noqa: E402
from kaede.model.chain import chain_view  # noqa: E402
from kaede.model.evidence import missing_evidence  # noqa: E402
from kaede.views.plot import (ChainRenderer, chain_layout, plot_chain, plot_matrix,  # noqa: E402
                              plot_missing_evidence, plot_timelines, save_figure)

CASES = kaede.load_cases()


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("lang", ["en", "da"])
def test_plot_chain_uses_given_ax(name: str, lang: str) -> None:
    fig, ax = plt.subplots()
    on = "talk" if "talk" in CASES[name].milestones else None
    out = plot_chain(CASES[name], on=on, lang=lang, ax=ax)
    assert out is ax
    title = CASES[name].title if lang == "da" else CASES[name].title_en
    assert ax.get_title(loc="left").startswith(title)
    labels = {t.get_text() for t in ax.texts}
    assert any("mandat" in t if lang == "da" else "mandate" in t for t in labels)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert ("ukendt" if lang == "da" else "unknown") in legend


def test_unknown_and_absent_links_are_styled_differently() -> None:
    case = kaede.make_case([("council", "council"), ("vision", "vision"), ("budget", "budget")],
                           [("council", "vision", "owns", "unknown"), ("vision", "budget", "translates_into", "absent")])
    ax = plot_chain(case, highlight=False)
    lines = ax.collections[0]
    assert len(lines.get_segments()) == 2
    styles = [tuple(ls[1]) if ls[1] is not None else None for ls in lines.get_linestyles()]
    assert styles[0] != styles[1]
    colours = [tuple(c) for c in lines.get_colors()]
    assert colours[0] != colours[1]


def test_layout_puts_layers_in_order() -> None:
    view = chain_view(CASES["odense"])
    pos = chain_layout(view)
    for k, e in view.elements.items():
        assert -e.layer - 0.5 < pos[k][1] < -e.layer + 0.5


@pytest.mark.parametrize("ext", ["png", "svg", "pdf"])
def test_saves_to_each_format(tmp_path: Path, ext: str) -> None:
    for i, ax in enumerate([plot_chain(CASES["furesoe"]), plot_timelines(CASES), plot_matrix(kaede.compare(CASES)),
                            plot_missing_evidence(missing_evidence(CASES))]):
        path = tmp_path / f"fig{i}.{ext}"
        save_figure(ax, str(path))
        head = path.read_bytes()[:8]
        assert {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[ext] in head


def test_timelines_draw_the_timeline_data() -> None:
    from kaede.model.timeline import timeline_frame
    ax = plot_timelines(CASES, align="adoption")
    assert "adoption" in ax.get_xlabel()
    tf = timeline_frame(CASES, align="adoption")
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == len(tf), "one marker per row of the timeline data"


def test_plot_only_draws() -> None:
    """The data behind the pictures is computed in the model wing; plot imports it."""
    import kaede.views.plot as plot
    for name in ("timeline_frame", "missing_evidence", "_highlights"):
        obj = getattr(plot, name, None)
        assert obj is None or obj.__module__.startswith("kaede.model."), name
    assert "missing_evidence" not in plot.__all__ and "timeline_frame" not in plot.__all__


def test_matrix_cells_show_verdicts() -> None:
    m = kaede.compare(CASES, on="talk")
    ax = plot_matrix(m, lang="en")
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == m.size
    assert {"engages", "comes off", "indeterminate"} & set(texts)


def test_renderer_png_and_cache() -> None:
    r = ChainRenderer()
    view = chain_view(CASES["hoersholm"], "2014-06-01")
    a = r.render(view, title="Hørsholm")
    b = r.render(view, title="Hørsholm", thresholds={"min_strength": 3})
    assert a[:4] == b"\x89PNG" and a != b
    assert len(r._frames) == 1, "the frame is drawn once per language"
    n = len(r._sprites)
    assert n == len(view.elements) or n < len(view.elements)  # identical boxes share a sprite
    r.render(view, title="Hørsholm", lang="da")
    assert len(r._frames) == 2


def test_import_light_still() -> None:
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-c", "import sys, kaede, kaede.model.findings, kaede.views.explore; "
                          "print('matplotlib' in sys.modules, 'ipywidgets' in sys.modules)"],
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
