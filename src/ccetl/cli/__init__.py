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
    from ccetl.cli import (
        db_cmds,
        extract_cmds,
        fetch_cmds,
        ops_cmds,
        parse_cmds,
        quant_cmds,
        report_cmds,
        run_cmds,
    )

    for mod in (run_cmds, ops_cmds, extract_cmds, quant_cmds, parse_cmds, fetch_cmds, db_cmds, report_cmds):
        mod.register(app)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point: user errors become one line on stderr and a non-zero exit, never a traceback."""
    # typer vendors its own click; its exception classes are what gets raised
    from typer._click import exceptions as click

    try:
        rv = app(args=argv, standalone_mode=False)
    except click.NoArgsIsHelpError as e:
        click.echo(e.ctx.get_help() if e.ctx else "", err=True)
        sys.exit(2)
    except click.UsageError as e:
        where = e.ctx.command_path if e.ctx else "ccetl"
        print(f"ccetl: error: {e.format_message()} (see '{where} --help')", file=sys.stderr)
        sys.exit(2)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except typer.Abort:
        print("ccetl: interrupted", file=sys.stderr)
        sys.exit(130)
    except CcetlError as e:
        print(f"ccetl: error: {e}", file=sys.stderr)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        print("ccetl: interrupted", file=sys.stderr)
        sys.exit(130)
    sys.exit(rv if isinstance(rv, int) else 0)
