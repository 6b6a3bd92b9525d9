"""The quantity recognizer on news-style sentences, English and Chinese."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccetl.extract.quantities import find_quantities
from ccetl.models import Quantity


def q(text: str, lang: str | None = None) -> list[tuple[str, float, str | None]]:
    return [(x.span, x.value, x.unit) for x in find_quantities(text, lang)]


def one(text: str, lang: str | None = None) -> Quantity:
    found = find_quantities(text, lang)
    assert len(found) == 1, found
    return found[0]


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize(
    ("text", "lang", "span", "value", "unit"),
    [
        # English money, scales, percent
        ("Output reached 1.64 trillion yuan last year.", "en", "1.64 trillion yuan", 1.64e12, "CNY"),
        ("worth US$236.5 billion", "en", "US$236.5 billion", 2.365e11, "USD"),
        ("a HK$5m grant", "en", "HK$5m", 5e6, "HKD"),
        ("sales of $1.2bn", "en", "$1.2bn", 1.2e9, "USD"),
        ("about 3 mln yuan", "en", "3 mln yuan", 3e6, "CNY"),
        ("RMB 12 billion in revenue", "en", "RMB 12 billion", 1.2e10, "CNY"),
        ("a budget of 500,000 euros", "en", "500,000 euros", 5e5, "EUR"),
        ("£3.5 million was raised", "en", "£3.5 million", 3.5e6, "GBP"),
        ("costs NT$2,000 each", "en", "NT$2,000", 2000.0, "TWD"),
        ("up 1.17 percent", "en", "1.17 percent", 1.17, "percent"),
        ("a 12% rise", "en", "12%", 12.0, "percent"),
        ("2.5 per cent of GDP", "en", "2.5 per cent", 2.5, "percent"),
        ("up 0.8 percentage points", "en", "0.8 percentage points", 0.8, "pp"),
        ("a 10k bonus", "en", "10k", 1e4, "count"),
        ("some 1,234.5 tonnes", "en", "1,234.5 tonnes", 1234.5, None),
        ("1 234 567 visitors", "en", "1 234 567", 1234567.0, "count"),
        ("twenty-one trillion", "en", "twenty-one trillion", 2.1e13, "count"),
        ("one hundred and sixty-one museums", "en", "one hundred and sixty-one", 161.0, "count"),
        ("a drop of -3.5%", "en", "-3.5%", -3.5, "percent"),
        # Chinese money, scales, percent
        ("营业收入20404.48亿元", "zh", "20404.48亿元", 2.040448e12, "CNY"),
        ("规模以上企业8000个", "zh", "8000个", 8000.0, "count"),
        ("增长8.5%", "zh", "8.5%", 8.5, "percent"),
        ("百分之十三的企业", "zh", "百分之十三", 13.0, "percent"),
        ("近三成", "zh", "三成", 30.0, "percent"),
        ("提高0.5个百分点", "zh", "0.5个百分点", 0.5, "pp"),
        ("兑换１．０７５３美元", "zh", "１．０７５３美元", 1.0753, "USD"),
        ("总额3.5万亿元", "zh", "3.5万亿元", 3.5e12, "CNY"),
        ("企业1.2万家", "zh", "1.2万家", 1.2e4, "count"),
        ("投资5千万", "zh", "5千万", 5e7, "count"),
        ("一千二百人", "zh", "一千二百人", 1200.0, "count"),
        ("两座博物馆", "zh", "两座", 2.0, "count"),
        ("壹贰叁", "zh", "壹贰叁", 123.0, "count"),
        ("十三", "zh", "十三", 13.0, "count"),
        ("四千零五萬", "zh", "四千零五萬", 40050000.0, "count"),
        ("港元1.95", "zh", "港元1.95", 1.95, "HKD"),
        ("每股1.95港元", "zh", "1.95港元", 1.95, "HKD"),
        ("以每股1.95港幣", "zh", "1.95港幣", 1.95, "HKD"),
        ("5306億新台幣", "zh", "5306億新台幣", 5.306e11, "TWD"),
        ("8亿元人民币", "zh", "8亿元人民币", 8e8, "CNY"),
        ("營業收入達1.2萬億元", "zh", "1.2萬億元", 1.2e12, "CNY"),
        ("約三成", "zh", "三成", 30.0, "percent"),
        ("增長百分之五點五", "zh", "百分之五點五", 5.5, "percent"),
        # more scales and currencies
        ("a £3m deal", "en", "£3m", 3e6, "GBP"),
        ("a €5bn plan", "en", "€5bn", 5e9, "EUR"),
        ("HK$10.05 billion in exports", "en", "HK$10.05 billion", 1.005e10, "HKD"),
        ("5 mln yuan", "en", "5 mln yuan", 5e6, "CNY"),
        ("2 million US dollars", "en", "2 million US dollars", 2e6, "USD"),
        ("350 billion yen", "en", "350 billion yen", 3.5e11, "JPY"),
        ("USD 200 each", "en", "USD 200", 200.0, "USD"),
        ("three hundred thousand", "en", "three hundred thousand", 3e5, "count"),
        ("five and a half million visitors", "en", "five and a half million", 5.5e6, "count"),
        ("two thirds of the firms", "en", "two thirds", 2 / 3, "count"),
        ("down 34 cents", "en", "34 cents", 0.34, "USD"),
        ("a 12.5‰ rate", "en", "12.5‰", 1.25, "percent"),
        ("收入1,234.5万元", "zh", "1,234.5万元", 1.2345e7, "CNY"),
        ("两千三百万", "zh", "两千三百万", 2.3e7, "count"),
        ("一千零五十", "zh", "一千零五十", 1050.0, "count"),
        ("观众500余万人次", "zh", "500余万人次", 5e6, "count"),
        ("十多万人", "zh", "十多万人", 1e5, "count"),
        ("共计两百家", "zh", "两百家", 200.0, "count"),
        ("貳佰伍拾元", "zh", "貳佰伍拾元", 250.0, "CNY"),
        ("三分之一的企业", "zh", "三分之一", 1 / 3, "count"),
        ("千分之五", "zh", "千分之五", 0.5, "percent"),
        ("一万亿日元", "zh", "一万亿日元", 1e12, "JPY"),
        ("五元三毛", "zh", "五元三毛", 5.3, "CNY"),
        ("二〇二二个", "zh", "二〇二二个", 2022.0, "count"),
        ("增长-3.2%", "zh", "-3.2%", -3.2, "percent"),
        ("增长负3.2%", "zh", "负3.2%", -3.2, "percent"),
        ("打八折", "zh", "八折", 80.0, "percent"),
        ("收入3.5 billion yuan", "zh", "3.5 billion yuan", 3.5e9, "CNY"),
        ("Rmb1.2bn of sales", "en", "Rmb1.2bn", 1.2e9, "CNY"),
        ("a $3.5tn economy", "en", "$3.5tn", 3.5e12, "USD"),
        ("up 5.2pc", "en", "5.2pc", 5.2, "percent"),
        ("a 5-percent rise", "en", "5-percent", 5.0, "percent"),
        ("ranked No.1", "en", "No.1", 1.0, "rank"),
        ("人民币1.2亿元", "zh", "人民币1.2亿元", 1.2e8, "CNY"),
        ("百余家企业", "zh", "百余家", 100.0, "count"),
        ("万余家", "zh", "万余家", 1e4, "count"),
        ("答案是五", "zh", "五", 5.0, "count"),
        ("營業額約新臺幣9,600億元", "zh", "新臺幣9,600億元", 9.6e11, "TWD"),
        ("银幕总数达到86310块，", "zh", "86310块", 86310.0, "count"),
        ("花费我三块", "zh", "三块", 3.0, "CNY"),
        ("百三", "zh", "百三", 130.0, "count"),
        ("3/4的企业", "zh", "3/4", 0.75, "count"),
        ("一百零十万", "zh", "一百零十万", 1.1e6, "count"),
        ("一千六点五", "zh", "一千六点五", 1600.5, "count"),
    ],
)
def test_forms(text: str, lang: str, span: str, value: float, unit: str | None) -> None:
    found = [x for x in find_quantities(text, lang) if not x.is_year and not x.is_ordinal]
    assert len(found) == 1, found
    x = found[0]
    assert x.span == span
    assert close(x.value, value), x
    assert x.unit == unit
    assert text[x.start : x.end] == x.span


def test_ranges_inherit_scale_and_unit() -> None:
    assert q("3100亿元至3400亿元", "zh") == [("3100亿元", 3.1e11, "CNY"), ("3400亿元", 3.4e11, "CNY")]
    assert q("3100至3400亿元", "zh") == [("3100", 3.1e11, "CNY"), ("3400亿元", 3.4e11, "CNY")]
    assert q("10-15%", "en") == [("10", 10.0, "percent"), ("15%", 15.0, "percent")]
    assert q("between 2 and 3 billion yuan", "en") == [("2", 2e9, "CNY"), ("3 billion yuan", 3e9, "CNY")]


def test_years() -> None:
    ys = [x for x in find_quantities("In 2019, revenue grew; FY2023 results", "en") if x.is_year]
    assert [x.value for x in ys] == [2019.0, 2023.0]
    found = find_quantities("2022年，2024年1月", "zh")
    assert [(x.value, x.is_year) for x in found] == [(2022.0, True), (2024.0, True)]


def test_dates_and_durations_are_not_counts() -> None:
    found = find_quantities("2024年3月5日，连续18年举办，为期3天", "zh")
    assert [(x.span, x.unit, x.is_year) for x in found] == [("2024年", None, True), ("18年", None, False), ("3天", None, False)]
    found = find_quantities("On May 4th, 2023 the 3-day fair opened at 10:30.", "en")
    assert [(x.span, x.unit, x.is_year) for x in found] == [("2023", None, True), ("3-day", None, False)]
    assert [x.is_year for x in find_quantities("二〇二二年", "zh")] == [True]
    found = find_quantities("2021-2025年", "zh")
    assert [x.is_year for x in found] == [True, True]
    found = find_quantities("the 2021-25 plan", "en")
    assert [(x.value, x.is_year) for x in found] == [(2021.0, True), (2025.0, True)]
    assert find_quantities("2024年第一季度，1-9月", "zh")[1:] == []


def test_ranks_and_ordinals() -> None:
    r = one("Shanghai ranks 13th", "en")
    assert (r.value, r.unit, r.is_ordinal) == (13.0, "rank", False)
    r = one("the second-largest market", "en")
    assert (r.value, r.unit, r.is_ordinal) == (2.0, "rank", False)
    r = one("排名第二", "zh")
    assert (r.value, r.unit, r.is_ordinal) == (2.0, "rank", False)
    r = one("居全国第六位", "zh")
    assert (r.span, r.value, r.unit, r.is_ordinal) == ("第六位", 6.0, "rank", False)
    assert one("第四届文博会", "zh").is_ordinal
    assert one("the 5th expo", "en").is_ordinal
    assert [x.is_ordinal for x in find_quantities("the 14th Five-Year Plan", "en") if x.unit == "rank"] == [True]
    r = one("No. 7 in the list", "en")
    assert (r.value, r.unit) == (7.0, "rank")
    r = one("Hangzhou is No 6", "en")
    assert (r.value, r.unit) == (6.0, "rank")
    r = one("排在全國第13位", "zh")
    assert (r.span, r.value, r.unit, r.is_ordinal) == ("第13位", 13.0, "rank", False)
    r = one("穩居西部第一", "zh")
    assert (r.value, r.unit, r.is_ordinal) == (1.0, "rank", False)
    r = one("the city ranked first", "en")
    assert (r.value, r.unit, r.is_ordinal) == (1.0, "rank", False)
    r = one("the second competition", "en")
    assert (r.unit, r.is_ordinal) == ("rank", True)
    r = one("增速居东部地区首位", "zh")
    assert (r.span, r.value, r.unit, r.is_ordinal) == ("首位", 1.0, "rank", False)
    r = one("“十四五”规划", "zh")
    assert (r.value, r.is_ordinal) == (14.0, True)


@pytest.mark.parametrize(
    "text",
    ["Call 400-876-1589 now", "沪ICP备12345678号", "京ICP备12345678号-1", "4K/8K", "5G基站", "a 5G network",
     "version 3.1.2", "at 10:30", "on 5/17/2018", "the A380", "1m isn't a number", "3A级景区", "咨询电话：027-12345678",
     "Tel: +86 10 1234 5678", "see www.example.com/2023/05/report", "2023-01-05", "一些企业", "统一部署",
     "登陆部队", "2.4GHz", "revenue[2]", "COVID-19", "比例为1:1", "老百姓", "四川省"],
)
def test_not_quantities(text: str) -> None:
    assert [x for x in find_quantities(text) if x.unit in ("count", "percent", "CNY", "USD")] == []


def test_malformed_numbers_do_not_invent_values() -> None:
    assert [x.value for x in find_quantities("1,2,3")] == [1.0, 2.0, 3.0]
    assert find_quantities("5..2亿", "zh") == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_safe(text: str) -> None:
    found = find_quantities(text)
    last = -1
    for x in found:
        assert 0 <= x.start < x.end <= len(text)
        assert x.start >= last
        last = x.end
        assert text[x.start : x.end] == x.span
        assert math.isfinite(x.value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,. -%$亿万千百十一二三四五六七八九零两元个第年月成折点USDbnmkK年", max_size=30))
def test_numberish_text_is_safe(text: str) -> None:
    for lang in ("en", "zh"):
        for x in find_quantities(text, lang):
            assert text[x.start : x.end] == x.span
            assert math.isfinite(x.value)


def test_offsets_slice_to_span_with_fullwidth_text() -> None:
    text = "全年实现营业收入１２，３４５．６亿元，同比增长８．５％。"
    found = find_quantities(text, "zh")
    assert [(x.span, x.value, x.unit) for x in found] == [
        ("１２，３４５．６亿元", 1.23456e12, "CNY"),
        ("８．５％", 8.5, "percent"),
    ]
    for x in found:
        assert text[x.start : x.end] == x.span


def test_language_guess() -> None:
    assert q("营业收入3亿元") == [("3亿元", 3e8, "CNY")]
    assert q("revenue of 3 million yuan") == [("3 million yuan", 3e6, "CNY")]


def test_huge_and_repetitive_inputs_are_safe_and_fast() -> None:
    import time

    t0 = time.process_time()
    for text in ("9" * 400 + "亿元", "一" * 2000, "1" * 5000 + "%", "1,2," * 2000, "one two three " * 300):
        for lang in ("en", "zh"):
            for x in find_quantities(text, lang):
                assert math.isfinite(x.value)
                assert text[x.start : x.end] == x.span
    assert time.process_time() - t0 < 10
