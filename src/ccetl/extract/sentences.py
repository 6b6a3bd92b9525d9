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


def sentences(text: str) -> list[Span]:
    """Sentences of `text` as spans (leading/trailing blanks trimmed)."""
    out: list[Span] = []
    para = 0
    pos = 0
    n = len(text)
    for block in _split_lines(text):
        bstart, bend = block
        if bstart > pos and "\n" in text[pos:bstart]:
            para += 1
        pos = bend
        cuts: list[int] = []
        for m in _ZH_END.finditer(text, bstart, bend):
            cuts.append(m.end())
        for m in _EN_END.finditer(text, bstart, bend):
            if text[m.start()] == "." and _is_abbrev(text, m.start()):
                continue
            cuts.append(m.end())
        cuts = sorted(set(c for c in cuts if bstart < c < bend))
        s = bstart
        for c in [*cuts, bend]:
            a, b = _trim(text, s, min(c, n))
            if b > a:
                out.append(Span(a, b, para))
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


def clauses(text: str, start: int, end: int, strong_only: bool = True) -> list[Span]:
    """Clauses of text[start:end]; with strong_only, 、 and brackets do not split."""
    pat = _STRONG_CLAUSE if strong_only else _CLAUSE
    out: list[Span] = []
    s = start
    for m in pat.finditer(text, start, end):
        if m.start() > s:
            out.append(Span(s, m.start()))
        s = m.end()
    if end > s:
        out.append(Span(s, end))
    return out
