"""extract stage: article text -> indicator records (../shared/contract/indicators.md).

    extract(text, published=None, lang=None, doc="", title=None) -> list[Indicator]
    extract_article(article) -> list[Indicator]

Numbers come from ccetl.extract.quantities.find_quantities; attribution
(measure, metric, sector, region, period, kind, bound, subject, conversions)
is in ccetl.extract.records.
"""

from __future__ import annotations

import datetime as dt
import re

from ccetl.models import Article, Indicator

EXTRACTOR_VERSION = "0.4.0"

__all__ = ["EXTRACTOR_VERSION", "extract", "extract_article"]

# Texts longer than this are cut (a cleaned article is a few KB; a 10 MB blob
# is junk and is not worth scanning in full).
MAX_CHARS = 300_000
_BAD_CHARS = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")


def extract(text: str, published: dt.date | None = None, lang: str | None = None, doc: str = "",
            title: str | None = None, site: str | None = None) -> list[Indicator]:
    """Indicator records of one article's cleaned text; offsets index into `text`.

    `site` (the publisher, Article.site) names the place of a page whose body says only
    "全市"/"the province" ("宁波市统计局")."""
    if not text or not text.strip():
        return []
    from ccetl.extract.quantities import find_quantities
    from ccetl.extract.records import build_records

    work = text if len(text) <= MAX_CHARS else text[:MAX_CHARS]
    if "\x00" in work[:4096] or _junk_ratio(work) > 0.3:
        return []
    quantities = find_quantities(work, lang)
    return build_records(work, quantities, published=published, lang=lang, doc_name=doc, title=title, site=site)


def extract_article(article: Article) -> list[Indicator]:
    """Indicator records of a parsed article (its text, published, lang, title, doc).

    When the parser kept data tables, their cells come from ccetl.extract.tables
    (issue 9), merged with the prose records (prose records inside a table's
    text or repeating a table figure are dropped there)."""
    prose = extract(article.text, published=article.published, lang=article.lang, doc=article.doc,
                    title=article.title, site=article.site)
    if not article.tables:
        return prose
    try:
        from ccetl.extract.tables import extract_tables, merge_table_records
    except ImportError:  # the table extractor is optional
        return prose
    try:
        table_records = extract_tables(article, prose=prose)
        return list(merge_table_records(article, prose, table_records))
    except Exception:  # noqa: BLE001 - a bad table must not lose the article's prose records
        return prose


def _junk_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_BAD_CHARS.findall(sample)) / len(sample)
