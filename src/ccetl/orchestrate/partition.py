"""One partition (source, window) through the stages, with the ledger and quality gate.

    start_partition(wh, source, window, run_id)         # ledger: running (counts an attempt)
    fetched = pipeline.discover_and_fetch(...)           # the flow's fetch task
    processed, failures = pipeline.process_pages(...)    # the flow's parse/extract task
    finish_partition(wh, run_id, source, window, fetched, processed, failures, version)
                                                         # quality gate, load, ledger: success|quarantined
    fail_partition(wh, source, window, run_id, error)    # ledger: failed, with the error

Plain functions over a ``ccetl.load.Warehouse``; the Prefect flows call them as tasks.
A ``None`` window ("whatever the sources list now") is loaded but not ledgered.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import ccetl
from ccetl import pipeline
from ccetl.orchestrate.quality import QualityReport, QualityRules, check_partition
from ccetl.orchestrate.windows import Window

log = logging.getLogger("ccetl.orchestrate")

FAILED_STATUSES = ("failed", "quarantined")


def code_version(extractor_version: str | None = None) -> str:
    """What the ledger records as the code that produced a partition."""
    if extractor_version is None:
        try:
            from ccetl.extract import EXTRACTOR_VERSION as extractor_version  # type: ignore[attr-defined,no-redef]
        except ImportError:
            extractor_version = "?"
    return f"{ccetl.__version__}+x{extractor_version}"[:40]


@dataclass(slots=True)
class PartitionOutcome:
    """What happened to one partition in one run."""

    source: str
    window: Window | None
    status: str  # success | quarantined | failed
    stats: pipeline.SourceStats
    quality: QualityReport = field(default_factory=QualityReport)
    error: str | None = None

    def as_row(self) -> dict[str, object]:
        from ccetl.orchestrate.windows import window_label

        return {"window": window_label(self.window), "status": self.status} | self.stats.as_row() | {
            "failures": len(self.stats.failures),
            "first_failure": _describe(self.stats.failures[0]) if self.stats.failures else None,
            "quality": "ok" if self.quality.ok else self.quality.reasons(),
        }


def _describe(f: pipeline.Failure) -> str:
    return f"{f.url or f.stage}: {f.stage} failed: {f.reason}"


def start_partition(wh: Any, source: str, window: Window | None, run_id: int | None) -> None:
    if window is not None:
        wh.ledger_set(source, window, "running", run_id=run_id, code_version=code_version())


def fail_partition(wh: Any, source: str, window: Window | None, run_id: int | None, error: str,
                   counts: dict[str, Any] | None = None) -> PartitionOutcome:
    stats = pipeline.SourceStats(source=source)
    stats.failures.append(pipeline.Failure(source, "discover", error))
    if window is not None:
        wh.ledger_set(source, window, "failed", counts, code_version(), error=error[:2000], run_id=run_id)
    return PartitionOutcome(source, window, "failed", stats, error=error)


def finish_partition(
    wh: Any,
    run_id: int,
    source: str,
    window: Window | None,
    fetched: pipeline.Fetched,
    processed: Sequence[pipeline.Processed],
    failures: Sequence[pipeline.Failure],
    extractor_version: str,
    rules: QualityRules | None = None,
) -> PartitionOutcome:
    """Check the partition; load it (success) or keep only its raw pages and fetch log (quarantined)."""
    unique, dups = pipeline.dedupe(processed)
    indicators = [i for p in unique for i in p.indicators]
    report = check_partition(indicators, parsed=len(processed), duplicates=dups, rules=rules or QualityRules.from_env())
    if report.ok:
        stats = pipeline.load_source(wh, run_id, fetched, processed, failures, extractor_version)
        status = "success"
    else:
        stats = fetched.stats
        wh.log_fetches(run_id, fetched.logs)
        wh.store_raw_pages(fetched.pages)  # kept for `ccetl reprocess`; validators are not saved, so a refetch works
        stats.parsed += len(processed)
        stats.duplicates += dups
        stats.failures.extend(failures)
        stats.parse_failed += sum(1 for f in failures if f.stage == "parse")
        status = "quarantined"
        log.warning("partition %s %s quarantined: %s", source, window, report.reasons())
    if window is not None:
        wh.ledger_set(source, window, status, stats.as_row() | {"failures": len(stats.failures)},
                      code_version(extractor_version), error=None if report.ok else report.reasons()[:2000],
                      run_id=run_id)
    return PartitionOutcome(source, window, status, stats, report, None if report.ok else report.reasons())


def register_sources(wh: Any, sources: Sequence[Any]) -> int:
    """Upsert the sources that are new or changed (kind, url) only, so a repeated run leaves the table as it was."""
    import sqlalchemy as sa

    from ccetl.load.schema import Source

    wanted = {s.name: (s.kind, s.url or "") for s in sources}
    table = Source.__table__
    with wh.engine.connect() as conn:
        have = {r[0]: (r[1], r[2]) for r in conn.execute(sa.select(table.c.name, table.c.kind, table.c.url))}
    changed = [(name, kind, url) for name, (kind, url) in wanted.items() if have.get(name) != (kind, url)]
    if changed:
        wh.upsert_sources(changed)
    return len(changed)
