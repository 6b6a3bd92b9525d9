"""Prefect flow: re-parse and re-extract stored raw pages (no refetch), replacing facts atomically.

Run it after an extractor upgrade, for a window or for everything:

    ccetl reprocess --from 2024-01-01 --to 2024-01-31 [--source NAME]
    prefect deployment run reprocess/manual -p window_start=2024-01-01 -p window_end=2024-01-31

One parse+extract task per source and batch of pages (cached by content hash and
code), then the quality gate and the loads in the flow process.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from ccetl import pipeline
from ccetl.orchestrate import partition as part
from ccetl.orchestrate import reprocess as rp
from ccetl.orchestrate.artifacts import publish_artifacts
from ccetl.orchestrate.backfill import select_sources
from ccetl.orchestrate.runners import make_task_runner, no_walk, unwrap
from ccetl.orchestrate.windows import Window, resolve_window, window_label
from ccetl.settings import get_settings, warehouse_url
from ccetl.sources import load_sources

ProcessResult = tuple[list[pipeline.Processed], list[pipeline.Failure], int]


@task(name="reparse-and-extract", cache_policy=NO_CACHE)
def reprocess_batch(pages: list[Any], source: Any, window: Window | None) -> ProcessResult:
    return rp.process_stored(unwrap(pages), source, window)


@task(name="check-and-replace", cache_policy=NO_CACHE)
def replace_partition(wh: Any, run_id: int, source: str, window: Window | None, processed: list[pipeline.Processed],
                      failures: list[pipeline.Failure], extractor_version: str) -> part.PartitionOutcome:
    return rp.load_reprocessed(wh, run_id, source, window, unwrap(processed), unwrap(failures), extractor_version)


def _run_name() -> str:
    from prefect.runtime import flow_run

    p = flow_run.parameters or {}
    start, end = p.get("window_start"), p.get("window_end")
    label = "all" if start is None else f"{start}" + (f"..{end}" if end and str(end) != str(start) else "")
    return f"reprocess-{label}"


@flow(name="reprocess", flow_run_name=_run_name, task_runner=make_task_runner())
def reprocess(window_start: dt.date | None = None, window_end: dt.date | None = None, only: list[str] | None = None,
              sources_file: str | None = None, warehouse: str | None = None, batch_size: int = 200
              ) -> list[dict[str, object]]:
    """Re-parse and re-extract the stored pages of a window (by publication date), or all of them."""
    from ccetl.extract import EXTRACTOR_VERSION
    from ccetl.load import Warehouse  # type: ignore[attr-defined]

    logger = get_run_logger()
    settings = get_settings()
    window = resolve_window(window_start, window_end)
    sources = select_sources(load_sources(Path(sources_file) if sources_file else settings.path(settings.sources_file)),
                             only)
    url = warehouse or warehouse_url(settings.root)
    wh = Warehouse(url)
    wh.upgrade()
    run_id = wh.begin_run("reprocess", window=window, params={"sources": [s.name for s in sources]})
    outcomes: list[part.PartitionOutcome] = []
    status = "failed"
    try:
        for s in sources:
            futures = []
            batch: list[Any] = []
            for page in rp.stored_pages(wh, source=s.name, window=window):
                batch.append(page)
                if len(batch) >= batch_size:
                    futures.append(reprocess_batch.submit(no_walk(batch), s, window))
                    batch = []
            if batch:
                futures.append(reprocess_batch.submit(no_walk(batch), s, window))
            processed: list[pipeline.Processed] = []
            failures: list[pipeline.Failure] = []
            for fut in futures:
                done, failed, _outside = fut.result()
                processed += done
                failures += failed
            if not futures and window is None:
                continue
            outcomes.append(replace_partition(wh, run_id, s.name, window, no_walk(processed), no_walk(failures),
                                              EXTRACTOR_VERSION))
            logger.info("%s %s: %d pages reprocessed, %d articles changed", s.name, window_label(window),
                        len(processed), outcomes[-1].stats.articles_loaded)
        status = "success" if all(o.status == "success" for o in outcomes) else "partial"
    finally:
        wh.finish_run(run_id, status, pipeline.totals([o.stats for o in outcomes]))
    publish_artifacts("reprocess", window, outcomes)
    return [o.as_row() for o in outcomes]
