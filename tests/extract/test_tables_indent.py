"""Indented sub-rows of statistics tables (Table.row_levels) in ccetl.extract.tables.

A row indented deeper than the row before it is a sub-row of the nearest shallower row: an unknown
label takes that parent's sector/region (as "其中：" rows do), a label naming only a region, sector
or metric takes the rest from the parent, and a total row at level 0 over indented rows stays their
parent. Without levels (empty or all zero) the extractor behaves as before.

The fixture pages t12-t18 (own words and numbers) carry each indentation markup the parser reads.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccetl.extract.tables import extract_tables
from ccetl.models import Article, Table
from ccetl.parse import parse_html

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "tables"
INDENT_PAGES = {
    "t12-zj-fullwidth-space-levels.html": "full-width spaces",
    "t13-tw-nbsp-levels.html": "&nbsp; runs",
    "t14-en-ascii-space-regions.html": "ASCII spaces",
    "t15-hb-padding-metric-rows.html": "padding-left",
    "t16-hk-text-indent.html": "text-indent",
    "t17-en-margin-and-sub-class.html": "margin-left, class sub",
    "t18-js-indent-classes.html": "class indent1..3, class sub",
}
KEYS = ("value", "unit", "measure", "metric", "sector", "region", "period", "kind", "quote")


def _article(name: str) -> Article:
    meta = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))[name]
    pub = dt.date.fromisoformat(meta["pub_date"])
    art = parse_html((FIXTURES / name).read_bytes(), name, published_hint=pub)
    return replace(art, published=pub)


def _key(d: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(round(d[k], 4) if k == "value" else d[k] for k in KEYS)


def _gold(name: str) -> set[tuple[Any, ...]]:
    lines = (FIXTURES / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    return {_key(g) for g in map(json.loads, filter(None, lines)) if g["doc"] == name}


def _flat(art: Article) -> Article:
    return replace(art, tables=tuple(replace(t, row_levels=()) for t in art.tables))


def _by_label(art: Article) -> dict[str, set[tuple[Any, ...]]]:
    out: dict[str, set[tuple[Any, ...]]] = {}
    for r in extract_tables(art):
        label = r.quote.rsplit(" ", 2)[0]
        out.setdefault(label, set()).add((r.sector, r.region, r.metric))
    return out


# ------------------------------------------------------------------ fixture pages: exact gold


@pytest.mark.parametrize("name", sorted(INDENT_PAGES))
def test_indent_page_matches_gold_exactly(name: str) -> None:
    art = _article(name)
    assert all(t.row_levels and any(t.row_levels) for t in art.tables), INDENT_PAGES[name]
    got = {_key(r.to_dict()) for r in extract_tables(art)}
    assert got == _gold(name), (name, sorted(got ^ _gold(name)))


def test_fullwidth_spaces_unknown_rows_take_parent_sector() -> None:
    rows = _by_label(_article("t12-zj-fullwidth-space-levels.html"))
    assert rows["乐器制造"] == {("culture_manufacturing", "Zhejiang", "revenue")}
    assert rows["文具零售"] == {("culture_wholesale_retail", "Zhejiang", "revenue")}
    assert rows["广告服务"] == {("advertising_exhibition", "Zhejiang", "revenue")}
    # the sibling after a matched sub-category belongs to the parent, not to that sibling
    assert rows["其他文化服务"] == {("culture_services", "Zhejiang", "revenue")}
    assert rows["合计"] == {("culture", "Zhejiang", "revenue")}
    flat = _by_label(_flat(_article("t12-zj-fullwidth-space-levels.html")))
    assert flat["其他文化服务"] == {
        ("advertising_exhibition", "Zhejiang", "revenue")
    }  # what indentation fixes


def test_nbsp_total_at_level_zero_stays_the_parent() -> None:
    rows = _by_label(_article("t13-tw-nbsp-levels.html"))
    assert rows["報章及期刊"] == {("publishing", "Taiwan", "revenue")}
    assert rows["專業設計"] == {("creative_design", "Taiwan", "revenue")}
    # an unknown category directly under the total: the table's sector, not the previous row's
    assert rows["其他產業"] == {("cultural_creative", "Taiwan", "revenue")}
    assert rows["合計"] == {("cultural_creative", "Taiwan", "revenue")}


def test_ascii_spaces_unknown_rows_take_parent_region() -> None:
    rows = _by_label(_article("t14-en-ascii-space-regions.html"))
    assert rows["Other provinces"] == {("culture", "China:East", "revenue")}
    assert rows["Rest of the region"] == {("culture", "China:West", "revenue")}
    assert rows["Shanghai"] == {("culture", "Shanghai", "revenue")}
    assert rows["Total"] == {("culture", "China", "revenue")}
    flat = _by_label(_flat(_article("t14-en-ascii-space-regions.html")))
    assert flat["Other provinces"] == {("culture", "China", "revenue")}


def test_padding_metric_parent_gives_children_metric_and_unit() -> None:
    art = _article("t15-hb-padding-metric-rows.html")
    recs = extract_tables(art)
    got = {(r.quote.split(" ")[0], r.period, r.metric, r.sector, r.unit, round(r.value)) for r in recs}
    assert ("文化制造业", "2023", "revenue", "culture_manufacturing", "CNY", 140120000000) in got
    assert ("文化服务业", "2022", "profit", "culture_services", "CNY", 18830000000) in got
    assert len(recs) == 12
    # without the levels the sector rows have no unit and give nothing
    assert len(extract_tables(_flat(art))) == 4


def test_margin_and_sub_class_rows() -> None:
    rows = _by_label(_article("t17-en-margin-and-sub-class.html"))
    assert rows["Musical instruments"] == {("culture_manufacturing", "Jiangsu", "revenue")}
    assert rows["Toys"] == {("culture_manufacturing", "Jiangsu", "revenue")}
    assert rows["Other services"] == {("culture_services", "Jiangsu", "revenue")}
    assert rows["Printing"] == {("culture", "Jiangsu", "revenue")}  # flush: a top-level category


def test_indent_classes_three_levels_and_city_districts() -> None:
    rows = _by_label(_article("t18-js-indent-classes.html"))
    assert rows["网络新闻"] == {("content_creation", "Jiangsu", "revenue")}
    assert rows["其他相关制造"] == {("culture_related", "Jiangsu", "revenue")}
    assert rows["江宁区"] == {("culture", "Nanjing", "revenue")}
    assert rows["昆山市"] == {("culture", "Suzhou", "revenue")}


def test_qizhong_page_keeps_its_gold() -> None:
    art = _article("t06-jiangxi-indented.html")
    assert art.tables[0].row_levels == (0, 0, 1, 2, 2, 0, 1)
    assert {_key(r.to_dict()) for r in extract_tables(art)} == _gold("t06-jiangxi-indented.html")


# ------------------------------------------------------------------ constructed tables


def _article_with(
    rows: list[list[str]],
    levels: tuple[int, ...],
    header: list[list[str]] | None = None,
    caption: str = "2023年浙江省规模以上文化企业营业收入",
) -> Article:
    header = header if header is not None else [["项目", "营业收入（亿元）", "增长（%）"]]
    lines = [caption, *(" ".join(h) for h in header)]
    text = ""
    start = 0
    text += "\n".join(lines) + "\n"
    spans: list[tuple[tuple[int, int] | None, ...]] = []
    for r in rows:
        pos = len(text)
        rs: list[tuple[int, int] | None] = []
        for k, c in enumerate(r):
            if k:
                pos += 1
            rs.append((pos, pos + len(c)))
            pos += len(c)
        spans.append(tuple(rs))
        text += " ".join(r) + "\n"
    table = Table(
        caption=caption,
        header=tuple(tuple(h) for h in header),
        rows=tuple(tuple(r) for r in rows),
        cell_spans=tuple(spans),
        start=start,
        end=len(text),
        row_levels=levels,
    )
    return Article(doc="t.html", text=text, published=dt.date(2024, 3, 1), lang="zh-Hans", tables=(table,))


def _facts(art: Article) -> list[tuple[Any, ...]]:
    return sorted(
        (r.quote, r.value, r.unit, r.measure, r.metric, r.sector, r.region, r.period, r.kind, r.start)
        for r in extract_tables(art)
    )


ROWS = [
    ["合计", "100.5", "5.0"],
    ["文化制造业", "40.5", "3.0"],
    ["乐器制造", "4.5", "1.0"],
    ["广告服务", "20.5", "6.0"],
    ["其他服务", "8.5", "2.0"],
    ["其中：数字出版", "3.5", "9.0"],
    ["东部地区", "30.5", "4.0"],
    ["其他省份", "10.5", "2.5"],
]


def test_empty_or_all_zero_levels_change_nothing() -> None:
    base = _facts(_article_with(ROWS, ()))
    assert _facts(_article_with(ROWS, (0,) * len(ROWS))) == base
    assert _facts(_article_with(ROWS, (0, 1))) == base  # a length that does not fit the rows: ignored


def test_unknown_row_under_known_parent() -> None:
    levels = (0, 1, 2, 1, 2, 2, 1, 2)
    by = {
        q.split(" ")[0]: (s, r)
        for q, _v, u, _m, _mt, s, r, *_ in _facts(_article_with(ROWS, levels))
        if u == "CNY"
    }
    assert by["乐器制造"] == ("culture_manufacturing", "Zhejiang")
    assert by["其他服务"] == ("advertising_exhibition", "Zhejiang")  # under 广告服务
    assert by["其中：数字出版"] == ("publishing", "Zhejiang")
    assert by["其他省份"] == ("culture", "China:East")


def test_unknown_row_under_total_takes_table_context() -> None:
    rows = [["合计", "100.5", "5.0"], ["文化制造业", "40.5", "3.0"], ["其他行业", "8.5", "2.0"]]
    flat = {q.split(" ")[0]: s for q, _v, u, _m, _mt, s, *_ in _facts(_article_with(rows, ())) if u == "CNY"}
    assert flat["其他行业"] == "culture_manufacturing"  # the old guess: the category above
    ind = {
        q.split(" ")[0]: s
        for q, _v, u, _m, _mt, s, *_ in _facts(_article_with(rows, (0, 1, 1)))
        if u == "CNY"
    }
    assert ind["其他行业"] == "culture"
    assert ind["合计"] == "culture"


def test_qizhong_continuation_lines_belong_to_the_qizhong_parent() -> None:
    rows = [
        ["文化核心领域", "60.5", "4.0"],
        ["其中：新闻信息服务", "10.5", "3.0"],
        ["其他核心行业", "5.5", "1.0"],
        ["文化相关领域", "30.5", "2.0"],
    ]
    got = {
        q.split(" ")[0]: s
        for q, _v, u, _m, _mt, s, *_ in _facts(_article_with(rows, (0, 1, 2, 0)))
        if u == "CNY"
    }
    assert got["其他核心行业"] == "culture_core"
    assert got["文化相关领域"] == "culture_related"


def test_metric_rows_with_indented_sectors_and_regions() -> None:
    rows = [
        ["营业收入（亿元）", "500.5", "600.5"],
        ["文化制造业", "200.5", "210.5"],
        ["东部地区", "90.5", "95.5"],
        ["从业人员（万人）", "30.5", "31.5"],
        ["文化服务业", "12.5", "13.5"],
    ]
    art = _article_with(
        rows, (0, 1, 2, 0, 1), header=[["指标", "2022年", "2023年"]], caption="浙江省规模以上文化企业主要指标"
    )
    got = {
        (r.quote.split(" ")[0], r.period): (r.metric, r.unit, r.sector, r.region, r.value)
        for r in extract_tables(art)
    }
    assert got[("文化制造业", "2023")] == ("revenue", "CNY", "culture_manufacturing", "Zhejiang", 210.5e8)
    assert got[("东部地区", "2022")] == ("revenue", "CNY", "culture_manufacturing", "China:East", 90.5e8)
    assert got[("文化服务业", "2023")] == ("employees", "count", "culture_services", "Zhejiang", 13.5e4)
    assert len(got) == 10


def test_section_row_parent_and_deeper_jumps() -> None:
    # a section row without values is a parent too; a jump of two levels still finds the parent
    rows = [
        ["文化制造业", "", ""],
        ["乐器制造", "4.5", "1.0"],
        ["玩具制造", "3.5", "2.0"],
        ["文化服务业", "50.5", "7.0"],
        ["其他服务", "8.5", "2.0"],
    ]
    got = {
        q.split(" ")[0]: s
        for q, _v, u, _m, _mt, s, *_ in _facts(_article_with(rows, (0, 1, 3, 0, 2)))
        if u == "CNY"
    }
    assert got == {
        "乐器制造": "culture_manufacturing",
        "玩具制造": "culture_manufacturing",
        "文化服务业": "culture_services",
        "其他服务": "culture_services",
    }


_POOL = [
    "",
    "—",
    "12.5",
    "-3.1",
    "亿元",
    "合计",
    "其中：",
    "其中：乐器",
    "文化制造业",
    "东部地区",
    "2023年",
    "x",
    "营业收入（亿元）",
    "Total",
    "其他",
    "占比（%）",
    "增长（%）",
]


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(_POOL), min_size=1, max_size=4), min_size=0, max_size=8),
    st.lists(st.integers(min_value=0, max_value=4), min_size=0, max_size=9),
)
def test_random_levels_never_crash(rows: list[list[str]], levels: list[int]) -> None:
    rows = [[c or "-" for c in r] for r in rows]
    art = _article_with(rows, tuple(levels))
    for r in extract_tables(art):
        assert 0 <= r.start < r.end <= len(art.text)
