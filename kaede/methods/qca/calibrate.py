"""Calibration: from raw values to set membership (R's QCA ``calibrate``), and verdicts to membership.

- **crisp**: the number of thresholds at or below the value (one threshold: 0/1; more: multi-value);
- **fuzzy, direct method**: three anchors — full exclusion ``e``, the crossover ``c`` and full inclusion
  ``i`` — and a logistic curve through them, with membership ``idm`` (0.95) at ``i`` and ``1 − idm`` at
  ``e``: ``1 / (1 + exp(−(x − c) · ln(idm / (1 − idm)) / (anchor − c)))``, the anchor being ``i`` above the
  crossover and ``e`` below. Anchors given high-to-low (``e > i``) calibrate a decreasing set.

Examples
--------
>>> calibrate([0, 5, 10, 20], [2, 5, 8]).round(3).tolist()
[0.007, 0.5, 0.993, 1.0]
>>> calibrate([0, 5, 10], [5], type="crisp").tolist()
[0, 1, 1]
>>> verdict_membership(["engages", "absent", "indeterminate", "present"]).tolist()
[1.0, 0.0, 0.5, 1.0]
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .expressions import QCAError

__all__ = ["calibrate", "verdict_membership", "VERDICT_MEMBERSHIP"]


def calibrate(x, thresholds: Sequence[float], *, type: str = "fuzzy", idm: float = 0.95):
    """Calibrate values ``x`` (array-like or Series; a Series keeps its index) into set membership."""
    is_series = isinstance(x, pd.Series)
    v = pd.to_numeric(pd.Series(x), errors="coerce").to_numpy(dtype=float)
    if np.isnan(v).any():
        bad = int(np.nonzero(np.isnan(v))[0][0])
        raise QCAError(f"calibrate: value {bad} is not a number ({list(pd.Series(x))[bad]!r}); expected numbers")
    th = [float(t) for t in np.atleast_1d(thresholds)]
    if type == "crisp":
        out = np.searchsorted(np.sort(th), v, side="right").astype(int)
    elif type == "fuzzy":
        if len(th) != 3:
            raise QCAError(f"calibrate: fuzzy direct calibration takes three anchors (e, c, i), got {len(th)}")
        if not 0.5 < idm < 1:
            raise QCAError(f"calibrate: idm must lie between 0.5 and 1, got {idm}")
        e, c, i = th
        decreasing = e > i
        if decreasing:
            e, i = i, e
        if not e < c < i:
            raise QCAError(f"calibrate: expected exclusion < crossover < inclusion (or the reverse), got {th}")
        anchor = np.where(v < c, e, i)
        out = 1.0 / (1.0 + np.exp(-(v - c) * np.log(idm / (1 - idm)) / np.abs(anchor - c)))
        if decreasing:
            out = 1.0 - out
    else:
        raise QCAError(f"calibrate: type must be 'crisp' or 'fuzzy', got {type!r}")
    return pd.Series(out, index=x.index, name=x.name) if is_series else out


#: Verdict words and their set membership. Chain drive says ``engages`` / ``comes off`` (older:
#: ``present`` / ``absent``); D1–D3 say ``present`` / ``absent``. ``indeterminate`` (the record is silent on
#: deciding links) is the crossover 0.5, neither in nor out; ``not_applicable`` has no membership (NaN).
VERDICT_MEMBERSHIP: dict[str, float] = {
    "engages": 1.0, "present": 1.0,
    "comes off": 0.0, "comes_off": 0.0, "absent": 0.0,
    "indeterminate": 0.5,
    "not_applicable": np.nan, "not applicable": np.nan,
}


def verdict_membership(verdicts, mapping: Mapping[str, float] | None = None, *, indeterminate: float | None = None):
    """Set membership of rule verdicts (a Series keeps its index; missing values stay missing).

    Parameters
    ----------
    verdicts : array-like or Series of verdict words
    mapping : optional overrides of :data:`VERDICT_MEMBERSHIP`
    indeterminate : float, optional
        Membership of ``indeterminate`` (default 0.5). Use 0 or 1 to read the silent record
        pessimistically or optimistically.
    """
    table = dict(VERDICT_MEMBERSHIP)
    if mapping:
        table.update(mapping)
    if indeterminate is not None:
        table["indeterminate"] = float(indeterminate)
    s = pd.Series(verdicts)
    out = []
    for pos, w in enumerate(s.tolist()):
        if w is None or (isinstance(w, float) and np.isnan(w)) or w is pd.NA:
            out.append(np.nan)
            continue
        key = str(w).strip().lower()
        if key not in table:
            raise QCAError(f"verdict_membership: row {s.index[pos]!r}: unknown verdict {w!r}; "
                           f"expected one of {sorted(table)}")
        out.append(table[key])
    res = np.array(out, dtype=float)
    return pd.Series(res, index=s.index, name=s.name) if isinstance(verdicts, pd.Series) else res
