"""Schema migrations, bad URLs and unreachable databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from ccetl.errors import WarehouseError
from ccetl.load import Warehouse
from ccetl.load.schema import Base
from ccetl.load.testing import make_article, make_indicator

from .conftest import TAXONOMY


def test_migrated_schema_matches_models(wh: Warehouse) -> None:
    wh.upgrade()
    with wh.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_older_revision_is_migrated_on_first_use(wh_url: str) -> None:
    w = Warehouse(wh_url, taxonomy_dir=TAXONOMY)
    with w.engine.begin() as conn:
        command.upgrade(w._alembic_config(conn), "0001")
    assert w.current_revision() == "0001"
    w.close()
    w = Warehouse(wh_url, taxonomy_dir=TAXONOMY)
    a = make_article(1)
    w.load_article(None, a, [make_indicator(a.doc)], extractor_version="1")  # migrates first
    assert w.current_revision() == Warehouse.head_revision()
    assert w.counts()["partition_ledger"] == 0 and w.counts()["fact_indicator"] == 1
    w.close()


def test_newer_revision_is_refused(wh: Warehouse) -> None:
    wh.upgrade()
    with wh.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    w = Warehouse(wh.url, taxonomy_dir=TAXONOMY)
    with pytest.raises(WarehouseError, match="revision 9999, newer than this ccetl") as ei:
        w.counts()
    assert "\n" not in str(ei.value)
    w.close()


def test_unmigratable_database_says_what_to_run(wh_url: str) -> None:
    w = Warehouse(wh_url, taxonomy_dir=TAXONOMY)
    with w.engine.begin() as conn:
        conn.execute(text("CREATE TABLE article (id INTEGER PRIMARY KEY, junk TEXT)"))
    with pytest.raises(WarehouseError, match="ccetl db upgrade") as ei:
        w.counts()
    assert "\n" not in str(ei.value)
    with w.engine.connect() as conn:  # nothing half-created
        assert conn.execute(text("SELECT count(*) FROM article")).scalar() == 0
    w.close()


@pytest.mark.parametrize(
    "url",
    ["nosuchdb://x/y", "not a url", "mysql://u:hunter2@localhost/db"],
)
def test_bad_url(url: str) -> None:
    with pytest.raises(WarehouseError) as ei:
        Warehouse(url)
    assert "hunter2" not in str(ei.value) and "\n" not in str(ei.value)


def test_unreachable_postgres_hides_password() -> None:
    with pytest.raises(WarehouseError, match="cannot connect") as ei:
        Warehouse("postgresql://ccetl:hunter2@127.0.0.1:1/nowhere")
    msg = str(ei.value)
    assert "hunter2" not in msg and "\n" not in msg and "***" in msg


def test_sqlite_unwritable_location(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(WarehouseError):
        Warehouse(f"sqlite:///{blocker}/sub/wh.sqlite")


def test_sqlite_locked_waits_then_fails_clearly(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'wh.sqlite'}"
    Warehouse(url, taxonomy_dir=TAXONOMY).upgrade()
    other = sqlite3.connect(tmp_path / "wh.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        w = Warehouse(url, taxonomy_dir=TAXONOMY, busy_timeout_s=0.3)
        a = make_article(1)
        with pytest.raises(WarehouseError, match="locked"):
            w.load_article(None, a, [make_indicator(a.doc)], extractor_version="1")
        assert w.counts()["article"] == 0  # readers are not blocked by the writer
    finally:
        other.execute("ROLLBACK")
        other.close()
    w.load_article(None, a, [make_indicator(a.doc)], extractor_version="1")
    assert w.counts()["article"] == 1
