"""Exact and near-duplicate detection; syndicated copies linked to one original."""

from __future__ import annotations

import datetime as dt
import hashlib

from ccetl.models import Article
from ccetl.parse import parse_html
from ccetl.parse.dedup import content_hash, find_duplicates, link_duplicates, near_duplicate_key, similarity

EN = (
    "Cultural and related enterprises above the designated size in China generated operating revenue of "
    "5,438 billion yuan in the first half of 2021, the National Bureau of Statistics said. On a comparable basis, "
    "revenue was 30.4 percent higher than in the same period last year. The figure comes from a survey of 63,000 "
    "such enterprises across the country, and the two-year average growth rate was 11.1 percent."
)
ZH = "广东规模以上文化及相关产业企业实现营业收入2.25万亿元，同比增长6.0%，占全国的比重为17.36%，文化产业规模总量已连续20年保持全国第一。"


def _art(doc: str, text: str, day: int | None = None) -> Article:
    return Article(
        doc=doc,
        text=text,
        published=dt.date(2021, 8, day) if day else None,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def test_hashes() -> None:
    assert content_hash(EN) == hashlib.sha256(EN.encode()).hexdigest()
    assert near_duplicate_key(EN) == near_duplicate_key(EN.upper().replace(",", " ,  "))
    assert near_duplicate_key(EN) != near_duplicate_key(EN + " More.")


def test_similarity() -> None:
    assert similarity(EN, EN) == 1.0
    edited = EN.replace("the National Bureau of Statistics said", "NBS data showed") + " (Xinhua)"
    assert similarity(EN, edited) > 0.6
    assert similarity(EN, ZH) < 0.05


def test_link_duplicates_to_earliest_original() -> None:
    original = _art("a", EN, day=27)
    exact = _art("b", EN, day=28)
    repost = _art("c", "Reposted from China Daily. " + EN + " Editor: Li.", day=29)
    other = _art("d", ZH * 3, day=27)
    zh_copy = _art("e", "来源：南方网 " + ZH * 3, day=30)
    links = link_duplicates([repost, exact, other, original, zh_copy])
    assert links == {"b": "a", "c": "a", "e": "d"}
    found = {link.doc: link for link in find_duplicates([original, exact])}
    assert found["b"].exact and found["b"].similarity == 1.0


def test_parsed_pages_of_the_same_story_are_linked() -> None:
    page1 = f"<html><body><div class='nav'><a href='/'>Home</a></div><div class='article'><p>{EN}</p></div></body></html>"
    page2 = (
        f"<html><body><div class='content'><h1>Culture</h1><p>{EN}</p><p>Share this</p></div></body></html>"
    )
    a = parse_html(page1, doc="one.html")
    b = parse_html(page2, doc="two.html")
    assert link_duplicates([a, b]) in ({"two.html": "one.html"}, {"one.html": "two.html"})
