#!/usr/bin/env python3
"""Main-text extraction benchmark: ccetl parse vs trafilatura, side by side, same run.

    .venv/bin/python bench/parse_bench.py [--shared ../shared] [en|zh ...]

Runs ../shared/bench/extraction/score.py once with `ccetl parse --format jsonl`
and once with the reference trafilatura command, then prints F1 and pages/s
for both and their ratios, plus publication-date accuracy on the Chinese
benchmark's eval/date_ground.json (day-exact; month-only labels month-exact).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def score(shared: Path, cmd: str, benches: list[str]) -> dict[str, dict[str, float]]:
    script = shared / "bench" / "extraction" / "score.py"
    proc = subprocess.run(
        [sys.executable, str(script), "--cmd", cmd, *benches],
        capture_output=True,
        text=True,
        cwd=script.parent,
        check=False,
    )
    out: dict[str, dict[str, float]] = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            obj = json.loads(line)
            out[obj["bench"]] = obj
    if proc.returncode or not out:
        print(proc.stderr[-2000:], file=sys.stderr)
    return out


def date_accuracy(shared: Path) -> tuple[int, int]:
    from ccetl.parse import parse_path

    zh = shared / "bench" / "extraction" / "zh"
    ground = json.loads((zh / "eval" / "date_ground.json").read_text(encoding="utf-8"))
    ok = total = 0
    for key, v in ground.items():
        m = re.match(r"(\d{4})(?:[-/.年](\d{1,2}))?(?:[-/.月](\d{1,2}))?", v["articleBody"])
        if not m:
            continue
        total += 1
        want = m.group(1) + "".join(f"-{int(g):02d}" for g in m.groups()[1:] if g)
        got = parse_path(zh / "original" / f"{key}.html").published
        ok += bool(got and got.isoformat().startswith(want))
    return ok, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("benches", nargs="*", default=["en", "zh"])
    args = ap.parse_args(argv)
    ccetl = str(Path(sys.executable).with_name("ccetl"))
    ours = score(args.shared, f"{ccetl} parse --format jsonl", args.benches)
    ref = score(args.shared, f"{sys.executable} reference_trafilatura.py", args.benches)
    print(f"{'bench':6} {'ccetl F1':>9} {'traf F1':>8} {'ccetl p/s':>10} {'traf p/s':>9} {'speed x':>8}")
    for b in args.benches:
        o, r = ours.get(b, {}), ref.get(b, {})
        if "f1" not in o or "f1" not in r:
            print(f"{b:6} error: {o.get('error') or r.get('error')}")
            continue
        print(
            f"{b:6} {o['f1']:9.3f} {r['f1']:8.3f} {o['pages_per_s']:10.1f} {r['pages_per_s']:9.1f} "
            f"{o['pages_per_s'] / r['pages_per_s']:8.2f}"
        )
        if b == "zh":
            print(f"{'zh-chr':6} {o['char_f1']:9.3f} {r['char_f1']:8.3f}")
    if "zh" in args.benches:
        ok, total = date_accuracy(args.shared)
        print(f"zh dates: {ok}/{total} = {ok / total:.3f} right (day, or month where the label has no day)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
