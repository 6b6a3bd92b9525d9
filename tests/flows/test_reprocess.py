"""Reprocess: stored raw pages are re-parsed and re-extracted without refetching; facts are replaced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ccetl.cli.run_cmds import load_flows_module
from ccetl.devsite import serve_site, site_dir

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_reprocess_replaces_facts_from_stored_pages_without_fetching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ccetl.extract
    from ccetl.load.warehouse import Warehouse

    ingest = load_flows_module("ingest").ingest
    reprocess = load_flows_module("reprocess").reprocess
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    with serve_site(site_dir()) as base:
        monkeypatch.setenv("CCETL_FIXTURE_SITE", base)
        ingest(warehouse=url)
        wh = Warehouse(url)
        before = wh.counts()
        requests = len(base.access_log)

        same = reprocess(warehouse=url)  # same code: nothing to replace
        assert sum(int(r["articles_unchanged"]) for r in same) == before["article"]  # type: ignore[call-overload]
        assert sum(int(r["articles_loaded"]) for r in same) == 0  # type: ignore[call-overload]

        monkeypatch.setattr(ccetl.extract, "EXTRACTOR_VERSION", "9.9.9-test")  # an extractor upgrade
        rows = reprocess(warehouse=url)
        assert sum(int(r["articles_loaded"]) for r in rows) == before["article"]  # type: ignore[call-overload]
        assert len(base.access_log) == requests  # no refetch

        one = reprocess(window_start=dt.date(2024, 1, 23), only=["fixture-gov"], warehouse=url)
        assert [r["window"] for r in one] == ["2024-01-23"]
    after = wh.counts()
    assert after["article"] == before["article"] and after["fact_indicator"] == before["fact_indicator"]
    assert after["raw_page"] == before["raw_page"] and after["fetch_log"] == before["fetch_log"]
    [entry] = wh.ledger(source="fixture-gov")
    assert entry.status == "success" and entry.window_start == dt.date(2024, 1, 23)
    assert entry.code_version is not None and "9.9.9-test" in entry.code_version
