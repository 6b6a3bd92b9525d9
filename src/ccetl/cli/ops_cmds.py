"""CLI: running ccetl as a service on a Prefect server.

    ccetl serve                      # register the deployments (cron schedules) and run their flow runs
    ccetl backfill --from 2021-01-01 --to 2024-12-31 [--source NAME] [--granularity month] ...
    ccetl partitions [--source NAME] [--status failed]
    ccetl reprocess [--from D --to D] [--source NAME]
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from ccetl.errors import InputError

DbOption = Annotated[str | None, typer.Option("--db", help="Warehouse URL (default: CCETL_WAREHOUSE_URL, else warehouse/ccetl.sqlite).")]
SourcesOption = Annotated[Path | None, typer.Option("--sources", help="Sources file (default: config/sources.yaml).")]
SourceOption = Annotated[list[str] | None, typer.Option("--source", help="Only this source (repeatable).")]


def _dates(start: str | None, end: str | None, *, required: bool) -> tuple[dt.date | None, dt.date | None]:
    from ccetl.orchestrate.windows import parse_date

    if required and (start is None or end is None):
        raise InputError("--from and --to are both required (YYYY-MM-DD)")
    a, b = parse_date(start, "--from"), parse_date(end, "--to")
    if a and b and a > b:
        raise InputError(f"--from {a.isoformat()} is after --to {b.isoformat()}")
    if b and not a:
        raise InputError("--to given without --from")
    return a, b


def _sources(path: Path | None) -> tuple[Path, list[Any]]:
    from ccetl.settings import get_settings
    from ccetl.sources import load_sources

    settings = get_settings()
    p = path or settings.path(settings.sources_file)
    return p, list(load_sources(p))


def _warehouse(db: str | None) -> Any:
    from ccetl.cli.run_cmds import _ensure_sqlite_dir
    from ccetl.load.warehouse import Warehouse
    from ccetl.settings import get_settings, warehouse_url

    url = db or warehouse_url(get_settings().root)
    _ensure_sqlite_dir(url)
    wh = Warehouse(url)
    wh.upgrade()
    return wh


def _ranges(days: list[dt.date]) -> list[str]:
    """Consecutive days compressed into 'a..b' ranges."""
    out: list[str] = []
    run: list[dt.date] = []
    for d in sorted(days):
        if run and d != run[-1] + dt.timedelta(days=1):
            out.append(run[0].isoformat() if len(run) == 1 else f"{run[0].isoformat()}..{run[-1].isoformat()}")
            run = []
        run.append(d)
    if run:
        out.append(run[0].isoformat() if len(run) == 1 else f"{run[0].isoformat()}..{run[-1].isoformat()}")
    return out


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command()
    def serve(
        deployment: Annotated[list[str] | None, typer.Option("--deployment", help="Only this deployment, FLOW/NAME (repeatable).")] = None,
        no_schedules: Annotated[bool, typer.Option("--no-schedules", help="Register without cron schedules (manual runs only).")] = False,
        limit: Annotated[int | None, typer.Option(min=1, help="At most this many flow runs at a time.")] = None,
        db: DbOption = None,
    ) -> None:
        """Register the ccetl deployments on the Prefect server (PREFECT_API_URL) and run their flow runs here.

        Deployments: ingest/news-hourly and ingest/official-daily (cron, CCETL_TIMEZONE, default
        Asia/Shanghai), consolidate/daily, and the manual ingest/partition, backfill/manual and
        reprocess/manual. Stop with Ctrl-C (schedules are paused on shutdown).
        """
        from ccetl.cli.run_cmds import quiet_prefect
        from ccetl.orchestrate import deploy
        from ccetl.orchestrate.server import require_server

        quiet_prefect()
        if deployment:
            unknown = [n for n in deployment if deploy.find(n) is None]
            if unknown:
                raise InputError(f"unknown deployment {unknown[0]!r}; known: "
                                 + ", ".join(d.full_name for d in deploy.DEPLOYMENTS))
        url = require_server()
        typer.echo(f"serving {len(deployment or deploy.DEPLOYMENTS)} deployment(s) on {url} (Ctrl-C to stop)", err=True)
        deploy.serve(limit=limit, schedules=not no_schedules, only=deployment or None,
                     extra_parameters={"warehouse": db} if db else None)

    @app.command()
    def backfill(
        window_start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
        window_end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
        source: SourceOption = None,
        granularity: Annotated[str, typer.Option(help="Partition size: day, week or month.")] = "day",
        reprocess: Annotated[str, typer.Option(help="Rerun partitions already in the ledger: none, failed (and quarantined) or all.")] = "none",
        max_concurrent: Annotated[int, typer.Option("--max-concurrent", help="At most this many partition runs unfinished at a time.")] = 4,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the plan; create no runs.")] = False,
        wait: Annotated[bool, typer.Option("--wait/--no-wait", help="Wait for the runs and show progress (default), or only create them.")] = True,
        deployment: Annotated[str, typer.Option(help="Deployment that runs one partition.")] = "ingest/partition",
        sources: SourcesOption = None,
        db: DbOption = None,
    ) -> None:
        """Run every missing (source, window) partition from --from to --to through the Prefect server.

        One flow run per partition (run_deployment with an idempotency key: repeating the command
        never doubles runs). RSS/Atom sources cannot list the past and are skipped with a message.
        """
        from rich.console import Console

        from ccetl.cli.run_cmds import quiet_prefect
        from ccetl.orchestrate.backfill import check_reprocess, plan_backfill, select_sources
        from ccetl.orchestrate.server import require_deployment, require_server
        from ccetl.orchestrate.windows import check_granularity, window_label

        quiet_prefect()
        start, end = _dates(window_start, window_end, required=True)
        assert start is not None and end is not None
        check_granularity(granularity)
        check_reprocess(reprocess)
        if max_concurrent < 1:
            raise InputError("--max-concurrent must be at least 1")
        path, all_sources = _sources(sources)
        chosen = select_sources(all_sources, source)
        console = Console(stderr=True, soft_wrap=True)
        wh = _warehouse(db)
        plan = plan_backfill(chosen, start, end, granularity=granularity, reprocess=reprocess,
                             ledger=wh.ledger(since=start - dt.timedelta(days=31), until=end), deployment=deployment)
        for name, why in plan.skipped_sources:
            console.print(f"skipping source {name}: {why}")
        done = sum(1 for i in plan.to_skip if i.reason == "done")
        console.print(f"{len(plan.to_run)} partition(s) to run, {done} already done, "
                      f"{len(plan.to_skip) - done} skipped (failed/running; see --reprocess)")
        if dry_run:
            for item in plan.to_run[:200]:
                typer.echo(f"would run {item.source} {window_label(item.window)} ({item.reason})")
            if len(plan.to_run) > 200:
                typer.echo(f"... and {len(plan.to_run) - 200} more")
            return
        if not plan.to_run:
            return
        require_server()
        require_deployment(deployment)
        _submit(plan.to_run, deployment, db, str(path) if sources else None, max_concurrent, wait, console, wh)

    @app.command()
    def partitions(
        source: SourceOption = None,
        status: Annotated[str | None, typer.Option(help="Only partitions in this state: pending, running, success, failed, quarantined.")] = None,
        window_start: Annotated[str | None, typer.Option("--from", help="Only windows from this day, YYYY-MM-DD.")] = None,
        window_end: Annotated[str | None, typer.Option("--to", help="Only windows up to this day, YYYY-MM-DD.")] = None,
        limit: Annotated[int, typer.Option(min=1, help="Rows to show at most.")] = 200,
        sources: SourcesOption = None,
        db: DbOption = None,
    ) -> None:
        """The partition ledger: state of each (source, window), failures with their errors, and gaps."""
        from rich.console import Console
        from rich.table import Table

        from ccetl.orchestrate.backfill import select_sources
        from ccetl.orchestrate.windows import iter_days, window_label

        statuses = ("pending", "running", "success", "failed", "quarantined")
        if status is not None and status not in statuses:
            raise InputError(f"unknown --status {status!r}: use one of {', '.join(statuses)}")
        start, end = _dates(window_start, window_end, required=False)
        _, all_sources = _sources(sources)
        chosen = select_sources(all_sources, source) if source else all_sources
        names = {s.name for s in chosen}
        wh = _warehouse(db)
        rows = [e for e in wh.ledger(status=status, since=start, until=end) if not source or e.source in names]
        console = Console()
        if not console.is_terminal:
            console = Console(width=max(console.width, 180))
        table = Table(title=f"partition ledger ({len(rows)} partition(s))")
        for col in ("source", "window", "status", "attempts", "articles", "indicators", "code", "updated"):
            table.add_column(col, no_wrap=True, justify="right" if col in ("attempts", "articles", "indicators") else "left")
        table.add_column("error", overflow="fold")
        for e in rows[:limit]:
            counts = e.counts or {}
            table.add_row(e.source, window_label((e.window_start, e.window_end)), e.status, str(e.attempts),
                          str(counts.get("articles_loaded", "")), str(counts.get("indicators_loaded", "")),
                          e.code_version or "", e.updated_at.strftime("%Y-%m-%d %H:%M"), (e.error or "")[:160])
        console.print(table)
        if len(rows) > limit:
            console.print(f"... {len(rows) - limit} more (use --limit)")
        if status is None:
            everything = wh.ledger(since=start, until=end)
            for s in sorted(names):
                mine = [e for e in everything if e.source == s]
                if not mine and not (start and end):
                    continue
                lo = start or min(e.window_start for e in mine)
                hi = end or max(e.window_end for e in mine)
                covered = {d for e in mine if e.status == "success" for d in iter_days((e.window_start, e.window_end))}
                gaps = [d for d in iter_days((lo, hi)) if d not in covered]
                bad = sum(1 for e in mine if e.status in ("failed", "quarantined"))
                shown = _ranges(gaps)
                console.print(f"{s}: {len(gaps)} day(s) not loaded between {lo} and {hi}"
                              + (f": {', '.join(shown[:20])}" + (" ..." if len(shown) > 20 else "") if gaps else "")
                              + (f"; {bad} failed/quarantined partition(s)" if bad else ""))

    @app.command()
    def reprocess(
        window_start: Annotated[str | None, typer.Option("--from", help="First publication day, YYYY-MM-DD (default: everything).")] = None,
        window_end: Annotated[str | None, typer.Option("--to", help="Last publication day, YYYY-MM-DD.")] = None,
        source: SourceOption = None,
        sources: SourcesOption = None,
        db: DbOption = None,
    ) -> None:
        """Re-parse and re-extract stored raw pages (no refetch) and replace their facts atomically."""
        from rich.console import Console
        from rich.table import Table

        from ccetl.cli.run_cmds import _check_warehouse, load_flows_module, quiet_prefect
        from ccetl.orchestrate.backfill import select_sources
        from ccetl.settings import get_settings, warehouse_url

        quiet_prefect()
        start, end = _dates(window_start, window_end, required=False)
        path, all_sources = _sources(sources)
        select_sources(all_sources, source)  # unknown names are errors before Prefect starts
        url = db or warehouse_url(get_settings().root)
        _check_warehouse(url)  # a bad URL is one line here, not a traceback from the flow run
        flow = load_flows_module("reprocess").reprocess
        rows = flow(window_start=start, window_end=end or start, only=source or None, sources_file=str(path), warehouse=url)
        table = Table(title="ccetl reprocess")
        cols = ["source", "window", "status", "parsed", "parse_failed", "articles_loaded", "articles_unchanged",
                "indicators_loaded", "quality"]
        for c in cols:
            table.add_column(c.replace("_", " "))
        for r in rows:
            table.add_row(*(str(r.get(c, "")) for c in cols))
        Console().print(table)

    # Issue 5 names the archive re-run `ccetl reparse`; same command.
    app.command("reparse", help="Same as reprocess: re-parse and re-extract the raw archive without the network.")(
        reprocess
    )


def _submit(items: list[Any], deployment: str, db: str | None, sources_file: str | None, max_concurrent: int,
            wait: bool, console: Any, wh: Any) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ccetl.orchestrate.server import Submitted, submit_partitions
    from ccetl.orchestrate.windows import window_label

    failed: list[Submitted] = []
    with Progress(TextColumn("[bold]backfill"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  TimeElapsedColumn(), console=console, transient=False) as progress:
        bar = progress.add_task("", total=len(items))

        def submitted(sub: Submitted) -> None:
            if not wait:
                progress.update(bar, advance=1, description=f"created {sub.item.label}")

        def finished(sub: Submitted) -> None:
            if sub.state != "COMPLETED":
                failed.append(sub)
            progress.update(bar, advance=1, description=f"{sub.item.label}: {sub.state.lower()}")

        submit_partitions(items, deployment, warehouse=db, sources_file=sources_file, max_concurrent=max_concurrent,
                          wait=wait, on_submitted=submitted, on_finished=finished)
    if not wait:
        console.print(f"created {len(items)} run(s) of {deployment}; follow them with `ccetl partitions` or the UI")
        return
    if failed:
        errors = {(e.source, e.window_start, e.window_end): e.error for e in wh.ledger(status="failed")}
        for sub in failed:
            why = errors.get((sub.item.source, *sub.item.window)) or sub.message or sub.state
            console.print(f"failed: {sub.item.source} {window_label(sub.item.window)}: {why}")
        raise InputError(f"{len(failed)} of {len(items)} partition run(s) did not complete; "
                         "rerun with --reprocess failed once fixed")
    console.print(f"{len(items)} partition run(s) completed")
