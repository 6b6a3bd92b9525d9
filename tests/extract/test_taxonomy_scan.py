"""taxonomy.scan() must equal the three Matcher.find calls it replaces, term for term."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from ccetl.extract.taxonomy import (
    Matcher,
    Term,
    _Scanner,
    metric_matcher,
    region_matcher,
    scan,
    sector_matcher,
    tokenize,
)

ROOT = Path(__file__).resolve().parents[2]


def finds(text: str) -> tuple[list[Term], list[Term], list[Term]]:
    """What records._prepare computes today."""
    toks = tokenize(text)
    return (sector_matcher().find(text, tokens=toks), metric_matcher().find(text, tokens=toks),
            region_matcher().find(text, tokens=toks))


TRICKY = [
    "",
    "   ",
    "GDP",
    "gdp rose; the GDP of the US and the U.S. and the U.S.A. grew, us too; USA, U-S-A, u.s.",
    "The city's GDP and the city’s gross domestic product; the city 's economy; the city'seconomy.",
    "The People's Republic of China, the people’s republic of china, Mainland-China, mainland  china",
    "national    economy (four blanks) vs national\u00a0economy vs national\teconomy vs national\r\neconomy",
    "cultural-and-related industries, Cultural and related industry, CULTURAL AND RELATED INDUSTRIES",
    "output value, total output value, annual output-value, gross value added, GVA, gva, IPs, IPS, ips",
    "MICE exhibitions, mice, Mice; HKSAR, YRD, GBA, BRI, OBOR, UK, U K, ROK; the United Kingdom",
    "5G网络 and 5G基站 but 5GHz and 5G网络x and 5G网络5 and 5G基站。",
    "“一带一路”沿线国家的文化产业增加值占GDP比重; 一带一路",
    "北京市文化产业增加值同比增长8%，上海市、广东省、新疆維吾爾自治區、臺灣、香港特別行政區。",
    "文化創意產業營業收入達到1000億元；數字經濟規模；動漫遊戲產業產值。",
    "数字经济digital economy数字经济 GDP国内生产总值GDP",
    "\u212aelvin \u212a and \u0130stanbul GDP output value",  # lowercasing changes length / to ASCII
    "Ministry of Culture and Tourism; ministry of culture; National Bureau of Statistics",
    "the the the country the chinese mainland the Chinese-mainland The Yangtze River Delta",
    "new media, New cultural business formats, new forms of cultural business, each employee",
    "scale of the industry, industry scale, industry-size; on-site deals, on site deals",
    "GDP_growth _GDP GDP2024 2024GDP G.D.P. economy... economy.all sectors",
    "A" * 50 + " GDP " + "x-" * 40 + "output value",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky(text: str) -> None:
    assert scan(text) == finds(text)


def _vocab_words() -> tuple[list[str], list[str]]:
    en: list[str] = []
    zh: list[str] = []
    for m in (sector_matcher(), metric_matcher(), region_matcher()):
        en.extend(" ".join(k) for k in m.ci)
        en.extend(" ".join(k) for k in m.cs)
        zh.extend(t for d in m.cjk.values() for dd in d.values() for t in dd)
    return sorted(set(en)), sorted(set(zh))


_GAPS = [" ", " ", " ", "  ", "   ", "    ", "-", " - ", ".", "'", "’", "'s ", "\u00a0", "\t", "\n",
         "\r\n", ", ", "_", "/", "", "的", "'s"]


def _case(rng: random.Random, w: str) -> str:
    r = rng.random()
    return w.upper() if r < 0.2 else w.title() if r < 0.4 else w


def _random_text(rng: random.Random, en: list[str], zh: list[str]) -> str:
    out: list[str] = []
    for _ in range(rng.randint(1, 40)):
        r = rng.random()
        if r < 0.45:
            toks = rng.choice(en).split(" ")
            # a synonym, maybe cut short, its tokens joined by a random gap
            toks = toks[: rng.randint(1, len(toks))] if rng.random() < 0.3 else toks
            out.append("".join(_case(rng, t) + rng.choice(_GAPS) for t in toks))
        elif r < 0.75:
            w = rng.choice(zh)
            out.append(w[: rng.randint(1, len(w))] if rng.random() < 0.3 else w)
        else:
            out.append(rng.choice(["the", "of", "and", "us", "5", "GHz", "x", "的", "。", "增长", "2024"]))
        out.append(rng.choice(_GAPS))
    return "".join(out)


def test_random_texts() -> None:
    rng = random.Random(7)
    en, zh = _vocab_words()
    for _ in range(1500):
        text = _random_text(rng, en, zh)
        assert scan(text) == finds(text), text


def test_bench_corpus_sample() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from extract_bench import corpus
    finally:
        sys.path.pop(0)
    for text, _ in corpus(60, 11):
        assert scan(text) == finds(text)


def test_find_unchanged_on_slices() -> None:
    # find() with start/end (the title path) is untouched; scan() is whole-text only
    text = "Beijing's GDP grew. 北京市文化产业增加值增长。 The US output value rose."
    s = sector_matcher().find(text, 0, 20)
    assert all(t.end <= 20 for t in s)
    assert scan(text)[2] == region_matcher().find(text)


def test_acronym_against_longer_synonym() -> None:
    # the shipped taxonomy has no token that starts both an acronym and a plain synonym;
    # these vocabularies make them compete (a plain synonym wins only when longer)
    vocabs = [
        {"US": "a-us", "us economy": "a-econ", "U S": "a-u-s", "Trade": "a-trade", "美国": "a-cn"},
        {"us": "b-us", "US": "b-US", "US trade war": "b-war", "USA": "b-usa", "us trade": "b-trade", "GDP": "b-gdp"},
        {"u s trade": "c-trade", "U S": "c-u-s", "u s": "c-us-ci", "US": "c-us", "u": "c-u", "美国经济": "c-cn", "economy": "c-econ"},
    ]
    matchers = tuple(Matcher(v) for v in vocabs)
    sc = _Scanner(matchers)
    rng = random.Random(3)
    words = ["US", "us", "Us", "U", "u", "S", "USA", "usa", "economy", "Economy", "trade", "TRADE", "war",
             "GDP", "gdp", "美国", "美国经济", "the"]
    for _ in range(1500):
        text = "".join(rng.choice(words) + rng.choice(_GAPS) for _ in range(rng.randint(1, 12)))
        assert sc.scan(text) == [m.find(text) for m in matchers], text
