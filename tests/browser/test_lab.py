"""Every notebook opens in JupyterLab as it was saved: widget cells show their saved widget state (or a
static figure beside it), never a Python repr, and the page console shows no error."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import ROOT, outside_requests

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
REPR = ("VBox(children=", "HBox(children=", "Dropdown(", "IntSlider(")


WIDGET = "application/vnd.jupyter.widget-view+json"


def _pictures(name: str) -> tuple[int, int]:
    """(outputs that carry a widget view, outputs that carry a widget view or a PNG) in the saved notebook."""
    nb = json.loads((ROOT / "notebooks" / name).read_text(encoding="utf-8"))
    outs = [o.get("data", {}) for c in nb["cells"] for o in c.get("outputs", [])]
    return sum(WIDGET in d for d in outs), sum(WIDGET in d or "image/png" in d for d in outs)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_opens_as_saved(browser, lab, name):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console.error: {m.text}") if m.type == "error" else None)
    outside = outside_requests(page)
    try:
        page.goto(f"{lab['url']}/lab/tree/{name}?reset", timeout=120_000)  # ?reset: no tabs left open from before
        page.locator(".jp-NotebookPanel .jp-OutputArea-output").first.wait_for(state="attached", timeout=120_000)
        n_views, n_pictures = _pictures(name)
        # each widget output shows its last view: the live widget from the saved state (a trusted
        # notebook) or the picture saved beside it (a fresh clone: not trusted, so no widget renderer) —
        # so every output with a widget or a PNG renders as one of the two
        shown = ("() => document.querySelectorAll('.jp-OutputArea-output[data-mime-type=\"image/png\"], "
                 f".jp-OutputArea-output[data-mime-type=\"{WIDGET}\"]').length")
        page.wait_for_function(f"n => ({shown})() >= n", arg=n_pictures, timeout=60_000)
        assert page.evaluate(shown) == n_pictures, (name, n_views)
        page.wait_for_timeout(1000)  # late errors
        outputs = page.evaluate("[...document.querySelectorAll('.jp-OutputArea-output')].map(e => e.innerText)")
        assert outputs, f"{name}: no outputs rendered"
        reprs = [o[:80] for o in outputs if o.lstrip().startswith(REPR)]
        assert not reprs, f"{name} shows widget reprs: {reprs}"
        assert not errors, f"{name}: {errors}"
        assert not outside, f"{name}: JupyterLab requested from outside 127.0.0.1: {outside}"
    finally:
        page.close()
