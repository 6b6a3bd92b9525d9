"""End to end: the fixture site served on loopback -> the Prefect ingest flow -> a SQLite warehouse."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import sqlalchemy as sa

from ccetl.cli.run_cmds import load_flows_module
from ccetl.devsite import serve_site, site_dir

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, minus the per-run logs that are meant to grow."""
    eng = sa.create_engine(url)
    out: dict[str, list[tuple[object, ...]]] = {}
    with eng.connect() as c:
        for name in ("source", "article", "fact_indicator", "raw_page"):
            rows = c.execute(sa.text("SELECT * FROM " + name)).fetchall()  # noqa: S608 - fixed table names
            out[name] = sorted((tuple(r) for r in rows), key=repr)
    eng.dispose()
    return out


def test_ingest_flow_loads_every_seed_indicator_and_is_idempotent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed_gold: list[dict[str, object]]
) -> None:
    ingest = load_flows_module("ingest").ingest
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    with serve_site(site_dir()) as base:
        monkeypatch.setenv("CCETL_FIXTURE_SITE", base)
        rows = ingest(warehouse=url)
        first = _dump(url)
        rows2 = ingest(warehouse=url)
        second = _dump(url)

    assert sum(int(r["articles_loaded"]) for r in rows) == 5  # type: ignore[call-overload]
    assert sum(int(r["fetch_failed"]) for r in rows) == 0  # type: ignore[call-overload]
    assert sum(int(r["articles_loaded"]) for r in rows2) == 0  # type: ignore[call-overload]
    assert first == second

    eng = sa.create_engine(url)
    with eng.connect() as c:
        facts = [(float(v), str(u)) for v, u in c.execute(sa.text("SELECT value, unit FROM fact_indicator"))]
        langs = {str(x) for (x,) in c.execute(sa.text("SELECT lang FROM article"))}
    eng.dispose()
    assert {"en", "zh-Hans"} <= langs
    wanted = [g for g in seed_gold if not g.get("optional")]
    assert len(wanted) == 21
    missing = [
        (g["doc"], g["value"], g["unit"])
        for g in wanted
        if not any(u == g["unit"] and math.isclose(v, float(g["value"]), rel_tol=0.005) for v, u in facts)  # type: ignore[arg-type]
    ]
    assert missing == []
