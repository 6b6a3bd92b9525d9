"""Taxonomy matchers: sectors, metrics and regions from config/taxonomy/*.yaml.

Each vocabulary is compiled once (module-level cache) into one regular
expression whose alternatives are sorted longest first, so a scan finds the
longest synonym at each position. English synonyms match case-insensitively on
word boundaries, except all-capital acronyms (GDP, US, IPs) which match as
written; Chinese synonyms match anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from pathlib import Path
from typing import Any

import yaml

TAXONOMY_DIR = Path(__file__).resolve().parents[3] / "config" / "taxonomy"


@dataclass(frozen=True, slots=True)
class Term:
    """One taxonomy mention found in text."""

    start: int
    end: int
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    level: str
    parent: str | None


_CJK = re.compile(r"[\u3400-\u9fff]")
_WS = re.compile(r"[\s-]+")


def _norm(s: str) -> str:
    return _WS.sub(" ", s.lower()).strip()


def _is_acronym(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= max(2, len(letters) - 1) and len(s) <= 8


_TOKEN = re.compile(r"[A-Za-z0-9]+")
_ASCII_LOWER = {i: i + 32 for i in range(65, 91)}


def _tokens(s: str) -> list[str]:
    return _TOKEN.findall(s)


class Tokens:
    """The Latin/digit tokens of a text: spans, as written, lowercased (parallel lists)."""

    __slots__ = ("spans", "origs", "lows")

    def __init__(self, spans: list[tuple[int, int]], origs: list[str], lows: list[str]) -> None:
        self.spans = spans
        self.origs = origs
        self.lows = lows

    def __len__(self) -> int:
        return len(self.spans)


def tokenize(text: str, start: int = 0, end: int | None = None) -> Tokens:
    """The Latin/digit tokens of text[start:end] (offsets into text)."""
    end = len(text) if end is None else end
    spans = [m.span() for m in _TOKEN.finditer(text, start, end)]
    origs = _TOKEN.findall(text, start, end)
    low = text.lower()
    # the tokens of the lowercased text are the lowercased tokens unless a character
    # changes length or becomes ASCII when lowercased (KELVIN SIGN -> k)
    if len(low) == len(text) and "\u212a" not in text:
        lows = _TOKEN.findall(low, start, end)
    else:
        lows = [w.lower() for w in origs]
    return Tokens(spans, origs, lows)


def _trie_regex(words: list[str]) -> str:
    """A regex matching any of the words, longest first at each position, built from their trie."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:  # type: ignore[type-arg]
        end = "" in node
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


class Matcher:
    """Longest-match scanner over a {synonym: code} vocabulary.

    Chinese (and mixed) synonyms are looked up by their first character and
    length; English synonyms as token n-grams (case-insensitive, hyphens and
    spaces alike), all-capital acronyms as case-sensitive n-grams. One pass
    over the text, no per-synonym regex.
    """

    def __init__(self, vocab: dict[str, str]) -> None:
        self.cjk: dict[str, dict[int, dict[str, str]]] = {}  # first char -> length -> {term: code}
        self.ci: dict[tuple[str, ...], str] = {}
        self.cs: dict[tuple[str, ...], str] = {}
        self.ci_max: dict[str, int] = {}
        self.cs_max: dict[str, int] = {}
        for syn, code in vocab.items():
            syn = syn.strip()
            if not syn:
                continue
            if _CJK.search(syn):
                self.cjk.setdefault(syn[0], {}).setdefault(len(syn), {}).setdefault(syn, code)
                continue
            toks = tuple(_tokens(syn))
            if not toks:
                continue
            if _is_acronym(syn):
                self.cs.setdefault(toks, code)
                self.cs_max[toks[0]] = max(self.cs_max.get(toks[0], 0), len(toks))
            else:
                low = tuple(t.lower() for t in toks)
                self.ci.setdefault(low, code)
                self.ci_max[low[0]] = max(self.ci_max.get(low[0], 0), len(low))
        # every prefix (as a token tuple) of a synonym, for the forward walk in find()
        self.ci_pre = {k[:j] for k in self.ci for j in range(1, len(k) + 1)}
        self.cs_pre = {k[:j] for k in self.cs for j in range(1, len(k) + 1)}
        cjk_terms = sorted((t for d in self.cjk.values() for dd in d.values() for t in dd), key=len, reverse=True)
        # a trie of the literals as one regex; greedy branches give the longest match at a position
        self.cjk_re = re.compile(_trie_regex(cjk_terms)) if cjk_terms else None

    def code_of(self, s: str) -> str | None:
        if _CJK.search(s):
            d = self.cjk.get(s[:1], {}).get(len(s), {})
            return d.get(s)
        toks = tuple(_tokens(s))
        return self.cs.get(toks) or self.ci.get(tuple(t.lower() for t in toks))

    def find(self, text: str, start: int = 0, end: int | None = None,
             tokens: Tokens | None = None) -> list[Term]:
        """Mentions in text[start:end]; `tokens` (from tokenize(text)) saves re-tokenizing."""
        end = len(text) if end is None else end
        found: list[Term] = []
        if self.cjk_re is not None and _CJK.search(text, start, end):
            n_text = len(text)
            for m in self.cjk_re.finditer(text, start, end):
                i, j = m.start(), m.end()
                piece = m.group(0)
                # an ASCII term glued to letters ("5G" in "5GHz") is not a mention
                if piece[-1].isascii() and piece[-1].isalnum() and j < n_text and text[j].isascii() \
                        and text[j].isalpha():
                    continue
                code = self.cjk[piece[0]][len(piece)].get(piece)
                if code is not None:
                    found.append(Term(i, j, code, piece))
        if self.ci or self.cs:
            if tokens is None or start != 0 or end != len(text):
                tokens = tokenize(text, start, end)
            toks = tokens.spans
            n = len(toks)
            ci_max, cs_max = self.ci_max, self.cs_max
            lows, origs = tokens.lows, tokens.origs
            if cs_max:
                starts = [i for i in range(n) if lows[i] in ci_max or origs[i] in cs_max]
            else:
                starts = [i for i, w in enumerate(lows) if w in ci_max]
            next_free = 0
            cs, ci, cs_pre, ci_pre = self.cs, self.ci, self.cs_pre, self.ci_pre
            contiguous = self._contiguous
            for i in starts:
                if i < next_free:
                    continue
                # the longest synonym at i: walk forward while the n-gram is a synonym's prefix;
                # a case-insensitive synonym wins over an acronym only when longer
                best_k, best_code = 0, ""
                kmax = cs_max.get(origs[i])
                if kmax:
                    key: tuple[str, ...] = ()
                    for j in range(i, min(i + kmax, n)):
                        key += (origs[j],)
                        if key not in cs_pre:
                            break
                        code = cs.get(key)
                        if code is not None and (j == i or contiguous(text, toks, i, j - i + 1)):
                            best_k, best_code = j - i + 1, code
                kmax = ci_max.get(lows[i])
                if kmax:
                    key = ()
                    for j in range(i, min(i + kmax, n)):
                        key += (lows[j],)
                        if key not in ci_pre:
                            break
                        code = ci.get(key)
                        if code is not None and j - i + 1 > best_k and (j == i or contiguous(text, toks, i, j - i + 1)):
                            best_k, best_code = j - i + 1, code
                if best_k:
                    a, b = toks[i][0], toks[i + best_k - 1][1]
                    found.append(Term(a, b, best_code, text[a:b]))
                    next_free = i + best_k
        if not found:
            return found
        found.sort(key=lambda t: (t.start, -(t.end - t.start)))
        out: list[Term] = []
        last_end = -1
        for t in found:
            if t.start >= last_end:
                out.append(t)
                last_end = t.end
        return out

    @staticmethod
    def _contiguous(text: str, toks: list[tuple[int, int]], i: int, k: int) -> bool:
        """Tokens i..i+k-1 separated only by blanks or hyphens (or "'s" glue)."""
        for j in range(i, i + k - 1):
            gap = text[toks[j][1]:toks[j + 1][0]]
            if gap and gap.strip(" -\u00a0\t\n") != "" and gap not in (".", "'", "’", "'s ", "’s "):
                return False
            if len(gap) > 3:
                return False
        return True


def _load(name: str) -> list[dict[str, Any]]:
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(TAXONOMY_DIR / name, encoding="utf-8") as f:
        data = yaml.load(f, Loader=loader)  # noqa: S506 - a safe loader
    return list(data or [])


def _vocab_of(entries: list[dict[str, Any]]) -> dict[str, str]:
    vocab: dict[str, str] = {}
    for e in entries:
        code = str(e["code"])
        syns = e.get("synonyms") or {}
        names = [e.get("en"), e.get("zh")]
        for lang_syns in syns.values():
            names.extend(lang_syns or [])
        for n in names:
            if n and str(n) not in vocab:
                vocab[str(n)] = code
    return vocab


@lru_cache(maxsize=1)
def sector_entries() -> list[dict[str, Any]]:
    return _load("sectors.yaml")


@lru_cache(maxsize=1)
def metric_entries() -> list[dict[str, Any]]:
    return _load("metrics.yaml")


@lru_cache(maxsize=1)
def region_entries() -> list[dict[str, Any]]:
    return _load("regions.yaml")


@lru_cache(maxsize=1)
def sector_matcher() -> Matcher:
    return Matcher(_vocab_of(sector_entries()))


@lru_cache(maxsize=1)
def metric_matcher() -> Matcher:
    vocab = _vocab_of(metric_entries())
    # "No." as a rank cue is handled by the rank grammar; as a synonym it
    # would also match inside other words.
    vocab.pop("No.", None)
    return Matcher(vocab)


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    return {
        str(e["name"]): Region(str(e["name"]), str(e.get("level") or ""), e.get("parent"))
        for e in region_entries()
    }


@lru_cache(maxsize=1)
def region_matcher() -> Matcher:
    vocab: dict[str, str] = {}
    for e in region_entries():
        name = str(e["name"])
        names: list[Any] = [name, e.get("zh"), e.get("zh_hant")]
        names.extend(e.get("aliases") or [])
        for n in names:
            if n and str(n) not in vocab:
                vocab[str(n)] = name
        zh = str(e.get("zh") or "")
        # 上海市 -> 上海, 山西省 -> 山西, 静安区 -> 静安 (if the short form is 2+ chars)
        for suffix in ("市", "省", "区", "县", "自治区", "特别行政区", "維吾爾自治區"):
            if zh.endswith(suffix) and len(zh) - len(suffix) >= 2:
                short = zh[: -len(suffix)]
                vocab.setdefault(short, name)
    return Matcher(vocab)


def sector_codes() -> set[str]:
    return {str(e["code"]) for e in sector_entries()}


def metric_codes() -> set[str]:
    return {str(e["code"]) for e in metric_entries()}


def region_names() -> set[str]:
    return set(regions())


def sector_parent(code: str) -> str | None:
    for e in sector_entries():
        if e["code"] == code:
            p = e.get("parent")
            return str(p) if p else None
    return None


# ---------------------------------------------------------------------------
# scan(): the three vocabularies in one pass (same results as the three finds)
# ---------------------------------------------------------------------------

# the tokens and the gaps between them in one C-level call: gap, tok, gap, tok, ..., gap
_TOKEN_SPLIT = re.compile(r"([A-Za-z0-9]+)")
# the gaps _contiguous accepts besides 1-3 blanks/hyphens
_GLUE = frozenset((".", "'", "’", "'s ", "’s "))

# Term's frozen-dataclass __init__ goes through object.__setattr__ per field; setting the
# slots directly builds the same object in half the time (scan() makes ~100 per article)
_term_new = Term.__new__
_set_start: Any = Term.__dict__["start"].__set__
_set_end: Any = Term.__dict__["end"].__set__
_set_code: Any = Term.__dict__["code"].__set__
_set_text: Any = Term.__dict__["text"].__set__

# the longest synonym of each vocabulary ending on a trie path: (vocabulary, tokens, code), if any
_Best = tuple[tuple[int, int, str], ...]


class _Node:
    """A node of the merged token trie while it is built."""

    __slots__ = ("children", "codes")

    def __init__(self, nv: int) -> None:
        self.children: dict[str, _Node] = {}
        self.codes: list[str | None] = [None] * nv


# a finished node: (children by token, best along the path from the root or None)
_Frozen = tuple[dict[str, Any], _Best | None]


def _freeze(node: _Node, depth: int, inherited: list[tuple[int, str | None]]) -> _Frozen:
    best = list(inherited)
    for v, code in enumerate(node.codes):
        if code is not None:
            best[v] = (depth, code)
    children = {tok: _freeze(ch, depth + 1, best) for tok, ch in node.children.items()}
    hits = tuple((v, k, code) for v, (k, code) in enumerate(best) if code is not None)
    return children, (hits or None)


def _gap_ok(gap: str) -> bool:
    """Matcher._contiguous for one gap (a gap between two tokens is never empty)."""
    return len(gap) <= 3 and (gap.strip(" -\u00a0\t\n") == "" or gap in _GLUE)


class _Scanner:
    """The token n-grams of several matchers merged into one trie per case mode.

    Each Matcher walks the tokens on its own; here one walk per candidate token
    reaches the deepest trie node, whose precomputed `best` holds every
    vocabulary's longest synonym there. Each vocabulary then keeps its own
    left-to-right, non-overlapping choice exactly as find() does.
    """

    def __init__(self, matchers: tuple[Matcher, ...]) -> None:
        self.matchers = matchers
        nv = len(matchers)
        roots = (_Node(nv), _Node(nv))  # case-insensitive (lowercased), case-sensitive (acronyms)
        for v, m in enumerate(matchers):
            for table, root in ((m.ci, roots[0]), (m.cs, roots[1])):
                for key, code in table.items():
                    node = root
                    for tok in key:
                        node = node.children.setdefault(tok, _Node(nv))
                    node.codes[v] = code
        none: list[tuple[int, str | None]] = [(0, None)] * nv
        self.ci_root: dict[str, _Frozen] = _freeze(roots[0], 0, none)[0]
        self.cs_root: dict[str, _Frozen] = _freeze(roots[1], 0, none)[0]
        self.ci_first = frozenset(self.ci_root)
        self.cs_first = frozenset(self.cs_root)
        # CJK literal -> code (what find() reads from Matcher.cjk)
        self.cjk: list[tuple[re.Pattern[str], dict[str, str]] | None] = [
            (m.cjk_re, {t: c for d in m.cjk.values() for dd in d.values() for t, c in dd.items()})
            if m.cjk_re is not None else None
            for m in matchers
        ]

    def scan(self, text: str) -> list[list[Term]]:
        nv = len(self.matchers)
        out: list[list[Term]] = [[] for _ in range(nv)]
        parts = _TOKEN_SPLIT.split(text)
        origs = parts[1::2]
        n = len(origs)
        if n:
            # tokens are ASCII: lowercasing them joined equals tokenize()'s lows
            lows = "\n".join(origs).lower().split("\n")
            # candidate starts without a Python loop over all tokens
            cands = list(compress(range(n), map(self.ci_first.__contains__, lows)))
            if self.cs_first:
                cs_cands = list(compress(range(n), map(self.cs_first.__contains__, origs)))
                if cs_cands:
                    cands = sorted(set(cands).union(cs_cands))
            if cands:
                self._tokens(text, parts, origs, lows, cands, out)
        if _CJK.search(text):
            for v, cjk in enumerate(self.cjk):
                if cjk is not None:
                    out[v] = self._merge_cjk(cjk[0], cjk[1], text, out[v])
        return out

    def _tokens(self, text: str, parts: list[str], origs: list[str], lows: list[str],
                cands: list[int], out: list[list[Term]]) -> None:
        offs = list(accumulate(map(len, parts)))  # offs[2i], offs[2i+1]: start, end of token i
        n = len(origs)
        ci_get, cs_get = self.ci_root.get, self.cs_root.get
        next_free = [0] * len(self.matchers)
        term_new, set_start, set_end, set_code, set_text = _term_new, _set_start, _set_end, _set_code, _set_text
        for i in cands:
            best = self._walk(ci_get(lows[i]), lows, parts, i, n)
            cs_best = self._walk(cs_get(origs[i]), origs, parts, i, n)
            if cs_best is not None:
                if best is None:
                    best = cs_best
                else:
                    # a case-insensitive synonym wins over an acronym only when longer
                    merged = {v: (v, k, code) for v, k, code in cs_best}
                    for hit in best:
                        if hit[1] > merged.get(hit[0], (0, 0))[1]:
                            merged[hit[0]] = hit
                    best = tuple(sorted(merged.values()))
            if best is None:
                continue
            a = offs[2 * i]
            for v, k, code in best:
                if i >= next_free[v]:
                    b = offs[2 * (i + k) - 1]
                    t = term_new(Term)
                    set_start(t, a)
                    set_end(t, b)
                    set_code(t, code)
                    set_text(t, text[a:b])
                    out[v].append(t)
                    next_free[v] = i + k

    @staticmethod
    def _walk(node: _Frozen | None, toks: list[str], parts: list[str], i: int, n: int) -> _Best | None:
        """The hits of the deepest trie node reached from token i (node: token i's child of the root).

        Walks while the n-gram is a synonym prefix and the gaps are contiguous (contiguity only
        gets worse further on, so stopping there loses nothing)."""
        if node is None:
            return None
        children, best = node
        j = i
        while children:
            j += 1
            if j >= n:
                break
            node = children.get(toks[j])
            if node is None:
                break
            gap = parts[2 * j]
            if gap != " " and not _gap_ok(gap):
                break
            children, best = node
        return best

    @staticmethod
    def _merge_cjk(cjk_re: re.Pattern[str], codes: dict[str, str], text: str,
                   token_terms: list[Term]) -> list[Term]:
        """Matcher.find's CJK pass, then its longest-first, left-to-right merge."""
        found: list[Term] = []
        n_text = len(text)
        term_new, set_start, set_end, set_code, set_text = _term_new, _set_start, _set_end, _set_code, _set_text
        for mt in cjk_re.finditer(text):
            piece = mt.group()
            i, j = mt.span()
            # an ASCII term glued to letters ("5G" in "5GHz") is not a mention
            if piece[-1].isascii() and piece[-1].isalnum() and j < n_text and text[j].isascii() \
                    and text[j].isalpha():
                continue
            code = codes.get(piece)
            if code is not None:
                t = term_new(Term)
                set_start(t, i)
                set_end(t, j)
                set_code(t, code)
                set_text(t, piece)
                found.append(t)
        # each list alone is sorted and non-overlapping, where the merge is the identity
        if not found:
            return token_terms
        if not token_terms:
            return found
        found.extend(token_terms)
        found.sort(key=lambda t: (t.start, -(t.end - t.start)))
        out: list[Term] = []
        last_end = -1
        for t in found:
            if t.start >= last_end:
                out.append(t)
                last_end = t.end
        return out


_scanner: _Scanner | None = None


def scan(text: str) -> tuple[list[Term], list[Term], list[Term]]:
    """(sectors, metrics, regions) mentioned in the whole text.

    Equal to sector/metric/region_matcher().find(text, tokens=tokenize(text)),
    term for term, in about a third of the time: one tokenization (a single
    re.split), one trie walk per candidate token for the three vocabularies,
    and the CJK/token merge sort only when both kinds were found.
    """
    global _scanner
    ms = (sector_matcher(), metric_matcher(), region_matcher())
    sc = _scanner
    # rebuilt when a matcher cache was cleared (e.g. a test swapping the taxonomy)
    if sc is None or any(a is not b for a, b in zip(sc.matchers, ms, strict=True)):
        sc = _scanner = _Scanner(ms)
    s, m, r = sc.scan(text)
    return s, m, r
