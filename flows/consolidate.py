"""Prefect flow: rebuild the indicator consensus table from the loaded facts (daily)."""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from ccetl.settings import get_settings, warehouse_url


@flow(name="consolidate", flow_run_name="consolidate")
def consolidate(warehouse: str | None = None, rel_tol: float | None = None) -> int:
    """Warehouse.consolidate(): one transaction; returns the number of consensus rows."""
    from ccetl.load import Warehouse  # type: ignore[attr-defined]

    url = warehouse or warehouse_url(get_settings().root)
    wh = Warehouse(url)
    wh.upgrade()
    n = int(wh.consolidate(rel_tol=rel_tol))
    counts = wh.counts()
    get_run_logger().info("consensus rebuilt: %d rows from %d facts", n, counts.get("fact_indicator", 0))
    create_markdown_artifact(
        f"# Consolidation\n\n{n} consensus rows from {counts.get('fact_indicator', 0)} facts "
        f"of {counts.get('article', 0)} articles.", key="consolidate-report", description="Consensus rebuild")
    return n
