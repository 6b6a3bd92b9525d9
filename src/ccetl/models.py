"""The small typed records that flow between the stages.

fetch -> RawPage -> parse -> Article -> extract -> Indicator -> load
Each stage is a set of pure functions over these records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Unit = str  # ISO 4217 code, "percent", "pp", "count" or "rank"
Measure = Literal["level", "change", "share", "rank"]
Kind = Literal["actual", "target", "forecast"]
Bound = Literal["eq", "approx", "gt", "ge", "lt", "le"]


@dataclass(frozen=True, slots=True)
class RawPage:
    """One HTTP response body as fetched (or read from disk), undecoded."""

    url: str
    body: bytes
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str | None = None
    fetched_at: dt.datetime | None = None
    source: str | None = None
    # Hints from discovery (feed item date, listing date) used when the page has none.
    hint_published: dt.date | None = None
    hint_lang: str | None = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(frozen=True, slots=True)
class Table:
    """A data table kept by the parser: header rows and body rows of cell texts."""

    caption: str | None
    header: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    unit_note: str | None = None  # e.g. "单位：亿元，%" found above/below the table
    # Offsets of each body cell's text in Article.text: rows x cols of (start, end) or None.
    cell_spans: tuple[tuple[tuple[int, int] | None, ...], ...] = ()
    start: int = 0  # offset of the table's text in Article.text
    end: int = 0
    # Indentation level of each body row's label (0 = flush; from leading spaces, padding, text-indent).
    row_levels: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the text all quotes and offsets refer to."""

    doc: str  # the path as given, or the URL
    text: str
    title: str | None = None
    published: dt.date | None = None
    lang: str | None = None  # en, zh-Hans, zh-Hant
    url: str | None = None
    canonical_url: str | None = None
    source: str | None = None
    tables: tuple[Table, ...] = ()
    content_hash: str = ""  # sha256 of the cleaned text
    site: str | None = None  # the publisher as the page names it (og:site_name, title suffix, 来源 line)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number mention recognised in text, before attribution."""

    start: int
    end: int
    span: str
    value: float
    unit: Unit | None  # ISO code, percent, pp, count, rank; None for a bare number
    # Flags the recogniser can tell from the mention itself.
    is_year: bool = False
    is_ordinal: bool = False


@dataclass(slots=True)
class Indicator:
    """One record of ../shared/contract/indicators.md."""

    doc: str
    value: float
    unit: Unit
    measure: Measure
    metric: str | None
    subject: str | None
    sector: str | None
    region: str | None
    period: str | None
    kind: Kind
    bound: Bound
    quote: str
    start: int
    end: int
    alt_value: float | None = None
    alt_unit: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if d["alt_value"] is None:
            del d["alt_value"]
            del d["alt_unit"]
        return d


@dataclass(frozen=True, slots=True)
class FetchLog:
    """One row of the fetch log: what happened to one request."""

    url: str
    requested_at: dt.datetime
    status: int | None  # HTTP status; None when no response came
    bytes: int = 0
    duration_ms: float = 0.0
    error: str | None = None  # short reason: "timeout", "robots.txt disallows", "body over 10000000 bytes", ...
    source: str | None = None
    final_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # a 304 answer to a conditional GET
