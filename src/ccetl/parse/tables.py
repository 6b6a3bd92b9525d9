"""Data tables: telling them from layout tables, and expanding their grid.

A data table becomes a TableBlock: header rows and body rows with colspan and
rowspan expanded into a rectangular grid, plus the row lines written into the
article text (one line per row, the row's own cells separated by single spaces).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

Element = Any

_MAX_SPAN = 200
_MAX_ROWS = 20000
_MAX_COLS = 64
_MAX_CELLS = 200_000
_DIGIT = re.compile(r"\d")
UNIT_NOTE = re.compile(
    r"^\s*[（(]?\s*(?:单位|單位|计量单位|計量單位|Units?|Unit of measure)\s*[:：]", re.IGNORECASE
)


@dataclass
class TableBlock:
    """A data table as found in the page, before offsets into the article text are known."""

    caption: str | None
    header: list[list[str]]  # expanded grid rows
    rows: list[list[str]]  # expanded grid rows
    header_lines: list[list[str]]  # the row's own cells (no span copies), for the text
    body_lines: list[list[str]]
    # For each body grid row, for each column: index into body_lines[row] or None for a span copy.
    body_origin: list[list[int | None]]
    unit_note: str | None = None
    notes: list[str] = field(default_factory=list)
    caption_is_row: bool = False  # the caption is a title row of the table (already in its lines)
    # Indentation level of each body row's label (0 = flush); empty when the table has no indentation.
    row_levels: tuple[int, ...] = ()


def text_of(el: Element) -> str:
    """All text inside el (lxml.etree elements have no text_content())."""
    return "".join(el.itertext())


_BREAKS = frozenset(("br", "p", "div", "li"))


def cell_text(el: Element) -> str:
    """A cell's text with <br>/<p> breaks as newlines (norm_ws joins CJK lines, spaces Latin ones)."""
    parts: list[str] = []
    for ev, node in etree.iterwalk(el, events=("start", "end")):
        if ev == "start":
            if node.tag in _BREAKS and node is not el:
                parts.append("\n")
            if node.text:
                parts.append(node.text)
        elif node is not el and node.tail:
            parts.append(node.tail)
    return "".join(parts)


def _rows(table: Element) -> list[tuple[Element, bool]]:
    """The table's own rows with a flag telling header rows (thead)."""
    out: list[tuple[Element, bool]] = []
    for child in table:
        tag = child.tag
        if tag == "tr":
            out.append((child, False))
        elif tag in ("thead", "tbody", "tfoot"):
            for tr in child:
                if tr.tag == "tr":
                    out.append((tr, tag == "thead"))
    return out


def _cells(tr: Element) -> list[Element]:
    return [c for c in tr if c.tag in ("td", "th")]


def _span(el: Element, name: str) -> int:
    v = el.get(name)
    if not v:
        return 1
    m = re.match(r"\s*(\d+)", v)
    if not m:
        return 1
    return max(1, min(int(m.group(1)), _MAX_SPAN))


def is_data_table(table: Element) -> bool:
    """True for a table of data (short cells in a grid), False for a layout table."""
    if (table.get("role") or "").lower() == "presentation":
        return False
    it = table.iter("table")
    next(it)  # the table itself
    if next(it, None) is not None:
        return False  # tables inside tables lay out a page
    rows = _rows(table)
    if len(rows) < 2:
        return False
    ncells = 0
    max_cols = 0
    long_cells = 0
    total = 0
    digits = 0
    links = 0
    for tr, _h in rows:
        cells = _cells(tr)
        cols = sum(_span(c, "colspan") for c in cells)
        max_cols = max(max_cols, cols)
        for c in cells:
            t = text_of(c).strip()
            n = len(t)
            ncells += 1
            total += n
            if n > 150:
                long_cells += 1
            if _DIGIT.search(t):
                digits += 1
            for a in c.iter("a"):
                links += len(text_of(a).strip())
            for _b in c.iter("p", "div", "ul", "ol", "img"):
                if n > 80:
                    long_cells += 1
                break
    if max_cols < 2 or ncells < 4:
        return False
    if long_cells:
        return False
    if total == 0 or links / total > 0.3:
        return False
    if total / ncells > 60:
        return False
    return digits / ncells >= 0.15


def _fill_pending(
    pending: dict[int, tuple[int, str, float]],
    row: list[str | None],
    orow: list[int | None],
    col: int,
    arow: list[float] | None = None,
) -> int:
    """Copy cells spanning down from rows above into this row; return the next free column."""
    while col in pending and col < _MAX_COLS:
        left, text, amt = pending[col]
        row.append(text)
        orow.append(None)
        if arow is not None:
            arow.append(amt)
        if left <= 1:
            del pending[col]
        else:
            pending[col] = (left - 1, text, amt)
        col += 1
    return col


# ----------------------------------------------------------------- indentation of row labels

# Amounts are in em. Leading white space: ideographic space / em space 1, en space / &nbsp; 0.5;
# ASCII spaces 0.5 each, counted only as a run of two or more on the cell's own line (white
# space holding a line break is source formatting). CSS lengths: px / 16, pt / 12, ch / 2.
_WS_EM = {"\u3000": 1.0, "\u2003": 1.0, "\u2002": 0.5, "\xa0": 0.5, "\u2007": 0.5, "\u2009": 0.2}
_CSS_INDENT = re.compile(
    r"(?:^|;)\s*(padding-left|text-indent|margin-left|padding|mso-char-indent-count)\s*:\s*([^;]+)", re.I
)
_CSS_LEN = re.compile(r"^([-+]?\d*\.?\d+)\s*(em|rem|px|pt|ch|%|)$", re.I)
_CSS_UNIT = {"em": 1.0, "rem": 1.0, "px": 1 / 16, "pt": 1 / 12, "ch": 0.5, "%": 0.25, "": 0.0}
_INDENT_CLASS = re.compile(
    r"^(?:indent|text-indent|txt-indent|sub|subrow|sub-row|sub-item|child|level|lvl|pl|ps)[-_]?(\d{0,2})$",
    re.I,
)


def _css_len(v: str) -> float:
    m = _CSS_LEN.match(v.strip().replace("!important", "").strip())
    if not m:
        return 0.0
    try:
        n = float(m.group(1))
    except ValueError:
        return 0.0
    return n * _CSS_UNIT[m.group(2).lower()]


def _style_indent(style: str | None) -> float:
    """The left indentation an inline style sets: padding-left, text-indent, margin-left, padding shorthand."""
    if not style or len(style) > 2000:
        return 0.0
    out = 0.0
    for m in _CSS_INDENT.finditer(style):
        prop = m.group(1).lower()
        val = m.group(2).strip()
        if prop == "padding":
            parts = val.replace("!important", "").split()
            if not parts:
                continue
            left = parts[{1: 0, 2: 1, 3: 1}.get(len(parts), 3)]
            out += _css_len(left)
        elif prop == "mso-char-indent-count":
            out += _css_len(val + "em") if _CSS_LEN.match(val.strip()) else 0.0
        else:
            out += _css_len(val)
    return out


def _class_indent(cls: str | None) -> float:
    """Indentation a class names: "indent1", "indent-2", "sub", "level2", "pl-3" (2 em per step)."""
    if not cls:
        return 0.0
    best = 0.0
    for tok in cls.split():
        m = _INDENT_CLASS.match(tok)
        if not m:
            continue
        word = tok[: m.start(1)].rstrip("-_").lower()
        if m.group(1):
            n = int(m.group(1))
            if word in ("level", "lvl"):
                n -= 1  # level1 is the top level
        elif word in ("level", "lvl", "pl", "ps"):
            continue
        else:
            n = 1
        best = max(best, 2.0 * max(n, 0))
    return best


def _ws_indent(ws: str) -> float:
    """The width of a label's leading white space (see _WS_EM)."""
    if "\n" in ws or "\r" in ws:
        ws = ws[max(ws.rfind("\n"), ws.rfind("\r")) + 1 :]
        ascii_ok = False
    else:
        ascii_ok = ws.count(" ") + ws.count("\t") >= 2
    out = 0.0
    for ch in ws:
        if ch in _WS_EM:
            out += _WS_EM[ch]
        elif ascii_ok and ch == " ":
            out += 0.5
        elif ascii_ok and ch == "\t":
            out += 2.0
    return out


def cell_indent(el: Element, tr: Element | None = None) -> float:
    """How far a cell's text is indented, in em: leading spaces, CSS indentation on the cell or on
    the elements wrapping its first text, indentation classes on the cell, those elements or the row."""
    amt = _style_indent(el.get("style")) + _class_indent(el.get("class"))
    if tr is not None:
        amt += _class_indent(tr.get("class"))  # (padding and margins on a <tr> have no effect)
    ws: list[str] = []
    done = False
    for ev, node in etree.iterwalk(el, events=("start", "end")):
        if ev == "start":
            if node is not el and isinstance(node.tag, str):
                if node.tag in _BREAKS and ws:
                    ws.append("\n")
                amt += _style_indent(node.get("style")) + _class_indent(node.get("class"))
            t = node.text if isinstance(node.tag, str) else None
        else:
            t = node.tail if node is not el else None
        if t:
            stripped = t.lstrip(" \t\r\n\xa0\u3000\u2002\u2003\u2007\u2009")
            ws.append(t[: len(t) - len(stripped)])
            if stripped:
                done = True
                break
    if not done:
        return 0.0  # an empty cell
    return max(0.0, amt + _ws_indent("".join(ws)))


def row_levels(amounts: list[float]) -> tuple[int, ...]:
    """Indentation amounts -> levels: the distinct amounts in ascending order map to 0, 1, 2, ...;
    () when all rows are flush alike."""
    q = [round(a * 4) / 4 for a in amounts]
    distinct = sorted(set(q))
    if len(distinct) < 2:
        return ()
    rank = {a: i for i, a in enumerate(distinct)}
    return tuple(rank[a] for a in q)


def _label_amount(row: list[str], amts: list[float]) -> float:
    """A body row's label indentation: the most indented of its label cells (those before the first number)."""
    best = 0.0
    for t, a in zip(row, amts, strict=False):
        if t and _is_number_cell(t):
            break
        if t:
            best = max(best, a)
    return best


_NUMERIC = re.compile(r"^[-+−]?[\d,，.]+%?$")
_YEARISH = re.compile(r"^(?:19|20)\d\d(?:年|年度)?$")


def _is_number_cell(t: str) -> bool:
    return bool(_NUMERIC.match(t.replace(" ", ""))) and not _YEARISH.match(t)


def _header_rows(lines: list[list[str]], is_head: list[bool]) -> int:
    """How many leading rows are header rows.

    Leading one-cell rows (a title or a unit line), then <thead>/<th> rows; without
    those, the label rows (no numbers) before the first row of numbers, at most three.
    """
    n = len(lines)
    i = 0
    while i < n - 1 and len(lines[i]) == 1 and not _is_number_cell(lines[i][0]):
        i += 1
    j = i
    while j < n and is_head[j]:
        j += 1
    if j > i:
        return j if j < n else max(i, n - 1)
    j = i
    while j < n and not any(_is_number_cell(c) for c in lines[j][1:] or lines[j]):
        j += 1
    if i < j < n and j - i <= 3:
        return j
    return i


_UNIT_ANY = re.compile(
    r"[（(]?\s*(?:单位|單位|计量单位|計量單位|Unit|Units)\s*[:：][^）)]*[）)]?", re.IGNORECASE
)


def find_unit_note(s: str | None) -> str | None:
    """The "单位：亿元" part of a caption or title line, if any."""
    if not s:
        return None
    m = _UNIT_ANY.search(s)
    return m.group(0).strip() if m else None


def build_table(table: Element, norm: Callable[[str], str]) -> TableBlock | None:
    """Expand a data table's grid; None if it has no text."""
    caption_el = table.find("caption")
    caption = norm(text_of(caption_el)) if caption_el is not None else None
    rows = _rows(table)[:_MAX_ROWS]
    grid: list[list[str | None]] = []
    origin: list[list[int | None]] = []
    lines: list[list[str]] = []
    is_head: list[bool] = []
    amounts: list[list[float]] = []  # each grid cell's indentation (em), copies included
    pending: dict[int, tuple[int, str, float]] = {}  # col -> (rows left, text, indent) from rowspans above
    budget = _MAX_CELLS
    for tr, thead in rows:
        if budget <= 0:
            break
        cells = _cells(tr)
        row: list[str | None] = []
        orow: list[int | None] = []
        arow: list[float] = []
        line: list[str] = []
        col = 0

        all_th = bool(cells)
        for c in cells:
            col = _fill_pending(pending, row, orow, col, arow)
            if col >= _MAX_COLS:
                break
            text = norm(cell_text(c))
            amt = cell_indent(c, tr) if text and not _is_number_cell(text) else 0.0  # labels only
            if c.tag != "th":
                all_th = False
            cs = _span(c, "colspan")
            rs = _span(c, "rowspan")
            idx: int | None = None
            if text:
                idx = len(line)
                line.append(text)
            for k in range(cs):
                row.append(text)
                orow.append(idx if k == 0 else None)
                arow.append(amt)
                if rs > 1:
                    pending[col] = (rs - 1, text, amt)
                col += 1
        col = _fill_pending(pending, row, orow, col, arow)
        if not line and not any(row):
            continue
        budget -= len(row)
        grid.append(row)
        origin.append(orow)
        amounts.append(arow)
        lines.append(line)
        is_head.append(thead or all_th)
    if not grid:
        return None
    width = max(len(r) for r in grid)
    nhead = _header_rows(lines, is_head)
    full = [[(t or "") for t in r] + [""] * (width - len(r)) for r in grid]
    orig = [o + [None] * (width - len(o)) for o in origin]
    unit_note: str | None = None
    caption_is_row = False
    header_lines = lines[:nhead]
    for hl in header_lines:
        if len(hl) == 1:
            if UNIT_NOTE.search(hl[0]):
                unit_note = hl[0]
            elif caption is None and not find_unit_note(hl[0]):
                caption = hl[0]  # a title row spanning the table
                caption_is_row = True
            unit_note = unit_note or find_unit_note(hl[0])
    if unit_note is None:
        unit_note = find_unit_note(caption)
    body_rows = full[nhead:]
    levels = row_levels([_label_amount(r, a) for r, a in zip(body_rows, amounts[nhead:], strict=False)])
    return TableBlock(
        caption=caption or None,
        header=full[:nhead],
        rows=body_rows,
        header_lines=header_lines,
        body_lines=lines[nhead:],
        body_origin=orig[nhead:],
        unit_note=unit_note,
        caption_is_row=caption_is_row,
        row_levels=levels,
    )
