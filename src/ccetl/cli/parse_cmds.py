"""CLI commands of the parse group: `ccetl parse PATH... --format jsonl|text`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ccetl.models import Article

_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".txt", ".xhtml", ".shtml")


def _is_page(p: Path) -> bool:
    n = p.name.lower()
    return n.endswith(_SUFFIXES)


def iter_pages(paths: list[str]) -> Iterator[str]:
    """Files as given, and the pages inside folders (recursively, sorted)."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and _is_page(f):
                    yield str(f)
        else:
            yield given


def _render(art: Article, fmt: str, tables: bool) -> str:
    if fmt != "jsonl":
        return f"== {art.doc}\n{art.title or ''}\n{art.published or ''} {art.lang or ''}\n\n{art.text}\n\n"
    obj: dict[str, object] = {
        "doc": art.doc,
        "url": art.url,
        "title": art.title,
        "published": art.published.isoformat() if art.published else None,
        "lang": art.lang,
        "text": art.text,
    }
    if tables:
        obj["tables"] = [
            {
                "caption": t.caption,
                "unit_note": t.unit_note,
                "header": t.header,
                "rows": t.rows,
                "cell_spans": t.cell_spans,
                "start": t.start,
                "end": t.end,
            }
            for t in art.tables
        ]
    return json.dumps(obj, ensure_ascii=False) + "\n"


def _one(job: tuple[str, str, bool]) -> tuple[str | None, str | None]:
    """Parse one page: (rendered output, None) or (None, one-line error)."""
    from ccetl.errors import CcetlError
    from ccetl.parse import parse_path

    path, fmt, tables = job
    try:
        return _render(parse_path(path), fmt, tables), None
    except CcetlError as e:
        return None, str(e)
    except Exception as e:  # noqa: BLE001 - one bad page must not stop the run
        return None, f"{path}: {type(e).__name__}: {e}"


def _workers(jobs: int, n: int) -> int:
    if jobs > 0:
        return jobs
    if n < 24:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def parse_cmd(
    paths: Annotated[
        list[str],
        typer.Argument(help="HTML pages (.html, .htm, .html.gz), .txt articles or folders of them."),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: jsonl or text.")] = "jsonl",
    tables: Annotated[
        bool, typer.Option("--tables", help="Also print the data tables (jsonl only).")
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: one per CPU for many pages).")
    ] = 0,
) -> None:
    """Parse pages into articles and print {doc, url, title, published, lang, text} per page."""
    from ccetl.errors import InputError

    if fmt not in ("jsonl", "text"):
        raise InputError(f"unknown --format {fmt!r}: use jsonl or text")
    pages = list(iter_pages(paths))
    work = [(p, fmt, tables) for p in pages]
    failures = 0
    out = sys.stdout
    n = _workers(jobs, len(pages))

    def emit(text: str | None, err: str | None) -> None:
        nonlocal failures
        if err is not None:
            failures += 1
            print(f"ccetl: error: {err}", file=sys.stderr)
        elif text is not None:
            out.write(text)

    if n > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        import ccetl.parse  # noqa: F401 - imported once before the workers fork

        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
            for text, err in pool.map(_one, work, chunksize=max(1, len(work) // (n * 8))):
                emit(text, err)
    else:
        for w in work:
            emit(*_one(w))
    out.flush()
    if failures:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("parse")(parse_cmd)
