"""Prefect overhead: the ingest flow vs the same stages called directly, on a synthetic site.

    python bench/flow_overhead.py [--articles 1000] [--repeat 1] [--bar 1.3] [--json out.json]

Serves a generated site of N articles (ccetl.synth.generate_site) on loopback,
then runs, each into a fresh SQLite warehouse:

By default the per-host rate limit is lifted (same settings for both runs) so
that the comparison is not drowned in politeness delays; ``--throttled`` keeps it.

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
    ap.add_argument("--throttled", action="store_true",
                    help="keep the configured per-host rate limit (5 req/s: then fetching dominates both runs)")
    args = ap.parse_args(argv)

    from prefect import flow
    from prefect.settings import (
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        PREFECT_LOCAL_STORAGE_PATH,
        temporary_settings,
    )
    from prefect.testing.utilities import prefect_test_harness

    from ccetl import pipeline
    from ccetl.cli.run_cmds import load_flows_module
    from ccetl.devsite import serve_site
    from ccetl.settings import get_settings
    from ccetl.sources import load_sources
    from ccetl.synth import generate_site

    with tempfile.TemporaryDirectory(prefix="ccetl-overhead-") as tmp_s:
        tmp = Path(tmp_s)
        site = tmp / "site"
        t0 = time.perf_counter()
        generate_site(site, n_articles=args.articles, seed=0)
        print(f"generated {args.articles} articles in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        sources_file = tmp / "sources.yaml"
        sources_file.write_text(SOURCES_YAML, encoding="utf-8")
        settings = get_settings()
        flows = load_flows_module("ingest")
        if not args.throttled:  # measure the orchestration, not the politeness delay: same settings for both
            http = settings.http.model_copy(update={"per_host_rate_per_s": 1000.0, "per_host_concurrency": 8})
            settings = settings.model_copy(update={"http": http})
            flows.get_settings = lambda: settings
        ingest = flows.ingest

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

                def run_direct(i: int = i) -> None:
                    url = f"sqlite:///{tmp / f'direct-{i}.sqlite'}"
                    t0 = time.perf_counter()
                    stats = pipeline.ingest_direct(settings, sources, url)
                    direct_times.append(time.perf_counter() - t0)
                    loaded["direct"] = sum(s.articles_loaded for s in stats)

                def run_flow(i: int = i) -> None:
                    url = f"sqlite:///{tmp / f'flow-{i}.sqlite'}"
                    # a cold parse/extract cache each time, as for pages never seen before
                    with temporary_settings(updates={PREFECT_LOCAL_STORAGE_PATH: tmp / f"results-{i}"}):
                        t0 = time.perf_counter()
                        rows: list[dict[str, Any]] = ingest(sources_file=str(sources_file), warehouse=url)
                        flow_times.append(time.perf_counter() - t0)
                    loaded["prefect"] = sum(int(r["articles_loaded"]) for r in rows)

                for fn in (run_direct, run_flow) if i % 2 == 0 else (run_flow, run_direct):  # alternate against drift
                    fn()
                print(f"run {i + 1}: direct {direct_times[-1]:.2f} s, prefect {flow_times[-1]:.2f} s", file=sys.stderr)

    direct, prefect = statistics.median(direct_times), statistics.median(flow_times)
    ratio = prefect / direct if direct else float("inf")
    result = {"articles": args.articles, "throttled": args.throttled, "direct_s": round(direct, 3), "prefect_s": round(prefect, 3),
              "ratio": round(ratio, 3), "bar": args.bar, "loaded": loaded, "repeat": args.repeat}
    print(f"direct {direct:.2f} s, prefect {prefect:.2f} s, ratio {ratio:.2f}x (bar {args.bar}x); "
          f"articles loaded: {loaded}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if ratio <= args.bar else 1


if __name__ == "__main__":
    sys.exit(main())
