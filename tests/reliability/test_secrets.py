"""A warehouse password never shows: CLI errors, pipeline logs, warehouse rows, Prefect artifacts and logs."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import MetaData, Table, create_engine, inspect, select
from sqlalchemy.engine import make_url
from typer._click.core import Command
from typer.core import TyperGroup

from ccetl.cli import app, main
from ccetl.devsite import serve_site
from ccetl.errors import WarehouseError
from ccetl.load.testing import pg_schema_url, pg_unavailable_reason
from ccetl.synth import generate_site

SECRET = "s3cret"
UNREACHABLE = f"postgresql+psycopg://user:{SECRET}@127.0.0.1:1/db"
BAD_URLS = {
    "pg-unreachable": UNREACHABLE,
    "pg-bad-port": f"postgresql://user:{SECRET}@127.0.0.1:99999/db",
    "unsupported-driver": f"mysql://user:{SECRET}@127.0.0.1:1/db",
    "no-scheme": f"user:{SECRET}@127.0.0.1",
    "sqlite-with-password": f"sqlite://user:{SECRET}@/nonexistent-dir/w.sqlite",
}
# prefect env the run/demo commands set with os.environ.setdefault: pinned so the test leaves no trace
PREFECT_ENV = ("PREFECT_SERVER_ANALYTICS_ENABLED", "PREFECT_LOGGING_LEVEL", "PREFECT_SERVER_LOGGING_LEVEL",
               "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")


def _db_commands() -> list[list[str]]:
    """Every command with a --db option, with dummy values for its required arguments."""
    out: list[list[str]] = []

    def walk(cmd: Command, path: list[str]) -> None:
        if isinstance(cmd, TyperGroup):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])
            return
        if path == ["serve"] or not any("--db" in getattr(p, "opts", ()) for p in cmd.params):
            return  # serve: talks to the Prefect server first, never opens the warehouse itself
        args = [("SELECT 1" if p.name == "statement" else "x") for p in cmd.params
                if p.required and not getattr(p, "opts", ["-"])[0].startswith("-")]
        out.append([*path, *args])

    walk(typer.main.get_command(app), [])
    return out


def _assert_no_secret(where: str, blob: str) -> None:
    for s in (SECRET, "s3cr/et", "s3cr%2Fet"):
        assert s not in blob, f"password shown in {where}: ...{blob[max(0, blob.find(s) - 200):blob.find(s) + 50]}"


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for k in PREFECT_ENV:
        monkeypatch.setenv(k, os.environ.get(k, "false" if "ANALYTICS" in k else "WARNING"
                                             if "LEVEL" in k else "180"))
    monkeypatch.setenv("CCETL_FIXTURE_SITE", "http://127.0.0.1:1")
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - name: loc\n    kind: urls\n    urls: ['http://127.0.0.1:1/a']\n    local: true\n",
                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # report and exports land here
    return sources


@pytest.mark.parametrize("url_id", list(BAD_URLS))
@pytest.mark.parametrize("cmd", _db_commands(), ids=" ".join)
def test_cli_errors_never_show_the_password(cmd: list[str], url_id: str, cli_env: Path,
                                            capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    argv = [*cmd, "--db", BAD_URLS[url_id]]
    if cmd[0] in ("run", "backfill"):
        argv += ["--sources", str(cli_env)]
    with pytest.raises(SystemExit) as exc:
        main(argv)
    out, err = capsys.readouterr()
    assert exc.value.code not in (0, None), (argv, out, err)
    assert "Traceback" not in err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("ccetl: error: "), err
    _assert_no_secret("stderr", err)
    _assert_no_secret("stdout", out)
    _assert_no_secret("logs", caplog.text)


def test_cli_subprocess_errors_never_show_the_password(tmp_path: Path) -> None:
    """The three commands a user runs most, as real processes (their whole stderr, Prefect included)."""
    env = {**os.environ, "CCETL_FIXTURE_SITE": "http://127.0.0.1:1"}
    sources = tmp_path / "s.yaml"
    sources.write_text("sources:\n  - name: loc\n    kind: urls\n    urls: ['http://127.0.0.1:1/a']\n    local: true\n",
                       encoding="utf-8")
    cmds = [["query", "indicators"], ["run", "--sources", str(sources)], ["db", "status"]]
    procs = [subprocess.Popen([sys.executable, "-m", "ccetl", *c, "--db", UNREACHABLE], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path) for c in cmds]
    for c, p in zip(cmds, procs, strict=True):
        out, err = p.communicate(timeout=120)
        assert p.returncode != 0, (c, out, err)
        assert "Traceback" not in err, err
        assert err.strip().startswith("ccetl: error: cannot connect to warehouse postgresql+psycopg://user:***@"), err
        assert len(err.strip().splitlines()) == 1, err
        _assert_no_secret(" ".join(c), out + err)


# ------------------------------------------------------------------ a real run with a password in the URL

@pytest.fixture(scope="module")
def pg_url_with_password() -> Iterator[str]:
    reason = pg_unavailable_reason()
    if reason:
        pytest.skip(reason)
    with pg_schema_url("ccetl_secret_") as url:
        # the test server trusts 127.0.0.1: the password is ignored but travels everywhere the URL does
        yield make_url(url).set(password=SECRET).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    d = tmp_path_factory.mktemp("secret-site")
    generate_site(d / "site", n_articles=4, seed=3)
    sources = d / "sources.yaml"
    with serve_site(d / "site") as base:
        # one good feed and one source whose page is missing: the failure paths run too
        sources.write_text(
            "sources:\n"
            f"  - name: synth-news\n    kind: rss\n    url: {base}/news/rss.xml\n    local: true\n"
            f"  - name: broken\n    kind: urls\n    urls: ['{base}/__status/500', '{base}/missing.html']\n"
            "    local: true\n", encoding="utf-8")
        yield str(base), sources


def _all_rows(url: str) -> str:
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            md = MetaData()
            return "\n".join(repr(row) for t in inspect(conn).get_table_names()
                             for row in conn.execute(select(Table(t, md, autoload_with=conn))))
    finally:
        eng.dispose()


def test_pipeline_logs_and_rows_never_show_the_password(pg_url_with_password: str, small_site: tuple[str, Path],
                                                        caplog: pytest.LogCaptureFixture) -> None:
    from relkit import fast_settings

    from ccetl.pipeline import ingest_direct, totals
    from ccetl.sources import load_sources

    caplog.set_level(logging.DEBUG)
    stats = totals(ingest_direct(fast_settings(), load_sources(small_site[1]), pg_url_with_password))
    assert stats["articles_loaded"] == 4 and stats["fetch_failed"] == 2
    with pytest.raises(WarehouseError) as exc:
        ingest_direct(fast_settings(), load_sources(small_site[1]), UNREACHABLE)
    _assert_no_secret("WarehouseError", str(exc.value))
    _assert_no_secret("pipeline logs", caplog.text)
    _assert_no_secret("warehouse rows", _all_rows(pg_url_with_password))


@pytest.mark.usefixtures("prefect_harness")
def test_ingest_flow_artifacts_and_logs_never_show_the_password(pg_url_with_password: str,
                                                                small_site: tuple[str, Path]) -> None:
    import httpx
    from prefect.settings import PREFECT_API_URL

    from ccetl.cli.run_cmds import load_flows_module

    ingest = load_flows_module("ingest").ingest
    state = ingest(sources_file=str(small_site[1]), warehouse=pg_url_with_password, return_state=True)
    rows = state.result(raise_on_failure=False)
    assert isinstance(rows, list) and {r["source"] for r in rows} == {"synth-news", "broken"}
    run_id = str(state.state_details.flow_run_id)
    api = PREFECT_API_URL.value()

    def post(path: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        r = httpx.post(api + path, json={**body, "limit": 200, "offset": 0}, timeout=30)
        r.raise_for_status()
        data: list[dict[str, Any]] = r.json()
        return data

    arts = post("/artifacts/filter", {"flow_runs": {"id": {"any_": [run_id]}}})
    logs = post("/logs/filter", {"logs": {"flow_run_id": {"any_": [run_id]}}})
    keys = {a["key"] for a in arts}
    assert {"ingest-summary", "ingest-report"} <= keys, keys
    report = next(a for a in arts if a["key"] == "ingest-report")
    assert "broken" in str(report["data"]) and "Failures" in str(report["data"])  # the failure section was written
    for a in arts:
        _assert_no_secret(f"artifact {a['key']}", f"{a['data']} {a['description']}")
    assert logs
    _assert_no_secret("flow-run logs", "\n".join(str(lg["message"]) for lg in logs))
