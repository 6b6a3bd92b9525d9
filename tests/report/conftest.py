"""A small warehouse for the report tests, built through the real Warehouse API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from ccetl.load import Warehouse
from ccetl.models import Article, FetchLog, Indicator

ROOT = Path(__file__).resolve().parents[2]
TAXONOMY = ROOT / "config" / "taxonomy"
XSS = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(3)>"  # a sector name that would run if a chart label were HTML


def _ind(
    doc: str,
    value: float,
    unit: str,
    measure: str,
    region: str,
    period: str,
    *,
    kind: str = "actual",
    quote: str = "A sentence.",
    metric: str = "output",
    sector: str = "cultural_creative",
    bound: str = "eq",
) -> Indicator:
    return Indicator(
        doc=doc,
        value=value,
        unit=unit,
        measure=measure,  # type: ignore[arg-type]
        metric=metric,
        subject=None,
        sector=sector,
        region=region,
        period=period,
        kind=kind,  # type: ignore[arg-type]
        bound=bound,  # type: ignore[arg-type]
        quote=quote,
        start=0,
        end=1,
    )


def build_warehouse(url: str) -> None:
    """Three articles from two sources: a series with a target, a conflict, an XSS quote; a fetch log and a ledger."""
    with Warehouse(url, taxonomy_dir=TAXONOMY) as w:
        w.upgrade()
        run = w.begin_run("report-test")
        a1 = Article(
            doc="a1",
            text="Shanghai's cultural and creative industries ...",
            title="Shanghai <b>creative</b> output",
            published=dt.date(2023, 3, 1),
            lang="en",
            url="https://alpha.example/news/1",
            source="alpha",
        )
        a2 = Article(
            doc="a2",
            text="上海文化创意产业……",
            title="上海文创产业总产出",
            published=dt.date(2023, 3, 2),
            lang="zh-Hans",
            url="https://beta.example/news/2",
            source="beta",
        )
        a3 = Article(
            doc="a3",
            text="Beijing's cultural industries ...",
            title="Beijing culture",
            published=dt.date(2023, 4, 2),
            lang="en",
            url="javascript:alert(2)",
            source="alpha",
        )
        w.load_article(
            run,
            a1,
            [
                _ind("a1", 1.64e12, "CNY", "level", "Shanghai", "2022", quote=f"Output reached 1.64 trillion yuan {XSS} last year."),
                _ind("a1", 1.5e12, "CNY", "level", "Shanghai", "2021", quote="In 2021 output was 1.5 trillion yuan."),
                _ind("a1", 2.0e12, "CNY", "level", "Shanghai", "2025", kind="target", bound="ge", quote="Output will exceed 2 trillion yuan by 2025."),
                _ind("a1", 13, "percent", "change", "Shanghai", "2022", quote="Output grew 13 percent."),
            ],
            extractor_version="test-1",
        )
        w.load_article(
            run,
            a2,
            [
                _ind("a2", 1.70e12, "CNY", "level", "Shanghai", "2022", quote="总产出1.70万亿元。"),
                _ind("a2", 11, "percent", "change", "Shanghai", "2021", quote="增长11%。"),
            ],
            extractor_version="test-1",
        )
        w.load_article(
            run,
            a3,
            [
                _ind("a3", 2.074e11, "CNY", "level", "Beijing", "2022", quote="Output was 207.4 billion yuan."),
                _ind("a3", 5, "percent", "change", "Beijing", "2022", quote="Output grew 5 percent."),
                _ind("a3", 4.2e9, "CNY", "level", "Beijing", "2022", sector=IMG, quote="A strange sector."),
            ],
            extractor_version="test-1",
        )
        t = dt.datetime(2024, 1, 1, 8, 0, tzinfo=dt.UTC)
        w.log_fetches(
            run,
            [
                FetchLog(url="https://alpha.example/news/1", requested_at=t, status=200, source="alpha"),
                FetchLog(url="https://alpha.example/news/9", requested_at=t, status=None, error="timeout", source="alpha"),
                FetchLog(url="https://beta.example/news/3", requested_at=t, status=404, source="beta"),
            ],
        )
        w.ledger_set("alpha", (dt.date(2024, 1, 1), dt.date(2024, 1, 7)), "success")
        w.ledger_set("alpha", (dt.date(2024, 1, 15), dt.date(2024, 1, 21)), "failed", error=f"boom {XSS}")
        w.finish_run(run, "success")
        w.consolidate()


@pytest.fixture(scope="session")
def report_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('report') / 'wh.sqlite'}"
    build_warehouse(url)
    return url


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    with Warehouse(url, taxonomy_dir=TAXONOMY) as w:
        w.upgrade()
    yield url
