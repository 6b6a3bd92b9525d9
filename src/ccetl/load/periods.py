"""Period strings of the indicator contract -> (first day, last day)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _one(p: str) -> tuple[dt.date, dt.date] | None:
    p = p.strip()
    try:
        if m := _YEAR.match(p):
            y = int(m[1])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        if m := _HALF.match(p):
            y, h = int(m[1]), int(m[2])
            return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if h == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
        if m := _QUARTER.match(p):
            y, q = int(m[1]), int(m[2])
            first = 3 * q - 2
            return dt.date(y, first, 1), dt.date(y, first + 2, calendar.monthrange(y, first + 2)[1])
        if m := _MONTH.match(p):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _DAY.match(p):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
    except ValueError:
        return None
    return None


@lru_cache(maxsize=4096)
def period_bounds(period: str | None) -> tuple[dt.date | None, dt.date | None]:
    """`2022` -> (2022-01-01, 2022-12-31); `2022-H1`, `2026-Q1`, `2022-03`, `2021..2023` likewise.

    Unparseable or missing periods give (None, None).
    """
    if not period:
        return None, None
    if ".." in period:
        a, _, b = period.partition("..")
        lo, hi = _one(a), _one(b)
        if lo is None or hi is None:
            return None, None
        return lo[0], hi[1]
    one = _one(period)
    return (None, None) if one is None else one
