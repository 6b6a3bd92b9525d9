"""Warehouse fixtures: every test taking `wh_url`/`wh` runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ccetl.load import Warehouse
from ccetl.load.testing import pg_schema_url, pg_unavailable_reason

ROOT = Path(__file__).resolve().parents[2]
TAXONOMY = ROOT / "config" / "taxonomy"


@pytest.fixture(scope="session")
def pg_reason() -> str | None:
    return pg_unavailable_reason()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def wh_url(request: pytest.FixtureRequest, tmp_path: Path, pg_reason: str | None) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'wh.sqlite'}"
        return
    if pg_reason:
        pytest.skip(pg_reason)
    with pg_schema_url() as url:
        yield url


@pytest.fixture
def wh(wh_url: str) -> Iterator[Warehouse]:
    w = Warehouse(wh_url, taxonomy_dir=TAXONOMY)
    try:
        yield w
    finally:
        w.close()
