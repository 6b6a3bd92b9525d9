"""Warehouse benchmark: load throughput (indicator rows/s) and query latency over ~1M fact rows.

    .venv/bin/python bench/load_bench.py                      # SQLite and PostgreSQL, defaults
    .venv/bin/python bench/load_bench.py --dialect sqlite --load-rows 200000 --query-rows 1000000

Targets (issue 4): >= 20,000 rows/s into SQLite, >= 10,000 rows/s into PostgreSQL
(batched loads through Warehouse.load_articles, 2000 articles per transaction,
each article atomic), and
queries over 1 million fact rows in under a second.

PostgreSQL: CCETL_TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/test);
the bench works in a throwaway schema and drops it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ccetl import query  # noqa: E402
from ccetl.load import Warehouse  # noqa: E402
from ccetl.load.taxonomy import load_taxonomy  # noqa: E402
from ccetl.load.testing import pg_schema_url, pg_unavailable_reason  # noqa: E402
from ccetl.models import Article, Indicator  # noqa: E402

TAXONOMY = ROOT / "config" / "taxonomy"
FACTS_PER_ARTICLE = 20


def make_items(n_rows: int, seed: int, offset: int = 0) -> list[tuple[Article, list[Indicator]]]:
    """Synthetic articles with FACTS_PER_ARTICLE records each, spread over the real taxonomy."""
    tax = load_taxonomy(TAXONOMY)
    regions = [r["name"] for r in tax.regions]
    sectors = [s["code"] for s in tax.sectors]
    metrics = [m["code"] for m in tax.metrics]
    sources = [f"source{i}" for i in range(25)]
    rnd = random.Random(seed)
    items = []
    n_articles = max(1, n_rows // FACTS_PER_ARTICLE)
    for i in range(offset, offset + n_articles):
        text = f"Synthetic article {i}: the output of the cultural industries grew. " * 8
        source = rnd.choice(sources)
        a = Article(
            doc=f"bench/{i}",
            text=text,
            title=f"Bench article {i}",
            published=dt.date(2015, 1, 1) + dt.timedelta(days=rnd.randrange(3650)),
            lang="en",
            url=f"https://bench.example/{source}/{i}",
            source=source,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
        )
        inds = []
        for k in range(FACTS_PER_ARTICLE):
            year = rnd.randrange(2014, 2025)
            inds.append(
                Indicator(
                    doc=a.doc,
                    value=round(rnd.uniform(1, 5000), 2) * 1e8,
                    unit="CNY",
                    measure=rnd.choice(("level", "level", "change", "share")),  # type: ignore[arg-type]
                    metric=rnd.choice(metrics),
                    subject=None,
                    sector=rnd.choice(sectors),
                    region=rnd.choice(regions),
                    period=str(year) if k % 4 else f"{year}-Q{rnd.randrange(1, 5)}",
                    kind=rnd.choice(("actual", "actual", "actual", "target", "forecast")),  # type: ignore[arg-type]
                    bound="eq",
                    quote=text[:60],
                    start=k,
                    end=k + 5,
                )
            )
        items.append((a, inds))
    return items


@contextmanager
def target(dialect: str) -> Iterator[str]:
    if dialect == "sqlite":
        with tempfile.TemporaryDirectory() as d:
            yield f"sqlite:///{Path(d) / 'bench.sqlite'}"
    else:
        with pg_schema_url("ccetl_bench_") as url:
            yield url


def bench_load(url: str, n_rows: int, batch_size: int) -> dict[str, Any]:
    items = make_items(n_rows, seed=1)
    w = Warehouse(url, taxonomy_dir=TAXONOMY)
    w.upgrade()
    run = w.begin_run("bench")
    t0, c0 = time.perf_counter(), time.process_time()
    stats = w.load_articles(run, items, "bench-1", batch_size=batch_size)
    t_new, c_new = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    again = w.load_articles(run, items, "bench-1", batch_size=batch_size)  # unchanged: skipped
    t_same = time.perf_counter() - t0
    t0 = time.perf_counter()
    re = w.load_articles(run, items, "bench-2", batch_size=batch_size)  # re-extraction: facts replaced
    t_re = time.perf_counter() - t0
    w.finish_run(run, "success", stats.as_dict())
    w.close()
    assert stats.facts_inserted == len(items) * FACTS_PER_ARTICLE and again.articles_unchanged == len(items)
    assert re.facts_deleted == stats.facts_inserted
    return {
        "rows": stats.facts_inserted,
        "articles": len(items),
        "batch_articles": batch_size,
        "insert_rows_per_s": round(stats.facts_inserted / t_new),
        # Client-process CPU only (for SQLite that includes the database engine): a guide when the
        # machine is shared and wall time is inflated by other load.
        "insert_rows_per_client_cpu_s": round(stats.facts_inserted / c_new),
        "reload_unchanged_rows_per_s": round(stats.facts_inserted / t_same),
        "reextract_replace_rows_per_s": round(re.facts_inserted / t_re),
    }


def _time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    fn()  # warm
    times = []
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def bench_queries(url: str, n_rows: int, repeat: int) -> dict[str, Any]:
    w = Warehouse(url, taxonomy_dir=TAXONOMY)
    w.upgrade()
    have = w.counts()["fact_indicator"]
    chunk = 200_000
    t0 = time.perf_counter()
    offset = 0
    while have < n_rows:
        n = min(chunk, n_rows - have)
        w.load_articles(
            None, make_items(n, seed=100 + offset, offset=1_000_000 + offset), "bench-1", batch_size=500
        )
        offset += n // FACTS_PER_ARTICLE
        have = w.counts()["fact_indicator"]
    t_fill = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_cons = w.consolidate()
    t_cons = time.perf_counter() - t0
    w.close()
    cases: dict[str, Callable[[], Any]] = {
        "indicators region=Shanghai (roll-up) metric=output": lambda: query.indicators(
            url, region="Shanghai", metric="output"
        ),
        "indicators region=China:East (roll-up) sector=culture_core (children) metric=revenue 2020..2022": lambda: (
            query.indicators(
                url,
                region="China:East",
                sector="culture_core",
                metric="revenue",
                period_from="2020",
                period_to="2022",
            )
        ),
        "indicators source=source3 metric=profit kind=target": lambda: query.indicators(
            url, source="source3", metric="profit", kind="target"
        ),
        "consensus region=Beijing metric=added_value": lambda: query.consensus(
            url, region="Beijing", metric="added_value", refresh=False
        ),
        "timeseries Shanghai culture output": lambda: query.timeseries(
            "Shanghai", "culture", "output", url=url
        ),
        "sql count(*) by region over all facts": lambda: query.sql(
            "SELECT region, count(*) AS n, avg(value) AS mean FROM fact_indicator WHERE metric = 'output' GROUP BY region",
            url,
        ),
    }
    out: dict[str, Any] = {
        "fact_rows": have,
        "fill_s": round(t_fill, 1),
        "consolidate_s": round(t_cons, 1),
        "consensus_rows": n_cons,
        "queries": {},
    }
    for name, fn in cases.items():
        secs, df = _time(fn, repeat)
        out["queries"][name] = {"median_ms": round(secs * 1000, 1), "rows": len(df)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dialect", choices=("sqlite", "postgresql", "both"), default="both")
    ap.add_argument("--load-rows", type=int, default=200_000, help="fact rows for the load benchmark")
    ap.add_argument(
        "--query-rows", type=int, default=1_000_000, help="fact rows for the query benchmark (0: skip)"
    )
    ap.add_argument("--batch", type=int, default=2000, help="articles per transaction (x20 fact rows)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    dialects = ["sqlite", "postgresql"] if args.dialect == "both" else [args.dialect]
    results: dict[str, Any] = {}
    for d in dialects:
        if d == "postgresql" and (reason := pg_unavailable_reason()):
            print(f"postgresql: skipped ({reason})", file=sys.stderr)
            continue
        res: dict[str, Any] = {}
        with target(d) as url:
            res["load"] = bench_load(url, args.load_rows, args.batch)
            print(f"{d} load: {json.dumps(res['load'])}", flush=True)
        if args.query_rows:
            with target(d) as url:
                res["query"] = bench_queries(url, args.query_rows, args.repeat)
                print(f"{d} query: {json.dumps(res['query'], ensure_ascii=False)}", flush=True)
        results[d] = res
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
