"""Prefect flow: rebuild the indicator consensus table from the loaded facts (daily)."""

from __future__ import annotations

from prefect import flow, get_run_logger
from prefect.artifacts import create_link_artifact, create_markdown_artifact

from ccetl.settings import get_settings, warehouse_url


@flow(name="consolidate", flow_run_name="consolidate")
def consolidate(warehouse: str | None = None, rel_tol: float | None = None, report: bool = True,
                report_path: str | None = None) -> int:
    """Warehouse.consolidate() in one transaction, then regenerate the HTML report (a link artifact).

    Returns the number of consensus rows.
    """
    from ccetl.load import Warehouse  # type: ignore[attr-defined]

    settings = get_settings()
    url = warehouse or warehouse_url(settings.root)
    wh = Warehouse(url)
    wh.upgrade()
    n = int(wh.consolidate(rel_tol=rel_tol))
    counts = wh.counts()
    get_run_logger().info("consensus rebuilt: %d rows from %d facts", n, counts.get("fact_indicator", 0))
    create_markdown_artifact(
        f"# Consolidation\n\n{n} consensus rows from {counts.get('fact_indicator', 0)} facts "
        f"of {counts.get('article', 0)} articles.", key="consolidate-report", description="Consensus rebuild")
    if report:
        from ccetl.report import write_report

        path = write_report(url, report_path or settings.root / "warehouse" / "report.html")
        create_link_artifact(key="report", link=path.as_uri(), link_text="ccetl report",
                             description="The warehouse as charts and tables (ccetl report)")
        get_run_logger().info("report written to %s", path)
    return n
