"""Numbers, units and periods for people, in English and Chinese."""

from __future__ import annotations

import pytest

from ccetl.report.fmt import axis_scale, fmt_period, fmt_value, sig


@pytest.mark.parametrize(
    ("value", "unit", "en", "zh"),
    [
        (1.64e12, "CNY", "1.64 trillion yuan", "1.64万亿元"),
        (207.4e9, "CNY", "207.4 billion yuan", "2074亿元"),
        (2.040448e12, "CNY", "2.04 trillion yuan", "2.04万亿元"),
        (35e6, "CNY", "35 million yuan", "3500万元"),
        (950.0, "CNY", "950 yuan", "950元"),
        (2.365e11, "USD", "US$236.5 billion", "2365亿美元"),
        (-3e9, "USD", "-US$3 billion", "-30亿美元"),
        (13, "percent", "13%", "13%"),
        (-1.9, "percent", "-1.9%", "-1.9%"),
        (1.17, "percent", "1.17%", "1.17%"),
        (1.5, "pp", "1.5 percentage points", "1.5个百分点"),
        (8000, "count", "8,000", "8000"),
        (35000, "count", "35,000", "3.5万"),
        (3, "rank", "No. 3", "第3位"),
    ],
)
def test_fmt_value(value: float, unit: str, en: str, zh: str) -> None:
    assert fmt_value(value, unit, "en") == en
    assert fmt_value(value, unit, "zh") == zh


def test_bounds() -> None:
    assert fmt_value(2e12, "CNY", "en", bound="gt") == "over 2 trillion yuan"
    assert fmt_value(2e12, "CNY", "zh", bound="gt") == "超过2万亿元"
    assert fmt_value(13, "percent", "en", bound="approx") == "about 13%"
    assert fmt_value(13, "percent", "zh", bound="ge") == "不少于13%"
    assert fmt_value(13, "percent", "en", bound="eq") == "13%"


@pytest.mark.parametrize(
    ("period", "en", "zh"),
    [
        ("2022", "2022", "2022年"),
        ("2022-H1", "2022 H1", "2022年上半年"),
        ("2026-Q1", "Q1 2026", "2026年一季度"),
        ("2022-03", "Mar 2022", "2022年3月"),
        ("2021..2023", "2021–2023", "2021—2023年"),
        (None, "period unknown", "时期不详"),
    ],
)
def test_fmt_period(period: str | None, en: str, zh: str) -> None:
    assert fmt_period(period, "en") == en
    assert fmt_period(period, "zh") == zh


def test_sig_and_axis() -> None:
    assert sig(1.640) == "1.64"
    assert sig(2074.0) == "2074"
    assert sig(123456.0) == "123456"
    assert axis_scale([1.5e12, 1.64e12], "CNY", "en") == (1e12, "trillion yuan")
    assert axis_scale([2.074e11], "CNY", "zh") == (1e8, "亿元")
    assert axis_scale([13.0], "percent", "zh") == (1.0, "%")
