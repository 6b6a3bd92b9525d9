"""The `ccetl` command line. Each command group lives in its own module and
registers itself on the one typer app; main() turns user errors into one line."""

from __future__ import annotations

import sys

import typer

from ccetl.errors import CcetlError

app = typer.Typer(
    name="ccetl",
    help="Indicators of China's cultural and creative industries: fetch, parse, extract, load, query.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Imported here so that `import ccetl.cli` stays cheap for the modules.
    from ccetl.cli import db_cmds, extract_cmds, fetch_cmds, parse_cmds, quant_cmds, run_cmds

    for mod in (run_cmds, extract_cmds, quant_cmds, parse_cmds, fetch_cmds, db_cmds):
        mod.register(app)


_register()


def main(argv: list[str] | None = None) -> None:
    try:
        app(args=argv, standalone_mode=True)
    except CcetlError as e:
        print(f"ccetl: error: {e}", file=sys.stderr)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        print("ccetl: interrupted", file=sys.stderr)
        sys.exit(130)
