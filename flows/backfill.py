"""Prefect flow: a backfill run on the server (the `backfill/manual` deployment).

It plans the partitions from the ledger exactly like `ccetl backfill` and creates
one `ingest/partition` run per partition with an idempotency key, at most
`max_concurrent` unfinished at a time; the partition runs show up as its subflows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_table_artifact

from ccetl.orchestrate.backfill import plan_backfill, select_sources
from ccetl.orchestrate.server import submit_partitions
from ccetl.orchestrate.windows import window_label
from ccetl.settings import get_settings, warehouse_url
from ccetl.sources import load_sources


@flow(name="backfill", flow_run_name="backfill-{start}..{end}")
def backfill(start: dt.date, end: dt.date, only: list[str] | None = None, granularity: str = "day",
             reprocess: str = "none", max_concurrent: int = 4, deployment: str = "ingest/partition",
             sources_file: str | None = None, warehouse: str | None = None) -> dict[str, int]:
    """One ingest run per (source, window) partition from start to end; returns runs per final state."""
    from ccetl.load import Warehouse  # type: ignore[attr-defined]

    logger = get_run_logger()
    settings = get_settings()
    sources = select_sources(load_sources(Path(sources_file) if sources_file else settings.path(settings.sources_file)),
                             only)
    wh = Warehouse(warehouse or warehouse_url(settings.root))
    wh.upgrade()
    plan = plan_backfill(sources, start, end, granularity=granularity, reprocess=reprocess,
                         ledger=wh.ledger(since=start - dt.timedelta(days=31), until=end), deployment=deployment)
    for name, why in plan.skipped_sources:
        logger.warning("skipping %s: %s", name, why)
    logger.info("%d partition(s) to run, %d already done or running", len(plan.to_run), len(plan.to_skip))
    done = submit_partitions(plan.to_run, deployment, warehouse=warehouse, sources_file=sources_file,
                             max_concurrent=max_concurrent, as_subflow=True)
    states: dict[str, int] = {}
    for d in done:
        states[d.state] = states.get(d.state, 0) + 1
    create_table_artifact([{"source": d.item.source, "window": window_label(d.item.window), "state": d.state,
                            "reason": d.item.reason} for d in done], key="backfill-summary",
                          description=f"backfill {start}..{end}")
    return states
