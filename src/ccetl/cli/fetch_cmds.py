"""CLI commands of the fetch group: `ccetl fetch URL`, `ccetl discover SOURCE`, `ccetl sources`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer

from ccetl.errors import FetchError, InputError
from ccetl.models import FetchLog


def _settings_http(timeout: float | None, retries: int | None) -> object:
    from ccetl.settings import get_settings

    http = get_settings().http
    upd: dict[str, object] = {}
    if timeout is not None:
        upd["timeout_s"] = timeout
    if retries is not None:
        upd["max_retries"] = retries
    return http.model_copy(update=upd) if upd else http


def format_log(row: FetchLog) -> str:
    """One line: status, bytes, ms, final URL when it differs, error."""
    status = str(row.status) if row.status is not None else "-"
    parts = [status, f"{row.bytes} bytes", f"{row.duration_ms:.0f} ms"]
    if row.not_modified:
        parts.append("not modified")
    if row.final_url and row.final_url != row.url:
        parts.append(f"-> {row.final_url}")
    if row.error:
        parts.append(f"error: {row.error}")
    return f"{row.url} " + " ".join(parts)


def _date(value: str | None, opt: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise InputError(f"{opt}: expected a date YYYY-MM-DD, got {value!r}") from e


def fetch_cmd(
    url: Annotated[str, typer.Argument(help="The page to fetch (http or https).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the body to this file.")] = None,
    local: Annotated[bool, typer.Option("--local", help="Allow private and loopback addresses.")] = False,
    no_robots: Annotated[bool, typer.Option("--no-robots", help="Do not read robots.txt (own sites only).")] = False,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0.1, help="Seconds per attempt.")] = None,
    retries: Annotated[int | None, typer.Option("--retries", min=0, max=10, help="Retries on 429/5xx/errors.")] = None,
    any_type: Annotated[bool, typer.Option("--any-type", help="Accept any content type, not only HTML.")] = False,
    source: Annotated[str | None, typer.Option("--source", help="Apply this source's settings (local, rate limit).")] = None,
    sources_file: Annotated[Path | None, typer.Option("--sources", help="Sources file for --source.")] = None,
) -> None:
    """Fetch one page through the whole fetch stack (robots.txt, retries, limits) and print its log line."""
    from ccetl.fetch.client import HTML_TYPES, Fetcher
    from ccetl.settings import HttpSettings, get_settings
    from ccetl.sources import get_source, load_sources

    http = _settings_http(timeout, retries)
    assert isinstance(http, HttpSettings)
    src = None
    if source is not None:
        settings = get_settings()
        src = get_source(load_sources(sources_file or settings.path(settings.sources_file)), source)
    elif sources_file is not None:
        raise InputError("--sources needs --source NAME")
    fetcher = Fetcher(http, local=local, robots=not no_robots)
    result = fetcher.fetch_one(url, source=src, accept=None if any_type else HTML_TYPES)
    line = format_log(result.log)
    if result.page is None:
        if result.log.not_modified:
            typer.echo(line)
            return
        raise FetchError(line)
    if out is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(result.page.body)
        except OSError as e:
            raise InputError(f"cannot write {out}: {e.strerror or e}") from e
    typer.echo(line)


def discover_cmd(
    source: Annotated[str, typer.Argument(help="Source name in the sources file.")],
    sources_file: Annotated[Path | None, typer.Option("--sources", help="Sources file (default: settings).")] = None,
    since: Annotated[str | None, typer.Option("--from", help="Window start YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Window end YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per link.")] = False,
) -> None:
    """List the article links one source yields now (no pages are fetched)."""
    from ccetl.fetch.client import Fetcher
    from ccetl.fetch.discover import discover
    from ccetl.settings import get_settings
    from ccetl.sources import get_source, load_sources

    settings = get_settings()
    path = sources_file or settings.path(settings.sources_file)
    src = get_source(load_sources(path), source)
    start, end = _date(since, "--from"), _date(until, "--to")
    window = None
    if start or end:
        window = (start or dt.date.min, end or dt.date.max)
        if window[0] > window[1]:
            raise InputError("--from is after --to")
    res = discover(src, Fetcher(settings.http), window)
    for lk in res.links:
        if as_json:
            typer.echo(json.dumps({"url": lk.url, "published": lk.published.isoformat() if lk.published else None,
                                   "title": lk.title}, ensure_ascii=False))
        else:
            typer.echo(f"{lk.published or '-'}\t{lk.url}\t{lk.title or ''}")
    for err in res.errors:
        typer.echo(f"warning: {err}", err=True)
    if not res.links and res.errors:
        raise FetchError(f"source '{src.name}': no links ({res.errors[0]})")


def sources_cmd(
    sources_file: Annotated[Path | None, typer.Option("--sources", help="Sources file (default: settings).")] = None,
) -> None:
    """Validate a sources file and list its sources."""
    from ccetl.settings import get_settings
    from ccetl.sources import load_sources

    settings = get_settings()
    path = sources_file or settings.path(settings.sources_file)
    for s in load_sources(path):
        where = s.url or f"{len(s.urls)} urls"
        flags = ",".join(f for f, on in (("enabled", s.enabled), ("local", s.local),
                                          ("backfill", s.can_backfill)) if on)
        typer.echo(f"{s.name}\t{s.kind}\t{s.group}\t{flags or '-'}\t{where}")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("fetch")(fetch_cmd)
    app.command("discover")(discover_cmd)
    app.command("sources")(sources_cmd)
