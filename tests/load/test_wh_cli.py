"""`ccetl db ...` and `ccetl query ...` end to end (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from ccetl.cli import app
from ccetl.errors import InputError
from ccetl.load import Warehouse
from ccetl.load.testing import make_article, make_indicator

from .conftest import TAXONOMY

runner = CliRunner()


def _fill(url: str) -> None:
    w = Warehouse(url, taxonomy_dir=TAXONOMY)
    for n, src in enumerate(["xinhua", "sina", "stats"]):
        a = make_article(n, source=src)
        w.load_article(None, a, [make_indicator(a.doc, 1.64e12 if n < 2 else 1.75e12)], extractor_version="1")
    w.close()


def test_db_upgrade_status_consolidate(wh_url: str) -> None:
    res = runner.invoke(app, ["db", "upgrade", "--db", wh_url])
    assert res.exit_code == 0, res.output
    assert f"-> {Warehouse.head_revision()} (head)" in res.output
    _fill(wh_url)
    res = runner.invoke(app, ["db", "status", "--db", wh_url])
    assert res.exit_code == 0 and "fact_indicator" in res.output and "up to date" in res.output
    res = runner.invoke(app, ["db", "consolidate", "--db", wh_url])
    assert res.exit_code == 0 and "1 consolidated facts" in res.output


def test_query_formats(wh_url: str, tmp_path: Path) -> None:
    _fill(wh_url)
    res = runner.invoke(
        app, ["query", "indicators", "--db", wh_url, "--region", "China:East", "--format", "json"]
    )
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert len(rows) == 3 and rows[0]["region"] == "Shanghai" and rows[0]["published"] == "2023-05-01"
    res = runner.invoke(app, ["query", "indicators", "--db", wh_url, "--min-sources", "3", "-f", "csv"])
    assert (
        res.exit_code == 0 and len(res.output.strip().splitlines()) == 4
    )  # header + 3 facts of one fact_key
    res = runner.invoke(app, ["query", "indicators", "--db", wh_url, "--min-sources", "4"])
    assert res.exit_code == 0 and "(no rows)" in res.output
    out = tmp_path / "c.parquet"
    res = runner.invoke(app, ["query", "consensus", "--db", wh_url, "-f", "parquet", "--out", str(out)])
    assert res.exit_code == 0, res.output
    df = pd.read_parquet(out)
    assert len(df) == 1 and bool(df["conflict"][0]) and df["n_sources"][0] == 3
    res = runner.invoke(app, ["query", "consensus", "--db", wh_url, "--conflict"])
    assert res.exit_code == 0 and "Shanghai" in res.output
    res = runner.invoke(
        app, ["query", "timeseries", "Shanghai", "creative_design", "output", "--db", wh_url, "-f", "csv"]
    )
    assert res.exit_code == 0 and "2022" in res.output
    res = runner.invoke(
        app, ["query", "sql", "SELECT count(*) AS n FROM article", "--db", wh_url, "-f", "json"]
    )
    assert res.exit_code == 0 and json.loads(res.output) == [{"n": 3}]


def test_cli_errors_are_one_line(wh_url: str) -> None:
    _fill(wh_url)
    res = runner.invoke(app, ["query", "sql", "DELETE FROM fact_indicator", "--db", wh_url])
    assert isinstance(res.exception, InputError)
    assert str(res.exception).startswith("query sql is read-only") and "\n" not in str(res.exception)
    res = runner.invoke(app, ["query", "indicators", "--sector", "creative_desgin", "--db", wh_url])
    assert isinstance(res.exception, InputError) and "did you mean 'creative_design'" in str(res.exception)
    w = Warehouse(wh_url, taxonomy_dir=TAXONOMY)
    assert w.counts()["fact_indicator"] == 3
    w.close()


def test_cli_main_prints_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ccetl.cli import main

    url = f"sqlite:///{tmp_path / 'w.sqlite'}"
    _fill(url)
    with pytest.raises(SystemExit) as ei:
        main(["query", "sql", "UPDATE article SET title = 'x'", "--db", url])
    err = capsys.readouterr().err
    assert ei.value.code == 2 and err.startswith("ccetl: error: query sql is read-only")
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit) as ei:
        main(["db", "status", "--db", "postgresql://ccetl:hunter2@127.0.0.1:1/x"])
    err = capsys.readouterr().err
    assert ei.value.code == 1 and "hunter2" not in err and "Traceback" not in err
    assert err.startswith("ccetl: error: cannot connect to warehouse")
