"""The reliability plot draws one point per case and variable with alpha, in both languages."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from kaede.views.reliability_plot import plot_reliability

TABLE = pd.DataFrame({
    "case": ["a", "a", "b", "b", "all cases", "all cases"],
    "variable": ["status", "strength"] * 3, "level": ["nominal", "ordinal"] * 3,
    "alpha": [0.9, 0.6, 0.7, np.nan, 0.8, 0.6], "ci_low": [0.8, 0.4, 0.5, np.nan, 0.7, 0.5],
    "ci_high": [0.95, 0.7, 0.85, np.nan, 0.9, 0.7]})


@pytest.mark.parametrize("lang, title", [("en", "How reliable is the coding?"), ("da", "Hvor pålidelig er kodningen?")])
def test_points_and_labels(tmp_path, lang, title):
    ax = plot_reliability(TABLE, lang=lang)
    assert ax.get_title(loc="left") == title
    xs = sorted(float(x) for line in ax.lines if line.get_marker() in ("o", "s") for x in line.get_xdata())
    assert xs == sorted([0.9, 0.6, 0.7, 0.8, 0.6])  # the undefined alpha is not drawn
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "all cases"]
    ax.figure.savefig(tmp_path / "r.png")
    assert (tmp_path / "r.png").stat().st_size > 0


def test_bad_language():
    with pytest.raises(ValueError, match="lang"):
        plot_reliability(TABLE, lang="de")
