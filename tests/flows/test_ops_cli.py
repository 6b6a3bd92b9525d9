"""`ccetl backfill`, `partitions`, `serve`, `reprocess`: bad input gives one line and a non-zero exit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from ccetl.cli import main


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as e:
        main(argv)
    out, err = capsys.readouterr()
    return int(e.value.code or 0), out, err


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    monkeypatch.setenv("CCETL_FIXTURE_SITE", "http://127.0.0.1:9")
    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}):  # nothing listens there
        yield


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["backfill", "--from", "2024-02-01", "--to", "2024-01-01"], "--from 2024-02-01 is after --to 2024-01-01"),
        (["backfill", "--from", "2024-01-01"], "--from and --to are both required"),
        (["backfill", "--from", "2024-01-01", "--to", "2024-01-02", "--source", "nope"], "unknown source 'nope'"),
        (["backfill", "--from", "2024-01-01", "--to", "2024-01-02", "--granularity", "year"], "unknown granularity"),
        (["backfill", "--from", "2024-01-01", "--to", "2024-01-02", "--reprocess", "some"], "unknown --reprocess"),
        (["backfill", "--from", "2024-01-01", "--to", "2024-01-02", "--max-concurrent", "0"], "at least 1"),
        (["backfill", "--from", "2024-13-01", "--to", "2024-12-02"], "--from must be a date"),
        (["partitions", "--status", "bogus"], "unknown --status 'bogus'"),
        (["serve", "--deployment", "ingest/nope"], "unknown deployment 'ingest/nope'"),
        (["reprocess", "--from", "2024-02-01", "--to", "2024-01-01"], "is after"),
    ],
)
def test_bad_input_is_one_line(argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run([*argv, *(["--db", f"sqlite:///{tmp_path / 'w.sqlite'}"] if argv[0] != "serve" else [])], capsys)
    assert code != 0
    lines = [line for line in err.splitlines() if line.startswith("ccetl: error:")]
    assert len(lines) == 1 and message in lines[0], err
    assert "Traceback" not in err


def test_backfill_without_a_server_says_how_to_start_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(["backfill", "--from", "2024-01-01", "--to", "2024-01-03", "--source", "fixture-gov",
                         "--db", f"sqlite:///{tmp_path / 'w.sqlite'}"], capsys)
    assert code != 0
    assert "no Prefect server reachable at http://127.0.0.1:9/api" in err and "prefect server start" in err


def test_dry_run_plans_without_a_server(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ccetl.load.warehouse import Warehouse

    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    wh = Warehouse(url)
    wh.upgrade()
    wh.ledger_set("fixture-gov", (dt.date(2024, 1, 2), dt.date(2024, 1, 2)), "success")
    code, out, err = _run(["backfill", "--from", "2024-01-01", "--to", "2024-01-03", "--dry-run", "--db", url], capsys)
    assert code == 0
    assert "skipping source fixture-news" in err
    assert "would run fixture-gov 2024-01-01 (gap)" in out and "fixture-gov 2024-01-02" not in out
    code, out, _ = _run(["partitions", "--db", url, "--source", "fixture-gov", "--from", "2024-01-01", "--to", "2024-01-03"], capsys)
    assert code == 0 and "2 day(s) not loaded" in out and "2024-01-01, 2024-01-03" in out
