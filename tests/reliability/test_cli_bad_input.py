"""Every CLI command with missing, malformed or conflicting arguments, an unreadable config or an unknown
source: one `ccetl: error:` line naming what to fix, a non-zero exit, no traceback.

The commands and their options are enumerated from the typer app (like tests/cli/test_cli_help.py);
each bad value below is tried on every command that has that option.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer._click.core import Command
from typer.core import TyperGroup

from ccetl.cli import app, main

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "tests" / "fixtures" / "site" / "news" / "feature" / "art-culture" / "2411257512" / "index.html"

# valid values for required arguments, so that the bad option is what fails
REQUIRED = {"paths": str(PAGE), "url": "http://127.0.0.1:1/x", "source": "synth-news", "region": "Shanghai",
            "sector": "animation", "metric": "output", "statement": "SELECT 1"}
# bad values per option; the error must name the option or the value
BAD: dict[str, list[str]] = {
    "--from": ["2024-13-01", "yesterday"],
    "--to": ["2024-02-30"],
    "--pub-date": ["2024-13-01"],
    "--limit": ["-3", "many"],
    "--max-concurrent": ["-1", "0"],
    "--min-sources": ["-2"],
    "--jobs": ["-4"],
    "--retries": ["-1"],
    "--timeout": ["-5", "soon"],
    "--format": ["nope"],
    "--granularity": ["fortnight"],
    "--status": ["nope"],
    "--measure": ["nope"],
    "--kind": ["nope"],
    "--lang": ["klingon"],
    "--sources": ["/nonexistent/sources.yaml"],
    "--source": ["no-such-source"],
}
# options a command needs before it looks at the others
EXTRA = {"backfill": ["--from", "2024-05-01", "--to", "2024-05-02"]}
SOURCES = """
sources:
  - name: synth-news
    kind: rss
    url: http://127.0.0.1:1/news/rss.xml
    local: true
"""


def _commands() -> dict[str, tuple[list[str], Command]]:
    out: dict[str, tuple[list[str], Command]] = {}

    def walk(cmd: Command, path: list[str]) -> None:
        if isinstance(cmd, TyperGroup):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])
        else:
            out[" ".join(path)] = (path, cmd)

    walk(typer.main.get_command(app), [])
    return out


COMMANDS = _commands()


def _required_args(cmd: Command) -> list[str]:
    return [REQUIRED[p.name] for p in cmd.params if p.required and p.name and not p.opts[0].startswith("-")]


def _options(cmd: Command) -> set[str]:
    return {o for p in cmd.params for o in p.opts if o.startswith("--")}


def _cases() -> list[tuple[str, list[str], str]]:
    """(id, argv, a word the error must contain)."""
    cases: list[tuple[str, list[str], str]] = []
    for name, (path, cmd) in COMMANDS.items():
        if name == "quantities":
            continue  # reads stdin: checked as a real process below
        if any(p.required for p in cmd.params):
            cases.append((f"{name} <missing>", list(path), "Missing"))
        req = _required_args(cmd)
        opts = _options(cmd)
        for opt, values in BAD.items():
            if opt in opts:
                extra = EXTRA.get(name, []) if opt not in ("--from", "--to") else []
                cases += [(f"{name} {opt} {v}", [*path, *req, *extra, opt, v], f"{opt}|{v}") for v in values]
        if {"--from", "--to"} <= opts:
            cases.append((f"{name} --from>--to", [*path, *req, "--from", "2024-05-02", "--to", "2024-05-01"], "--from"))
    return cases


CASES = _cases()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No Prefect server, a throwaway warehouse and sources file: a bad value let through cannot do harm."""
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    for k, v in (("PREFECT_SERVER_ANALYTICS_ENABLED", "false"), ("PREFECT_LOGGING_LEVEL", "WARNING"),
                 ("PREFECT_SERVER_LOGGING_LEVEL", "WARNING"), ("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")):
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("CCETL_WAREHOUSE_URL", f"sqlite:///{tmp_path / 'w.sqlite'}")
    monkeypatch.setenv("CCETL_FIXTURE_SITE", "http://127.0.0.1:1")
    monkeypatch.chdir(tmp_path)


def test_every_command_has_a_bad_input_case() -> None:
    covered = {c[0].split(" <")[0].split(" --")[0] for c in CASES}
    # commands without required arguments or checked options: nothing user-typed to get wrong but --db
    assert set(COMMANDS) - covered <= {"demo", "db upgrade", "db status", "db consolidate", "quantities"}


@pytest.mark.parametrize(("argv", "word"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_clear_line(argv: list[str], word: str, cli_env: None, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    if "--sources" not in argv and any(o == "--sources" for o in _options(COMMANDS[_name(argv)][1])):
        sources = tmp_path / "sources.yaml"
        sources.write_text(SOURCES, encoding="utf-8")
        argv = [*argv, "--sources", str(sources)]
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    assert exc.value.code not in (0, None), f"accepted: {argv}\n{out}\n{err}"
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("ccetl: error: "), err
    assert any(w.lower() in lines[0].lower() for w in word.split("|")), lines[0]


def _name(argv: list[str]) -> str:
    for n in range(len(argv), 0, -1):
        if " ".join(argv[:n]) in COMMANDS:
            return " ".join(argv[:n])
    raise KeyError(argv)


def test_unreadable_config_as_a_real_process(tmp_path: Path) -> None:
    """Config errors end to end in a subprocess (bad YAML, a directory, an unreadable file), and a bad
    --lang for the stdin filter `ccetl quantities`."""
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("sources:\n  - name: [unclosed\n", encoding="utf-8")
    locked = tmp_path / "locked.yaml"
    locked.write_text(SOURCES, encoding="utf-8")
    locked.chmod(0)
    env = {**os.environ, "CCETL_WAREHOUSE_URL": f"sqlite:///{tmp_path / 'w.sqlite'}"}
    cases = [["sources", "--sources", str(bad_yaml)], ["sources", "--sources", str(tmp_path)]]
    if os.geteuid() != 0:  # root reads anything
        cases.append(["sources", "--sources", str(locked)])
    cases.append(["quantities", "--lang", "klingon"])  # reads stdin
    procs = [subprocess.Popen([sys.executable, "-m", "ccetl", *c], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path) for c in cases]
    for c, p in zip(cases, procs, strict=True):
        _, err = p.communicate("revenue rose 5%\n", timeout=60)
        assert p.returncode != 0, c
        assert "Traceback" not in err
        assert len(err.strip().splitlines()) == 1 and err.startswith("ccetl: error: "), err
        assert Path(c[-1]).name in err, err
