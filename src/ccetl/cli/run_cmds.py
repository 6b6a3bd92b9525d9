"""CLI: `ccetl demo` and `ccetl run`, the ingest flow on the fixture site or the configured sources."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from ccetl.errors import ConfigError, FetchError, InputError

DbOption = Annotated[str | None, typer.Option("--db", help="Warehouse URL (default: CCETL_WAREHOUSE_URL, else warehouse/ccetl.sqlite).")]


def load_flows_module(name: str) -> Any:
    """Import flows/<name>.py from the project root (flows/ lives beside src/, not in the package)."""
    import importlib

    from ccetl.settings import find_root

    root = find_root()
    if not (root / "flows" / f"{name}.py").is_file():
        raise ConfigError(f"flows/{name}.py not found under {root} (set CCETL_HOME to the ccetl checkout)")
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return importlib.import_module(f"flows.{name}")


def quiet_prefect() -> None:
    """Defaults for a local, offline Prefect: no analytics, no heartbeat join, terse logs."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "WARNING")
    # The temporary local server can take longer than Prefect's 20 s default on a busy machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name} must be a date as YYYY-MM-DD, got {value!r}") from None


SUMMARY_COLUMNS = [  # (row key, header): short headers so the table fits 80 columns
    ("source", "source"), ("discovered", "found"), ("fetched", "fetched"), ("not_modified", "304"),
    ("fetch_failed", "fetch err"), ("parse_failed", "parse err"), ("articles_loaded", "loaded"),
    ("articles_unchanged", "same"), ("indicators_loaded", "indicators"),
]


def _print_summary(rows: list[dict[str, object]], url: str, sample: int = 0) -> None:
    from rich.console import Console
    from rich.table import Table

    from ccetl.load import Warehouse
    from ccetl.settings import redact_url

    console = Console(width=None if sys.stdout.isatty() else 120)
    table = Table(title="ccetl ingest, per source")
    for key, header in SUMMARY_COLUMNS:
        table.add_column(header, justify="left" if key == "source" else "right", no_wrap=key == "source")
    for r in rows:
        table.add_row(*(str(r.get(key, "")) for key, _ in SUMMARY_COLUMNS))
    console.print(table)
    counts = Warehouse(url).counts()
    console.print(f"warehouse {redact_url(url)}: " +
                  ", ".join(f"{counts.get(k, 0)} {label}" for k, label in
                            (("article", "articles"), ("fact_indicator", "indicators"), ("source", "sources"),
                             ("raw_page", "raw pages"), ("fetch_log", "fetch log rows"))))
    if sample:
        _print_sample(console, url, sample)


def _print_sample(console: Any, url: str, n: int) -> None:
    from rich.table import Table

    import ccetl.query
    from ccetl.report.fmt import fmt_value

    df = ccetl.query.indicators(url)
    if df.empty:
        return
    table = Table(title=f"first {min(n, len(df))} of {len(df)} indicators (more: ccetl query indicators)")
    for col in ("region", "period", "sector", "metric", "measure", "kind", "value"):
        table.add_column(col, justify="right" if col == "value" else "left")
    for rec in df.head(n).to_dict("records"):
        cells = [_cell(rec.get(c)) for c in ("region", "period", "sector", "metric", "measure", "kind")]
        bound = rec.get("bound")
        table.add_row(*cells, fmt_value(float(rec["value"]), str(rec["unit"]), "en",
                                        bound=bound if bound != "eq" else None))
    console.print(table)


def _cell(v: object) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return ""
    return str(v)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command()
    def demo(db: DbOption = None) -> None:
        """Serve the fixture news site on loopback, run the ingest flow on it into the warehouse, print a summary.

        Running it twice leaves the same articles and indicators (loads are idempotent).
        """
        from ccetl.devsite import serve_site, site_dir
        from ccetl.settings import get_settings, warehouse_url

        quiet_prefect()
        settings = get_settings()
        url = db or warehouse_url(settings.root)
        _ensure_sqlite_dir(url)
        _check_warehouse(url)
        ingest = load_flows_module("ingest").ingest
        with serve_site(site_dir()) as base:
            os.environ["CCETL_FIXTURE_SITE"] = base
            typer.echo(f"fixture site serving on {base}")
            rows = ingest(sources_file=str(settings.path(settings.sources_file)), warehouse=url)
        _print_summary(rows, url, sample=12)
        _fail_on_failures(rows)

    @app.command()
    def run(
        sources: Annotated[Path | None, typer.Option(help="Sources file (default: config/sources.yaml).")] = None,
        source: Annotated[list[str] | None, typer.Option("--source", help="Only this source (repeatable).")] = None,
        window_start: Annotated[str | None, typer.Option("--from", help="Window start, YYYY-MM-DD.")] = None,
        window_end: Annotated[str | None, typer.Option("--to", help="Window end, YYYY-MM-DD.")] = None,
        db: DbOption = None,
    ) -> None:
        """Run the ingest flow once over the configured sources."""
        from ccetl.settings import get_settings, warehouse_url
        from ccetl.sources import load_sources

        quiet_prefect()
        settings = get_settings()
        path = sources or settings.path(settings.sources_file)
        known = {s.name for s in load_sources(path)}  # validates the file before Prefect starts
        for name in source or []:
            if name not in known:
                raise InputError(f"unknown source {name!r}; known: {', '.join(sorted(known))}")
        start, end = _date(window_start, "--from"), _date(window_end, "--to")
        if start and end and start > end:
            raise InputError("--from is after --to")
        url = db or warehouse_url(settings.root)
        _ensure_sqlite_dir(url)
        _check_warehouse(url)
        ingest = load_flows_module("ingest").ingest
        rows = ingest(sources_file=str(path), only=source or None, window_start=start, window_end=end, warehouse=url)
        _print_summary(rows, url)
        _fail_on_failures(rows)


def _fail_on_failures(rows: list[dict[str, object]]) -> None:
    """After loading what could be loaded: any failed source or page makes the exit non-zero."""
    n = sum(int(str(r.get("failures") or 0)) for r in rows)
    if n:
        first = next((r["first_failure"] for r in rows if r.get("first_failure")), "")
        raise FetchError(f"{n} failure(s) in this run, the rest was loaded; first: {first}")


def _check_warehouse(url: str) -> None:
    """Open the warehouse before Prefect starts: a bad or unreachable URL is one clear line, not a
    traceback from the flow run's logger."""
    from ccetl.load import Warehouse

    Warehouse(url).close()


def _ensure_sqlite_dir(url: str) -> None:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
