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
    pending: dict[int, tuple[int, str]], row: list[str | None], orow: list[int | None], col: int
) -> int:
    """Copy cells spanning down from rows above into this row; return the next free column."""
    while col in pending and col < _MAX_COLS:
        left, text = pending[col]
        row.append(text)
        orow.append(None)
        if left <= 1:
            del pending[col]
        else:
            pending[col] = (left - 1, text)
        col += 1
    return col


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
    pending: dict[int, tuple[int, str]] = {}  # col -> (rows left, text) from rowspans above
    budget = _MAX_CELLS
    for tr, thead in rows:
        if budget <= 0:
            break
        cells = _cells(tr)
        row: list[str | None] = []
        orow: list[int | None] = []
        line: list[str] = []
        col = 0

        all_th = bool(cells)
        for c in cells:
            col = _fill_pending(pending, row, orow, col)
            if col >= _MAX_COLS:
                break
            text = norm(cell_text(c))
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
                if rs > 1:
                    pending[col] = (rs - 1, text)
                col += 1
        col = _fill_pending(pending, row, orow, col)
        if not line and not any(row):
            continue
        budget -= len(row)
        grid.append(row)
        origin.append(orow)
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
    return TableBlock(
        caption=caption or None,
        header=full[:nhead],
        rows=full[nhead:],
        header_lines=header_lines,
        body_lines=lines[nhead:],
        body_origin=orig[nhead:],
        unit_note=unit_note,
        caption_is_row=caption_is_row,
    )
