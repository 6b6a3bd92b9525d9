"""Every CLI command has --help, and bad usage gives one line and a non-zero exit, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer
from typer._click.core import Command
from typer.core import TyperGroup

from ccetl.cli import app


def _commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    out: list[list[str]] = []

    def walk(cmd: Command, path: list[str]) -> None:
        out.append(path)
        if isinstance(cmd, TyperGroup):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])

    walk(root, [])
    return out


@pytest.mark.parametrize("path", _commands(), ids=lambda p: " ".join(p) or "ccetl")
def test_every_command_has_help(path: list[str]) -> None:
    res = subprocess.run([sys.executable, "-m", "ccetl", *path, "--help"], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert "Usage" in res.stdout
    cmd = typer.main.get_command(app)
    for name in path:
        assert isinstance(cmd, TyperGroup)
        cmd = cmd.commands[name]
    assert (cmd.help or "").strip(), f"{' '.join(path)} has no help text"


@pytest.mark.parametrize("path", [p for p in _commands() if p], ids=lambda p: " ".join(p))
def test_unknown_option_is_one_clear_error(path: list[str]) -> None:
    res = subprocess.run([sys.executable, "-m", "ccetl", *path, "--no-such-option"], capture_output=True, text=True, timeout=60)
    assert res.returncode != 0
    assert "Traceback" not in res.stderr
    assert "no-such-option" in res.stderr
