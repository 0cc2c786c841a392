"""Partial ISO dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``): the one place they are parsed.

The validator, the loader, the chain and the plots all read dates through this module, so a
date means the same everywhere. It needs only the standard library.

Examples
--------
>>> parse_partial_date("2012-10")
(datetime.date(2012, 10, 1), datetime.date(2012, 10, 31))
>>> date_precision("2014-06")
'month'
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

#: Pattern of a partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD.
PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
_PARTIAL = re.compile(PARTIAL_DATE)

#: Precision of a partial date by its number of parts.
_PRECISION = {1: "year", 2: "month", 3: "day"}


@lru_cache(maxsize=4096)
def parse_partial_date(value: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day a partial ISO date can mean.

    Raises ValueError for a string that is not YYYY, YYYY-MM or YYYY-MM-DD, or not a real date.

    Examples
    --------
    >>> parse_partial_date("2012-10")
    (datetime.date(2012, 10, 1), datetime.date(2012, 10, 31))
    >>> parse_partial_date("2013")[1]
    datetime.date(2013, 12, 31)
    >>> parse_partial_date("9999-12")[1]
    datetime.date(9999, 12, 31)
    """
    if not isinstance(value, str) or not _PARTIAL.match(value):
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    parts = value.split("-")
    y = int(parts[0])
    if y < 1:
        raise ValueError(f"{value!r}: year {y} does not exist")
    if len(parts) == 1:
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    m = int(parts[1])
    if not 1 <= m <= 12:
        raise ValueError(f"{value!r}: month {m} does not exist")
    if len(parts) == 2:
        last = 31 if m == 12 else (dt.date(y, m + 1, 1) - dt.timedelta(days=1)).day
        return dt.date(y, m, 1), dt.date(y, m, last)
    day = dt.date(y, m, int(parts[2]))  # raises ValueError for 2013-02-30
    return day, day


def is_partial_date(value: str) -> bool:
    """True when ``value`` is a real partial ISO date.

    Examples
    --------
    >>> is_partial_date("2013-02-30"), is_partial_date("2013-02")
    (False, True)
    """
    try:
        parse_partial_date(value)
    except ValueError:
        return False
    return True


def date_precision(value: str) -> str:
    """``year``, ``month`` or ``day``: how precise a partial date is.

    Examples
    --------
    >>> date_precision("2012"), date_precision("2012-10-08")
    ('year', 'day')
    """
    return _PRECISION[len(str(value).split("-"))]


def partial_date_bounds(value: str):
    """First and last day a partial ISO date can mean, as pandas Timestamps.

    Examples
    --------
    >>> partial_date_bounds("2014-06")[1]
    Timestamp('2014-06-30 00:00:00')
    """
    import pandas as pd
    a, b = parse_partial_date(value)
    return pd.Timestamp(a), pd.Timestamp(b)
