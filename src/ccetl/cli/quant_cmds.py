"""CLI: `ccetl quantities`, the line protocol of ../shared/bench/numbers/score.py."""

from __future__ import annotations

import json
import re
import sys
from typing import Annotated, Any

import typer

from ccetl.models import Quantity

_MINOR = re.compile(r"(?i)(?:cents?|pence|penny|美分|欧分)\s*\Z")
_MAJOR = re.compile(r"(?i:dollar|yuan|pound|euro|[$£€¥元])|\b[A-Z]{3}\b")
_MINOR_NAME = {"cent": "Cent", "cents": "Cent", "pence": "Pence", "penny": "Penny", "美分": "Cent", "欧分": "Cent"}


def protocol_item(q: Quantity) -> dict[str, Any] | None:
    """One quantity as a score.py record; None for mentions the protocol has no unit for."""
    if q.is_ordinal:
        return None
    unit = q.unit
    value = q.value
    if q.is_year or unit is None:
        # The protocol has no unit for a year or for a number measured in something that is not
        # money or a percentage (10 kg, 3 years): both are plain numbers, reported as count.
        unit = "count"
    elif unit == "pp":
        unit = "percent"
    elif unit == "rank":
        unit = "count"
    elif unit is not None and len(unit) == 3 and unit.isupper():
        m = _MINOR.search(q.span)
        if m and not _MAJOR.search(q.span):
            unit = _MINOR_NAME[m.group().strip().lower()]
            value = round(value * 100, 10)
    return {"span": q.span, "start": q.start, "end": q.end, "value": value, "unit": unit}


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""

    @app.command("quantities")
    def quantities(
        lang: Annotated[str | None, typer.Option("--lang", help="Language of the input: en or zh (default: guess).")] = None,
        full: Annotated[bool, typer.Option("--full", help="Print every mention with all fields (units pp/rank/None, year and ordinal flags).")] = False,
    ) -> None:
        """Recognize number mentions: read stdin line by line, print one JSON array per line.

        Each array holds {"span", "start", "end", "value", "unit"} objects, the protocol of
        ../shared/bench/numbers/score.py: unit is count, percent or an ISO 4217 code (pp is
        reported as percent; a rank, a year and a number with another unit (10 kg) as count;
        ordinals in names are left out). --full prints every Quantity field instead.
        """
        from ccetl.errors import InputError
        from ccetl.extract.quantities import find_quantities

        if lang is not None and lang.split("-")[0] not in ("en", "zh"):
            raise InputError(f"unknown --lang {lang!r}: use en or zh")
        out = sys.stdout
        for line in sys.stdin:
            text = line.rstrip("\n").rstrip("\r")
            qs = find_quantities(text, lang)
            if full:
                items: list[dict[str, Any]] = [
                    {"span": q.span, "start": q.start, "end": q.end, "value": q.value, "unit": q.unit,
                     "is_year": q.is_year, "is_ordinal": q.is_ordinal}
                    for q in qs
                ]
            else:
                items = [d for d in (protocol_item(q) for q in qs) if d is not None]
            out.write(json.dumps(items, ensure_ascii=False) + "\n")
        out.flush()
