"""CLI commands of the parse group: `ccetl parse PATH... --format jsonl|text`."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

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


def parse_cmd(
    paths: Annotated[
        list[str],
        typer.Argument(help="HTML pages (.html, .htm, .html.gz), .txt articles or folders of them."),
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: jsonl or text.")] = "jsonl",
    tables: Annotated[
        bool, typer.Option("--tables", help="Also print the data tables (jsonl only).")
    ] = False,
) -> None:
    """Parse pages into articles and print {doc, url, title, published, lang, text} per page."""
    from ccetl.errors import CcetlError, InputError
    from ccetl.parse import parse_path

    if fmt not in ("jsonl", "text"):
        raise InputError(f"unknown --format {fmt!r}: use jsonl or text")
    failures = 0
    out = sys.stdout
    for path in iter_pages(paths):
        try:
            art = parse_path(path)
        except CcetlError as e:
            failures += 1
            print(f"ccetl: error: {e}", file=sys.stderr)
            continue
        except Exception as e:  # noqa: BLE001 - one bad page must not stop the run
            failures += 1
            print(f"ccetl: error: {path}: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        if fmt == "jsonl":
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
                        "start": t.start,
                        "end": t.end,
                    }
                    for t in art.tables
                ]
            out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        else:
            out.write(
                f"== {art.doc}\n{art.title or ''}\n{art.published or ''} {art.lang or ''}\n\n{art.text}\n\n"
            )
    out.flush()
    if failures:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("parse")(parse_cmd)
