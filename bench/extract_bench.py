#!/usr/bin/env python3
"""Throughput and memory of the indicator extractor (issue 3: >= 500 articles/s on one core).

    .venv/bin/python bench/extract_bench.py [--n 3000] [--seed 11] [--no-peer] [--profile]

Builds a corpus of cleaned articles of 2-5 KB (ccetl.synth.generate_texts plus
the seed, own-suite and devset texts, the short ones padded to 2-5 KB), runs
ccetl.extract.extract on each in this one process and prints:

- cold start: the import and the first extract call (compiling the cue and
  taxonomy matchers), CPU and wall time;
- articles/s and KB/s by CPU time (time.process_time: fair on a loaded
  machine) and by wall time, ms per article;
- peak RSS after 1,000 articles and after all of them (memory must stay flat
  in the number of articles);
- the peer, quantulum3 (numbers and units only, English), parsing the same
  texts, and the ratio of the two speeds.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _peak_rss_mb() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024 if sys.platform != "darwin" else r / (1024 * 1024)


def _pad(text: str, lo: int = 2048, hi: int = 5120) -> str | None:
    """Repeat a short text up to 2-5 KB (UTF-8); None when empty."""
    if not text.strip():
        return None
    out = text
    while len(out.encode("utf-8")) < lo:
        out = out + "\n\n" + text
    while len(out.encode("utf-8")) > hi:
        out = out[: int(len(out) * 0.9)]
    return out


def _real_texts() -> list[tuple[str, dt.date | None]]:
    texts: list[tuple[str, dt.date | None]] = []
    for folder in (ROOT / "tests" / "fixtures" / "extract", SHARED / "seeds"):
        manifest = folder / "manifest.json"
        if not manifest.exists():
            continue
        for name, meta in sorted(json.loads(manifest.read_text(encoding="utf-8")).items()):
            path = folder / name
            if path.exists():
                pub = dt.date.fromisoformat(meta["pub_date"]) if meta.get("pub_date") else None
                texts.append((path.read_text(encoding="utf-8"), pub))
    try:
        from ccetl.parse import parse_path

        for p in sorted((SHARED / "devset" / "articles").glob("*.html")):
            texts.append((parse_path(p).text, None))
    except ImportError:
        pass
    out: list[tuple[str, dt.date | None]] = []
    for t, pub in texts:
        padded = _pad(t)
        if padded:
            out.append((padded, pub or dt.date(2023, 6, 1)))
    return out


def corpus(n: int, seed: int) -> list[tuple[str, dt.date | None]]:
    """n synthetic articles (2-5 KB) with the real texts mixed in."""
    from ccetl.synth import generate_texts

    real = _real_texts()
    texts: list[tuple[str, dt.date | None]] = []
    for i, (_doc, text, pub) in enumerate(generate_texts(n, seed)):
        padded = _pad(text)
        if padded:
            texts.append((padded, pub))
        if real and i % 10 == 0:
            texts.append(real[(i // 10) % len(real)])
    return texts[:n] if len(texts) > n else texts


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=3000, help="articles (default 3000)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--no-peer", action="store_true", help="skip quantulum3")
    ap.add_argument("--peer-n", type=int, default=200, help="articles given to the peer (it is slow)")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of the run (slower)")
    args = ap.parse_args(argv)

    w0, c0 = time.perf_counter(), time.process_time()
    from ccetl.extract import extract

    extract("2021年北京文化产业营业收入1.2万亿元，增长5%。In 2021, revenue rose 5 percent.", dt.date(2022, 1, 1))
    cold_cpu, cold_wall = time.process_time() - c0, time.perf_counter() - w0
    print(f"cold start: import + first extract {cold_cpu * 1000:.0f} ms CPU, {cold_wall * 1000:.0f} ms wall")

    texts = corpus(args.n, args.seed)
    sizes = [len(t.encode("utf-8")) for t, _ in texts]
    print(f"corpus: {len(texts)} articles, {min(sizes) / 1024:.1f}-{max(sizes) / 1024:.1f} KB "
          f"(avg {sum(sizes) / len(sizes) / 1024:.2f} KB)")
    for t, pub in texts[:20]:
        extract(t, pub)  # warm up

    prof = None
    if args.profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    rss_1000 = None
    records = 0
    c, w = time.process_time(), time.perf_counter()
    for i, (t, pub) in enumerate(texts, 1):
        records += len(extract(t, pub))
        if i == 1000:
            rss_1000 = _peak_rss_mb()
    cpu, wall = time.process_time() - c, time.perf_counter() - w
    if prof is not None:
        import pstats

        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    n = len(texts)
    kb = sum(sizes) / 1024
    rate = n / cpu
    print(f"ccetl extract: {rate:.0f} articles/s CPU ({n / wall:.0f} wall), {kb / cpu:.0f} KB/s CPU, "
          f"{cpu / n * 1000:.2f} ms/article CPU, {records} records")
    if rss_1000 is not None:
        print(f"peak RSS: {rss_1000:.0f} MB after 1000 articles, {_peak_rss_mb():.0f} MB after {n}")
    print(f"bar (issue 3): 500 articles/s on one core: {'met' if rate >= 500 else 'NOT met'} (CPU time)")

    if args.no_peer:
        return 0
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "classifier dependencies not installed"
            from quantulum3 import parser as q3
    except ImportError:
        print("peer: quantulum3 not installed")
        return 0
    q3.parse("warm up 5 percent")
    sub = texts[: min(n, args.peer_n)]
    c = time.process_time()
    found = 0
    for t, _ in sub:
        with contextlib.suppress(Exception):  # the peer chokes on some Chinese text; count it as done
            found += len(q3.parse(t))
    qcpu = time.process_time() - c
    qrate = len(sub) / qcpu
    print(f"peer quantulum3.parse: {qrate:.0f} articles/s CPU on the first {len(sub)} ({found} quantities); "
          f"ccetl extract / quantulum3 = {rate / qrate:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
