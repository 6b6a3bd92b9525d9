#!/usr/bin/env python3
"""Score the indicator extractor on the seeds, our own regression suite and the devset.

    .venv/bin/python tests/extract/score_devset.py [seeds|own|devset|devset_all|unseen|holdout|final|blind|check|measure|all] [-v] [--speed]

"devset" leaves out the three table pages (10, 11, 23: issue 9); "devset_all"
scores all 25 pages through extract_article (prose + table records).

Uses ../shared/contract/score.py (imported from its file, so the matching
rules are exactly the contract's). The devset runs parse_path on each page
and passes the manifest's pub_date, like `ccetl extract --pub-date`.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEVSET = SHARED / "devset"
OWN = ROOT / "tests" / "fixtures" / "extract"
# HTML pages with hand-written gold, each set written apart from the extractor's
# output by a different author: each was a held-out estimate once, then used to
# fix failures by general rules
UNSEEN = ROOT / "tests" / "fixtures" / "unseen"
HOLDOUT = ROOT / "tests" / "fixtures" / "holdout"
FINAL = ROOT / "tests" / "fixtures" / "final"
BLIND = ROOT / "tests" / "fixtures" / "blind"
CHECK = ROOT / "tests" / "fixtures" / "check"
MEASURE = ROOT / "tests" / "fixtures" / "measure"
HTML_SETS = {"unseen": UNSEEN, "holdout": HOLDOUT, "final": FINAL, "blind": BLIND, "check": CHECK, "measure": MEASURE}
TABLE_PAGES = ("10-", "11-", "23-")


def load_scorer() -> ModuleType | None:
    path = SHARED / "contract" / "score.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("contract_score", path)
    if spec is None or spec.loader is None:
        return None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _load_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def predict_txt_dir(folder: Path) -> list[dict[str, Any]]:
    from ccetl.extract import extract

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    preds: list[dict[str, Any]] = []
    for name, meta in sorted(manifest.items()):
        text = (folder / name).read_text(encoding="utf-8")
        pub = dt.date.fromisoformat(meta["pub_date"]) if meta.get("pub_date") else None
        for r in extract(text, published=pub, lang=meta.get("lang"), doc=name, title=meta.get("title")):
            preds.append(r.to_dict())
    return preds


def predict_devset(skip_tables: bool = True, folder: Path = DEVSET) -> list[dict[str, Any]]:
    from dataclasses import replace

    from ccetl.extract import extract_article
    from ccetl.parse import parse_path

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    preds: list[dict[str, Any]] = []
    for name, meta in sorted(manifest.items()):
        if skip_tables and Path(name).name.startswith(TABLE_PAGES):
            continue
        art = parse_path(folder / name)
        pub = dt.date.fromisoformat(meta["pub_date"]) if meta.get("pub_date") else art.published
        art = replace(art, published=pub, doc=name)
        preds.extend(r.to_dict() for r in extract_article(art))
    return preds


def devset_gold(skip_tables: bool = True) -> list[dict[str, Any]]:
    gold = _load_jsonl(DEVSET / "gold.jsonl")
    if skip_tables:
        gold = [g for g in gold if not Path(g["doc"]).name.startswith(TABLE_PAGES)]
    return gold


def run(which: str) -> dict[str, Any] | None:
    scorer = load_scorer()
    if scorer is None:
        return None
    if which == "seeds":
        return dict(scorer.score(_load_jsonl(SEEDS / "gold.jsonl"), predict_txt_dir(SEEDS)))
    if which == "own":
        return dict(scorer.score(_load_jsonl(OWN / "gold.jsonl"), predict_txt_dir(OWN)))
    if which == "devset":
        return dict(scorer.score(devset_gold(), predict_devset()))
    if which == "devset_all":  # with the table pages (tables come from ccetl.extract.tables)
        return dict(scorer.score(devset_gold(skip_tables=False), predict_devset(skip_tables=False)))
    if which in HTML_SETS:
        folder = HTML_SETS[which]
        if not (folder / "gold.jsonl").exists():
            return None
        return dict(scorer.score(_load_jsonl(folder / "gold.jsonl"), predict_devset(skip_tables=False, folder=folder)))
    raise ValueError(which)


def _show(name: str, res: dict[str, Any], verbose: bool) -> None:
    n, r = res["number"], res["record"]
    print(f"{name:7s} gold {res['gold']:4d} pred {res['predicted']:4d}  number F1 {n['f1']:.3f} "
          f"(P {n['precision']:.3f} R {n['recall']:.3f})  record F1 {r['f1']:.3f}")
    print("        " + "  ".join(f"{a} {v:.3f}" for a, v in res["attribute_accuracy"].items()))
    if verbose:
        for g in res["missed"]:
            print(f"  missed {g['doc']}: {g['value']} {g['unit']} {g.get('measure')} {g.get('metric')} "
                  f"| {str(g.get('quote', ''))[:90]}")
        for p in res["extra"]:
            print(f"  extra  {p.get('doc')}: {p.get('value')} {p.get('unit')} {p.get('measure')} {p.get('metric')} "
                  f"| {str(p.get('quote', ''))[:90]}")


def speed() -> None:
    """Articles per second (CPU time) over the devset pages' cleaned texts, seeds and our suite."""
    import time

    from ccetl.extract import extract

    texts = [(OWN / n).read_text(encoding="utf-8") for n in json.loads((OWN / "manifest.json").read_text())]
    texts += [(SEEDS / n).read_text(encoding="utf-8") for n in json.loads((SEEDS / "manifest.json").read_text())]
    try:
        from ccetl.parse import parse_path

        texts += [parse_path(p).text for p in sorted((DEVSET / "articles").glob("*.html"))]
    except ImportError:
        pass
    texts = [t for t in texts if t.strip()]
    for t in texts:
        extract(t, dt.date(2023, 1, 1))
    n, kb = 0, 0.0
    c = time.process_time()
    for _ in range(5):
        for t in texts:
            extract(t, dt.date(2023, 1, 1))
            n += 1
            kb += len(t.encode("utf-8")) / 1024
    cpu = time.process_time() - c
    print(f"speed   {n / cpu:.0f} articles/s, {kb / cpu:.0f} KB/s (CPU time, {len(texts)} texts, "
          f"avg {kb / n:.1f} KB)")


def main(argv: list[str]) -> int:
    which = [a for a in argv[1:] if not a.startswith("-")] or ["all"]
    verbose = "-v" in argv
    if "--speed" in argv:
        speed()
    sets = ["seeds", "own", "devset", "devset_all", *HTML_SETS] if which == ["all"] else which
    for name in sets:
        res = run(name)
        if res is None:
            print(f"{name}: ../shared/contract/score.py or the set's gold not found")
            continue
        _show(name, res, verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
