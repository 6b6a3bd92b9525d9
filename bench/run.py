"""Time every stage of ccetl on the fixture corpus and a synthetic one.

    python bench/run.py [--articles 1000] [--repeat 3] [--json bench/out/run.json]

Prints articles/s per stage (parse, extract, load) and end to end (discover +
fetch + parse + extract + load over loopback HTTP), for the five fixture pages
and a generated site of N articles (ccetl.synth). Each stage is timed over the
same in-memory inputs, best of --repeat runs, single process; the end-to-end
run includes the HTTP server on the same machine. Results go to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("CCETL_HOME", str(ROOT))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def html_pages(site: Path) -> list[tuple[str, bytes]]:
    return [(str(p.relative_to(site)), p.read_bytes()) for p in sorted(site.rglob("*"))
            if p.suffix in (".html", ".htm") and "archive" not in p.parts and p.name != "index.html" or
            (p.name == "index.html" and p.parent.name.isdigit())]


def bench_corpus(name: str, site: Path, repeat: int) -> dict[str, object]:
    from ccetl.extract import EXTRACTOR_VERSION, extract_article
    from ccetl.load import Warehouse
    from ccetl.parse import parse_html

    pages = [(doc, body) for doc, body in html_pages(site) if b"<p" in body]
    n = len(pages)
    articles = [parse_html(body, doc) for doc, body in pages]
    t_parse = best_of(repeat, lambda: [parse_html(body, doc) for doc, body in pages])
    t_extract = best_of(repeat, lambda: [extract_article(a) for a in articles])
    records = [extract_article(a) for a in articles]
    n_ind = sum(len(r) for r in records)
    kb = sum(len(a.text.encode("utf-8")) for a in articles) / 1024

    items = list(zip(articles, records, strict=True))
    load_times = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as d:
            wh = Warehouse(f"sqlite:///{d}/b.sqlite")
            wh.upgrade()  # schema and taxonomy: once per warehouse, not part of a load
            t0 = time.perf_counter()
            run = wh.begin_run("bench")
            wh.load_articles(run, items, extractor_version=EXTRACTOR_VERSION)
            wh.finish_run(run, "success", {})
            load_times.append(time.perf_counter() - t0)
            wh.close()
    t_load = min(load_times)
    return {
        "corpus": name, "articles": n, "indicators": n_ind, "text_kb": round(kb, 1),
        "parse_per_s": round(n / t_parse, 1), "extract_per_s": round(n / t_extract, 1),
        "load_per_s": round(n / t_load, 1), "indicators_loaded_per_s": round(n_ind / t_load, 1),
    }


def bench_end_to_end(name: str, site: Path, sources_yaml: str, *, unthrottled: bool = False) -> dict[str, object]:
    from ccetl.devsite import serve_site
    from ccetl.pipeline import ingest_direct, totals
    from ccetl.settings import get_settings
    from ccetl.sources import load_sources

    settings = get_settings()
    if unthrottled:  # loopback bench: measure the pipeline, not the politeness delay (5 requests/s per host)
        http = settings.http.model_copy(update={"per_host_rate_per_s": 10_000.0, "per_host_concurrency": 8})
        settings = settings.model_copy(update={"http": http})
    with tempfile.TemporaryDirectory() as d, serve_site(site) as base:
        os.environ["CCETL_FIXTURE_SITE"] = str(base)
        src = Path(d) / "sources.yaml"
        src.write_text(sources_yaml, encoding="utf-8")
        sources = load_sources(src)
        url = f"sqlite:///{d}/e2e.sqlite"
        t0 = time.perf_counter()
        stats = ingest_direct(settings, sources, url)
        t = time.perf_counter() - t0
        tot = totals(stats)
        t0 = time.perf_counter()
        stats2 = ingest_direct(settings, sources, url)
        t2 = time.perf_counter() - t0
        tot2 = totals(stats2)
    return {"corpus": name, "articles": tot["articles_loaded"], "indicators": tot["indicators_loaded"],
            "seconds": round(t, 2), "articles_per_s": round(tot["articles_loaded"] / t, 1) if t else 0,
            "second_run_seconds": round(t2, 2), "second_run_loaded": tot2["articles_loaded"],
            "second_run_not_modified": tot2["not_modified"]}


SYNTH_SOURCES = """
sources:
  - name: synth-news
    kind: rss
    url: ${CCETL_FIXTURE_SITE}/news/rss.xml
    local: true
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "run.json")
    args = ap.parse_args()

    from ccetl.synth import generate_site

    fixture = ROOT / "tests" / "fixtures" / "site"
    results: dict[str, object] = {"python": sys.version.split()[0], "machine": platform.machine(),
                                  "cpus": os.cpu_count()}
    rows = [bench_corpus("fixture (5 seed pages)", fixture, max(args.repeat, 5))]
    with tempfile.TemporaryDirectory() as d:
        synth = Path(d) / "synth"
        generate_site(synth, n_articles=args.articles, seed=0)
        rows.append(bench_corpus(f"synthetic ({args.articles} pages)", synth, args.repeat))
        fixture_sources = (ROOT / "config" / "sources.yaml").read_text(encoding="utf-8")
        e2e = [bench_end_to_end("fixture site", fixture, fixture_sources),
               bench_end_to_end(f"synthetic site ({args.articles}), unthrottled", synth, SYNTH_SOURCES,
                                unthrottled=True)]
    results["stages"] = rows
    results["end_to_end"] = e2e
    print("\nper stage (articles/s, best of runs, one process)")
    keys = ["corpus", "articles", "indicators", "text_kb", "parse_per_s", "extract_per_s", "load_per_s",
            "indicators_loaded_per_s"]
    print(" | ".join(keys))
    for r in rows:
        print(" | ".join(str(r[k]) for k in keys))
    print("\nend to end over loopback HTTP (ingest_direct: discover, fetch, parse, extract, load)")
    keys = ["corpus", "articles", "indicators", "seconds", "articles_per_s", "second_run_seconds",
            "second_run_loaded", "second_run_not_modified"]
    print(" | ".join(keys))
    for r in e2e:
        print(" | ".join(str(r[k]) for k in keys))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
