"""A partition that fails is recorded failed with its error; the other partitions of the run go on and load."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ccetl.cli.run_cmds import load_flows_module
from ccetl.devsite import serve_site, site_dir
from ccetl.errors import CcetlError

pytestmark = pytest.mark.usefixtures("prefect_harness")

SOURCES = """
sources:
  - name: broken-gov
    kind: listing
    url: ${CCETL_FIXTURE_SITE}/__status/404
    local: true
    group: official
    listing: {link_selector: "ul.archive-list li a"}
  - name: fixture-gov
    kind: listing
    url: ${CCETL_FIXTURE_SITE}/gov/archive/index.html
    lang: en
    local: true
    group: official
    listing: {link_selector: "ul.archive-list li a", next_selector: "a.next", max_pages: 5}
"""


def test_failed_partition_is_ledgered_and_the_others_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ccetl.load.warehouse import Warehouse

    flows = load_flows_module("ingest")
    sources = tmp_path / "sources.yaml"
    sources.write_text(SOURCES, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    day = dt.date(2024, 1, 23)
    with serve_site(site_dir()) as base:
        monkeypatch.setenv("CCETL_FIXTURE_SITE", base)
        with pytest.raises(CcetlError, match=r"1 of 2 partition\(s\) failed, e.g. broken-gov 2024-01-23"):
            flows.ingest(sources_file=str(sources), window_start=day, warehouse=url)
    wh = Warehouse(url)
    ledger = {e.source: e for e in wh.ledger()}
    assert ledger["broken-gov"].status == "failed" and "404" in (ledger["broken-gov"].error or "")
    assert ledger["fixture-gov"].status == "success"
    assert (ledger["fixture-gov"].counts or {})["articles_loaded"] == 1
    assert wh.counts()["article"] == 1
    assert wh.watermark("fixture-gov") == day and wh.watermark("broken-gov") is None
