"""Discovery: the article URLs of one source, with dates and titles when the source gives them.

    result = discover(source, fetcher, window=(date(2024, 1, 1), date(2024, 1, 31)))
    result.links  # [Link(url, published, title)], canonical, filtered, deduplicated
    result.logs   # one FetchLog per feed/sitemap/listing request (and refusals)

- rss/atom: feedparser, after a defusedxml pass that refuses DTD entity
  declarations (an entity bomb is logged, never expanded);
- sitemap: index and urlset (also .xml.gz); `news:publication_date` is the
  link's date; `lastmod` (a modification date) only drops links and child
  sitemaps last modified before the window starts;
- listing: start page, then "next" links or `page_url_pattern` ({page} or
  {date:FMT}) up to `max_pages`, stopping when a page only has links older than
  the window; dates from the URL or the text next to the link;
- urls: the configured list.
Every link is canonicalised, checked (http(s) only; private hosts only for
local sources), filtered by include/exclude and by window when its date is
known, and deduplicated. Nothing here raises for a bad page.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from selectolax.lexbor import LexborHTMLParser

from ccetl.fetch.client import FEED_TYPES, HTML_TYPES, Fetcher, FetchResult
from ccetl.fetch.htmlguard import cap_depth
from ccetl.fetch.urls import Link, canonicalize, check_url, date_from_url
from ccetl.models import FetchLog
from ccetl.sources import SourceConfig

Window = tuple[dt.date, dt.date]
MAX_SITEMAPS = 200
MAX_SITEMAP_DEPTH = 3
MAX_XML_BYTES = 50_000_000

__all__ = ["DiscoveryResult", "Link", "discover", "parse_feed", "parse_listing", "parse_sitemap"]


@dataclass(slots=True)
class DiscoveryResult:
    links: list[Link] = field(default_factory=list)
    logs: list[FetchLog] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "url: reason" of what could not be read


class XmlRefused(Exception):
    """XML that is not parsed: entity declarations, DTDs with external references, malformed."""


# ------------------------------------------------------------------ XML helpers


def safe_xml(data: bytes) -> Element:
    """Parse XML with defusedxml: entity declarations and external references are refused."""
    try:
        return safe_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise XmlRefused(f"XML refused: {type(e).__name__} (entity declarations are not allowed)") from e
    except (ParseError, ValueError) as e:
        raise XmlRefused(f"malformed XML: {str(e)[:80]}") from e


def _local(tag: object) -> str:
    t = str(tag)
    return t.rsplit("}", 1)[-1].lower()


def _child_text(el: Element, name: str) -> str | None:
    for c in el.iter():
        if c is not el and _local(c.tag) == name and c.text and c.text.strip():
            return c.text.strip()
    return None


_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def parse_date(text: str | None) -> dt.date | None:
    """A calendar date at the start of `text` (ISO 8601, 2024/05/31, 2024年5月31日)."""
    if not text:
        return None
    m = _DATE_RE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _in_window(link: Link, window: Window | None) -> bool:
    """Dated links must fall in the window; a link last modified before it cannot."""
    if window is None:
        return True
    if link.published is not None:
        return window[0] <= link.published <= window[1]
    return link.lastmod is None or link.lastmod >= window[0]


def _maybe_gunzip(body: bytes, limit: int) -> bytes:
    if not body.startswith(b"\x1f\x8b"):
        return body
    d = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(body, limit + 1)
    except (zlib.error, gzip.BadGzipFile) as e:
        raise XmlRefused(f"bad gzip: {e}") from e
    if len(out) > limit:
        raise XmlRefused(f"decoded sitemap over {limit} bytes")
    return out


# ------------------------------------------------------------------ pure parsers


def parse_feed(body: bytes, base_url: str | None = None) -> list[Link]:
    """Links of an RSS/Atom feed. Raises XmlRefused for entity declarations."""
    if re.search(rb"<!ENTITY", body[:200_000], flags=re.IGNORECASE):
        raise XmlRefused("XML refused: entity declarations are not allowed")
    try:
        safe_xml(body)
    except XmlRefused as e:
        if "refused" in str(e):
            raise
        # malformed but entity-free: feedparser's lenient parser may still read it
    parsed: Any = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries and getattr(parsed, "bozo", False):
        exc = getattr(parsed, "bozo_exception", None)
        raise XmlRefused(f"not a feed: {str(exc)[:80] if exc else 'unreadable'}")
    out: list[Link] = []
    for ent in parsed.entries:
        href = ent.get("link")
        if not href:
            for lk in ent.get("links", []):
                if lk.get("href") and lk.get("rel", "alternate") == "alternate":
                    href = lk["href"]
                    break
        if not href:
            continue
        stamp = ent.get("published_parsed") or ent.get("updated_parsed") or ent.get("created_parsed")
        published = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
        if published is None:
            published = parse_date(ent.get("published") or ent.get("updated") or ent.get("dc_date"))
        title = ent.get("title")
        out.append(Link(canonicalize(href, base=base_url), published, title.strip() if title else None))
    return out


def parse_sitemap(body: bytes) -> tuple[list[tuple[str, dt.date | None]], list[Link]]:
    """(child sitemaps with lastmod, page links) of a sitemap index or urlset."""
    root = safe_xml(_maybe_gunzip(body, MAX_XML_BYTES))
    kind = _local(root.tag)
    children: list[tuple[str, dt.date | None]] = []
    links: list[Link] = []
    if kind == "sitemapindex":
        for sm in root:
            if _local(sm.tag) != "sitemap":
                continue
            loc = _child_text(sm, "loc")
            if loc:
                children.append((loc, parse_date(_child_text(sm, "lastmod"))))
    elif kind == "urlset":
        for u in root:
            if _local(u.tag) != "url":
                continue
            loc = _child_text(u, "loc")
            if not loc:
                continue
            published = parse_date(_child_text(u, "publication_date"))
            lastmod = parse_date(_child_text(u, "lastmod"))
            links.append(Link(loc, published, _child_text(u, "title"), lastmod))
    else:
        raise XmlRefused(f"not a sitemap (root element <{kind}>)")
    return children, links


def _decode(body: bytes, headers: Mapping[str, str] | None) -> str | bytes:
    """Listing pages decoded like articles (GBK/Big5 titles); raw bytes when that fails."""
    try:
        from ccetl.parse.encoding import decode_html
    except ImportError:  # the parse stage is optional here
        return body
    try:
        return decode_html(body, headers)
    except Exception:  # undecodable: lexbor still finds the (ASCII) links
        return body


def parse_listing(
    body: bytes, page_url: str, link_selector: str, next_selector: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> tuple[list[Link], str | None]:
    """(article links, next page URL) of one listing page."""
    tree = LexborHTMLParser(_decode(cap_depth(body), headers))
    base = tree.css_first("base[href]")
    if base is not None and (base.attributes.get("href") or "").strip():
        page_url = canonicalize((base.attributes.get("href") or "").strip(), base=page_url)
    links: list[Link] = []
    for node in tree.css(link_selector):
        a = node if node.tag == "a" else node.css_first("a[href]")
        if a is None:
            continue
        href = (a.attributes.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        url = canonicalize(href, base=page_url)
        title = (a.attributes.get("title") or a.text(strip=True) or None)
        published = date_from_url(url)
        if published is None:
            parent = a.parent
            for _ in range(2):
                if parent is None:
                    break
                published = parse_date(parent.text(strip=True))
                if published:
                    break
                parent = parent.parent
        links.append(Link(url, published, title))
    nxt: str | None = None
    if next_selector:
        n = tree.css_first(next_selector)
        if n is not None:
            a = n if n.tag == "a" else n.css_first("a[href]")
            href = (a.attributes.get("href") or "").strip() if a is not None else ""
            if href and not href.startswith(("#", "javascript:")):
                nxt = canonicalize(href, base=page_url)
    return links, nxt


# ------------------------------------------------------------------ discover


def _fail_log(url: str, reason: str, source: str) -> FetchLog:
    return FetchLog(url=url, requested_at=dt.datetime.now(dt.UTC), status=None, error=reason, source=source)


class _Discovery:
    def __init__(self, source: SourceConfig, fetcher: Fetcher, window: Window | None) -> None:
        self.source = source
        self.fetcher = fetcher
        self.window = window
        self.result = DiscoveryResult()

    def get(self, url: str, accept: tuple[str, ...]) -> FetchResult:
        r = self.fetcher.fetch_one(url, source=self.source, accept=accept)
        self.result.logs.extend(self.fetcher.pop_aux_logs())
        self.result.logs.append(r.log)
        if r.page is None and r.log.error:
            self.result.errors.append(f"{r.url}: {r.log.error}")
        return r

    def note(self, url: str, reason: str) -> None:
        """A page that loaded but could not be used: recorded in errors and the log."""
        self.result.errors.append(f"{url}: {reason}")
        self.result.logs.append(_fail_log(url, reason, self.source.name))

    def feed(self) -> list[Link]:
        assert self.source.url
        r = self.get(self.source.url, FEED_TYPES)
        if r.page is None:
            return []
        try:
            return parse_feed(r.page.body, r.page.final_url or r.url)
        except XmlRefused as e:
            self.note(r.url, str(e))
            return []

    def sitemap(self) -> list[Link]:
        assert self.source.url
        out: list[Link] = []
        queue: list[tuple[str, int]] = [(self.source.url, 0)]
        seen: set[str] = set()
        while queue and len(seen) < MAX_SITEMAPS:
            url, depth = queue.pop(0)
            key = canonicalize(url)
            if key in seen:
                continue
            seen.add(key)
            why = check_url(key, local=self.source.local)
            if why:
                self.note(key, why)
                continue
            r = self.get(key, FEED_TYPES)
            if r.page is None:
                continue
            try:
                children, links = parse_sitemap(r.page.body)
            except XmlRefused as e:
                self.note(r.url, str(e))
                continue
            out.extend(links)
            for loc, lastmod in children:
                if depth + 1 > MAX_SITEMAP_DEPTH:
                    self.note(loc, "sitemap nesting too deep")
                    continue
                if self.window and lastmod and lastmod < self.window[0]:
                    continue  # nothing in it changed since before the window
                queue.append((canonicalize(loc, base=key), depth + 1))
        return out

    def listing(self) -> list[Link]:
        cfg = self.source.listing
        assert cfg is not None and self.source.url
        out: list[Link] = []
        pages = self._listing_pages()
        seen: set[str] = set()
        nxt: str | None = pages[0] if pages else None
        count = 0
        while nxt is not None and count < cfg.max_pages:
            page_url = canonicalize(nxt)
            if page_url in seen:
                break
            seen.add(page_url)
            count += 1
            r = self.get(page_url, HTML_TYPES)
            links: list[Link] = []
            following: str | None = None
            if r.page is not None:
                links, following = parse_listing(
                    r.page.body, r.page.final_url or page_url, cfg.link_selector, cfg.next_selector,
                    r.page.headers,
                )
                out.extend(links)
            dated = [lk.published for lk in links if lk.published is not None]
            if self.window and links and dated and len(dated) == len(links) and max(dated) < self.window[0]:
                break  # only older links from here on
            if cfg.next_selector and following:
                nxt = following
            elif count < len(pages):
                nxt = pages[count]
            else:
                nxt = None
            if r.page is None and cfg.page_url_pattern and "{page}" in cfg.page_url_pattern:
                break  # a missing numbered page: the end of the archive
        return out

    def _listing_pages(self) -> list[str]:
        cfg = self.source.listing
        assert cfg is not None and self.source.url
        pat = cfg.page_url_pattern
        if not pat:
            return [self.source.url]
        m = re.search(r"\{date:([^}]+)\}", pat)
        if m:
            end = self.window[1] if self.window else dt.date.today()
            start = self.window[0] if self.window else end - dt.timedelta(days=cfg.max_pages - 1)
            days: list[str] = []
            d = end
            while d >= start and len(days) < cfg.max_pages:
                days.append(pat.replace(m.group(0), d.strftime(m.group(1))))
                d -= dt.timedelta(days=1)
            return days
        return [self.source.url] + [
            pat.replace("{page}", str(cfg.first_page + i)) for i in range(cfg.max_pages - 1)
        ]

    def finish(self, links: Iterable[Link]) -> DiscoveryResult:
        seen: set[str] = set()
        for lk in links:
            url = canonicalize(lk.url)
            if url in seen:
                continue
            why = check_url(url, local=self.source.local)
            if why:
                seen.add(url)
                self.result.errors.append(f"{url}: {why}")
                continue
            if not self.source.matches(url):
                continue
            if not _in_window(lk, self.window):
                continue
            seen.add(url)
            self.result.links.append(Link(url, lk.published, lk.title, lk.lastmod))
        return self.result


def discover(source: SourceConfig, fetcher: Fetcher, window: Window | None = None) -> DiscoveryResult:
    """Article links of one source; see the module docstring. Never raises for a bad page."""
    d = _Discovery(source, fetcher, window)
    if source.kind in ("rss", "atom"):
        links = d.feed()
    elif source.kind == "sitemap":
        links = d.sitemap()
    elif source.kind == "listing":
        links = d.listing()
    else:
        links = [Link(u) for u in source.urls]
    return d.finish(links)
