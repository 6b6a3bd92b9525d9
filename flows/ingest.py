"""Prefect flow: ingest of the configured sources into the warehouse, one partition per (source, window).

The flow only wires ccetl.pipeline and ccetl.orchestrate functions together:

- the window comes from the parameters, else (in a deployment) from the run's
  scheduled start time (ccetl timezone, ``lag`` windows back), else None ("what
  the sources list now": ``ccetl run``/``ccetl demo`` without dates, not ledgered);
- scheduled runs first catch up the windows between each source's watermark
  (last window that and all before it succeeded) and the current one;
- one fetch task per partition (retried with backoff only on transient errors),
  one parse+extract task per partition (result cached by content hash and code
  version), then the quality gate and the load in the flow process;
- the partition ledger records running -> success | quarantined | failed;
- a run-summary table artifact and a markdown artifact per run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.tasks import exponential_backoff

from ccetl import pipeline
from ccetl.errors import CcetlError
from ccetl.orchestrate import partition as part
from ccetl.orchestrate.artifacts import publish_artifacts
from ccetl.orchestrate.retry import check_discovery, retry_transient
from ccetl.orchestrate.runners import make_task_runner, no_walk, unwrap
from ccetl.orchestrate.windows import (
    Window,
    catch_up_windows,
    closed_after,
    parse_date,
    resolve_window,
    window_label,
    window_tags,
)
from ccetl.settings import Settings, get_settings, warehouse_url
from ccetl.sources import load_sources

CACHE_DAYS = 30
ProcessResult = tuple[list[pipeline.Processed], list[pipeline.Failure]]


class PartitionsFailed(CcetlError):
    """Some partitions of the run failed (each is in the ledger with its error); the others were loaded."""


# ---------------------------------------------------------------------------- tasks

@task(name="discover-and-fetch", retries=2, retry_delay_seconds=exponential_backoff(backoff_factor=2),
      retry_jitter_factor=0.5, retry_condition_fn=retry_transient, tags=["fetch"], cache_policy=NO_CACHE)
def fetch_source(source: Any, settings: Settings, validators: dict[str, tuple[str | None, str | None]],
                 window: pipeline.Window | None) -> pipeline.Fetched:
    fetched = pipeline.discover_and_fetch(source, settings, unwrap(validators), window)
    check_discovery(str(source.name), fetched)
    return fetched


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the parse and extract code and taxonomy: a cached parse/extract result is only reused by the same code."""
    import ccetl

    h = hashlib.sha256(ccetl.__version__.encode())
    pkg = Path(ccetl.__file__).parent
    for sub in ("parse", "extract"):
        for f in sorted((pkg / sub).rglob("*.py")):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    tax = get_settings().path(get_settings().taxonomy_dir)
    if tax.is_dir():
        for f in sorted(tax.rglob("*.yaml")):
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def content_cache_key(context: Any, parameters: dict[str, Any]) -> str | None:
    """Cache key of parse/extract: the pages' content hashes, the source's parse options, the code fingerprint."""
    fetched = unwrap(parameters.get("fetched"))
    pages = getattr(fetched, "pages", None)
    if not pages:
        return None
    source = parameters.get("source")
    h = hashlib.sha256(code_fingerprint().encode())
    h.update(repr((getattr(source, "selectors", None), getattr(source, "lang", None))).encode())
    for p in pages:
        h.update(p.url.encode())
        h.update(hashlib.sha256(p.body).digest())
        h.update(repr((p.hint_published, p.hint_lang, p.source)).encode())
    return "parse-extract-" + h.hexdigest()


@task(name="parse-and-extract", cache_key_fn=content_cache_key, cache_expiration=dt.timedelta(days=CACHE_DAYS),
      persist_result=True)
def process_source(fetched: pipeline.Fetched, source: Any) -> tuple[list[pipeline.Processed], list[pipeline.Failure]]:
    fetched = unwrap(fetched)
    return pipeline.process_pages(fetched.pages, selectors=pipeline._selectors(source),
                                  lang_hint=getattr(source, "lang", None))


@task(name="check-and-load", cache_policy=NO_CACHE)
def load_partition(wh: Any, run_id: int, source: str, window: Window | None, fetched: pipeline.Fetched,
                   processed: list[pipeline.Processed], failures: list[pipeline.Failure],
                   extractor_version: str) -> part.PartitionOutcome:
    return part.finish_partition(wh, run_id, source, window, unwrap(fetched), unwrap(processed), unwrap(failures),
                                 extractor_version)


def _process_task() -> Any:
    if os.environ.get("CCETL_CACHE", "1") == "0":
        return process_source.with_options(cache_key_fn=None, cache_policy=NO_CACHE, persist_result=False)
    return process_source


# ---------------------------------------------------------------------------- run window and name

def _scheduled_start() -> dt.datetime | None:
    """The scheduled start time of this run when it comes from a deployment (schedule or backfill), else None."""
    from prefect.runtime import deployment, flow_run

    try:
        if not deployment.id:
            return None
        when = flow_run.scheduled_start_time
    except Exception:
        return None
    return dt.datetime.fromisoformat(when.isoformat()) if when is not None else None


def _window_name(window_start: Any = None, window_end: Any = None, only: Any = None, **params: Any) -> str:
    try:
        window = resolve_window(parse_date(window_start, "window_start"), parse_date(window_end, "window_end"),
                                _scheduled_start(), granularity=str(params.get("granularity") or "day"),
                                lag=int(params.get("lag") or 0))
    except CcetlError:
        window = None
    who = f"{only[0]}-" if isinstance(only, list | tuple) and len(only) == 1 else ""
    return f"ingest-{who}{window_label(window)}"


def _run_name() -> str:
    from prefect.runtime import flow_run

    return _window_name(**(flow_run.parameters or {}))


def _tag_run(tags: list[str]) -> None:
    """Add the window tags to this flow run (visible and filterable in the UI)."""
    from prefect.client.orchestration import get_client
    from prefect.runtime import flow_run

    try:
        run_id = flow_run.get_id()
        if not run_id:
            return
        with get_client(sync_client=True) as client:
            fid = uuid.UUID(str(run_id))
            current = client.read_flow_run(fid).tags or []
            client.update_flow_run(fid, tags=sorted(set(current) | set(tags)))
    except Exception as e:  # tags are a convenience; never fail a run over them
        get_run_logger().debug("could not tag the run: %s", e)


def _validators(wh: Any) -> dict[str, tuple[str | None, str | None]]:
    try:
        return dict(wh.validators(None))
    except TypeError:  # a warehouse whose validators() needs the URLs: no conditional GETs
        return {}


def _reopen_last(wh: Any, source: str, mark: dt.date | None, current: Window) -> list[Window]:
    """The watermark window again when its last success came before it closed (late articles of that day)."""
    if mark is None or mark >= current[0]:
        return []
    last = [e for e in wh.ledger(source=source, status="success", since=mark - dt.timedelta(days=31), until=mark)
            if e.window_end == mark]
    if not last:
        return []
    entry = last[-1]
    w = (entry.window_start, entry.window_end)
    return [] if closed_after(w, entry.updated_at) else [w]


# ---------------------------------------------------------------------------- the flow

@flow(name="ingest", flow_run_name=_run_name, log_prints=False, task_runner=make_task_runner())
def ingest(sources_file: str | None = None, only: list[str] | None = None,
           window_start: dt.date | None = None, window_end: dt.date | None = None,
           warehouse: str | None = None, groups: list[str] | None = None, granularity: str = "day",
           lag: int = 0, catch_up: bool = True, max_catch_up: int = 14) -> list[dict[str, object]]:
    """Discover, fetch, parse, extract, check and load every enabled source (or those in `only` / `groups`)."""
    from ccetl.extract import EXTRACTOR_VERSION
    from ccetl.load import Warehouse  # type: ignore[attr-defined]
    from ccetl.orchestrate.backfill import select_sources

    logger = get_run_logger()
    settings = get_settings()
    scheduled = _scheduled_start() if window_start is None else None
    window = resolve_window(window_start, window_end, scheduled, granularity=granularity, lag=lag)
    all_sources = load_sources(Path(sources_file) if sources_file else settings.path(settings.sources_file))
    sources = [s for s in select_sources(all_sources, only) if not groups or s.group in groups]
    url = warehouse or warehouse_url(settings.root)
    wh = Warehouse(url)
    wh.upgrade()
    part.register_sources(wh, sources)

    plan: list[tuple[Any, Window | None]] = []
    for s in sources:
        windows: list[Window | None] = [window]
        if window is not None and scheduled is not None and catch_up:
            mark = wh.watermark(s.name)
            missed = catch_up_windows(mark, window, granularity=granularity, max_windows=max_catch_up)
            missed = _reopen_last(wh, s.name, mark, window) + missed
            if missed:
                logger.info("%s: catching up %d missed window(s) from %s", s.name, len(missed), window_label(missed[0]))
            windows = [*missed, window]
        plan += [(s, w) for w in windows]
    real = [w for _, w in plan if w is not None]
    overall: Window | None = (min(w[0] for w in real), max(w[1] for w in real)) if real else None
    _tag_run(window_tags(window) + [f"source:{s.name}" for s in sources][:10])
    logger.info("ingest %s: %d source(s), %d partition(s)", window_label(window), len(sources), len(plan))

    run_id = wh.begin_run("ingest", window=overall, params={"sources": [s.name for s in sources],
                                                            "windows": sorted({window_label(w) for _, w in plan})})
    validators = _validators(wh)
    outcomes: list[part.PartitionOutcome] = []
    status = "failed"
    process = _process_task()
    try:
        for s, w in plan:
            part.start_partition(wh, s.name, w, run_id)
        fetches = {
            fetch_source.with_options(tags=["fetch", f"source:{s.name}"]).submit(s, settings, no_walk(validators), w): (s, w)
            for s, w in plan
        }
        processing: dict[Any, tuple[Any, Window | None, pipeline.Fetched]] = {}
        for fut in as_completed(list(fetches)):
            s, w = fetches[fut]
            try:
                fetched = fut.result()
            except Exception as e:  # unreachable or broken source after retries: record it, go on
                logger.warning("partition %s %s failed: %s", s.name, window_label(w), e)
                outcomes.append(part.fail_partition(wh, s.name, w, run_id, f"{type(e).__name__}: {e}"))
                continue
            # no_walk (quote): Prefect does not walk the pages for futures (a large, future-free collection)
            processing[process.submit(no_walk(fetched), s)] = (s, w, fetched)
        for fut in as_completed(list(processing)):
            s, w, fetched = processing[fut]
            try:
                processed, failures = cast(ProcessResult, fut.result())
                outcomes.append(load_partition(wh, run_id, s.name, w, no_walk(fetched), no_walk(processed), no_walk(failures),
                                               EXTRACTOR_VERSION))
            except Exception as e:
                logger.warning("partition %s %s failed: %s", s.name, window_label(w), e)
                outcomes.append(part.fail_partition(wh, s.name, w, run_id, f"{type(e).__name__}: {e}",
                                                    fetched.stats.as_row()))
        status = "success" if all(o.status == "success" for o in outcomes) else "partial"
    except BaseException as e:  # the run itself broke: no partition may stay "running"
        seen = {(o.source, o.window) for o in outcomes}
        for s, w in plan:
            if w is not None and (s.name, w) not in seen:
                try:
                    part.fail_partition(wh, s.name, w, run_id, f"run aborted: {type(e).__name__}: {e}")
                except Exception as ledger_error:
                    logger.error("could not record %s %s as failed: %s", s.name, window_label(w), ledger_error)
        raise
    finally:
        wh.finish_run(run_id, status, pipeline.totals([o.stats for o in outcomes]))
    order = {(s.name, w): i for i, (s, w) in enumerate(plan)}
    outcomes.sort(key=lambda o: order.get((o.source, o.window), 0))
    rows = [o.as_row() for o in outcomes]
    publish_artifacts("ingest", window, outcomes)
    shown = 0
    for o in outcomes:
        for f in o.stats.failures:
            shown += 1
            if shown <= 50:
                logger.warning("%s %s: %s failed at %s: %s", o.source, window_label(o.window), f.url, f.stage, f.reason)
    if shown > 50:
        logger.warning("... and %d more failures (see the ingest-report artifact)", shown - 50)
    failed = [o for o in outcomes if o.status == "failed"]
    if failed and window is not None:
        first = failed[0]
        raise PartitionsFailed(f"{len(failed)} of {len(outcomes)} partition(s) failed, e.g. {first.source} "
                               f"{window_label(first.window)}: {first.error}")
    return rows


if __name__ == "__main__":
    ingest()
