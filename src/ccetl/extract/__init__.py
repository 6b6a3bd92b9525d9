"""extract stage: article text -> indicator records (../shared/contract/indicators.md).

    extract(text, published=None, lang=None, doc="", title=None) -> list[Indicator]
    extract_article(article) -> list[Indicator]

Numbers come from ccetl.extract.quantities.find_quantities; attribution
(measure, metric, sector, region, period, kind, bound, subject, conversions)
is in ccetl.extract.records.
"""

from __future__ import annotations

import datetime as dt

from ccetl.models import Article, Indicator

EXTRACTOR_VERSION = "0.3.0"

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_article"]

# Texts longer than this are cut (a cleaned article is a few KB; a 10 MB blob
# is junk and is not worth scanning in full).
MAX_CHARS = 2_000_000


def extract(text: str, published: dt.date | None = None, lang: str | None = None, doc: str = "",
            title: str | None = None) -> list[Indicator]:
    """Indicator records of one article's cleaned text; offsets index into `text`."""
    if not text or not text.strip():
        return []
    from ccetl.extract.quantities import find_quantities
    from ccetl.extract.records import build_records

    work = text if len(text) <= MAX_CHARS else text[:MAX_CHARS]
    if "\x00" in work[:4096] or _junk_ratio(work) > 0.3:
        return []
    quantities = find_quantities(work, lang)
    return build_records(work, quantities, published=published, lang=lang, doc_name=doc, title=title)


def extract_article(article: Article) -> list[Indicator]:
    """Indicator records of a parsed article (its text, published, lang, title, doc)."""
    return extract(article.text, published=article.published, lang=article.lang, doc=article.doc,
                   title=article.title)


def _junk_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\r\t"))
    return bad / len(sample)
