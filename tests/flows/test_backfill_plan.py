"""Backfill planning against a real SQLite warehouse ledger; idempotency keys; quarantine and watermarks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from ccetl import pipeline
from ccetl.errors import InputError
from ccetl.models import Article, Indicator, RawPage
from ccetl.orchestrate.backfill import idempotency_key, plan_backfill, select_sources
from ccetl.orchestrate.partition import fail_partition, finish_partition, start_partition
from ccetl.orchestrate.quality import QualityRules, check_partition
from ccetl.sources import SourceConfig

D = dt.date
GOV = SourceConfig(name="gov", kind="listing", url="https://gov.example/archive/", listing={"link_selector": "a"})  # type: ignore[arg-type]
NEWS = SourceConfig(name="news", kind="rss", url="https://news.example/rss.xml")


@pytest.fixture
def wh(tmp_path: Path) -> Any:
    from ccetl.load.warehouse import Warehouse

    w = Warehouse(f"sqlite:///{tmp_path / 'wh.sqlite'}")
    w.upgrade()
    return w


def test_plan_runs_gaps_skips_rss_and_done_partitions(wh: Any) -> None:
    wh.ledger_set("gov", (D(2024, 1, 2), D(2024, 1, 2)), "success")
    wh.ledger_set("gov", (D(2024, 1, 3), D(2024, 1, 3)), "failed", error="HTTP 503")
    plan = plan_backfill([GOV, NEWS], D(2024, 1, 1), D(2024, 1, 4), ledger=wh.ledger())
    assert [(i.window[0].day, i.action, i.reason) for i in plan.items] == [
        (1, "run", "gap"), (2, "skip", "done"), (3, "skip", "failed"), (4, "run", "gap")]
    assert plan.skipped_sources and plan.skipped_sources[0][0] == "news" and "feeds" in plan.skipped_sources[0][1]
    again = plan_backfill([GOV], D(2024, 1, 1), D(2024, 1, 4), reprocess="failed", ledger=wh.ledger())
    assert [i.window[0].day for i in again.to_run] == [1, 3, 4]
    every = plan_backfill([GOV], D(2024, 1, 1), D(2024, 1, 4), reprocess="all", ledger=wh.ledger())
    assert len(every.to_run) == 4


def test_idempotency_keys_repeat_until_the_partition_is_attempted_again(wh: Any) -> None:
    w = (D(2024, 1, 3), D(2024, 1, 3))
    first = plan_backfill([GOV], w[0], w[1], ledger=wh.ledger()).to_run[0].key
    assert first == plan_backfill([GOV], w[0], w[1], ledger=wh.ledger()).to_run[0].key  # repeat: same run
    assert first == idempotency_key("ingest/partition", "gov", w, 0)
    start_partition(wh, "gov", w, run_id=None)
    assert plan_backfill([GOV], w[0], w[1], ledger=wh.ledger()).to_run == []  # running right now: left alone
    fail_partition(wh, "gov", w, None, "SourceUnavailable: HTTP 503")
    retry = plan_backfill([GOV], w[0], w[1], reprocess="failed", ledger=wh.ledger()).to_run[0]
    assert retry.key != first and retry.attempts == 1
    [entry] = wh.ledger(source="gov", status="failed")
    assert entry.error == "SourceUnavailable: HTTP 503" and entry.attempts == 1


def test_coarse_windows_use_daily_ledger_rows(wh: Any) -> None:
    for day in range(1, 32):
        wh.ledger_set("gov", (D(2024, 1, day), D(2024, 1, day)), "success")
    plan = plan_backfill([GOV], D(2024, 1, 1), D(2024, 2, 29), granularity="month", ledger=wh.ledger())
    assert [(i.window, i.action) for i in plan.items] == [
        ((D(2024, 1, 1), D(2024, 1, 31)), "skip"), ((D(2024, 2, 1), D(2024, 2, 29)), "run")]


def test_bad_input() -> None:
    with pytest.raises(InputError, match="unknown source 'nope'"):
        select_sources([GOV, NEWS], ["nope"])
    with pytest.raises(InputError, match="reprocess"):
        plan_backfill([GOV], D(2024, 1, 1), D(2024, 1, 2), reprocess="some")
    with pytest.raises(InputError, match="after"):
        plan_backfill([GOV], D(2024, 1, 2), D(2024, 1, 1))


def _ind(doc: str, value: float, measure: str = "share") -> Indicator:
    return Indicator(doc=doc, value=value, unit="percent", measure=measure, metric="value_added", subject=None,  # type: ignore[arg-type]
                     sector="cultural", region="CN", period="2023", kind="actual", bound="eq", quote="x", start=0, end=1)


def _processed(url: str, text: str, inds: list[Indicator]) -> pipeline.Processed:
    raw = RawPage(url=url, body=text.encode(), source="gov", fetched_at=dt.datetime(2024, 1, 3, tzinfo=dt.UTC))
    art = Article(doc=url, text=text, url=url, source="gov", published=D(2024, 1, 3), lang="en", content_hash=text)
    return pipeline.Processed(raw=raw, article=art, indicators=inds)


def test_quality_checks() -> None:
    ok = check_partition([_ind("a", 4.5), _ind("a", 12.0, "change")], parsed=3, duplicates=0)
    assert ok.ok
    bad = check_partition([_ind("a", 140.0), _ind("b", -250.0, "change")], parsed=3, duplicates=0)
    assert not bad.ok and "share_range" in bad.reasons() and "growth_range" in bad.reasons()
    dup = check_partition([], parsed=20, duplicates=15)
    assert not dup.ok and "duplicate_rate" in dup.reasons()
    assert check_partition([_ind("a", 140.0)], parsed=1, duplicates=0, rules=QualityRules(max_bad_values=1)).ok


def test_a_partition_failing_its_checks_is_quarantined_not_loaded(wh: Any) -> None:
    w = (D(2024, 1, 3), D(2024, 1, 3))
    run = wh.begin_run("test", window=w)
    good = [_processed("https://gov.example/a.htm", "Culture grew.", [_ind("https://gov.example/a.htm", 4.5)])]
    fetched = pipeline.Fetched("gov", [p.raw for p in good], [], pipeline.SourceStats("gov", discovered=1, fetched=1))
    out = finish_partition(wh, run, "gov", w, fetched, good, [], "t1")
    assert out.status == "success" and out.stats.articles_loaded == 1
    bad = [_processed("https://gov.example/b.htm", "Share is 140%.", [_ind("https://gov.example/b.htm", 140.0)])]
    w2 = (D(2024, 1, 4), D(2024, 1, 4))
    fetched2 = pipeline.Fetched("gov", [p.raw for p in bad], [], pipeline.SourceStats("gov", discovered=1, fetched=1))
    out2 = finish_partition(wh, run, "gov", w2, fetched2, bad, [], "t1")
    assert out2.status == "quarantined"
    counts = wh.counts()
    assert counts["article"] == 1 and counts["raw_page"] == 2  # raw page kept for reprocess, article not loaded
    [q] = wh.ledger(status="quarantined")
    assert q.window_start == w2[0] and "share_range" in (q.error or "")
    assert wh.watermark("gov") == w[1]  # the quarantined day holds the watermark back
