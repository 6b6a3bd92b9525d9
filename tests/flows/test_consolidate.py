"""The daily consolidation flow rebuilds the consensus table and regenerates the report as a link artifact."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import sqlalchemy as sa

from ccetl.cli.run_cmds import load_flows_module
from ccetl.devsite import serve_site, site_dir

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_consolidate_rebuilds_consensus_and_links_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    with serve_site(site_dir()) as base:
        monkeypatch.setenv("CCETL_FIXTURE_SITE", base)
        load_flows_module("ingest").ingest(warehouse=url)
    out = tmp_path / "report.html"
    n = load_flows_module("consolidate").consolidate(warehouse=url, report_path=str(out))

    eng = sa.create_engine(url)
    with eng.connect() as c:
        rows = c.execute(sa.text("SELECT count(*) FROM indicator_consensus")).scalar_one()
    eng.dispose()
    assert n == rows > 0
    page = out.read_text(encoding="utf-8")
    assert "Shanghai" in page and "plotly" in page.lower()

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async def links() -> list[str]:
        # the client's read_artifacts sends nulls this server version rejects; post the filter as the API documents it
        async with get_client() as client:
            flt = ArtifactFilter(key=ArtifactFilterKey(any_=["report"])).model_dump(mode="json", exclude_unset=True)
            r = await client._client.post("/artifacts/filter", json={"artifacts": flt, "limit": 50, "offset": 0})
            r.raise_for_status()
            return [str(a.get("data")) for a in r.json()]

    assert any(out.as_uri() in d for d in asyncio.run(links()))
