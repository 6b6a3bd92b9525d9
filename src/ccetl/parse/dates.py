"""Publication dates: meta tags, JSON-LD, <time>, bylines and URLs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

_MIN_YEAR = 1990

# Meta names/properties that carry the publication date, best first.
_META_PUBLISHED: tuple[str, ...] = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "article.published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publishtime",
    "publish_time",
    "firstpublishedtime",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "sailthru.date",
    "parsely-pub-date",
    "article:create_at",
    "release_date",
    "og:release_date",
    "date",
    "created",
    "weibo:article:create_at",
)
_META_MODIFIED: tuple[str, ...] = (
    "article:modified_time",
    "og:updated_time",
    "lastmod",
    "last-modified",
    "dc.date.modified",
    "dcterms.modified",
    "datemodified",
)

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_MON = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"

_ISO = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)")
_CJK = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_CJK_YM = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月(?!\s*\d)")
_EN_MDY = re.compile(_MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)", re.IGNORECASE)
_EN_DMY = re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+((?:19|20)\d\d)", re.IGNORECASE)
_US = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")
_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")

_LABEL = re.compile(
    r"(发布时间|發佈時間|發布時間|发布日期|發佈日期|發布日期|发表时间|發表時間|发表于|發表於|发稿时间|發稿時間|"
    r"更新时间|更新時間|日期|时间|時間|来源时间|刊发时间|"
    r"Updated|Published|Posted|Released|Release Date|Publication Date|Date)\s*(?:on|at)?\s*[:：]?",
    re.IGNORECASE,
)


_YEAR = re.compile(r"(?:19|20)\d\d")


def _mk(y: int, m: int, d: int) -> dt.date | None:
    if y < _MIN_YEAR or y > dt.date.today().year + 1:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _us(m: re.Match[str]) -> dt.date | None:
    """M/D/YYYY (D/M/YYYY when the first number cannot be a month)."""
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if a > 12:
        return _mk(y, b, a)
    return _mk(y, a, b)


def parse_date(s: str) -> dt.date | None:
    """The first date written in s (ISO, 2024年5月31日, May 31, 2024, 31 May 2024, 20240531)."""
    if not s:
        return None
    best: tuple[int, dt.date] | None = None
    for rx, order in ((_ISO, "ymd"), (_CJK, "ymd"), (_EN_MDY, "mdy"), (_EN_DMY, "dmy"), (_US, "us")):
        m = rx.search(s)
        if not m:
            continue
        if order == "us":
            d = _us(m)
        elif order == "ymd":
            d = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        elif order == "mdy":
            d = _mk(int(m.group(3)), _MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
        else:
            d = _mk(int(m.group(3)), _MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1)))
        if d is not None and (best is None or m.start() < best[0]):
            best = (m.start(), d)
    if best is not None:
        return best[1]
    m = _COMPACT.search(s)
    if m:
        return _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def dates_in(s: str) -> list[tuple[int, dt.date]]:
    """All dates in s with their offsets, in order."""
    out: list[tuple[int, dt.date]] = []
    if not _YEAR.search(s):
        return out
    for rx, order in ((_ISO, "ymd"), (_CJK, "ymd"), (_EN_MDY, "mdy"), (_EN_DMY, "dmy"), (_US, "us")):
        for m in rx.finditer(s):
            if order == "us":
                d = _us(m)
            elif order == "ymd":
                d = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            elif order == "mdy":
                d = _mk(int(m.group(3)), _MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
            else:
                d = _mk(int(m.group(3)), _MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1)))
            if d is not None:
                out.append((m.start(), d))
    if not out and "月" in s:
        for m in _CJK_YM.finditer(s):
            d = _mk(int(m.group(1)), int(m.group(2)), 1)
            if d is not None:
                out.append((m.start(), d))
    out.sort(key=lambda t: t[0])
    return out


def labelled_date(s: str) -> dt.date | None:
    """A date that follows a label such as 发布时间： or Updated: in s."""
    if not _YEAR.search(s):
        return None
    for m in _LABEL.finditer(s):
        tail = s[m.end() : m.end() + 40]
        found = dates_in(tail)
        if found and found[0][0] <= 12:
            return found[0][1]
    return None


_URL_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"/t((?:19|20)\d\d)(\d\d)(\d\d)_"), "ymd"),
    (re.compile(r"/((?:19|20)\d\d)-(\d\d)/(\d\d)/"), "ymd"),
    (re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/"), "ymd"),
    (re.compile(r"/((?:19|20)\d\d)-(\d\d)-(\d\d)[/_]"), "ymd"),
    (re.compile(r"/((?:19|20)\d\d)(\d\d)/(\d\d)/"), "ymd"),
    (re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)/"), "ymd"),
    (re.compile(r"[/_-]((?:19|20)\d\d)(\d\d)(\d\d)[_\-./]"), "ymd"),
    (re.compile(r"/((?:19|20)\d\d)/(\d\d)(\d\d)/"), "ymd"),
)
_SHINE = re.compile(r"/(\d\d)(\d\d)(\d\d)\d{4}/?(?:$|[?#])")


def url_date(url: str | None) -> dt.date | None:
    """The date written in an article URL, if any."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = parts.path
    for rx, _order in _URL_PATTERNS:
        m = rx.search(path)
        if m:
            d = _mk(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d is not None:
                return d
    if parts.hostname and parts.hostname.endswith("shine.cn"):
        m = _SHINE.search(path)
        if m:
            return _mk(2000 + int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def meta_date(meta: dict[str, str], names: Iterable[str] = _META_PUBLISHED) -> dt.date | None:
    for name in names:
        v = meta.get(name)
        if v:
            d = parse_date(v)
            if d is not None:
                return d
    return None


_JSONLD_PUB = re.compile(r'"(?:datePublished|dateCreated|uploadDate)"\s*:\s*"([^"]{6,40})"')
_JSONLD_MOD = re.compile(r'"dateModified"\s*:\s*"([^"]{6,40})"')


def jsonld_date(scripts: Iterable[str]) -> dt.date | None:
    for s in scripts:
        m = _JSONLD_PUB.search(s)
        if m:
            d = parse_date(m.group(1))
            if d is not None:
                return d
    return None


def jsonld_modified(scripts: Iterable[str]) -> dt.date | None:
    for s in scripts:
        m = _JSONLD_MOD.search(s)
        if m:
            d = parse_date(m.group(1))
            if d is not None:
                return d
    return None
