"""CLI commands of the extract group: `ccetl extract PATH... [--pub-date] [--lang] --format jsonl|table`."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

_HTML = (".html", ".htm", ".html.gz", ".htm.gz", ".xhtml", ".shtml")
_TEXT = (".txt",)
_LANGS = ("en", "zh-Hans", "zh-Hant")


def _is_input(p: Path) -> bool:
    n = p.name.lower()
    return n.endswith(_HTML + _TEXT)


def iter_inputs(paths: list[str]) -> Iterator[str]:
    """Files as given, and the .txt/.html pages inside folders (recursively, sorted)."""
    for given in paths:
        p = Path(given)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and _is_input(f):
                    yield str(f)
        else:
            yield given


def read_text_file(path: str) -> str:
    """A .txt article: UTF-8 (with or without BOM), else GB18030, else Big5."""
    from ccetl.errors import InputError

    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: not a text file (binary data)")
    for codec in ("utf-8-sig", "gb18030", "big5"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def extract_path(path: str, pub_date: dt.date | None = None, lang: str | None = None) -> list[dict[str, Any]]:
    """Records of one file as contract dicts, `doc` = the path as given."""
    from ccetl.errors import InputError
    from ccetl.extract import extract

    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if not p.is_file():
        raise InputError(f"{path}: not a file")
    name = p.name.lower()
    if name.endswith(_HTML):
        from dataclasses import replace

        from ccetl.extract import extract_article
        from ccetl.parse import parse_path

        art = parse_path(path)
        art = replace(art, doc=path, published=pub_date or art.published, lang=lang or art.lang)
        return [r.to_dict() for r in extract_article(art)]
    text = read_text_file(path)
    return [r.to_dict() for r in extract(text, published=pub_date, lang=lang, doc=path)]


_COLS = ("value", "unit", "measure", "metric", "sector", "region", "period", "kind", "bound")


def _table_rows(recs: list[dict[str, Any]]) -> Iterator[str]:
    for r in recs:
        v = r["value"]
        cells = [str(int(v)) if isinstance(v, float) and v.is_integer() and abs(v) < 1e18 else str(v)]
        cells += [str(r.get(c)) for c in _COLS[1:]]
        quote = str(r.get("quote", "")).replace("\n", " ")
        yield "\t".join([r["doc"], *cells, quote[:80]])


def extract_cmd(
    paths: Annotated[list[str], typer.Argument(help="Articles: .txt, .html/.htm pages, or folders of them.")],
    pub_date: Annotated[
        str | None,
        typer.Option("--pub-date", help="Publication date YYYY-MM-DD (relative dates resolve against it)."),
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="Language: en, zh-Hans or zh-Hant.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="Output format: jsonl or table.")] = "jsonl",
) -> None:
    """Extract indicator records (../shared/contract/indicators.md), one JSON object per line."""
    from ccetl.errors import CcetlError, InputError

    if fmt not in ("jsonl", "table"):
        raise InputError(f"unknown --format {fmt!r}: use jsonl or table")
    if lang is not None and lang not in _LANGS:
        raise InputError(f"unknown --lang {lang!r}: use en, zh-Hans or zh-Hant")
    pub: dt.date | None = None
    if pub_date:
        try:
            pub = dt.date.fromisoformat(pub_date)
        except ValueError as e:
            raise InputError(f"bad --pub-date {pub_date!r}: use YYYY-MM-DD") from e
    failures = 0
    out = sys.stdout
    if fmt == "table":
        out.write("\t".join(["doc", *_COLS, "quote"]) + "\n")
    for path in iter_inputs(paths):
        try:
            recs = extract_path(path, pub, lang)
        except CcetlError as e:
            failures += 1
            msg = str(e)
            print(f"ccetl: error: {msg if path in msg else path + ': ' + msg}", file=sys.stderr)
            continue
        except Exception as e:  # noqa: BLE001 - one bad file must not stop the run
            failures += 1
            print(f"ccetl: error: {path}: {type(e).__name__}: {e}", file=sys.stderr)
            continue
        if fmt == "jsonl":
            for r in recs:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            for row in _table_rows(recs):
                out.write(row + "\n")
        out.flush()
    if failures:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    app.command("extract")(extract_cmd)
