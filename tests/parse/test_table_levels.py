"""Table.row_levels: the indentation level of each body row's label, from every indentation markup.

Leading full-width spaces, &nbsp; runs, leading ASCII spaces, CSS padding-left / text-indent /
margin-left (on the cell or an inner element), indentation classes (indent1, sub, level2) are all
read; the distinct amounts in a table map to levels 0, 1, 2, ... The article text, cell texts and
cell spans stay what they were without indentation.
"""

from __future__ import annotations

import re

import pytest
from lxml import etree

from ccetl.models import Article
from ccetl.parse import parse_html
from ccetl.parse.tables import cell_indent, row_levels

INTRO = "<p>" + "全省规模以上文化企业营业收入保持增长，各行业情况见下表，数据为初步统计结果。" * 2 + "</p>"
HEAD = "<tr><th>行业</th><th>营业收入（亿元）</th><th>增长（%）</th></tr>"
LABELS = ["合计", "文化制造业", "乐器制造", "玩具制造", "文化服务业", "广告服务"]
LEVELS = (0, 1, 2, 2, 1, 2)


def _page(inner: str) -> str:
    return f"<html><head><title>T</title></head><body><div class='content'>{INTRO}{inner}</div></body></html>"


def _table(cells: list[str], tr_attrs: list[str] | None = None) -> str:
    rows = "".join(
        f"<tr{(tr_attrs or [''] * len(cells))[k]}>{c}<td>{100 + k}.5</td><td>{k}.1</td></tr>"
        for k, c in enumerate(cells)
    )
    return f"<table border='1'><caption>2023年某省文化企业营业收入</caption>{HEAD}{rows}</table>"


def _parse(cells: list[str], tr_attrs: list[str] | None = None) -> Article:
    return parse_html(_page(_table(cells, tr_attrs)), doc="t.html")


def _flat() -> Article:
    return _parse([f"<td>{a}</td>" for a in LABELS])


MARKUPS = {
    "ideographic": [f"<td>{chr(0x3000) * 2 * lv}{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)],
    "ideographic-entity": [
        f"<td>{'&#12288;' * 2 * lv}{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)
    ],
    "nbsp": [f"<td>{'&nbsp;' * 4 * lv}{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)],
    "nbsp-in-span": [
        f"<td><span>{'&nbsp;' * 3 * lv}</span>{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)
    ],
    "ascii": [f"<td>{' ' * 4 * lv}{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)],
    "em-space": [f"<td>{chr(0x2003) * lv}{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)],
    "padding-px": [
        f"<td style='padding-left:{5 + 20 * lv}px'>{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)
    ],
    "padding-shorthand": [
        f"<td style='padding:2px 4px 2px {1 + 2 * lv}em'>{a}</td>"
        for a, lv in zip(LABELS, LEVELS, strict=True)
    ],
    "text-indent-cell": [
        f"<td style='text-indent:{2 * lv}em'>{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)
    ],
    "text-indent-p": [
        f"<td><p style='TEXT-INDENT: {24 * lv}pt; margin:0'>{a}</p></td>"
        for a, lv in zip(LABELS, LEVELS, strict=True)
    ],
    "margin-span": [
        f"<td><span style='margin-left:{1.5 * lv}em'>{a}</span></td>"
        for a, lv in zip(LABELS, LEVELS, strict=True)
    ],
    "margin-div-rem": [
        f"<td><div style='margin-left:{lv}rem !important'>{a}</div></td>"
        for a, lv in zip(LABELS, LEVELS, strict=True)
    ],
    "class-indent": [
        f"<td class='c1 indent{lv}'>{a}</td>" if lv else f"<td class='c1'>{a}</td>"
        for a, lv in zip(LABELS, LEVELS, strict=True)
    ],
    "class-indent-dash": [
        f"<td><span class='indent-{lv}'>{a}</span></td>" for a, lv in zip(LABELS, LEVELS, strict=True)
    ],
    "class-level": [f"<td class='level{lv + 1}'>{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)],
    "mso-indent": [
        f"<td style='mso-char-indent-count:{2 * lv}'>{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)
    ],
}


@pytest.mark.parametrize("markup", sorted(MARKUPS))
def test_levels_from_each_markup(markup: str) -> None:
    art = _parse(MARKUPS[markup])
    t = art.tables[0]
    assert t.row_levels == LEVELS, markup
    flat = _flat()
    # nothing else changes: the text, the cell texts and their offsets are those of the flush table
    assert art.text == flat.text
    assert t.rows == flat.tables[0].rows
    assert t.cell_spans == flat.tables[0].cell_spans
    assert "\n乐器制造 102.5 2.1\n" in art.text


def test_class_sub_on_the_row() -> None:
    attrs = ["", "", " class='sub'", " class='sub'", "", " class='sub'"]
    t = _parse([f"<td>{a}</td>" for a in LABELS], attrs).tables[0]
    assert t.row_levels == (0, 0, 1, 1, 0, 1)


def test_no_indentation_gives_no_levels() -> None:
    assert _flat().tables[0].row_levels == ()
    # the same padding on every label is no indentation
    same = _parse([f"<td style='padding-left:6px'>{chr(0x3000) * 2}{a}</td>" for a in LABELS])
    assert same.tables[0].row_levels == ()


def test_source_formatting_and_stray_spaces_are_no_indentation() -> None:
    # white space with a line break is the HTML source's own indentation; a single space is a typo
    cells = [f"<td>\n        {a}\n      </td>" for a in LABELS[:3]] + [f"<td> {a}</td>" for a in LABELS[3:]]
    assert _parse(cells).tables[0].row_levels == ()
    # ...but full-width spaces after such a line break count
    cells = [f"<td>\n    {chr(0x3000) * 2 * lv}{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)]
    assert _parse(cells).tables[0].row_levels == LEVELS


def test_hanging_indent_is_flush() -> None:
    cells = [
        f"<td style='padding-left:2em;text-indent:-2em'>{a}</td>" if lv == 1 else f"<td>{a}</td>"
        for a, lv in zip(LABELS, LEVELS, strict=True)
    ]
    assert _parse(cells).tables[0].row_levels == ()


def test_levels_are_normalised_and_mixed_markup_adds_up() -> None:
    # 3em and 9em only: levels 1 and 2 above the flush rows, whatever the absolute amounts
    cells = [
        f"<td style='padding-left:{[0, 3, 9][lv]}em'>{a}</td>" for a, lv in zip(LABELS, LEVELS, strict=True)
    ]
    assert _parse(cells).tables[0].row_levels == LEVELS
    # padding on the cell plus leading full-width spaces: the amounts add up
    cells = [
        f"<td style='padding-left:{lv}em'>{chr(0x3000) * lv}{a}</td>"
        for a, lv in zip(LABELS, LEVELS, strict=True)
    ]
    assert _parse(cells).tables[0].row_levels == LEVELS


def test_qizhong_rows_with_nbsp() -> None:
    cells = [
        "<td>合计</td>",
        "<td>文化核心领域</td>",
        "<td>&nbsp;&nbsp;其中：新闻信息服务</td>",
        "<td>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;内容创作生产</td>",
        "<td>文化相关领域</td>",
        "<td>&nbsp;&nbsp;其中：文化装备生产</td>",
    ]
    art = _parse(cells)
    assert art.tables[0].row_levels == (0, 0, 1, 2, 0, 1)
    assert "\n其中：新闻信息服务 102.5 2.1\n" in art.text


def test_rowspan_label_rows_keep_the_label_level() -> None:
    table = (
        f"<table border='1'><caption>2023年文化企业营业收入</caption>{HEAD}"
        "<tr><td>文化制造业</td><td>300.5</td><td>2.0</td></tr>"
        "<tr><td rowspan='2'>&#12288;&#12288;乐器制造</td><td>20.5</td><td>1.0</td></tr>"
        "<tr><td>21.5</td><td>2.0</td></tr>"
        "<tr><td>文化服务业</td><td>500.5</td><td>3.0</td></tr></table>"
    )
    t = parse_html(_page(table), doc="t.html").tables[0]
    assert t.rows[2][0] == "乐器制造"
    assert t.row_levels == (0, 1, 1, 0)


def test_group_column_with_indented_labels() -> None:
    # a group column (rowspan) on the left; the labels in the second column carry the indentation
    table = (
        "<table border='1'><caption>2023年文化企业营业收入</caption>"
        "<tr><th>组别</th><th>行业</th><th>营业收入（亿元）</th></tr>"
        "<tr><td rowspan='3'>核心领域</td><td>新闻信息服务</td><td>30.5</td></tr>"
        "<tr><td>&#12288;&#12288;网络新闻</td><td>10.5</td></tr>"
        "<tr><td>内容创作生产</td><td>40.5</td></tr></table>"
    )
    t = parse_html(_page(table), doc="t.html").tables[0]
    assert t.row_levels == (0, 1, 0)


def test_levels_align_with_body_rows_after_header_rows() -> None:
    # a <td> header row and a unit row are no body rows; levels cover Table.rows only
    table = (
        "<table border='1'><tr><td colspan='3'>单位：亿元，%</td></tr>"
        "<tr><td>项目</td><td>营业收入</td><td>增长</td></tr>"
        "<tr><td>合计</td><td>100.5</td><td>3.0</td></tr>"
        "<tr><td style='padding-left:2em'>文化制造业</td><td>40.5</td><td>1.0</td></tr></table>"
    )
    t = parse_html(_page(table), doc="t.html").tables[0]
    assert len(t.row_levels) == len(t.rows)
    assert t.row_levels[-1] > t.row_levels[t.rows.index(next(r for r in t.rows if r[0] == "合计"))]


def test_cell_indent_amounts() -> None:
    def amt(html: str) -> float:
        return cell_indent(etree.fromstring(html))

    assert amt("<td>\u3000\u3000文化</td>") == 2.0
    assert amt("<td>\u00a0\u00a0\u00a0\u00a0文化</td>") == 2.0
    assert amt("<td>    Toys</td>") == 2.0
    assert amt("<td> Toys</td>") == 0.0
    assert amt("<td>\n   Toys\n</td>") == 0.0
    assert amt("<td style='padding-left: 32px'>x</td>") == 2.0
    assert amt("<td><p style='text-indent:24pt'>x</p></td>") == 2.0
    assert amt("<td><span style='margin-left:2em'></span>x</td>") == 2.0
    assert amt("<td>x<span style='margin-left:2em'>y</span></td>") == 0.0  # after the text: no indentation
    assert amt("<td class='indent2'>x</td>") == 4.0
    assert amt("<td class='sub'>x</td>") == 2.0
    assert amt("<td class='subtotal indentation'>x</td>") == 0.0
    assert amt("<td style='padding-left:2em'></td>") == 0.0  # an empty cell
    assert amt("<td style='padding-left:abc; text-indent:'>x</td>") == 0.0
    assert amt("<td style='padding-left:2em;text-indent:-3em'>x</td>") == 0.0


def test_row_levels_normalisation() -> None:
    assert row_levels([]) == ()
    assert row_levels([0.0, 0.0]) == ()
    assert row_levels([1.0, 1.0, 1.0]) == ()
    assert row_levels([0.5, 2.0, 4.0, 2.0, 0.5]) == (0, 1, 2, 1, 0)
    assert row_levels([0.0, 2.0, 2.01]) == (0, 1, 1)  # near-equal amounts are one level


def test_levels_never_change_article_text_on_fixture_pages() -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "tables"
    for name in (
        "t06-jiangxi-indented.html",
        "t12-zj-fullwidth-space-levels.html",
        "t13-tw-nbsp-levels.html",
    ):
        art = parse_html((root / name).read_bytes(), doc=name)
        assert art.tables and art.tables[0].row_levels
        tab = art.text[art.tables[0].start : art.tables[0].end]
        assert "\u3000" not in tab and "\xa0" not in tab and "  " not in tab
        assert not any(line != line.strip() for line in tab.split("\n"))
        assert not re.search(r"\n\s+\S", tab)
