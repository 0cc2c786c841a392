"""The facilitator deck (Voila reveal, ``kaede-reveal``): every slide renders without overflow at
1920×1080 and 1280×720 at a readable scale, its widgets are live, nothing errs in the page console,
and nothing is fetched from outside the server."""
from __future__ import annotations

import pytest

from .conftest import outside_requests

SIZES = [(1920, 1080), (1280, 720)]
#: The deck's stage (serve.DECK_RESOURCES) and the least share of its fitted size a slide may be shown
#: at: reveal scales the 1280 × 720 stage to the window, and a slide whose content is too tall is
#: zoomed down further (the kaede-reveal fit); below this floor a room cannot read it.
STAGE = (1280, 720)
READABLE = 0.8

#: What is off-screen or clipped on the present slide: elements outside the viewport, and how much
#: content the slide itself clips (its scroll size beyond its box).
MEASURE = """() => {
  const vw = innerWidth, vh = innerHeight;
  const cur = [...document.querySelectorAll('.reveal .slides section.present')].pop();
  const out = [];
  cur.querySelectorAll('*').forEach(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || !e.checkVisibility()) return;   // e.g. inside a closed <details>
    if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1)
      out.push(e.tagName + '.' + String(e.className).slice(0, 40) + ' ' + [r.left, r.top, r.right, r.bottom].map(Math.round));
  });
  const stage = document.querySelector('.reveal .slides');   /* reveal scales it: transform (or zoom) */
  const scale = stage.getBoundingClientRect().width / stage.offsetWidth;
  return {slide: location.hash, text: cur.innerText.trim().slice(0, 40), offscreen: out.slice(0, 3),
          scale: scale, zoom: parseFloat(cur.dataset.kaedeZoom || '1'),
          clipped: Math.max(cur.scrollHeight - cur.clientHeight, cur.scrollWidth - cur.clientWidth),
          visible: cur.innerText.trim().length > 0 || cur.querySelector('img, canvas, .jupyter-widgets') !== null};
}"""


def _errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: errors.append(f"console.error: {m.text}") if m.type == "error" else None)
    return errors


@pytest.fixture(scope="module")
def deck(browser, workshop):
    """One deck page (each load executes the deck in a new kernel), with its console errors."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    errors = _errors(page)
    outside = outside_requests(page)
    page.goto(str(workshop["deck"]), timeout=120_000)
    page.wait_for_selector(".reveal .slides section.present", state="visible", timeout=120_000)
    page.outside = outside
    try:
        yield page, errors
    finally:
        page.close()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_slide_fits_and_widgets_are_live(deck, size):
    w, h = size
    page, errors = deck
    page.set_viewport_size({"width": w, "height": h})
    page.evaluate("location.hash = '#/'")
    page.wait_for_timeout(1200)  # the fit check runs twice a second
    seen, slides = [], []
    for _ in range(40):
        where = page.evaluate("location.hash + '|' + document.querySelectorAll('.fragment.visible').length")
        if where in seen:
            break
        seen.append(where)
        page.wait_for_timeout(700)
        m = page.evaluate(MEASURE)
        slides.append(m)
        assert m["visible"], f"slide {m['slide']} is blank at {w}x{h}"
        assert not m["offscreen"] and m["clipped"] <= 1, f"slide {m['slide']} overflows at {w}x{h}: {m}"
        # readable: reveal's scale times the slide's own zoom is at least READABLE of the stage fitted
        # to the window (reveal keeps a margin of 4 %: 0.96 of that is what a slide with nothing to
        # shrink gets)
        fitted = min(w / STAGE[0], h / STAGE[1])
        assert 0.5 < m["scale"] / fitted <= 1.0, f"reveal's scale {m['scale']:.2f} at {w}x{h} is not the stage fitted"
        assert m["scale"] * m["zoom"] >= READABLE * fitted, (
            f"slide {m['slide']} ({m['text']!r}) is shown at {m['scale'] * m['zoom'] / fitted:.0%} of the "
            f"stage at {w}x{h} (reveal {m['scale']:.2f}, zoom {m['zoom']:.2f}); floor {READABLE:.0%}")
        page.keyboard.press("n")
    assert len(slides) >= 5, [s["slide"] for s in slides]
    # widgets are live: the What-if dropdown is a real <select> with the case's links
    n_options = page.evaluate("document.querySelectorAll('.reveal .widget-dropdown select')[0].options.length")
    assert n_options > 3
    assert "VBox(" not in page.inner_text("body")
    assert not errors, errors
    assert not page.outside, f"the deck requested from outside 127.0.0.1: {page.outside}"


def test_widget_change_redraws_in_the_deck(deck):
    """Choosing a link and applying an edit in the deck's What-if redraws its picture (a kernel round trip)."""
    page, errors = deck
    page.evaluate("location.hash = '#/4'")
    img = page.locator(".reveal section.present .widget-image").first
    img.wait_for(state="visible", timeout=120_000)
    before = img.get_attribute("src")
    page.locator(".reveal section.present .widget-toggle-buttons button").nth(1).click()   # absent
    page.locator(".reveal section.present button.mod-primary").first.click()               # apply
    page.wait_for_function(
        "old => document.querySelector('.reveal section.present .widget-image').getAttribute('src') !== old",
        arg=before, timeout=30_000)
    assert not errors, errors
