"""Windows (partitions) of time: the unit every scheduled, backfill and reprocess run works on.

A window is an inclusive pair of dates ``(start, end)``. A granularity (day, week,
month) cuts a date range into a grid of windows; weeks start on Monday. A run's
window comes from its parameters, else from its scheduled start time converted to
the ccetl timezone (``CCETL_TIMEZONE``, default Asia/Shanghai).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ccetl.errors import ConfigError, InputError

Window = tuple[dt.date, dt.date]
Granularity = Literal["day", "week", "month"]
GRANULARITIES: tuple[str, ...] = ("day", "week", "month")
DEFAULT_TIMEZONE = "Asia/Shanghai"


def timezone_name() -> str:
    return os.environ.get("CCETL_TIMEZONE", DEFAULT_TIMEZONE)


def timezone() -> ZoneInfo:
    name = timezone_name()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"CCETL_TIMEZONE: unknown timezone {name!r} (e.g. Asia/Shanghai, UTC)") from None


def check_granularity(value: str) -> Granularity:
    if value not in GRANULARITIES:
        raise InputError(f"unknown granularity {value!r}: use one of {', '.join(GRANULARITIES)}")
    return value  # type: ignore[return-value]


def window_containing(day: dt.date, granularity: str = "day") -> Window:
    """The grid window of ``granularity`` that holds ``day``."""
    g = check_granularity(granularity)
    if g == "day":
        return (day, day)
    if g == "week":
        start = day - dt.timedelta(days=day.weekday())
        return (start, start + dt.timedelta(days=6))
    start = day.replace(day=1)
    nxt = (start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1))
    return (start, nxt - dt.timedelta(days=1))


def partitions(start: dt.date, end: dt.date, granularity: str = "day") -> list[Window]:
    """The grid windows covering ``start..end`` (inclusive), clipped to the range.

    >>> partitions(dt.date(2024, 1, 30), dt.date(2024, 2, 2), "month")
    [(datetime.date(2024, 1, 30), datetime.date(2024, 1, 31)), (datetime.date(2024, 2, 1), datetime.date(2024, 2, 2))]
    """
    if start > end:
        raise InputError(f"--from {start.isoformat()} is after --to {end.isoformat()}")
    out: list[Window] = []
    day = start
    while day <= end:
        w = window_containing(day, granularity)
        out.append((max(w[0], start), min(w[1], end)))
        day = w[1] + dt.timedelta(days=1)
    return out


def iter_days(window: Window) -> Iterator[dt.date]:
    day = window[0]
    while day <= window[1]:
        yield day
        day += dt.timedelta(days=1)


def local_date(when: dt.datetime, tz: ZoneInfo | None = None) -> dt.date:
    """The calendar date of an instant in the ccetl timezone (naive datetimes are taken as UTC)."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(tz or timezone()).date()


def resolve_window(
    window_start: dt.date | None,
    window_end: dt.date | None,
    scheduled: dt.datetime | None = None,
    *,
    granularity: str = "day",
    lag: int = 0,
) -> Window | None:
    """The window a run works on.

    Explicit parameters win; else the grid window holding the scheduled start time
    (minus ``lag`` windows: lag=1 on a daily schedule is "yesterday"); else None,
    meaning "whatever the sources list now" (``ccetl run``/``ccetl demo`` without dates).
    """
    if window_start is not None:
        end = window_end or window_start
        if window_start > end:
            raise InputError(f"window_start {window_start.isoformat()} is after window_end {end.isoformat()}")
        return (window_start, end)
    if window_end is not None:
        raise InputError("window_end given without window_start")
    if scheduled is None:
        return None
    w = window_containing(local_date(scheduled), granularity)
    for _ in range(max(0, lag)):
        w = window_containing(w[0] - dt.timedelta(days=1), granularity)
    return w


def window_label(window: Window | None) -> str:
    if window is None:
        return "latest"
    if window[0] == window[1]:
        return window[0].isoformat()
    return f"{window[0].isoformat()}..{window[1].isoformat()}"


def window_tags(window: Window | None) -> list[str]:
    """Tags for a run on ``window``: searchable in the Prefect UI (``window:2024-01-23``)."""
    if window is None:
        return ["window:latest"]
    tags = [f"window:{window_label(window)}", f"window-start:{window[0].isoformat()}"]
    if window[0].day == 1 and window[1] == window_containing(window[0], "month")[1]:
        tags.append(f"month:{window[0]:%Y-%m}")
    return tags


def catch_up_windows(
    watermark: dt.date | None, current: Window, *, granularity: str = "day", max_windows: int = 14
) -> list[Window]:
    """Windows between a source's watermark and the current window (exclusive), oldest first.

    A server that was down for three days runs the three missed days before today's,
    at most ``max_windows`` of them (the newest); older gaps are for ``ccetl backfill``.
    Never-run sources (no watermark) only run the current window.
    """
    if watermark is None or max_windows <= 0:
        return []
    first = watermark + dt.timedelta(days=1)
    last = current[0] - dt.timedelta(days=1)
    if first > last:
        return []
    grid = partitions(first, last, granularity)
    return grid[-max_windows:]


def parse_date(value: str | dt.date | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name} must be a date as YYYY-MM-DD, got {value!r}") from None


def closed_after(window: Window, when: dt.datetime, tz: ZoneInfo | None = None) -> bool:
    """Whether ``when`` is after the end of ``window`` (its last day over, in the ccetl timezone).

    An hourly run at 23:05 marks today's window successful, but articles published
    at 23:30 would be missed: a scheduled run re-runs the watermark window once
    when its last success was recorded before the window closed.
    """
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    end = dt.datetime.combine(window[1] + dt.timedelta(days=1), dt.time(0), tzinfo=tz or timezone())
    return when >= end
