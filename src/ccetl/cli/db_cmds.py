"""CLI commands of the db and query groups: `ccetl db upgrade|status|consolidate`, `ccetl query ...`."""

from __future__ import annotations

import datetime as dt
import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ccetl.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Warehouse URL (default: CCETL_WAREHOUSE_URL, else warehouse/ccetl.sqlite)."),
]


class Format(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    parquet = "parquet"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
OutOption = Annotated[Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")]
LimitOption = Annotated[int | None, typer.Option("--limit", help="At most this many rows.", min=1)]
RegionOption = Annotated[
    str | None,
    typer.Option("--region", help="Region name; includes the regions it contains (China:East -> Shanghai)."),
]
SectorOption = Annotated[str | None, typer.Option("--sector", help="Sector code; includes its sub-sectors.")]
MetricOption = Annotated[str | None, typer.Option("--metric", help="Metric code, e.g. output, revenue.")]
MeasureOption = Annotated[str | None, typer.Option("--measure", help="level, change, share or rank.")]
PeriodFromOption = Annotated[
    str | None, typer.Option("--period-from", help="Earliest period, e.g. 2021, 2022-H1, 2022-Q3, 2022-03.")
]
PeriodToOption = Annotated[str | None, typer.Option("--period-to", help="Latest period (inclusive).")]
KindOption = Annotated[str | None, typer.Option("--kind", help="actual, target or forecast.")]
MinSourcesOption = Annotated[
    int | None, typer.Option("--min-sources", help="Only facts stated by at least N sources.", min=1)
]


def _url(db: str | None) -> str:
    if db:
        return db
    from ccetl.settings import warehouse_url

    return warehouse_url()


def emit(df: pd.DataFrame, fmt: Format, out: Path | None) -> None:
    """Write a DataFrame as a table, CSV, JSON (an array of records) or Parquet (needs --out)."""
    import json

    df = df.copy()
    for col in df.columns:  # JSON-typed columns (values, counts) as text for csv/table/parquet
        if (
            fmt is not Format.json
            and df[col].dtype == object
            and df[col].map(lambda v: isinstance(v, list | dict)).any()
        ):
            df[col] = df[col].map(
                lambda v: None if v is None else json.dumps(v, ensure_ascii=False, default=str)
            )
    if fmt is Format.parquet:
        if out is None:
            raise InputError("--format parquet needs --out FILE")
        try:
            df.to_parquet(out, index=False)
        except (ValueError, TypeError, OSError) as e:
            raise InputError(
                f"cannot write {out} as parquet: {str(e).splitlines()[0] if str(e) else e}"
            ) from e
        return
    for col in df.columns:  # dates as YYYY-MM-DD in csv/json/table
        if df[col].dtype == object and df[col].map(lambda v: isinstance(v, dt.date)).any():
            df[col] = df[col].map(lambda v: v.isoformat() if isinstance(v, dt.date) else v)
    if fmt is Format.csv:
        text = df.to_csv(index=False)
    elif fmt is Format.json:
        text = df.to_json(orient="records", date_format="iso", force_ascii=False, indent=1) + "\n"
    else:
        text = _table(df)
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")


def _cell(v: object) -> str:
    if v is None or v != v:  # None, NaN, NaT
        return ""
    if isinstance(v, float):
        return format(v, ",.15g")
    return str(v)


def _table(df: pd.DataFrame) -> str:
    from rich.console import Console
    from rich.table import Table

    if df.empty:
        return "(no rows)\n"
    table = Table(show_lines=False)
    for col in df.columns:
        table.add_column(str(col), overflow="fold")
    for row in df.itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    console = Console(width=200, record=True, file=open(__import__("os").devnull, "w"))  # noqa: SIM115
    console.print(table)
    return console.export_text()


def register(app: typer.Typer) -> None:
    """Add the db and query groups to the app."""
    db_app = typer.Typer(
        help="The warehouse: schema migrations, status, consolidation.", no_args_is_help=True
    )
    query_app = typer.Typer(
        help="Query the warehouse (parameterised; `query sql` is read-only).", no_args_is_help=True
    )
    app.add_typer(db_app, name="db")
    app.add_typer(query_app, name="query")

    @db_app.command("upgrade")
    def db_upgrade(db: DbOption = None) -> None:
        """Create or migrate the warehouse schema to the newest revision and load the taxonomy dimensions."""
        from ccetl.load import Warehouse

        with Warehouse(_url(db)) as w:
            before = w.current_revision()
            head = w.upgrade()
            typer.echo(f"warehouse {w.safe_url}: schema revision {before or 'none'} -> {head} (head)")

    @db_app.command("status")
    def db_status(db: DbOption = None) -> None:
        """Show the schema revision, rows per table, recent runs and the partition ledger summary."""
        from ccetl.load import Warehouse

        with Warehouse(_url(db)) as w:
            rev = w.current_revision()
            head = w.head_revision()
            typer.echo(f"warehouse: {w.safe_url} ({w.dialect})")
            state = "up to date" if rev == head else "run `ccetl db upgrade` (or any load) to migrate"
            typer.echo(f"schema revision: {rev or 'none'} (head {head}): {state}")
            if rev != head:
                return
            counts = w.counts()
            width = max(len(k) for k in counts)
            for name, n in counts.items():
                typer.echo(f"  {name:<{width}}  {n:>10,}")
            runs = w.runs(limit=5)
            if runs:
                typer.echo("recent runs:")
                for r in runs:
                    window = f" {r['window_start']}..{r['window_end']}" if r["window_start"] else ""
                    typer.echo(f"  #{r['id']} {r['flow']}{window} {r['status']} started {r['started_at']}")
            ledger = w.ledger()
            if ledger:
                by: dict[str, int] = {}
                for e in ledger:
                    by[e.status] = by.get(e.status, 0) + 1
                typer.echo("partitions: " + ", ".join(f"{k} {v}" for k, v in sorted(by.items())))

    @db_app.command("consolidate")
    def db_consolidate(db: DbOption = None) -> None:
        """Rebuild indicator_consensus: one row per fact stated across articles and sources."""
        from ccetl.load import Warehouse

        with Warehouse(_url(db)) as w:
            n = w.consolidate()
            typer.echo(f"indicator_consensus: {n} consolidated facts")

    @query_app.command("indicators")
    def q_indicators(
        region: RegionOption = None,
        sector: SectorOption = None,
        metric: MetricOption = None,
        measure: MeasureOption = None,
        period_from: PeriodFromOption = None,
        period_to: PeriodToOption = None,
        kind: KindOption = None,
        source: Annotated[str | None, typer.Option("--source", help="Only facts from this source.")] = None,
        min_sources: MinSourcesOption = None,
        fmt: FormatOption = Format.table,
        out: OutOption = None,
        limit: LimitOption = None,
        db: DbOption = None,
    ) -> None:
        """Facts, one row per extracted record, with quote, offsets and article."""
        from ccetl import query

        df = query.indicators(
            _url(db),
            region=region,
            sector=sector,
            metric=metric,
            measure=measure,
            period_from=period_from,
            period_to=period_to,
            kind=kind,
            source=source,
            min_sources=min_sources,
            limit=limit,
        )
        if fmt is Format.table:
            df = df[
                [
                    "id",
                    "published",
                    "source",
                    "region",
                    "sector",
                    "metric",
                    "measure",
                    "period",
                    "kind",
                    "bound",
                    "value",
                    "unit",
                    "n_sources",
                    "quote",
                ]
            ]
        emit(df, fmt, out)

    @query_app.command("consensus")
    def q_consensus(
        region: RegionOption = None,
        sector: SectorOption = None,
        metric: MetricOption = None,
        measure: MeasureOption = None,
        period_from: PeriodFromOption = None,
        period_to: PeriodToOption = None,
        kind: KindOption = None,
        min_sources: MinSourcesOption = None,
        conflict: Annotated[
            bool | None,
            typer.Option("--conflict/--agreed", help="Only facts whose sources disagree / agree."),
        ] = None,
        fmt: FormatOption = Format.table,
        out: OutOption = None,
        limit: LimitOption = None,
        db: DbOption = None,
    ) -> None:
        """Consolidated facts: agreed value, sources, articles, first/last seen, conflicts."""
        from ccetl import query

        df = query.consensus(
            _url(db),
            region=region,
            sector=sector,
            metric=metric,
            measure=measure,
            period_from=period_from,
            period_to=period_to,
            kind=kind,
            min_sources=min_sources,
            conflict=conflict,
            limit=limit,
        )
        if fmt is Format.table:
            df = df[
                [
                    "region",
                    "sector",
                    "metric",
                    "measure",
                    "period",
                    "kind",
                    "value",
                    "unit",
                    "n_sources",
                    "n_articles",
                    "first_seen",
                    "last_seen",
                    "conflict",
                ]
            ]
        emit(df, fmt, out)

    @query_app.command("timeseries")
    def q_timeseries(
        region: Annotated[str, typer.Argument(help="Region name, e.g. Shanghai.")],
        sector: Annotated[str, typer.Argument(help="Sector code, e.g. cultural_creative.")],
        metric: Annotated[str, typer.Argument(help="Metric code, e.g. added_value.")],
        measure: Annotated[str, typer.Option("--measure", help="level, change, share or rank.")] = "level",
        kind: Annotated[str, typer.Option("--kind", help="actual, target or forecast.")] = "actual",
        fmt: FormatOption = Format.table,
        out: OutOption = None,
        db: DbOption = None,
    ) -> None:
        """One agreed value per period for exactly this region, sector and metric."""
        from ccetl import query

        df = query.timeseries(region, sector, metric, url=_url(db), measure=measure, kind=kind)
        emit(df, fmt, out)

    @query_app.command("sql")
    def q_sql(
        statement: Annotated[str, typer.Argument(help="One SELECT statement.")],
        fmt: FormatOption = Format.table,
        out: OutOption = None,
        db: DbOption = None,
    ) -> None:
        """Run one SELECT on a read-only connection; writes and multiple statements are refused."""
        from ccetl import query

        emit(query.sql(statement, _url(db)), fmt, out)
