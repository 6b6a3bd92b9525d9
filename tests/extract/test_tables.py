"""Indicator records from data tables (ccetl.extract.tables).

The fixture pages in tests/fixtures/tables/ (own words and numbers) each
exercise one table variant; their gold is scored with the contract's matching
rules, with pinned minimums. The dev set's table pages are scored too when
../shared is present.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccetl.extract.tables import extract_tables, merge_table_records, parse_cell, units_in
from ccetl.models import Article, Indicator, Table
from ccetl.parse import parse_html, parse_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "tables"
DEVSET = ROOT.parent / "shared" / "devset"
RECORD_KEYS = ("measure", "period", "region", "kind")


# ------------------------------------------------------------------ scoring (the contract's rules)

def _same_number(g: dict[str, Any], p: dict[str, Any]) -> bool:
    if g["unit"] != p.get("unit"):
        return False
    gv, pv = float(g["value"]), float(p["value"])
    if g["unit"] in ("percent", "pp"):
        return abs(gv - pv) <= 0.01 + 1e-9
    return abs(gv - pv) <= 0.005 * max(abs(gv), 1e-12)


def score(gold: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, float]:
    """number F1 and record F1 as ../shared/contract/score.py computes them (no optional records here)."""
    by_g: dict[str, list[dict[str, Any]]] = defaultdict(list)
    by_p: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for g in gold:
        if not g.get("optional"):
            by_g[Path(g["doc"]).name].append(g)
    for p in preds:
        by_p[Path(p["doc"]).name].append(p)
    tp_num = tp_rec = 0
    n_gold = sum(len(v) for v in by_g.values())
    n_pred = sum(len(v) for v in by_p.values())
    for doc, gs in by_g.items():
        ps = by_p.get(doc, [])
        used: set[int] = set()
        for g in gs:
            cands = [i for i, p in enumerate(ps) if i not in used and _same_number(g, p)]
            if not cands:
                continue
            i = max(cands, key=lambda i: sum(g.get(k) == ps[i].get(k) for k in (*RECORD_KEYS, "metric", "sector")))
            used.add(i)
            tp_num += 1
            tp_rec += all(g.get(k) == ps[i].get(k) for k in RECORD_KEYS)

    def f1(tp: int) -> float:
        pr = tp / n_pred if n_pred else 0.0
        rc = tp / n_gold if n_gold else 0.0
        return 2 * pr * rc / (pr + rc) if pr + rc else 0.0

    return {"number_f1": f1(tp_num), "record_f1": f1(tp_rec), "gold": n_gold, "pred": n_pred}


def _load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _fixture_article(name: str, meta: dict[str, Any]) -> Article:
    pub = dt.date.fromisoformat(meta["pub_date"])
    art = parse_html((FIXTURES / name).read_bytes(), name, published_hint=pub)
    return replace(art, published=pub)


def _fixture_preds() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    manifest = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
    preds: list[dict[str, Any]] = []
    for name, meta in manifest.items():
        preds.extend(r.to_dict() for r in extract_tables(_fixture_article(name, meta)))
    return preds, manifest


# ------------------------------------------------------------------ fixture pages

def test_fixture_pages_overall() -> None:
    preds, _ = _fixture_preds()
    s = score(_load_jsonl(FIXTURES / "gold.jsonl"), preds)
    assert s["number_f1"] >= 0.98, s
    assert s["record_f1"] >= 0.97, s


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("t[0-9]*.html")))
def test_fixture_page(name: str) -> None:
    manifest = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
    art = _fixture_article(name, manifest[name])
    recs = extract_tables(art)
    gold = [g for g in _load_jsonl(FIXTURES / "gold.jsonl") if g["doc"] == name]
    if not gold:  # the layout-table page: nothing from tables
        assert recs == []
        return
    s = score(gold, [r.to_dict() for r in recs])
    assert s["number_f1"] >= 0.95, (name, s)
    assert s["record_f1"] >= 0.9, (name, s)
    for r in recs:
        # quote is the row's line in the text; the span is the number inside it
        assert r.quote in art.text
        line_start = art.text.rfind("\n", 0, r.start) + 1
        assert art.text[line_start:].startswith(r.quote)
        assert any(ch.isdigit() for ch in art.text[r.start:r.end])
        assert r.bound == "eq"


def test_fixture_quotes_match_gold_rows() -> None:
    preds, _ = _fixture_preds()
    gold_quotes = {(g["doc"], g["quote"]) for g in _load_jsonl(FIXTURES / "gold.jsonl")}
    pred_quotes = {(p["doc"], p["quote"]) for p in preds}
    assert gold_quotes <= pred_quotes


# ------------------------------------------------------------------ dev set table pages

@pytest.mark.skipif(not (DEVSET / "gold.jsonl").exists(), reason="../shared/devset not present")
def test_devset_table_pages() -> None:
    manifest = json.loads((DEVSET / "manifest.json").read_text(encoding="utf-8"))
    gold = [g for g in _load_jsonl(DEVSET / "gold.jsonl")
            if Path(g["doc"]).name.startswith(("10-", "11-", "23-")) and "table cell" in (g.get("note") or "")]
    preds: list[dict[str, Any]] = []
    for name, meta in manifest.items():
        if not Path(name).name.startswith(("10-", "11-", "23-")):
            continue
        art = parse_path(DEVSET / name)
        art = replace(art, published=dt.date.fromisoformat(meta["pub_date"]), doc=name)
        preds.extend(r.to_dict() for r in extract_tables(art))
    s = score(gold, preds)
    assert s["number_f1"] >= 0.99, s
    assert s["record_f1"] >= 0.99, s


# ------------------------------------------------------------------ constructed tables

def _article_with(rows: list[list[str]], header: list[list[str]], caption: str | None = None,
                  unit_note: str | None = None, prefix: str = "", title: str | None = None,
                  published: dt.date | None = dt.date(2024, 5, 1)) -> Article:
    """An Article whose text holds the table the way the parser writes it (one line per row)."""
    lines: list[str] = []
    if caption:
        lines.append(caption)
    for h in header:
        cells: list[str] = []
        for c in h:
            if c and (not cells or cells[-1] != c):
                cells.append(c)
        lines.append(" ".join(cells))
    text = prefix
    start = len(text)
    text += "\n".join(lines) + ("\n" if lines else "")
    spans: list[tuple[tuple[int, int] | None, ...]] = []
    for r in rows:
        pos = len(text)
        row_spans: list[tuple[int, int] | None] = []
        parts: list[str] = []
        for c in r:
            if not c:
                row_spans.append(None)
                continue
            if parts:
                pos += 1
            row_spans.append((pos, pos + len(c)))
            parts.append(c)
            pos += len(c)
        spans.append(tuple(row_spans))
        text += " ".join(parts) + "\n"
    table = Table(caption=caption, header=tuple(tuple(h) for h in header), rows=tuple(tuple(r) for r in rows),
                  unit_note=unit_note, cell_spans=tuple(spans), start=start, end=len(text))
    return Article(doc="t.html", text=text, title=title, published=published, lang="zh-Hans", tables=(table,))


def test_two_row_header_constructed() -> None:
    header = [["地区", "2023年", "2023年", "2024年", "2024年"],
              ["地区", "营业收入（亿元）", "增速（%）", "营业收入（亿元）", "增速（%）"]]
    rows = [["全国", "100.5", "3.2", "110.0", "9.5"], ["东部地区", "60", "2.0", "66", "10.0"],
            ["广东省", "20", "-1.0", "22", "10.0"]]
    art = _article_with(rows, header, caption="规模以上文化企业营业收入")
    recs = extract_tables(art)
    got = {(r.region, r.period, r.measure, round(r.value, 2)) for r in recs}
    assert ("China", "2023", "level", 100.5e8) in got
    assert ("China:East", "2024", "change", 10.0) in got
    assert ("Guangdong", "2023", "change", -1.0) in got
    assert len(recs) == 12
    assert all(r.metric == "revenue" and r.sector == "culture" for r in recs)


def test_english_table_and_unit_note() -> None:
    header = [["Item", "Revenue (100 million yuan)", "Growth (%)"]]
    rows = [["Total", "1,234.5", "5.1"], ["Cultural services", "600", "n/a"], ["Eastern region", "…", "6.2"]]
    art = _article_with(rows, header, caption="Revenue of cultural enterprises in China, 2023")
    recs = extract_tables(art)
    vals = {(r.sector, r.region, r.unit, round(r.value, 2)) for r in recs}
    assert vals == {("culture", "China", "CNY", 1234.5e8), ("culture", "China", "percent", 5.1),
                    ("culture_services", "China", "CNY", 600e8), ("culture", "China:East", "percent", 6.2)}
    assert all(r.period == "2023" for r in recs)


def test_unit_note_and_columns_per_quarter() -> None:
    header = [["类别", "一季度", "二季度", "上半年增长"]]
    rows = [["文化制造业", "10.5", "11", "4.4"]]
    art = _article_with(rows, header, caption="2023年江苏规模以上文化企业营业收入", unit_note="单位：亿元，%")
    recs = extract_tables(art)
    got = sorted((r.period or "", r.unit, r.value) for r in recs)
    assert got == [("2023-H1", "percent", 4.4), ("2023-Q1", "CNY", 10.5e8), ("2023-Q2", "CNY", 11e8)]
    assert {r.region for r in recs} == {"Jiangsu"}


def test_previous_year_and_two_year_average_columns() -> None:
    header = [["行业", "本期（亿元）", "上年同期（亿元）", "同比增长（%）", "两年平均增长（%）"]]
    rows = [["文化服务业", "200", "180", "11.1", "6.0"]]
    art = _article_with(rows, header, caption="2022年1-9月浙江文化企业营业收入")
    got = {(r.period, r.measure, r.value) for r in extract_tables(art)}
    assert got == {("2022-Q1..2022-Q3", "level", 200e8), ("2021-Q1..2021-Q3", "level", 180e8),
                   ("2022-Q1..2022-Q3", "change", 11.1), ("2020..2022", "change", 6.0)}


def test_target_table_and_row_units() -> None:
    header = [["指标", "2020年", "2025年目标"]]
    rows = [["文化产业增加值（亿元）", "1000", "1500"], ["从业人员（万人）", "50", "60"],
            ["占地区生产总值比重（%）", "4.5", "6"]]
    art = _article_with(rows, header, caption="湖北省文化产业发展主要指标")
    recs = {(r.value, r.unit, r.measure, r.metric, r.period, r.kind) for r in extract_tables(art)}
    assert (1000e8, "CNY", "level", "added_value", "2020", "actual") in recs
    assert (1500e8, "CNY", "level", "added_value", "2025", "target") in recs
    assert (60e4, "count", "level", "employees", "2025", "target") in recs
    assert (4.5, "percent", "share", "gdp", "2020", "actual") in recs


def test_layoutish_and_garbage_tables_yield_nothing() -> None:
    header: list[list[str]] = []
    rows = [["首页", "新闻中心", "联系我们"], ["电话：010-12345678", "2024-05-01", "访问量 12345"]]
    assert extract_tables(_article_with(rows, header)) == []
    rows2 = [["项目", "说明"], ["甲", "乙"], ["丙", "丁"]]
    assert extract_tables(_article_with(rows2, [])) == []
    # numbers without any unit anywhere: no invented unit
    rows3 = [["名称", "数值"], ["甲", "12"], ["乙", "15"]]
    assert extract_tables(_article_with(rows3, [])) == []


def test_ragged_rows_merged_cells_and_bad_spans() -> None:
    header = [["行业", "营业收入（亿元）", "增长（%）"]]
    rows = [["新闻信息服务", "12.5"], ["说明：数据为初步统计", "说明：数据为初步统计", "说明：数据为初步统计"],
            ["文化装备生产", "abc", "—", "99", "100"], ["", "", ""], ["内容创作生产", "7.5", "3.3"]]
    art = _article_with(rows, header, caption="2023年广东文化企业营业收入")
    recs = extract_tables(art)
    assert sorted(r.value for r in recs) == [3.3, 7.5e8, 12.5e8]
    # cell spans missing or broken: no crash
    t = art.tables[0]
    bad = replace(art, tables=(replace(t, cell_spans=((None,),)),))
    assert {round(r.value, 2) for r in extract_tables(bad)} == {3.3, 7.5e8, 12.5e8}
    far = tuple(tuple((10**6, 10**6 + 3) for _ in r) for r in t.rows)
    assert extract_tables(replace(art, tables=(replace(t, cell_spans=far),))) == []
    worse = replace(art, tables=(replace(t, rows=(), cell_spans=()), Table(None, (), ((),), None)))
    assert extract_tables(worse) == []


def test_thousands_of_rows_is_fast() -> None:
    header = [["地区", "营业收入（亿元）", "增长（%）"]]
    rows = [[f"单位{i}", f"{i}.5", "1.0"] for i in range(3000)]
    art = _article_with(rows, header, caption="2023年全国文化企业营业收入")
    t0 = time.perf_counter()
    recs = extract_tables(art)
    assert time.perf_counter() - t0 < 60
    assert len(recs) == 6000


def test_merge_drops_prose_repeats_and_prose_inside_tables() -> None:
    header = [["类别", "营业收入（亿元）", "增长（%）"]]
    rows = [["文化传播渠道", "4026", "6.8"]]
    prefix = "文化批发和零售业营业收入增长6.8%，文化传播渠道营业收入4026亿元。\n\n"
    art = _article_with(rows, header, caption="2024年一季度全国规模以上文化企业营业收入", prefix=prefix)
    tabs = extract_tables(art)
    assert len(tabs) == 2

    def prose(value: float, unit: str, measure: str, sector: str, start: int) -> Indicator:
        return Indicator(doc="t.html", value=value, unit=unit, measure=measure,  # type: ignore[arg-type]
                         metric="revenue", subject=None, sector=sector, region="China", period="2024-Q1",
                         kind="actual", bound="eq", quote="", start=start, end=start + 3)

    p_other = prose(6.8, "percent", "change", "culture_wholesale_retail", 20)
    p_repeat = prose(4026e8, "CNY", "level", "communication_channels", 40)
    p_inside = prose(6.8, "percent", "change", None, tabs[1].start)  # type: ignore[arg-type]
    merged = merge_table_records(art, [p_other, p_repeat, p_inside], tabs)
    assert p_other in merged and p_repeat not in merged and p_inside not in merged
    assert len(merged) == 3


def test_cell_and_unit_parsing() -> None:
    assert parse_cell("9,382.5") is not None and parse_cell("9,382.5").value == 9382.5  # type: ignore[union-attr]
    assert parse_cell("－0.9").value == -0.9  # type: ignore[union-attr]
    assert parse_cell("12.3[1]").value == 12.3  # type: ignore[union-attr]
    assert parse_cell("8.1*").value == 8.1  # type: ignore[union-attr]
    for bad in ("—", "-", "…", "", "未公布", "n/a", "x", "(2.5)"):
        assert parse_cell(bad) is None, bad
    assert [(u.unit, u.scale) for u in units_in("单位：亿元，%")] == [("CNY", 1e8), ("percent", 1.0)]
    assert [(u.unit, u.scale) for u in units_in("Revenue (100 million yuan)")] == [("CNY", 1e8)]
    assert [(u.unit, u.scale) for u in units_in("營業收入（億元）")] == [("CNY", 1e8)]
    assert [(u.unit, u.scale) for u in units_in("Sales (US$ billion)")] == [("USD", 1e9)]
    assert [(u.unit, u.scale) for u in units_in("从业人员（万人）")] == [("count", 1e4)]
    assert units_in("从业人员") == []


def _facts(art: Article) -> set[tuple[Any, ...]]:
    return {(round(r.value, 4), r.unit, r.measure, r.metric, r.sector, r.region, r.period, r.kind)
            for r in extract_tables(art)}


def test_unit_column_and_corner_unit_note() -> None:
    art = _article_with([["营业收入", "亿元", "1200.5", "8.1"], ["从业人员", "万人", "35.2", "-1.0"],
                         ["法人单位", "个", "5210", "3.0"]],
                        [["指标", "单位", "绝对数", "比上年增长（%）"]], caption="2023年湖北省文化产业主要指标")
    got = _facts(art)
    assert (1200.5e8, "CNY", "level", "revenue", "culture", "Hubei", "2023", "actual") in got
    assert (35.2e4, "count", "level", "employees", "culture", "Hubei", "2023", "actual") in got
    assert (3.0, "percent", "change", "enterprises", "culture", "Hubei", "2023", "actual") in got
    assert len(got) == 6
    art2 = _article_with([["文化制造业", "120", "5.0"]], [["单位：亿元", "营业收入", "增长"]],
                         caption="2022年上海文化企业情况")
    assert _facts(art2) == {(120e8, "CNY", "level", "revenue", "culture_manufacturing", "Shanghai", "2022", "actual"),
                            (5.0, "percent", "change", "revenue", "culture_manufacturing", "Shanghai", "2022",
                             "actual")}


def test_rows_per_year_and_td_header_rows() -> None:
    art = _article_with([["年份", "文化产业增加值（亿元）", "增长（%）"], ["2021年", "100.0", "5.0"],
                         ["2022年", "110.0", "10.0"]], [], caption="北京市文化产业增加值")
    got = {(r.period, r.measure, r.value) for r in extract_tables(art)}
    assert got == {("2021", "level", 100e8), ("2021", "change", 5.0), ("2022", "level", 110e8),
                   ("2022", "change", 10.0)}


def test_traditional_hk_and_tw_units() -> None:
    art = _article_with([["廣告", "13,400", "-5.1", "0.5"]],
                        [["組別", "增加價值（百萬港元）", "按年變動百分率", "佔本地生產總值百分比"]],
                        caption="2022年香港文化及創意產業的增加價值", published=dt.date(2024, 6, 1))
    got = _facts(art)
    assert (13400e6, "HKD", "level", "added_value", "advertising_exhibition", "Hong Kong", "2022", "actual") in got
    assert (-5.1, "percent", "change", "added_value", "advertising_exhibition", "Hong Kong", "2022", "actual") in got
    assert (0.5, "percent", "share", "gdp", "advertising_exhibition", "Hong Kong", "2022", "actual") in got
    tw = _article_with([["電影產業", "210.5", "12.0"]], [["產業別", "營業額（新臺幣億元）", "成長率（%）"]],
                       caption="2023年臺灣文化創意產業營業額", published=dt.date(2024, 6, 1))
    assert {(r.unit, round(r.value, 2)) for r in extract_tables(tw)} == {("TWD", 210.5e8), ("percent", 12.0)}


def test_plan_table_targets_only_future_columns() -> None:
    art = _article_with([["文化产业增加值（亿元）", "3000", "5000"], ["占GDP比重（%）", "5.0", "7.0"]],
                        [["指标", "2020年", "2025年"]], caption="江苏省“十四五”文化产业发展规划主要指标",
                        published=dt.date(2021, 9, 1))
    got = {(r.period, r.kind, r.measure, r.value) for r in extract_tables(art)}
    assert got == {("2020", "actual", "level", 3000e8), ("2025", "target", "level", 5000e8),
                   ("2020", "actual", "share", 5.0), ("2025", "target", "share", 7.0)}


def test_regions_as_columns_and_named_base_year() -> None:
    art = _article_with([["文化制造业", "300", "120"]], [["行业", "全国", "江苏"]],
                        caption="2023年文化企业营业收入（亿元）")
    assert {(r.region, r.sector, r.value) for r in extract_tables(art)} == {
        ("China", "culture_manufacturing", 300e8), ("Jiangsu", "culture_manufacturing", 120e8)}
    art2 = _article_with([["文化制造业", "300", "5.0", "12.0"]],
                         [["行业", "2023年营业收入（亿元）", "2023年比2022年增长（%）", "比2020年增长（%）"]],
                         caption="广东文化企业")
    assert {(r.period, r.value) for r in extract_tables(art2)} == {("2023", 300e8), ("2023", 5.0),
                                                                   ("2020..2023", 12.0)}


_POOL = ["", "—", "-", "…", "12.5", "-3.1", "1,234", "亿元", "%", "增长（%）", "营业收入（亿元）", "合计", "其中：",
         "文化制造业", "东部地区", "2023年", "一季度", "单位：亿元", "x", "9.8*", "注1", "(2.5)", "北京", "Total",
         "Growth (%)", "<b>", "0", "1e5", "１２．５", "\u3000", "占比"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_POOL), min_size=0, max_size=6), min_size=0, max_size=8),
       st.lists(st.lists(st.sampled_from(_POOL), min_size=0, max_size=6), min_size=0, max_size=3),
       st.one_of(st.none(), st.sampled_from(_POOL)), st.one_of(st.none(), st.sampled_from(_POOL)))
def test_random_tables_never_crash(rows: list[list[str]], header: list[list[str]], caption: str | None,
                                   note: str | None) -> None:
    art = _article_with(rows, header, caption=caption, unit_note=note)
    for r in extract_tables(art):
        assert 0 <= r.start < r.end <= len(art.text)
        assert r.value == r.value and abs(r.value) < 1e20
        assert r.unit in ("CNY", "USD", "HKD", "EUR", "TWD", "JPY", "GBP", "MOP", "AUD", "percent", "pp", "count",
                          "rank")


def test_rate_table_with_percent_unit_note() -> None:
    art = _article_with([["文化产业增加值增速", "5.1", "6.2"], ["文化产业增加值占GDP比重", "4.4", "4.6"],
                         ["城镇化率", "60", "61"]], [["指标", "2022年", "2023年"]],
                        caption="浙江省文化产业主要比率", unit_note="单位：%")
    got = {(r.period, r.measure, r.metric, r.value) for r in extract_tables(art)}
    assert got == {("2022", "change", "added_value", 5.1), ("2023", "change", "added_value", 6.2),
                   ("2022", "share", "gdp", 4.4), ("2023", "share", "gdp", 4.6)}


@pytest.mark.parametrize(("text", "want"), [
    ("(100 mln yuan)", [("CNY", 1e8)]),
    ("(RMB100 million)", [("CNY", 1e8)]),
    ("Unit: RMB 100 million, %", [("CNY", 1e8), ("percent", 1.0)]),
    ("Unit: 10,000 yuan", [("CNY", 1e4)]),
    ("(10,000 yuan, %)", [("CNY", 1e4), ("percent", 1.0)]),
    ("(HK$ million)", [("HKD", 1e6)]),
    ("(新臺幣千元)", [("TWD", 1e3)]),
    ("(百萬美元)", [("USD", 1e6)]),
    ("单位：万元", [("CNY", 1e4)]),
    ("企业数（家）", [("count", 1.0)]),
    ("增长（百分点）", [("pp", 1.0)]),
])
def test_units(text: str, want: list[tuple[str, float]]) -> None:
    assert [(u.unit, u.scale) for u in units_in(text)] == want
