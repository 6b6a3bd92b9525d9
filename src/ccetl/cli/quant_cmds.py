"""CLI: `ccetl quantities`, the line protocol of ../shared/bench/numbers/score.py."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
