"""CLI commands of the report group: `ccetl report`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ccetl.errors import InputError


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command()
    def report(
        region: Annotated[str | None, typer.Option("--region", help="Only this region and the regions in it (name, Chinese name or alias), e.g. Shanghai, China:East.")] = None,
        sector: Annotated[str | None, typer.Option("--sector", help="Only this sector and its sub-sectors (code or name), e.g. cultural_creative.")] = None,
        metric: Annotated[str | None, typer.Option("--metric", help="Only this metric (code or name), e.g. output.")] = None,
        lang: Annotated[str, typer.Option("--lang", help="Page language: en or zh.")] = "en",
        out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")] = Path("report.html"),
        db: Annotated[
            str | None, typer.Option("--db", help="Warehouse URL (default: CCETL_WAREHOUSE_URL, else warehouse/ccetl.sqlite).")
        ] = None,
    ) -> None:
        """Write one self-contained HTML report of the warehouse: charts, consolidated facts with quotes, pipeline health.

        The page embeds its charting library and opens offline.
        """
        from ccetl.report import write_report
        from ccetl.settings import warehouse_url

        if lang not in ("en", "zh"):
            raise InputError(f"--lang must be en or zh, got {lang!r}")
        path = write_report(db or warehouse_url(), out, region=region, sector=sector, metric=metric, lang=lang)
        typer.echo(f"wrote {path}")
