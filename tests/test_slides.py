"""The deck's words: every slide in both languages, and the deck uses only slides that exist."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kaede.workshop.slides import SLIDES, slide, slide_text
from kaede.workshop.serve import DECK


@pytest.mark.parametrize("key", list(SLIDES))
def test_every_slide_has_a_heading_in_both_languages(key):
    da, en = slide_text(key, "da"), slide_text(key, "en")
    assert da.startswith("#") and en.startswith("#"), key
    assert da.count("\n- ") == en.count("\n- "), f"{key}: the Danish and English slides list different numbers of points"
    assert da != en
    assert slide(key, "en").data == en


def test_unknown_slide_or_language_is_a_clear_error():
    with pytest.raises(KeyError, match="the deck has: title"):
        slide_text("nope")
    with pytest.raises(ValueError, match="'da' or 'en'"):
        slide_text("title", "de")


def test_the_deck_follows_one_language_switch():
    """Every slide the deck shows comes from slides.py through LANG: no Markdown cell is shown as a
    slide (it could not follow the switch), and every slide key it names exists."""
    nb = json.loads(Path(DECK).read_text(encoding="utf-8"))
    shown = [c for c in nb["cells"] if c["metadata"].get("slideshow", {}).get("slide_type") != "skip"]
    assert not [c for c in shown if c["cell_type"] == "markdown"], "a Markdown cell is shown in the deck"
    keys = [k for c in shown for k in re.findall(r'slide\("(\w+)", LANG\)', "".join(c["source"]))]
    assert keys and set(keys) <= set(SLIDES), keys
    assert len(keys) == len(set(keys))
