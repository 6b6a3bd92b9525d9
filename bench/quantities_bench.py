#!/usr/bin/env python3
"""Quantity recognizer speed: ccetl find_quantities vs quantulum3, side by side, same run.

    .venv/bin/python bench/quantities_bench.py [--shared ../shared] [--repeat N]

Times (CPU time) `ccetl.extract.quantities.find_quantities` in-process on the texts of the
peer suites in ../shared/bench/numbers (cases/s per file) and on the article
fixtures under tests/fixtures (ms per KB). If quantulum3 is importable, it is
timed on the English files with the same texts and the ratio is printed.
Accuracy is measured separately by ../shared/bench/numbers/score.py.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ccetl.extract.quantities import find_quantities

ROOT = Path(__file__).resolve().parents[1]
FILES = ["en-number", "en-percent", "en-currency", "zh-number", "zh-percent", "zh-currency"]


def load_texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]


def rate(fn: Callable[[str], Any], texts: list[str], repeat: int) -> float:
    """Cases per second (best of `repeat` runs over all texts)."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for text in texts:
            fn(text)
        best = min(best, time.process_time() - t0)
    return len(texts) / best if best > 0 else float("inf")


def quantulum_parser() -> Callable[[str], Any] | None:
    try:
        from quantulum3 import parser  # type: ignore[import-not-found]
    except Exception:  # noqa: BLE001 - any import failure means "not available"
        return None
    parser.parse("warm up 3 million dollars")
    return parser.parse  # type: ignore[no-any-return]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    numbers = args.shared / "bench" / "numbers"
    q3 = quantulum_parser()

    print(f"{'file':14s} {'cases':>6s} {'ccetl cases/s':>14s} {'quantulum3 cases/s':>19s} {'ratio':>7s}")
    for name in FILES:
        path = numbers / f"{name}.jsonl"
        if not path.exists():
            continue
        texts = load_texts(path)
        lang = "zh" if name.startswith("zh") else "en"
        def ours_fn(s: str, lang: str = lang) -> Any:
            return find_quantities(s, lang)

        ours = rate(ours_fn, texts, args.repeat)
        theirs = ""
        ratio = ""
        if q3 is not None and lang == "en":
            other = rate(q3, texts, 1)
            theirs = f"{other:,.0f}"
            ratio = f"{ours / other:.1f}x"
        print(f"{name:14s} {len(texts):6d} {ours:14,.0f} {theirs:>19s} {ratio:>7s}")

    articles = sorted((ROOT / "tests" / "fixtures").glob("*/*.txt"))
    if articles:
        texts = [p.read_text(encoding="utf-8") for p in articles]
        kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
        best = float("inf")
        for _ in range(args.repeat * 3):
            t0 = time.process_time()
            for text in texts:
                find_quantities(text)
            best = min(best, time.process_time() - t0)
        print(f"\narticles: {len(texts)} files, {kb:.1f} KB: {best * 1000 / kb:.3f} ms per KB "
              f"({kb / best:,.0f} KB/s)")
        if q3 is not None:
            en = [t for t in texts if not any("\u4e00" <= c <= "\u9fff" for c in t[:200])]
            if en:
                ekb = sum(len(t.encode("utf-8")) for t in en) / 1024
                t0 = time.process_time()
                for text in en:
                    find_quantities(text, "en")
                ours_s = time.process_time() - t0
                t0 = time.process_time()
                for text in en:
                    q3(text)
                theirs_s = time.process_time() - t0
                print(f"English articles ({ekb:.1f} KB): ccetl {ours_s * 1000 / ekb:.3f} ms/KB, "
                      f"quantulum3 {theirs_s * 1000 / ekb:.3f} ms/KB, ratio {theirs_s / ours_s:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
