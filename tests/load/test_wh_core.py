"""Warehouse loads: idempotent, atomic, concurrent-safe, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from typing import Any

import pytest

from ccetl.errors import WarehouseError
from ccetl.load import Warehouse
from ccetl.load import warehouse as W
from ccetl.load.testing import make_article, make_indicator, sample_items
from ccetl.models import FetchLog, RawPage

from .conftest import TAXONOMY


def test_first_use_upgrades_and_loads_dimensions(wh: Warehouse) -> None:
    counts = wh.counts()  # first use: migrates
    assert wh.current_revision() == Warehouse.head_revision()
    assert counts["dim_region"] > 90 and counts["dim_sector"] > 40 and counts["dim_metric"] > 10
    assert counts["fact_indicator"] == 0


def test_load_article_new_unchanged_reextracted(wh: Warehouse) -> None:
    run = wh.begin_run("test", (dt.date(2023, 1, 1), dt.date(2023, 1, 2)), {"k": 1})
    a = make_article(1)
    inds = [make_indicator(a.doc, 1.64e12), make_indicator(a.doc, 1.17, unit="percent", measure="change")]
    s1 = wh.load_article(run, a, inds, extractor_version="1")
    assert (s1.articles_new, s1.facts_inserted) == (1, 2)
    s2 = wh.load_article(run, a, inds[:1], extractor_version="1")  # same hash + version: nothing changes
    assert (s2.articles_unchanged, s2.facts_inserted, s2.facts_deleted) == (1, 0, 0)
    assert len(wh.article_facts(a.url or "")) == 2
    s3 = wh.load_article(run, a, inds[:1], extractor_version="2")  # re-extracted: facts replaced
    assert (s3.articles_updated, s3.facts_inserted, s3.facts_deleted) == (1, 1, 2)
    facts = wh.article_facts(a.url or "")
    assert [f["extractor_version"] for f in facts] == ["2"]
    assert facts[0]["period_start"] == dt.date(2022, 1, 1) and facts[0]["period_end"] == dt.date(2022, 12, 31)
    changed = dataclasses.replace(a, text=a.text + " More.", content_hash="other")
    s4 = wh.load_article(run, changed, inds, extractor_version="2")
    assert (s4.articles_updated, s4.facts_inserted) == (1, 2)
    wh.finish_run(run, "success", s4.as_dict())
    assert wh.runs()[0]["status"] == "success"
    assert wh.counts()["article"] == 1


def test_load_twice_is_idempotent(wh: Warehouse) -> None:
    items = sample_items(30, per=4)
    pages = [
        RawPage(url=f"https://example.com/{i}", body=f"<p>{i}</p>".encode(), source="s1") for i in range(5)
    ]
    logs = [
        FetchLog(
            url=f"https://example.com/{i}",
            requested_at=dt.datetime(2023, 1, 1, 0, i),
            status=200,
            etag=f'"{i}"',
        )
        for i in range(5)
    ]

    def load() -> None:
        run = wh.begin_run("ingest")
        wh.upsert_sources([("s1", "rss", "https://example.com/feed")])
        wh.log_fetches(run, logs)
        wh.save_validators(logs)
        wh.store_raw_pages(pages)
        wh.load_articles(run, items, "1", batch_size=7)
        wh.ledger_set("s1", (dt.date(2023, 1, 1), dt.date(2023, 1, 2)), "success", {"n": 30}, "1")
        wh.finish_run(run, "success", {})

    load()
    first = wh.dump(exclude=("load_run", "source", "http_validator", "partition_ledger"))
    load()
    second = wh.dump(exclude=("load_run", "source", "http_validator", "partition_ledger"))
    assert first == second
    c = wh.counts()
    assert (c["article"], c["fact_indicator"], c["fetch_log"], c["raw_page"], c["source"]) == (
        30,
        120,
        5,
        5,
        1,
    )
    assert c["load_run"] == 2
    # The rows whose only change is a timestamp keep their identity.
    assert len(wh.validators([log.url for log in logs])) == 5


def test_batch_with_duplicate_keys_and_bad_article(wh: Warehouse, monkeypatch: pytest.MonkeyPatch) -> None:
    items: list[Any] = sample_items(5)
    items.append(items[0])  # same key twice in one batch: last wins, no error
    bad_article = make_article(99)
    bad = make_indicator(bad_article.doc)
    bad.value = "not a number"  # type: ignore[assignment]
    items.append((bad_article, [bad]))
    stats = wh.load_articles(None, items, "1", batch_size=50)
    assert stats.articles_new == 5
    assert len(stats.errors) == 1 and "example.com/s1/99" in stats.errors[0]
    assert wh.counts()["article"] == 5


def test_crash_between_statements_leaves_no_half_loaded_article(
    wh: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = sample_items(3)
    wh.load_articles(None, items[:1], "1")
    before = wh.dump(exclude=("load_run",))
    real_period_bounds = W.period_bounds

    def boom(period: str | None) -> Any:
        raise RuntimeError("crash after the article upsert")

    monkeypatch.setattr(W, "period_bounds", boom)
    with pytest.raises(RuntimeError):
        wh.load_article(None, items[1][0], items[1][1], extractor_version="1")
    with pytest.raises(RuntimeError):  # a re-extraction: the old facts survive
        wh.load_article(None, items[0][0], items[0][1], extractor_version="2")
    monkeypatch.setattr(W, "period_bounds", real_period_bounds)
    assert wh.dump(exclude=("load_run",)) == before


def test_two_threads_never_duplicate(wh_url: str) -> None:
    items = sample_items(40, per=3)
    errors: list[BaseException] = []

    def worker(version: str) -> None:
        try:
            w = Warehouse(wh_url, taxonomy_dir=TAXONOMY)
            for _ in range(2):
                w.load_articles(None, items, version, batch_size=5)
            w.close()
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    Warehouse(wh_url, taxonomy_dir=TAXONOMY).upgrade()
    threads = [threading.Thread(target=worker, args=(v,)) for v in ("1", "2", "1")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    w = Warehouse(wh_url, taxonomy_dir=TAXONOMY)
    c = w.counts()
    assert c["article"] == 40 and c["fact_indicator"] == 120
    w.close()


def test_raw_pages_roundtrip(wh: Warehouse) -> None:
    t0 = dt.datetime(2023, 3, 1, 12, 0)
    pages = [
        RawPage(
            url=f"https://a.example/{i}",
            body=(f"页面 {i} " * 200).encode(),
            headers={"content-type": "text/html; charset=utf-8"},
            fetched_at=t0 + dt.timedelta(days=i),
            source="a" if i % 2 else "b",
            hint_published=dt.date(2023, 2, 1),
            hint_lang="zh-Hans",
        )
        for i in range(6)
    ]
    hashes = wh.store_raw_pages(pages + pages[:2])
    assert len(hashes) == 8 and hashes[6] == hashes[0]
    assert wh.counts()["raw_page"] == 6
    back = list(wh.raw_pages())
    assert [p.body for p in back] == [p.body for p in pages]
    assert back[0].headers == pages[0].headers and back[0].hint_lang == "zh-Hans"
    assert {p.url for p in wh.raw_pages(source="a")} == {
        "https://a.example/1",
        "https://a.example/3",
        "https://a.example/5",
    }
    assert [p.url for p in wh.raw_pages(since=dt.date(2023, 3, 3), until=dt.date(2023, 3, 5))] == [
        "https://a.example/2",
        "https://a.example/3",
    ]
    assert [p.url for p in wh.raw_pages(hashes=[hashes[4], hashes[1]])] == [
        "https://a.example/4",
        "https://a.example/1",
    ]


def test_fetch_log_and_validators(wh: Warehouse) -> None:
    t = dt.datetime(2023, 1, 1, 8, 0)
    logs = [
        FetchLog(
            url="https://a/1",
            requested_at=t,
            status=200,
            bytes=10,
            etag='"v1"',
            last_modified="Mon, 01 Jan 2023",
        ),
        FetchLog(url="https://a/2", requested_at=t, status=404, error="HTTP 404"),
        FetchLog(url="https://a/3", requested_at=t, status=None, error="timeout"),
    ]
    run = wh.begin_run("fetch")
    assert wh.log_fetches(run, logs) == 3
    wh.log_fetches(run, logs)
    assert wh.counts()["fetch_log"] == 3
    wh.save_validators(logs)
    assert wh.validators(["https://a/1", "https://a/2"]) == {"https://a/1": ('"v1"', "Mon, 01 Jan 2023")}
    wh.save_validators([FetchLog(url="https://a/1", requested_at=t, status=200, etag='"v2"')])
    assert wh.validators(["https://a/1"])["https://a/1"][0] == '"v2"'


def test_ledger(wh: Warehouse) -> None:
    d = dt.date
    wh.ledger_set("s", (d(2023, 1, 1), d(2023, 1, 2)), "running", code_version="v1")
    wh.ledger_set("s", (d(2023, 1, 1), d(2023, 1, 2)), "success", {"articles": 3}, "v1")
    wh.ledger_set("s", (d(2023, 1, 2), d(2023, 1, 3)), "running")
    wh.ledger_set("s", (d(2023, 1, 2), d(2023, 1, 3)), "failed", error="HTTP 500 from host")
    wh.ledger_set("s", (d(2023, 1, 2), d(2023, 1, 3)), "running")
    wh.ledger_set("s", (d(2023, 1, 3), d(2023, 1, 4)), "success")
    wh.ledger_set("t", (d(2023, 1, 1), d(2023, 1, 2)), "quarantined", {"bad_shares": 2})
    entries = wh.ledger(source="s")
    assert [e.status for e in entries] == ["success", "running", "success"]
    assert entries[0].counts == {"articles": 3} and entries[1].attempts == 2
    assert [e.source for e in wh.ledger(status="quarantined")] == ["t"]
    assert wh.watermark("s") == d(2023, 1, 2)
    assert wh.watermark("nobody") is None
    with pytest.raises(WarehouseError, match="unknown partition status"):
        wh.ledger_set("s", (d(2023, 1, 1), d(2023, 1, 2)), "done")


def test_region_and_sector_closure(wh: Warehouse) -> None:
    from sqlalchemy import select

    from ccetl.load.schema import DimRegionClosure, DimSectorClosure

    wh.upgrade()
    with wh.engine.connect() as conn:
        anc = set(
            conn.execute(
                select(DimRegionClosure.ancestor).where(DimRegionClosure.descendant == "Shanghai")
            ).scalars()
        )
        sec = set(
            conn.execute(
                select(DimSectorClosure.descendant).where(DimSectorClosure.ancestor == "culture")
            ).scalars()
        )
    assert {"Shanghai", "China:East", "China", "Yangtze River Delta"} <= anc
    assert "culture" in sec and len(sec) > 5
