"""Soak test: ingest a large synthetic site from a server that injects random faults, twice.

    python bench/soak.py [--pages 10000] [--fault-rate 0.1] [--seed 0] [--chunk 1000] [--db sqlite:///...]

Not part of the default test suite. A server on 127.0.0.1 serves the pages of
ccetl.synth.generate_site; a fraction --fault-rate of the article pages are faulty,
chosen and shaped deterministically from --seed: 500, 503, 429, a connection reset
mid-body, a hang (the client times out), or a truncated body. A faulty page fails
its first 1-3 requests and then serves normally, except one in five which never
recovers. The pages are split into `urls` sources (local: true) of --chunk pages,
and ccetl.pipeline.ingest_direct runs twice over them (short HTTP timeouts, one
retry). Checks:

- every page that recovered is loaded exactly once: articles == distinct good
  pages after the second run, no duplicate article keys or fact rows;
- every failure is in fetch_log with a reason (counted by reason);
- memory stays flat: RSS (sampled from /proc/self/status in a thread) after
  the first 2,000 pages vs after all of them.

Prints a summary table; exits 1 when a check fails.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import socket
import sqlite3
import struct
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
os.environ.setdefault("CCETL_HOME", str(ROOT))

FAULTS = ("500", "503", "429", "reset", "hang", "truncated")


@dataclass(slots=True)
class Plan:
    mode: str
    fail_times: int  # requests that fail before the page serves normally; -1: never recovers


class SoakServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 512

    def __init__(self, root: Path, plans: dict[str, Plan], hang_s: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self.plans = plans
        self.hang_s = hang_s
        self.lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.injected: Counter[str] = Counter()
        self.served_pages = 0
        self.base = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class _Handler(BaseHTTPRequestHandler):
    server: SoakServer
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base class signature
        pass

    def do_GET(self) -> None:
        srv = self.server
        path = self.path.split("?", 1)[0]
        with srv.lock:
            n = srv.requests[path]
            srv.requests[path] += 1
            plan = srv.plans.get(path)
            failing = plan is not None and (plan.fail_times < 0 or n < plan.fail_times)
            if failing and plan is not None:
                srv.injected[plan.mode] += 1
        try:
            if failing and plan is not None:
                self._fault(plan.mode)
            else:
                self._file(path)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError, OSError):
            pass

    def _fault(self, mode: str) -> None:
        if mode in ("500", "503", "429"):
            body = f"<html><body>{mode}</body></html>".encode()
            self.send_response(int(mode))
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            if mode == "429":
                self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(body)
        elif mode == "reset":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(b"<html><body><p>partial")
            self.wfile.flush()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        elif mode == "hang":
            time.sleep(self.server.hang_s)
        elif mode == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", "6000")
            self.end_headers()
            self.wfile.write(b"<html><body><article><p>truncated")
            self.wfile.flush()

    def _file(self, path: str) -> None:
        root = self.server.root
        target = (root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(root) or not target.is_file():
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = target.read_bytes().replace(b"{{BASE}}", self.server.base.encode())
        etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
        if self.headers.get("If-None-Match") == etag:  # conditional GET: unchanged
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain" if target.suffix == ".txt" else "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)
        if target.suffix in (".html", ".htm"):
            with self.server.lock:
                self.server.served_pages += 1


class RssSampler(threading.Thread):
    """Samples this process's resident set size every `interval` seconds."""

    def __init__(self, interval: float = 0.2) -> None:
        super().__init__(daemon=True, name="rss-sampler")
        self.interval = interval
        self.peak_kb = 0
        self.stop_event = threading.Event()

    @staticmethod
    def rss_kb() -> int:
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.peak_kb = max(self.peak_kb, self.rss_kb())
            self.stop_event.wait(self.interval)

    def take_peak(self) -> int:
        """The peak since the last call (and reset it to the current RSS)."""
        peak = max(self.peak_kb, self.rss_kb())
        self.peak_kb = self.rss_kb()
        return peak


def plan_faults(paths: list[str], rate: float, seed: int) -> dict[str, Plan]:
    rng = random.Random(seed)
    plans: dict[str, Plan] = {}
    for p in paths:
        if rng.random() < rate:
            mode = rng.choice(FAULTS)
            fail_times = -1 if rng.random() < 0.2 else rng.randint(1, 3)
            plans[p] = Plan(mode, fail_times)
    return plans


def sources_yaml(urls: list[str], chunk: int) -> str:
    lines = ["sources:"]
    for i in range(0, len(urls), chunk):
        lines += [f"  - name: soak-{i // chunk:03d}", "    kind: urls", "    local: true", "    urls:"]
        lines += [f"      - {u}" for u in urls[i: i + chunk]]
    return "\n".join(lines) + "\n"


def db_checks(path: Path) -> dict[str, Any]:
    con = sqlite3.connect(path)
    try:
        q = con.execute
        return {
            "articles": q("SELECT count(*) FROM article").fetchone()[0],
            "article_urls": {r[0] for r in q("SELECT url FROM article")},
            "dup_keys": q("SELECT count(*) FROM (SELECT key FROM article GROUP BY key HAVING count(*) > 1)").fetchone()[0],
            "dup_facts": q("SELECT count(*) FROM (SELECT article_id, ordinal FROM fact_indicator"
                           " GROUP BY article_id, ordinal HAVING count(*) > 1)").fetchone()[0],
            "dup_fact_content": q("SELECT count(*) FROM (SELECT article_id, value, unit, start_offset, end_offset"
                                  " FROM fact_indicator GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1)").fetchone()[0],
            "facts": q("SELECT count(*) FROM fact_indicator").fetchone()[0],
            "errors": Counter(_reason(r[0]) for r in q("SELECT error FROM fetch_log WHERE error IS NOT NULL")),
            "bad_status": Counter(r[0] for r in q("SELECT status FROM fetch_log WHERE status >= 400")),
            "errors_without_reason": q("SELECT count(*) FROM fetch_log WHERE status >= 400 AND (error IS NULL"
                                       " OR error = '')").fetchone()[0],
        }
    finally:
        con.close()


def _reason(err: str) -> str:
    """The kind of a fetch-log error, without URLs and numbers."""
    e = err.lower()
    for key in ("timeout", "timed out", "reset", "truncated", "incomplete", "429", "500", "503", "refused",
                "robots"):
        if key in e:
            return {"timed out": "timeout", "incomplete": "truncated"}.get(key, key)
    return e.split(":")[0][:40]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=10_000)
    ap.add_argument("--fault-rate", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--chunk", type=int, default=1000, help="pages per `urls` source")
    ap.add_argument("--timeout", type=float, default=1.0, help="HTTP timeout (s); hangs last 3x this")
    ap.add_argument("--db", default=None, help="warehouse URL (default: a temporary SQLite file)")
    args = ap.parse_args()

    from ccetl.pipeline import SourceStats, ingest_direct, totals
    from ccetl.settings import get_settings
    from ccetl.sources import load_sources
    from ccetl.synth import generate_articles, generate_site

    sampler = RssSampler()
    sampler.start()
    with tempfile.TemporaryDirectory(prefix="ccetl-soak-") as tmp:
        d = Path(tmp)
        t0 = time.perf_counter()
        generate_site(d / "site", n_articles=args.pages, seed=args.seed)
        paths = [a.path for a in generate_articles(args.pages, args.seed)]
        t_gen = time.perf_counter() - t0
        plans = plan_faults(paths, args.fault_rate, args.seed)
        never = {p for p, pl in plans.items() if pl.fail_times < 0}
        server = SoakServer((d / "site").resolve(), plans, hang_s=args.timeout * 3)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        urls = [server.base + p for p in paths]
        src = d / "sources.yaml"
        src.write_text(sources_yaml(urls, args.chunk), encoding="utf-8")
        db_url = args.db or f"sqlite:///{d / 'soak.sqlite'}"
        settings = get_settings()
        settings = settings.model_copy(update={"http": settings.http.model_copy(update={
            "timeout_s": args.timeout, "max_retries": 1, "backoff_base_s": 0.05,
            "per_host_rate_per_s": 10_000.0, "per_host_concurrency": 8})})
        sources = load_sources(src)
        print(f"site: {args.pages} pages generated in {t_gen:.1f} s; {len(plans)} faulty "
              f"({len(never)} never recover); {len(sources)} sources of {args.chunk}", flush=True)

        rss: list[tuple[int, int]] = []  # (pages done, peak RSS kB since the previous source)
        runs: list[tuple[str, float, dict[str, int]]] = []
        sampler.take_peak()
        for run in ("first", "second"):
            stats: list[SourceStats] = []
            t0 = time.perf_counter()
            done = 0
            for s in sources:  # one ingest per source chunk, so RSS can be read between them
                stats += ingest_direct(settings, [s], db_url)
                done += len(s.urls)
                if run == "first":
                    rss.append((done, sampler.take_peak()))
                    print(f"  {done:>6} pages  peak RSS {rss[-1][1] / 1024:7.1f} MB  "
                          f"({time.perf_counter() - t0:6.1f} s)", flush=True)
            runs.append((run, time.perf_counter() - t0, totals(stats)))
        server.shutdown()
        sampler.stop_event.set()
        if not db_url.startswith("sqlite:///"):
            print("checks need a SQLite warehouse; figures above only")
            return 0
        c = db_checks(Path(db_url.removeprefix("sqlite:///")))

    good = {server.base + p for p in paths if p not in never}
    missing = good - c["article_urls"]
    extra = c["article_urls"] - good
    first, second = runs[0][2], runs[1][2]
    at_2000 = max((kb for n, kb in rss if n <= 2000), default=0)
    at_end = max(kb for _, kb in rss)
    rows = [
        ("pages", args.pages),
        ("faulty pages (seeded)", f"{len(plans)} ({args.fault_rate:.0%}); {len(never)} never recover"),
        ("faults injected (responses)", ", ".join(f"{k} {v}" for k, v in sorted(server.injected.items()))
         + f"; total {sum(server.injected.values())}"),
        ("requests served", sum(server.requests.values())),
        ("run 1: loaded / fetch failed", f"{first['articles_loaded']} / {first['fetch_failed']}"),
        ("run 1: duration, pages/s", f"{runs[0][1]:.1f} s, {args.pages / runs[0][1]:.1f}"),
        ("run 2: loaded / 304 / fetch failed",
         f"{second['articles_loaded']} / {second['not_modified']} / {second['fetch_failed']}"),
        ("run 2: duration", f"{runs[1][1]:.1f} s"),
        ("articles in warehouse", f"{c['articles']} (good pages {len(good)}; missing {len(missing)},"
                                  f" unexpected {len(extra)})"),
        ("duplicate article keys / fact rows", f"{c['dup_keys']} / {c['dup_facts']} (same value+offsets:"
                                               f" {c['dup_fact_content']})"),
        ("fact rows", c["facts"]),
        ("fetch-log errors by reason", ", ".join(f"{k} {v}" for k, v in c["errors"].most_common())),
        ("HTTP >= 400 rows without a reason", c["errors_without_reason"]),
        ("peak RSS after 2,000 pages", f"{at_2000 / 1024:.1f} MB"),
        (f"peak RSS after {args.pages:,} pages", f"{at_end / 1024:.1f} MB"),
    ]
    width = max(len(k) for k, _ in rows)
    print()
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    ok = (not missing and not extra and c["dup_keys"] == 0 and c["dup_facts"] == 0
          and c["errors_without_reason"] == 0 and (at_2000 == 0 or at_end <= at_2000 * 1.5 + 50 * 1024))
    print("\nresult:", "OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
