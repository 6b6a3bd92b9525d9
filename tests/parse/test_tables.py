"""Data tables: rowspan/colspan expansion, header rows, unit notes, cell offsets; layout tables as text."""

from __future__ import annotations

from ccetl.parse import parse_html

INTRO = "<p>" + "各分类营业收入及增速见下表，全国规模以上文化企业营业收入继续增长。" * 2 + "</p>"

DATA_TABLE = """
<p>单位：亿元，%</p>
<table border="1">
<caption>2020年全国规模以上文化及相关产业企业营业收入</caption>
<thead>
<tr><th rowspan="2">项目</th><th colspan="2">绝对额</th></tr>
<tr><th>2020年</th><th>比上年增长（%）</th></tr>
</thead>
<tbody>
<tr><td colspan="3">按行业类别分</td></tr>
<tr><td>新闻信息服务</td><td>9382</td><td>18.0</td></tr>
<tr><td rowspan="2">内容创作生产</td><td>23275</td><td>4.7</td></tr>
<tr><td>100</td><td>-0.5</td></tr>
<tr><td>文化服务业</td><td>45964</td><td>7.5</td></tr>
</tbody>
</table>
<p>注：增速为名义增速。</p>
"""


def _page(inner: str) -> str:
    return f"<html><head><title>T</title></head><body><div class='content'>{INTRO}{inner}</div></body></html>"


def test_data_table_structure_and_text() -> None:
    art = parse_html(_page(DATA_TABLE), doc="t.html")
    assert len(art.tables) == 1
    t = art.tables[0]
    assert t.caption == "2020年全国规模以上文化及相关产业企业营业收入"
    assert t.unit_note == "单位：亿元，%"
    assert t.header == (("项目", "绝对额", "绝对额"), ("项目", "2020年", "比上年增长（%）"))
    assert t.rows[0] == ("按行业类别分", "按行业类别分", "按行业类别分")
    assert t.rows[1] == ("新闻信息服务", "9382", "18.0")
    assert t.rows[2] == ("内容创作生产", "23275", "4.7")
    assert t.rows[3] == ("内容创作生产", "100", "-0.5")
    # Row text lines: the row's own cells separated by single spaces.
    assert "\n新闻信息服务 9382 18.0\n" in art.text
    assert "\n100 -0.5\n" in art.text
    assert "\n按行业类别分\n" in art.text
    # Cell spans point at the cell texts; span copies have none.
    for row, spans in zip(t.rows, t.cell_spans, strict=True):
        for cell, span in zip(row, spans, strict=True):
            if span is not None:
                assert art.text[span[0] : span[1]] == cell
    assert t.cell_spans[3][0] is None  # rowspan copy
    assert t.cell_spans[0][1] is None  # colspan copy
    assert art.text[t.start : t.end].startswith(t.caption or "")
    assert art.text[t.start : t.end].endswith("文化服务业 45964 7.5")
    assert "注：增速为名义增速。" in art.text


def test_unit_note_inside_table_and_ragged_rows() -> None:
    table = (
        "<table><tr><td colspan='4'>单位：万元</td></tr>"
        "<tr><th>地区</th><th>2022</th><th>2023</th></tr>"
        "<tr><td>东部地区</td><td>1</td><td>2</td><td>3</td></tr>"
        "<tr><td>西部地区</td><td>4</td></tr></table>"
    )
    art = parse_html(_page(table), doc="t.html")
    assert len(art.tables) == 1
    t = art.tables[0]
    assert t.unit_note == "单位：万元"
    widths = {len(r) for r in t.header + t.rows}
    assert len(widths) == 1  # rectangular grid
    assert "西部地区 4" in art.text


def test_layout_table_is_text() -> None:
    para = "文化产业发展迅速，各地积极推动文化与旅游融合发展，取得了明显成效，群众文化获得感不断增强。" * 3
    layout = (
        "<table width='100%'><tr><td width='20%'><a href='/'>首页</a><br><a href='/n'>新闻</a></td>"
        f"<td><table><tr><td><p>{para}</p><p>{para}</p></td></tr></table></td></tr></table>"
    )
    art = parse_html(f"<html><body>{layout}</body></html>", doc="l.html")
    assert art.tables == ()
    assert para in art.text


def test_huge_and_nested_tables_do_not_crash() -> None:
    rows = "".join(f"<tr><td>行{i}</td><td>{i}</td><td rowspan='999999'>x</td></tr>" for i in range(3000))
    art = parse_html(_page(f"<table>{rows}</table>"), doc="big.html")
    assert art.tables and len(art.tables[0].rows) >= 2999
    nested = "<table><tr><td>" * 300 + "深" + "</td></tr></table>" * 300
    parse_html(_page(nested), doc="nested.html")


def test_word_exported_table_without_th() -> None:
    table = (
        "<table border='1'>"
        "<tr><td colspan='3'><p><b>表1 2023年文化企业营业收入</b></p></td></tr>"
        "<tr><td colspan='3'><p>单位：亿元</p></td></tr>"
        "<tr><td><p>地区</p></td><td><p>2023年</p></td><td><p>增长（%）</p></td></tr>"
        "<tr><td><p>东部地区</p></td><td><p><span>100</span></p></td><td>5.2</td></tr>"
        "<tr><td>西部地区</td><td>&nbsp;</td><td>-1.0</td></tr></table>"
    )
    art = parse_html(_page(table), doc="w.html")
    t = art.tables[0]
    assert t.caption == "表1 2023年文化企业营业收入"
    assert t.unit_note == "单位：亿元"
    assert t.header[-1] == ("地区", "2023年", "增长（%）")
    assert t.rows == (("东部地区", "100", "5.2"), ("西部地区", "", "-1.0"))
    assert "\n西部地区 -1.0" in art.text
    assert art.text.count("表1 2023年文化企业营业收入") == 1


def test_unit_in_caption() -> None:
    table = (
        "<table><caption>表2 分季度收入（单位：亿元）</caption><tr><th>季度</th><th>收入</th></tr>"
        "<tr><td>一季度</td><td>12</td></tr><tr><td>二季度</td><td>15</td></tr></table>"
    )
    t = parse_html(_page(table), doc="c.html").tables[0]
    assert t.unit_note == "（单位：亿元）"
