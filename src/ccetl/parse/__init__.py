"""Parse stage: HTML page (any encoding) -> Article (cleaned text, title, date, lang, tables).

parse_html(data, doc, url=None, headers=None, lang_hint=None, published_hint=None,
           body_selector=None, title_selector=None, date_selector=None) -> Article
parse_page(raw: RawPage) -> Article
parse_path(path) -> Article
decode_html(data, headers=None) -> str
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from ccetl.errors import InputError
from ccetl.models import Article, RawPage, Table
from ccetl.parse import dates as _dates
from ccetl.parse.clean import clean_blocks
from ccetl.parse.encoding import decode_html
from ccetl.parse.html import Extracted, extract, find_site, norm_ws
from ccetl.parse.lang import detect_lang
from ccetl.parse.tables import UNIT_NOTE, TableBlock

__all__ = [
    "assemble",
    "decode_html",
    "find_published",
    "parse_html",
    "parse_page",
    "parse_path",
]

MAX_BYTES = 20_000_000
_TAG = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]*>", re.DOTALL | re.IGNORECASE)
_DATE_ONLY = re.compile(r"^[\d\s年月日号:：/.\-()（）]+$")


def find_published(
    ex: Extracted, url: str | None, html: str | None = None, hint: dt.date | None = None
) -> dt.date | None:
    """The article's publication date, from the strongest evidence available."""
    d = _dates.meta_date(ex.meta)
    if d is not None:
        return d
    d = _dates.jsonld_date(ex.jsonld)
    if d is not None:
        return d
    for t in ex.byline_texts + ex.time_strong:
        d = _dates.parse_date(t)
        if d is not None:
            return d
    # Bylines: labelled dates at the content start, then just before it (nearest first).
    for t in ex.head_texts[:8]:
        d = _dates.labelled_date(t)
        if d is not None:
            return d
    for t in ex.pre_texts:
        d = _dates.labelled_date(t)
        if d is not None:
            return d
    for t in ex.time_other[:1]:
        d = _dates.parse_date(t)
        if d is not None:
            return d
    d = _dates.url_date(url)
    if d is not None:
        return d
    for t in ex.head_texts[:8]:
        if len(t) <= 24 and _DATE_ONLY.match(t):
            found = _dates.dates_in(t)
            if found:
                return found[0][1]
    for t in ex.pre_texts[:25]:
        found = _dates.dates_in(t)
        if found:
            return found[0][1]
    for t in ex.head_texts:
        found = _dates.dates_in(t)
        if found:
            return found[0][1]
    if hint is not None:
        return hint
    for t in ex.page_texts():
        d = _dates.labelled_date(t)
        if d is not None:
            return d
    for t in ex.page_texts():
        found = _dates.dates_in(t)
        if found:
            return found[0][1]
    d = _dates.meta_date(ex.meta, _dates._META_MODIFIED)
    if d is not None:
        return d
    d = _dates.jsonld_modified(ex.jsonld)
    if d is not None:
        return d
    if html:
        # Last resort: furniture removed before the search (footers: "2018年12月出版").
        found = _dates.dates_in(_TAG.sub(" ", html[:100_000]))
        if found:
            return found[0][1]
    return None


def assemble(blocks: Sequence[str | TableBlock]) -> tuple[str, tuple[Table, ...]]:
    """Join blocks into the article text ("\\n\\n" between blocks) and build Table records."""
    parts: list[str] = []
    tables: list[Table] = []
    pos = 0
    prev_para: str | None = None
    for i, b in enumerate(blocks):
        if parts:
            parts.append("\n\n")
            pos += 2
        if isinstance(b, str):
            parts.append(b)
            pos += len(b)
            prev_para = b
            continue
        start = pos
        lines: list[str] = []
        spans: list[tuple[tuple[int, int] | None, ...]] = []
        cur = pos
        if b.caption and not b.caption_is_row:
            lines.append(b.caption)
            cur += len(b.caption) + 1
        for hl in b.header_lines:
            line = " ".join(hl)
            lines.append(line)
            cur += len(line) + 1
        for bl, orow in zip(b.body_lines, b.body_origin, strict=False):
            offs: list[tuple[int, int]] = []
            o = cur
            for k, cell in enumerate(bl):
                if k:
                    o += 1
                offs.append((o, o + len(cell)))
                o += len(cell)
            spans.append(tuple(offs[i] if i is not None else None for i in orow))
            line = " ".join(bl)
            lines.append(line)
            cur += len(line) + 1
        ttext = "\n".join(lines)
        parts.append(ttext)
        pos += len(ttext)
        unit = b.unit_note
        if unit is None and prev_para is not None and len(prev_para) <= 80 and UNIT_NOTE.search(prev_para):
            unit = prev_para
        if unit is None and i + 1 < len(blocks):
            nxt = blocks[i + 1]
            if isinstance(nxt, str) and len(nxt) <= 80 and UNIT_NOTE.search(nxt):
                unit = nxt
        tables.append(
            Table(
                caption=b.caption,
                header=tuple(tuple(r) for r in b.header),
                rows=tuple(tuple(r) for r in b.rows),
                unit_note=unit,
                cell_spans=tuple(spans),
                start=start,
                end=pos,
                row_levels=b.row_levels,
            )
        )
        prev_para = None
    return "".join(parts), tuple(tables)


def parse_html(
    data: bytes | str,
    doc: str,
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    lang_hint: str | None = None,
    published_hint: dt.date | None = None,
    body_selector: str | None = None,
    title_selector: str | None = None,
    date_selector: str | None = None,
    source: str | None = None,
) -> Article:
    """Decode, extract and clean one HTML page."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise InputError(f"{doc}: page of {len(data)} bytes is over the {MAX_BYTES}-byte limit")
        html = decode_html(data, headers)
    else:
        html = data
    try:
        ex = extract(
            html, body_selector=body_selector, title_selector=title_selector, date_selector=date_selector
        )
        blocks = clean_blocks(ex.blocks, ex.title)
    except (ValueError, TypeError, RecursionError, MemoryError, etree.LxmlError) as e:
        # Malformed markup the parser or the walk cannot handle: a clear one-line error.
        raise InputError(f"{doc}: cannot parse the page: {type(e).__name__}: {str(e)[:120]}") from e
    text, tables = assemble(blocks)
    published = find_published(ex, url, html, published_hint)
    lang = detect_lang(text or (ex.title or ""), lang_hint or ex.html_lang)
    return Article(
        doc=doc,
        text=text,
        title=ex.title,
        published=published,
        lang=lang,
        url=url,
        canonical_url=_canonical(ex.canonical_url, url),
        source=source,
        tables=tables,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        site=find_site(ex),
    )


def _canonical(href: str | None, url: str | None) -> str | None:
    if not href:
        return None
    if url:
        try:
            return urljoin(url, href)
        except ValueError:
            return None
    return href if "://" in href else None


def parse_page(
    raw: RawPage,
    body_selector: str | None = None,
    title_selector: str | None = None,
    date_selector: str | None = None,
) -> Article:
    """Parse a fetched page (its hints fill in a missing date or language; selectors as in parse_html)."""
    return parse_html(
        raw.body,
        doc=raw.final_url or raw.url,
        url=raw.final_url or raw.url,
        headers=raw.headers,
        lang_hint=raw.hint_lang,
        published_hint=raw.hint_published,
        body_selector=body_selector,
        title_selector=title_selector,
        date_selector=date_selector,
        source=raw.source,
    )


def parse_text(text: str, doc: str) -> Article:
    """An Article from plain text (paragraphs separated by blank lines)."""
    paras = [norm_ws(p) for p in text.replace("\r\n", "\n").split("\n\n")]
    body = "\n\n".join(p for p in paras if p)
    return Article(
        doc=doc,
        text=body,
        lang=detect_lang(body),
        content_hash=hashlib.sha256(body.encode("utf-8")).hexdigest(),
    )


def parse_path(path: str | Path) -> Article:
    """Parse a .html/.htm (optionally .gz) page or a .txt article file."""
    p = Path(path)
    doc = str(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise InputError(f"{doc}: cannot read: {e.strerror or e}") from e
    name = p.name.lower()
    if name.endswith(".gz"):
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as e:
            raise InputError(f"{doc}: not a valid gzip file") from e
        name = name[:-3]
    if name.endswith(".txt"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = decode_html(raw)
            except InputError as e:
                raise InputError(f"{doc}: {e}") from e
        return parse_text(text, doc)
    try:
        return parse_html(raw, doc=doc)
    except InputError as e:
        msg = str(e)
        raise InputError(msg if msg.startswith(doc) else f"{doc}: {msg}") from e
