"""Checks for the reproduction notebook: say plainly whether a step came out right.

Examples
--------
>>> check("two and two", 2 + 2, 4)
✓ two and two
True
"""
from __future__ import annotations

from typing import Any

import pandas as pd


def check(label: str, got: Any, expected: Any) -> bool:
    """Print ``✓ label`` if ``got`` equals ``expected`` (DataFrames and Series compared by value),
    else ``✗ label`` with both values; return whether it matched."""
    if isinstance(got, (pd.DataFrame, pd.Series)) or isinstance(expected, (pd.DataFrame, pd.Series)):
        try:
            ok = bool(pd.DataFrame(got).astype(str).equals(pd.DataFrame(expected).astype(str)))
        except Exception:
            ok = False
    else:
        ok = got == expected
    if ok:
        print(f"✓ {label}")
    else:
        print(f"✗ {label}\n  got:      {got!r}\n  expected: {expected!r}")
    return ok
