"""The dev set pages: every gold quote in the cleaned text, dates, languages, tables; noise left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ccetl.models import Article
from ccetl.parse import decode_html, parse_path
from ccetl.parse.html import extract

DEVSET = Path(__file__).resolve().parents[3] / "shared" / "devset"
MIN_QUOTE_RATIO = 0.98  # 146/146 at the time of writing (2 of them once the injected spam is taken out) (144 verbatim + 2 once spam is taken out)
MIN_DATE_RATIO = 0.92  # 24/25

pytestmark = pytest.mark.skipif(not (DEVSET / "gold.jsonl").exists(), reason="../shared/devset not present")


def _ws(s: str) -> str:
    return "".join(s.split())


@pytest.fixture(scope="module")
def parsed() -> dict[str, Article]:
    manifest = json.loads((DEVSET / "manifest.json").read_text(encoding="utf-8"))
    return {doc: parse_path(DEVSET / doc) for doc in manifest}


def _spam(doc: str) -> list[str]:
    """Link texts the cleaner took out as injected spam (gold quotes keep them)."""
    return extract(decode_html((DEVSET / doc).read_bytes())).spam


def test_gold_quotes_in_text(parsed: dict[str, Article]) -> None:
    lines = (DEVSET / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    quotes = {(g["doc"], g["quote"]) for g in (json.loads(line) for line in lines if line)}
    missing = []
    for doc, q in quotes:
        text = _ws(parsed[doc].text)
        if _ws(q) in text:
            continue
        for junk in _spam(doc):
            q = q.replace(junk, "")
        if _ws(q) not in text:
            missing.append((doc, q))
    ratio = 1 - len(missing) / len(quotes)
    assert ratio >= MIN_QUOTE_RATIO, missing[:5]


def test_injected_spam_left_out(parsed: dict[str, Article]) -> None:
    doc = "articles/18-guangdong-culture-2023-seo-injected.html"
    assert _spam(doc) == ["AG超玩会入口"]
    assert "AG超玩会入口" not in parsed[doc].text
    assert "2023年，广东规模以上文化及相关产业企业实现营业收入2.25万亿元" in parsed[doc].text


def test_dates_and_languages(parsed: dict[str, Article]) -> None:
    manifest = json.loads((DEVSET / "manifest.json").read_text(encoding="utf-8"))
    dates_ok = sum(1 for doc, m in manifest.items() if str(parsed[doc].published) == m["pub_date"])
    assert dates_ok / len(manifest) >= MIN_DATE_RATIO
    for doc, m in manifest.items():
        assert parsed[doc].lang == m["lang"], doc


def test_tables_on_table_pages(parsed: dict[str, Article]) -> None:
    for doc, a in parsed.items():
        has_tables = any(k in doc for k in ("/10-", "/11-", "/23-"))
        assert bool(a.tables) == has_tables, doc
        for t in a.tables:
            for row, spans in zip(t.rows, t.cell_spans, strict=True):
                for cell, span in zip(row, spans, strict=True):
                    if span is not None:
                        assert a.text[span[0] : span[1]] == cell


def test_noise_left_out(parsed: dict[str, Article]) -> None:
    noise = ("ICP备", "Copyright", "版权所有", "相关阅读", "Related", "分享到", "Share this", "客服热线")
    for doc, a in parsed.items():
        for n in noise:
            assert n not in a.text, (doc, n)
