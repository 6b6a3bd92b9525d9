"""Sentence and clause segmentation with offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    para: int = 0


_ABBREV = {
    "mr", "mrs", "ms", "dr", "no", "nos", "st", "co", "ltd", "inc", "vs", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "gov", "prof", "approx", "est", "fig",
    "e.g", "i.e", "u.s", "u.k", "a.m", "p.m", "etc", "jr", "sr", "corp", "dept", "mt", "rep",
}
# An end of sentence: CJK full stop / ! / ? (plus closing quotes), or a Latin
# [.!?] followed by space and a capital, digit, quote or CJK character.
_ZH_END = re.compile(r"[。！？!?]+[”’」』）)\"']*|[；;](?=\s*\n)")
_EN_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u3400-\u9fff])")
_NL = re.compile(r"\n\s*")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


def _is_abbrev(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    w = m.group(1).lower().rstrip(".")
    if w in _ABBREV:
        return True
    # single capital initial ("J. Smith") or dotted acronym ("U.S.")
    return len(w) == 1 or (len(w) <= 4 and "." in w)


# The same cuts found in one scan of the whole text instead of one per line:
# no match of these can cross a line break (the lookahead of _EN_END stops at
# one, as it did at the end of the line), and the second branch of _ZH_END
# ("；" before a line break) never matched inside a line, so it is left out.
# "[x]+" is written "(?:x|y)[x]*": a pattern opening with a set of literals
# lets `re` skip to candidate characters fast (same matches, half the time).
_ZH_CUT = re.compile(r"(?:。|！|？|!|\?)[。！？!?]*[”’」』）)\"']*")
_EN_CUT = re.compile(r"(?:\.|!|\?)[.!?]*[\"'”’)]*(?=[^\S\n]+[\"'“‘(\[]?[A-Z0-9\u3400-\u9fff])")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _not_abbrev(text: str, dot: int) -> bool:
    """Cheap sure cases of `not _is_abbrev(text, dot)`: no word right before the
    dot, or a word of 7+ ASCII letters (longer than any abbreviation)."""
    c = text[dot - 1] if dot else "\n"
    if c not in _ASCII_LETTERS:
        return c != "." and c != "\n"
    if dot >= 7:
        w = text[dot - 7:dot]
        return w.isascii() and w.isalpha()
    return False


def sentences(text: str) -> list[Span]:
    """Sentences of `text` as spans (leading/trailing blanks trimmed)."""
    out: list[Span] = []
    cuts = [m.end() for m in _ZH_CUT.finditer(text)]
    for m in _EN_CUT.finditer(text):
        d = m.start()
        if text[d] == "." and not _not_abbrev(text, d) and _is_abbrev(text, d):
            continue
        cuts.append(m.end())
    if len(cuts) > 1:
        cuts = sorted(set(cuts))
    nc = len(cuts)
    ci = 0
    # every gap between lines holds a line break: each line is a new paragraph
    # (the first one too when the text starts with a break)
    para = -1
    for bstart, bend in _split_lines(text):
        para += 1 if para >= 0 or bstart == 0 else 2
        while ci < nc and cuts[ci] <= bstart:
            ci += 1
        s = bstart
        while True:
            if ci < nc and cuts[ci] < bend:
                c = cuts[ci]
                ci += 1
            else:
                c = bend
            # trim the blanks around text[s:c] (inlined _trim)
            a, b = s, c
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                out.append(Span(a, b, para))
            if c == bend:
                break
            s = c
    return out


def _split_lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    s = 0
    for m in _NL.finditer(text):
        if m.start() > s:
            out.append((s, m.start()))
        s = m.end()
    if s < len(text):
        out.append((s, len(text)))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


# Clause breaks: CJK commas/semicolons/colons always; Latin ones when followed
# by a space (so "5,438" stays whole); " -- " dashes.
_CLAUSE = re.compile(r"[，；：、]|[,;:](?=\s)|\s--\s|\s—\s|[（(]|[）)]")
_STRONG_CLAUSE = re.compile(r"[，；：]|[,;:](?=\s)|\s--\s|\s—\s")


# The same patterns without the dash branches, each branch opening with a
# literal (fast to scan): used when the span holds no "--" or "—", where the
# dash branches cannot match.
_CLAUSE_NO_DASH = re.compile(r"，|；|：|、|,(?=\s)|;(?=\s)|:(?=\s)|（|\(|）|\)")
_STRONG_CLAUSE_NO_DASH = re.compile(r"，|；|：|,(?=\s)|;(?=\s)|:(?=\s)")


def clauses(text: str, start: int, end: int, strong_only: bool = True) -> list[Span]:
    """Clauses of text[start:end]; with strong_only, 、 and brackets do not split."""
    if text.find("--", start, end) < 0 and text.find("—", start, end) < 0:
        pat = _STRONG_CLAUSE_NO_DASH if strong_only else _CLAUSE_NO_DASH
    else:
        pat = _STRONG_CLAUSE if strong_only else _CLAUSE
    out: list[Span] = []
    s = start
    for m in pat.finditer(text, start, end):
        a, b = m.span()
        if a > s:
            out.append(Span(s, a))
        s = b
    if end > s:
        out.append(Span(s, end))
    return out
