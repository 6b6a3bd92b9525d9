"""Duplicate detection: exact (content hash) and near-duplicate (MinHash over shingles).

    content_hash(text) -> str                      sha256 of the text
    near_duplicate_key(text) -> str                stable key of the normalised text (exact-after-normalisation)
    minhash(text) -> MinHash                       datasketch MinHash over character/word shingles
    similarity(a, b) -> float                      estimated Jaccard similarity of two texts
    link_duplicates(articles, threshold=0.8) -> dict[doc, original doc]

Syndicated copies and reposts differ in page furniture, punctuation and small
edits; the shingles are taken over the normalised text (letters and digits
only, CJK characters one by one, Latin words whole).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from ccetl.models import Article

NUM_PERM = 128
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)


def content_hash(text: str) -> str:
    """sha256 hex digest of the text (Article.content_hash)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; each CJK character is a token."""
    return [t.lower() for t in _TOKEN.findall(text)]


def shingles(text: str, n: int = 5) -> set[str]:
    """Set of n-token shingles of the normalised text."""
    toks = tokens(text)
    if not toks:
        return set()
    if len(toks) <= n:
        return {" ".join(toks)}
    return {" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def near_duplicate_key(text: str) -> str:
    """A key equal for texts that differ only in white space, punctuation and case."""
    return hashlib.sha1(" ".join(tokens(text)).encode("utf-8")).hexdigest()


def minhash(text: str, num_perm: int = NUM_PERM) -> MinHash:
    """MinHash signature of the text's shingles."""
    m = MinHash(num_perm=num_perm)
    sh = shingles(text)
    if sh:
        m.update_batch([s.encode("utf-8") for s in sh])
    return m


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard similarity of the shingle sets of two texts."""
    sa, sb = shingles(a), shingles(b)
    if not sa and not sb:
        return 1.0
    if len(sa) + len(sb) < 2000:
        return len(sa & sb) / len(sa | sb)
    return float(minhash(a).jaccard(minhash(b)))


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    doc: str
    original: str
    similarity: float
    exact: bool


def _order_key(a: Article) -> tuple[dt.date, int, str]:
    # The original is the earliest published; then the longest text; then the doc name.
    return (a.published or dt.date.max, -len(a.text), a.doc)


def find_duplicates(
    articles: Iterable[Article], threshold: float = 0.8, min_tokens: int = 20
) -> list[DuplicateLink]:
    """Link every exact or near duplicate to one original (earliest, else longest)."""
    arts = sorted(articles, key=_order_key)
    links: list[DuplicateLink] = []
    by_hash: dict[str, str] = {}
    by_key: dict[str, str] = {}
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    sigs: dict[str, MinHash] = {}
    shingle_sets: dict[str, set[str]] = {}
    for a in arts:
        h = a.content_hash or content_hash(a.text)
        if h in by_hash:
            links.append(DuplicateLink(a.doc, by_hash[h], 1.0, True))
            continue
        k = near_duplicate_key(a.text)
        if k in by_key:
            links.append(DuplicateLink(a.doc, by_key[k], 1.0, False))
            continue
        sh = shingles(a.text)
        if len(tokens(a.text)) >= min_tokens and a.doc not in sigs:
            m = MinHash(num_perm=NUM_PERM)
            m.update_batch([s.encode("utf-8") for s in sh])
            best: tuple[float, str] | None = None
            for cand in lsh.query(m):
                other = shingle_sets[cand]
                sim = len(sh & other) / len(sh | other) if sh or other else 1.0
                if sim >= threshold and (best is None or sim > best[0]):
                    best = (sim, cand)
            if best is not None:
                links.append(DuplicateLink(a.doc, best[1], round(best[0], 4), False))
                continue
            lsh.insert(a.doc, m)
            sigs[a.doc] = m
            shingle_sets[a.doc] = sh
        by_hash[h] = a.doc
        by_key[k] = a.doc
    return links


def link_duplicates(articles: Sequence[Article], threshold: float = 0.8) -> dict[str, str]:
    """{duplicate doc: original doc} for the exact and near duplicates among articles."""
    return {link.doc: link.original for link in find_duplicates(articles, threshold)}
