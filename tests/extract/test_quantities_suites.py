"""The peer suites of ../shared/bench/numbers through the real `ccetl quantities` CLI protocol.

Pinned minimum pass rates (a little below what the recognizer reaches) so that a
regression fails. Skipped when the shared folder is not there.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
NUMBERS = ROOT.parent / "shared" / "bench" / "numbers"
CCETL = Path(sys.executable).parent / "ccetl"

# file -> minimum pass rate over positive cases
MIN_RATES = {
    "en-number": 0.78,
    "en-percent": 1.0,
    "en-currency": 0.88,
    "zh-number": 0.945,
    "zh-percent": 0.93,
    "zh-currency": 0.96,
    "duckling/duckling-en-number": 0.73,
    "duckling/duckling-zh-number": 0.82,
}

pytestmark = pytest.mark.skipif(not (NUMBERS / "score.py").exists(), reason="../shared/bench/numbers not present")


def _score_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("numbers_score", NUMBERS / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _run_cli(lang: str, texts: list[str]) -> list[list[dict[str, Any]]]:
    cmd = [str(CCETL)] if CCETL.exists() else [sys.executable, "-m", "ccetl.cli"]
    stdin = "".join(t.replace("\r", " ").replace("\n", " ") + "\n" for t in texts)
    proc = subprocess.run(
        [*cmd, "quantities", "--lang", lang], input=stdin, capture_output=True, text=True, encoding="utf-8",
        check=True, timeout=120,
    )
    lines = proc.stdout.splitlines()
    assert len(lines) == len(texts)
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def results() -> dict[str, float]:
    score = _score_module()
    cases: dict[str, list[dict[str, Any]]] = {}
    for name in MIN_RATES:
        path = NUMBERS / f"{name}.jsonl"
        cases[name] = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    rates: dict[str, float] = {}
    for lang in ("en", "zh"):
        names = [n for n in MIN_RATES if f"{lang}-" in n]
        texts = [c["text"] for n in names for c in cases[n]]
        preds = iter(_run_cli(lang, texts))
        for n in names:
            pos = ok = 0
            for case in cases[n]:
                good = score.passes(case, next(preds), Path(n).name, lang)
                if case["expected"]:
                    pos += 1
                    ok += good
            rates[n] = ok / pos
    return rates


@pytest.mark.parametrize("name", list(MIN_RATES))
def test_pass_rate_does_not_regress(results: dict[str, float], name: str) -> None:
    assert results[name] >= MIN_RATES[name], f"{name}: {results[name]:.3f} < {MIN_RATES[name]}"


def test_protocol_item_units() -> None:
    from ccetl.cli.quant_cmds import protocol_item
    from ccetl.extract.quantities import find_quantities

    items = [protocol_item(x) for x in find_quantities("up 0.5 percentage points, 34 cents, the 5th expo", "en")]
    assert [(d["value"], d["unit"]) if d else None for d in items] == [(0.5, "percent"), (34.0, "Cent"), None]
    items = [protocol_item(x) for x in find_quantities("2022年营业收入3亿元", "zh")]
    assert [(d["value"], d["unit"]) if d else None for d in items] == [(2022.0, "count"), (3e8, "CNY")]
