"""Reprocess: re-parse and re-extract stored raw pages (no refetch) and replace their facts.

    pages = stored_pages(wh, source="gov", window=(d1, d2))   # raw pages published (or fetched) in the window
    processed, failures, skipped = process_stored(pages, source_cfg, window)
    outcome = load_reprocessed(wh, run_id, "gov", window, processed, failures, version)

``Warehouse.load_article`` replaces an article's facts in one transaction, so a
reader sees the old facts or the new ones, never a mix; an article whose text and
extractor version did not change is left as it is. The quality gate applies as in
ingest: a window failing it is quarantined and nothing of it is replaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from ccetl import pipeline
from ccetl.models import RawPage
from ccetl.orchestrate.partition import PartitionOutcome, code_version
from ccetl.orchestrate.quality import QualityRules, check_partition
from ccetl.orchestrate.windows import Window

# Pages are selected by fetch time with this much slack around the window, then by publication date.
FETCH_SLACK = dt.timedelta(days=0)


def stored_pages(wh: Any, *, source: str | None = None, window: Window | None = None) -> Iterator[RawPage]:
    """Stored raw pages of ``source`` (all when None), oldest first.

    With a window, a page is kept when its published-date hint falls in it; pages
    without a hint are kept too and filtered after parsing (by the article's date).
    """
    for page in wh.raw_pages(source=source):
        if window is not None and page.hint_published is not None and not window[0] <= page.hint_published <= window[1]:
            continue
        yield page


def in_window(article_published: dt.date | None, page: RawPage, window: Window | None) -> bool:
    if window is None:
        return True
    day = article_published or page.hint_published or (page.fetched_at.date() if page.fetched_at else None)
    return day is not None and window[0] <= day <= window[1]


def process_stored(pages: Sequence[RawPage], source: Any | None, window: Window | None
                   ) -> tuple[list[pipeline.Processed], list[pipeline.Failure], int]:
    """Parse and extract stored pages; returns (processed in window, failures, pages outside the window)."""
    processed, failures = pipeline.process_pages(
        pages, selectors=pipeline._selectors(source) if source is not None else None,
        lang_hint=getattr(source, "lang", None))
    kept = [p for p in processed if in_window(p.article.published, p.raw, window)]
    return kept, failures, len(processed) - len(kept)


def load_reprocessed(wh: Any, run_id: int, source: str, window: Window | None,
                     processed: Sequence[pipeline.Processed], failures: Sequence[pipeline.Failure],
                     extractor_version: str, rules: QualityRules | None = None) -> PartitionOutcome:
    """Quality gate, then replace each article's facts (one transaction per article); ledger when windowed."""
    from ccetl.errors import CcetlError

    unique, dups = pipeline.dedupe(processed)
    stats = pipeline.SourceStats(source=source, parsed=len(processed), duplicates=dups,
                                 parse_failed=sum(1 for f in failures if f.stage == "parse"))
    stats.failures.extend(failures)
    report = check_partition([i for p in unique for i in p.indicators], parsed=len(processed), duplicates=dups,
                             rules=rules or QualityRules.from_env())
    status = "success" if report.ok else "quarantined"
    if report.ok:
        try:
            pipeline.load_processed(wh, run_id, unique, stats, extractor_version)
        except CcetlError as e:
            stats.failures.append(pipeline.Failure(source, "load", str(e)))
    if window is not None:
        counts = stats.as_row() | {"failures": len(stats.failures), "reprocessed": True}
        version = code_version(extractor_version)
        error = None if report.ok else report.reasons()[:2000]
        rows = [r for r in wh.ledger(source=source, since=window[0], until=window[1]) if r.window_end <= window[1]]
        targets = [(r.window_start, r.window_end) for r in rows] or [window]
        for w in targets:
            wh.ledger_set(source, w, status, counts if len(targets) == 1 else None, version,
                          error=error, run_id=run_id)
    return PartitionOutcome(source, window, status, stats, report, None if report.ok else report.reasons())
