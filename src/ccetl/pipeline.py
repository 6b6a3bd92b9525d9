"""The one place that runs the stages in order.

    discover -> fetch -> parse -> extract -> load

Each function here is plain Python over the stage modules; the Prefect flows in
`flows/` call these same functions as coarse tasks (one per source or batch) and
add retries, caching and artifacts. Nothing in here knows about Prefect.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ccetl.errors import CcetlError
from ccetl.models import Article, FetchLog, Indicator, RawPage
from ccetl.settings import Settings

if TYPE_CHECKING:
    from ccetl.load import Warehouse
    from ccetl.sources import SourceConfig

log = logging.getLogger("ccetl.pipeline")

Window = tuple[dt.date, dt.date]


@dataclass(slots=True)
class Processed:
    """A page after parse and extract, ready to load."""

    raw: RawPage
    article: Article
    indicators: list[Indicator]


@dataclass(slots=True)
class Failure:
    url: str
    stage: str  # discover | fetch | parse | extract | load
    reason: str


@dataclass(slots=True)
class SourceStats:
    """What one source did in one run: the numbers of the run summary."""

    source: str
    discovered: int = 0
    fetched: int = 0
    not_modified: int = 0
    fetch_failed: int = 0
    parsed: int = 0
    parse_failed: int = 0
    duplicates: int = 0
    articles_loaded: int = 0
    articles_unchanged: int = 0
    indicators_loaded: int = 0
    failures: list[Failure] = field(default_factory=list)

    def as_row(self) -> dict[str, object]:
        return {
            "source": self.source,
            "discovered": self.discovered,
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "fetch_failed": self.fetch_failed,
            "parsed": self.parsed,
            "parse_failed": self.parse_failed,
            "duplicates": self.duplicates,
            "articles_loaded": self.articles_loaded,
            "articles_unchanged": self.articles_unchanged,
            "indicators_loaded": self.indicators_loaded,
        }


@dataclass(slots=True)
class Fetched:
    """Discover + fetch outcome of one source."""

    source: str
    pages: list[RawPage]
    logs: list[FetchLog]
    stats: SourceStats


def discover_and_fetch(source: SourceConfig, settings: Settings, validators: dict[str, tuple[str | None, str | None]] | None = None,
                       window: Window | None = None) -> Fetched:
    """Find a source's article URLs and fetch them. Never raises for a bad page or link."""
    from ccetl.fetch.client import Fetcher
    from ccetl.fetch.discover import discover

    name = source.name
    stats = SourceStats(source=name)
    fetcher = Fetcher(settings.http, validators=validators or {})
    found = discover(source, fetcher, window=window)
    logs: list[FetchLog] = list(found.logs)
    for entry in found.logs:
        if entry.error:
            stats.failures.append(Failure(entry.url, "discover", entry.error))
    logged = {f"{entry.url}: {entry.error}" for entry in found.logs if entry.error}
    for err in found.errors:
        if err not in logged:  # a link the feed or listing named but that was refused, never requested
            url, _, reason = err.partition(": ")
            logs.append(FetchLog(url=url, requested_at=dt.datetime.now(dt.UTC), status=None, error=reason or err,
                                 source=name))
    links = list(found.links)
    stats.discovered = len(links)
    hints = {link.url: link for link in links}
    results = fetcher.fetch_many([link.url for link in links], source=source)
    logs.extend(fetcher.pop_aux_logs())  # robots.txt requests made while fetching
    pages: list[RawPage] = []
    for res in results:
        logs.append(res.log)
        if res.page is not None:
            page = res.page
            link = hints.get(res.url)
            if link is not None and page.hint_published is None and link.published is not None:
                page = replace(page, hint_published=link.published)
            pages.append(page)
            stats.fetched += 1
        elif res.log.not_modified:
            stats.not_modified += 1
        else:
            stats.fetch_failed += 1
            stats.failures.append(Failure(res.url, "fetch", res.log.error or f"HTTP {res.log.status}"))
    return Fetched(source=name, pages=pages, logs=logs, stats=stats)


def process_pages(pages: Iterable[RawPage], *, selectors: dict[str, str | None] | None = None,
                  lang_hint: str | None = None) -> tuple[list[Processed], list[Failure]]:
    """Parse and extract each page; a page that fails is reported, the others go on."""
    from ccetl.extract import extract_article
    from ccetl.parse import parse_page

    done: list[Processed] = []
    failed: list[Failure] = []
    for raw in pages:
        if lang_hint and raw.hint_lang is None:
            raw = replace(raw, hint_lang=lang_hint)
        try:
            article = parse_page(raw, **_selector_kwargs(selectors))
        except CcetlError as e:
            failed.append(Failure(raw.url, "parse", str(e)))
            continue
        except Exception as e:  # a parser bug must not stop the run; keep the reason
            log.exception("parse failed for %s", raw.url)
            failed.append(Failure(raw.url, "parse", f"{type(e).__name__}: {e}"))
            continue
        try:
            indicators = extract_article(article)
        except Exception as e:
            log.exception("extract failed for %s", raw.url)
            failed.append(Failure(raw.url, "extract", f"{type(e).__name__}: {e}"))
            continue
        done.append(Processed(raw=raw, article=article, indicators=indicators))
    return done, failed


def _selector_kwargs(selectors: dict[str, str | None] | None) -> dict[str, str]:
    if not selectors:
        return {}
    return {f"{k}_selector": v for k, v in selectors.items() if v}


def dedupe(processed: Sequence[Processed]) -> tuple[list[Processed], int]:
    """Drop exact duplicates (same cleaned text) within a batch; keep the first."""
    seen: set[str] = set()
    out: list[Processed] = []
    for p in processed:
        key = p.article.content_hash or p.article.text
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out, len(processed) - len(out)


def duplicate_groups(processed: Sequence[Processed]) -> dict[str, str]:
    """{article doc: group id} linking near-duplicate copies (syndication, reposts) to one original.

    The group id is the near-duplicate key of the original's text, so an exact or
    lightly reformatted copy loaded in a later run lands in the same group.
    """
    from ccetl.parse.dedup import link_duplicates, near_duplicate_key

    articles = [p.article for p in processed]
    original = link_duplicates(articles)
    text_of = {a.doc: a.text for a in articles}
    return {a.doc: near_duplicate_key(text_of[original.get(a.doc, a.doc)]) for a in articles}


def load_processed(wh: Warehouse, run_id: int, processed: Sequence[Processed], stats: SourceStats,
                   extractor_version: str, raw_hash: dict[str, str] | None = None, *,
                   batch_size: int = 200) -> None:
    """Load articles in batches (each article all-or-nothing), near-duplicates sharing a group."""
    from ccetl.load import LoadItem

    groups = duplicate_groups(processed)
    items = [LoadItem(p.article, p.indicators, (raw_hash or {}).get(p.raw.url) or _sha256(p.raw.body),
                      groups.get(p.article.doc)) for p in processed]
    res = wh.load_articles(run_id, items, extractor_version, batch_size=batch_size)
    stats.articles_loaded += res.articles_new + res.articles_updated
    stats.articles_unchanged += res.articles_unchanged
    stats.indicators_loaded += res.facts_inserted
    stats.failures.extend(Failure("", "load", err) for err in res.errors)


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def load_source(wh: Warehouse, run_id: int, fetched: Fetched, processed: Sequence[Processed],
                failures: Sequence[Failure], extractor_version: str, *, batch_size: int = 200) -> SourceStats:
    """Store the fetch log, raw pages and every processed article, then the validators.

    The validators (ETag / Last-Modified) are saved only once the articles are in: a run
    killed while loading must fetch its pages again in full next time, not get 304s for
    pages whose articles never made it into the warehouse.
    """
    stats = fetched.stats
    wh.log_fetches(run_id, fetched.logs)
    hashes = wh.store_raw_pages(fetched.pages)
    raw_hash = {page.url: h for page, h in zip(fetched.pages, hashes, strict=True)}
    unique, dups = dedupe(processed)
    stats.duplicates += dups
    stats.parsed += len(processed)
    for f in failures:
        stats.failures.append(f)
        if f.stage == "parse":
            stats.parse_failed += 1
    try:
        load_processed(wh, run_id, unique, stats, extractor_version, raw_hash, batch_size=batch_size)
    except CcetlError as e:
        stats.failures.append(Failure(fetched.source, "load", str(e)))
        return stats  # no validators: the next run fetches these pages again
    wh.save_validators(fetched.logs)
    return stats


def ingest_direct(settings: Settings, sources: Sequence[SourceConfig], warehouse_url: str,
                  window: Window | None = None) -> list[SourceStats]:
    """The whole ingest without Prefect: the baseline the flow is measured against."""
    from ccetl.extract import EXTRACTOR_VERSION
    from ccetl.load import Warehouse

    wh = Warehouse(warehouse_url)
    wh.upgrade()
    run_id = wh.begin_run("ingest-direct", window=window, params={"sources": [s.name for s in sources]})
    out: list[SourceStats] = []
    status = "success"
    try:
        for source in sources:
            out.append(ingest_one(wh, run_id, source, settings, window, EXTRACTOR_VERSION))
    except BaseException:
        status = "failed"
        raise
    finally:
        wh.finish_run(run_id, status, totals(out))
    return out


def ingest_one(wh: Warehouse, run_id: int, source: SourceConfig, settings: Settings, window: Window | None,
               extractor_version: str) -> SourceStats:
    validators = wh.validators(None)
    fetched = discover_and_fetch(source, settings, validators, window)
    processed, failures = process_pages(fetched.pages, selectors=_selectors(source), lang_hint=source.lang)
    return load_source(wh, run_id, fetched, processed, failures, extractor_version,
                       batch_size=settings.pipeline.batch_size)


def _selectors(source: SourceConfig) -> dict[str, str | None] | None:
    return source.selectors.model_dump() if source.selectors is not None else None


def totals(stats: Sequence[SourceStats]) -> dict[str, int]:
    keys = ("discovered", "fetched", "not_modified", "fetch_failed", "parsed", "parse_failed", "duplicates",
            "articles_loaded", "articles_unchanged", "indicators_loaded")
    return {k: sum(int(getattr(s, k)) for s in stats) for k in keys} | {"failures": sum(len(s.failures) for s in stats)}
