"""Prefect flow: incremental ingest of the configured sources into the warehouse.

The flow only wires ccetl.pipeline functions together: one fetch task per
source (fetching is concurrent across sources), then one parse+extract task and
one load task per source, and a run-summary artifact. All logic lives in
src/ccetl.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from ccetl import pipeline
from ccetl.settings import Settings, get_settings, warehouse_url
from ccetl.sources import load_sources


@task(name="discover-and-fetch", retries=1, retry_delay_seconds=2, tags=["fetch"])
def fetch_source(source: Any, settings: Settings, validators: dict[str, tuple[str | None, str | None]],
                 window: pipeline.Window | None) -> pipeline.Fetched:
    return pipeline.discover_and_fetch(source, settings, validators, window)


@task(name="parse-and-extract")
def process_source(fetched: pipeline.Fetched, source: Any) -> tuple[list[pipeline.Processed], list[pipeline.Failure]]:
    return pipeline.process_pages(fetched.pages, selectors=pipeline._selectors(source),
                                  lang_hint=getattr(source, "lang", None))


@task(name="load")
def load_source(url: str, run_id: int, fetched: pipeline.Fetched, processed: list[pipeline.Processed],
                failures: list[pipeline.Failure], extractor_version: str) -> pipeline.SourceStats:
    from ccetl.load import Warehouse

    return pipeline.load_source(Warehouse(url), run_id, fetched, processed, failures, extractor_version)


def _window_name(window_start: dt.date | None = None, window_end: dt.date | None = None, **_: Any) -> str:
    if window_start is None:
        return "ingest-latest"
    if window_end is None or window_end == window_start:
        return f"ingest-{window_start.isoformat()}"
    return f"ingest-{window_start.isoformat()}..{window_end.isoformat()}"


def _run_name() -> str:
    from prefect.runtime import flow_run

    params = flow_run.parameters or {}
    return _window_name(params.get("window_start"), params.get("window_end"))


@flow(name="ingest", flow_run_name=_run_name, log_prints=False)
def ingest(sources_file: str | None = None, only: list[str] | None = None,
           window_start: dt.date | None = None, window_end: dt.date | None = None,
           warehouse: str | None = None) -> list[dict[str, object]]:
    """Discover, fetch, parse, extract and load every enabled source (or those named in `only`)."""
    from ccetl.extract import EXTRACTOR_VERSION
    from ccetl.load import Warehouse

    logger = get_run_logger()
    settings = get_settings()
    sources = [s for s in load_sources(Path(sources_file) if sources_file else settings.path(settings.sources_file))
               if s.enabled and (not only or s.name in only)]
    url = warehouse or warehouse_url(settings.root)
    window = (window_start, window_end or window_start) if window_start else None
    wh = Warehouse(url)
    wh.upgrade()
    wh.upsert_sources([(s.name, s.kind, s.url or "") for s in sources])
    run_id = wh.begin_run("ingest", window=window, params={"sources": [s.name for s in sources]})
    validators = wh.validators(None)
    stats: list[pipeline.SourceStats] = []
    status = "failed"
    try:
        fetches = {s.name: fetch_source.submit(s, settings, validators, window) for s in sources}
        for s in sources:
            try:
                fetched = fetches[s.name].result()
            except Exception as e:  # an unreachable or broken source: record it, go on with the others
                logger.warning("source %s failed: %s", s.name, e)
                failed = pipeline.SourceStats(source=s.name)
                failed.failures.append(pipeline.Failure(s.url or s.name, "discover", str(e)))
                stats.append(failed)
                continue
            processed, failures = process_source(fetched, s)
            stats.append(load_source(url, run_id, fetched, processed, failures, EXTRACTOR_VERSION))
        status = "success"
    finally:
        wh.finish_run(run_id, status, pipeline.totals(stats))
    rows = [st.as_row() for st in stats]
    create_table_artifact(rows, key="ingest-summary", description="Articles and indicators per source")
    create_markdown_artifact(_markdown(stats), key="ingest-report", description="Ingest run report")
    for st in stats:
        for f in st.failures:
            logger.warning("%s: %s failed at %s: %s", st.source, f.url, f.stage, f.reason)
    return rows


def _markdown(stats: list[pipeline.SourceStats]) -> str:
    lines = ["# Ingest run", "", "| source | discovered | fetched | parsed | loaded | indicators | failures |",
             "|---|---|---|---|---|---|---|"]
    for s in stats:
        lines.append(f"| {s.source} | {s.discovered} | {s.fetched} | {s.parsed} | {s.articles_loaded} | "
                     f"{s.indicators_loaded} | {len(s.failures)} |")
    failures = [(s.source, f) for s in stats for f in s.failures]
    if failures:
        lines += ["", "## Failures", ""]
        lines += [f"- `{src}` {f.stage} `{f.url}`: {f.reason}" for src, f in failures]
    return "\n".join(lines)


if __name__ == "__main__":
    ingest()
