"""Prefect overhead: the ingest flow vs the same stages called directly, on a synthetic site.

    python bench/flow_overhead.py [--articles 1000] [--repeat 1] [--bar 1.3] [--json out.json]

Serves a generated site of N articles (ccetl.synth.generate_site) on loopback,
then runs, each into a fresh SQLite warehouse:

- direct: ``ccetl.pipeline.ingest_direct`` (discover, fetch, parse, extract, load; no Prefect);
- prefect: ``flows/ingest.py:ingest`` (the same stages as tasks, ledgerless "latest" window,
  parse/extract result caching on (a cache miss, as for new pages), artifacts, run logger).

The Prefect API is a temporary local server started (and warmed up by one tiny flow)
before timing: a service pays that once, not per run. Flow heartbeats are off as in
the tests. Prints both times and the ratio; exits 1 when the ratio is over --bar.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("CCETL_HOME", str(ROOT))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

SOURCES_YAML = """
sources:
  - name: synth-news
    kind: rss
    url: ${CCETL_FIXTURE_SITE}/news/rss.xml
    group: news
    local: true
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each; the median is compared")
    ap.add_argument("--bar", type=float, default=1.3, help="fail (exit 1) above this ratio")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)

    from prefect import flow
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    from ccetl import pipeline
    from ccetl.cli.run_cmds import load_flows_module
    from ccetl.devsite import serve_site
    from ccetl.settings import get_settings
    from ccetl.sources import load_sources
    from ccetl.synth import generate_site

    with tempfile.TemporaryDirectory(prefix="ccetl-overhead-") as tmp_s:
        tmp = Path(tmp_s)
        os.environ["PREFECT_LOCAL_STORAGE_PATH"] = str(tmp / "results")  # a cold parse/extract cache
        site = tmp / "site"
        t0 = time.perf_counter()
        generate_site(site, n_articles=args.articles, seed=0)
        print(f"generated {args.articles} articles in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        sources_file = tmp / "sources.yaml"
        sources_file.write_text(SOURCES_YAML, encoding="utf-8")
        settings = get_settings()
        ingest = load_flows_module("ingest").ingest

        with prefect_test_harness(server_startup_timeout=300), temporary_settings(
            updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
        ), serve_site(site) as base:
            os.environ["CCETL_FIXTURE_SITE"] = str(base)
            sources = load_sources(sources_file)

            @flow(name="warm-up")
            def warm_up() -> int:
                return 1

            warm_up()
            direct_times: list[float] = []
            flow_times: list[float] = []
            loaded: dict[str, int] = {}
            for i in range(args.repeat):
                url = f"sqlite:///{tmp / f'direct-{i}.sqlite'}"
                t0 = time.perf_counter()
                stats = pipeline.ingest_direct(settings, sources, url)
                direct_times.append(time.perf_counter() - t0)
                loaded["direct"] = sum(s.articles_loaded for s in stats)
                os.environ["PREFECT_LOCAL_STORAGE_PATH"] = str(tmp / f"results-{i}")
                url = f"sqlite:///{tmp / f'flow-{i}.sqlite'}"
                t0 = time.perf_counter()
                rows: list[dict[str, Any]] = ingest(sources_file=str(sources_file), warehouse=url)
                flow_times.append(time.perf_counter() - t0)
                loaded["prefect"] = sum(int(r["articles_loaded"]) for r in rows)
                print(f"run {i + 1}: direct {direct_times[-1]:.2f} s, prefect {flow_times[-1]:.2f} s", file=sys.stderr)

    direct, prefect = statistics.median(direct_times), statistics.median(flow_times)
    ratio = prefect / direct if direct else float("inf")
    result = {"articles": args.articles, "direct_s": round(direct, 3), "prefect_s": round(prefect, 3),
              "ratio": round(ratio, 3), "bar": args.bar, "loaded": loaded, "repeat": args.repeat}
    print(f"direct {direct:.2f} s, prefect {prefect:.2f} s, ratio {ratio:.2f}x (bar {args.bar}x); "
          f"articles loaded: {loaded}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if ratio <= args.bar else 1


if __name__ == "__main__":
    sys.exit(main())
