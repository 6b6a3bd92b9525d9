"""Window math: grids, scheduled windows, labels and tags, catch-up after downtime."""

from __future__ import annotations

import datetime as dt

import pytest

from ccetl.errors import ConfigError, InputError
from ccetl.orchestrate.windows import (
    catch_up_windows,
    local_date,
    partitions,
    resolve_window,
    window_containing,
    window_label,
    window_tags,
)

D = dt.date


def test_day_week_month_grids_cover_the_range_without_overlap() -> None:
    assert partitions(D(2024, 1, 30), D(2024, 2, 1)) == [(D(2024, 1, 30),) * 2, (D(2024, 1, 31),) * 2, (D(2024, 2, 1),) * 2]
    weeks = partitions(D(2024, 1, 3), D(2024, 1, 20), "week")
    assert weeks[0] == (D(2024, 1, 3), D(2024, 1, 7))  # clipped to the range; weeks start on Monday
    assert weeks[1] == (D(2024, 1, 8), D(2024, 1, 14))
    assert weeks[-1] == (D(2024, 1, 15), D(2024, 1, 20))
    months = partitions(D(2021, 1, 1), D(2024, 12, 31), "month")
    assert len(months) == 48
    assert months[1] == (D(2021, 2, 1), D(2021, 2, 28)) and months[37] == (D(2024, 2, 1), D(2024, 2, 29))
    days = partitions(D(2021, 1, 1), D(2024, 12, 31))
    assert len(days) == 1461 and all(a[1] + dt.timedelta(days=1) == b[0] for a, b in zip(days, days[1:], strict=False))


def test_bad_ranges_and_granularities_are_input_errors() -> None:
    with pytest.raises(InputError, match="after"):
        partitions(D(2024, 2, 1), D(2024, 1, 1))
    with pytest.raises(InputError, match="granularity"):
        partitions(D(2024, 1, 1), D(2024, 1, 2), "year")
    with pytest.raises(InputError, match="after"):
        resolve_window(D(2024, 2, 1), D(2024, 1, 1))


def test_window_from_parameters_else_scheduled_time_in_the_ccetl_timezone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCETL_TIMEZONE", "Asia/Shanghai")
    assert resolve_window(D(2024, 1, 5), None) == (D(2024, 1, 5), D(2024, 1, 5))
    assert resolve_window(None, None, None) is None
    late_utc = dt.datetime(2024, 1, 5, 17, 30, tzinfo=dt.UTC)  # 01:30 on the 6th in Shanghai
    assert resolve_window(None, None, late_utc) == (D(2024, 1, 6), D(2024, 1, 6))
    assert resolve_window(None, None, late_utc, lag=1) == (D(2024, 1, 5), D(2024, 1, 5))
    assert resolve_window(None, None, late_utc, granularity="month", lag=1) == (D(2023, 12, 1), D(2023, 12, 31))
    monkeypatch.setenv("CCETL_TIMEZONE", "UTC")
    assert local_date(late_utc) == D(2024, 1, 5)
    monkeypatch.setenv("CCETL_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ConfigError):
        local_date(late_utc)


def test_labels_and_tags() -> None:
    assert window_label(None) == "latest"
    assert window_label((D(2024, 1, 5), D(2024, 1, 5))) == "2024-01-05"
    assert window_label(window_containing(D(2024, 2, 10), "month")) == "2024-02-01..2024-02-29"
    assert "month:2024-02" in window_tags(window_containing(D(2024, 2, 10), "month"))
    assert window_tags((D(2024, 1, 5), D(2024, 1, 5)))[0] == "window:2024-01-05"


def test_catch_up_resumes_after_the_watermark() -> None:
    today = (D(2024, 3, 10), D(2024, 3, 10))
    assert catch_up_windows(None, today) == []  # a new source starts today; the past is for backfill
    assert catch_up_windows(D(2024, 3, 9), today) == []
    missed = catch_up_windows(D(2024, 3, 6), today)
    assert missed == [(D(2024, 3, 7),) * 2, (D(2024, 3, 8),) * 2, (D(2024, 3, 9),) * 2]
    assert len(catch_up_windows(D(2023, 1, 1), today, max_windows=5)) == 5
    assert catch_up_windows(D(2023, 1, 1), today, max_windows=5)[-1] == (D(2024, 3, 9),) * 2


def test_a_window_succeeded_before_it_closed_is_reopened(monkeypatch: pytest.MonkeyPatch) -> None:
    from ccetl.orchestrate.windows import closed_after

    monkeypatch.setenv("CCETL_TIMEZONE", "Asia/Shanghai")
    day = (D(2024, 3, 9), D(2024, 3, 9))
    assert not closed_after(day, dt.datetime(2024, 3, 9, 15, 5, tzinfo=dt.UTC))  # 23:05 in Shanghai
    assert closed_after(day, dt.datetime(2024, 3, 9, 16, 5, tzinfo=dt.UTC))  # 00:05 on the 10th
