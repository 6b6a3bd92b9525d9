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


class Matcher:
    """Longest-match scanner over a {synonym: code} vocabulary."""

    def __init__(self, vocab: dict[str, str]) -> None:
        self.vocab_ci: dict[str, str] = {}
        self.vocab_cs: dict[str, str] = {}
        ci: list[str] = []
        cs: list[str] = []
        for syn, code in vocab.items():
            syn = syn.strip()
            if not syn:
                continue
            if _CJK.search(syn) or _is_acronym(syn):
                self.vocab_cs[syn] = code
                cs.append(syn)
            else:
                self.vocab_ci.setdefault(_norm(syn), code)
                ci.append(syn)
        parts: list[tuple[int, str]] = []
        for syn in set(cs):
            esc = re.escape(syn)
            if not _CJK.search(syn):
                esc = r"(?<![A-Za-z])" + esc + r"(?![A-Za-z])"
            parts.append((len(syn), f"(?-i:{esc})"))
        for syn in set(ci):
            esc = re.escape(syn).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+")
            parts.append((len(syn), r"(?<![A-Za-z])" + esc + r"(?![A-Za-z])"))
        alts = [p for _, p in sorted(parts, key=lambda t: t[0], reverse=True)]
        self.pattern = re.compile("|".join(alts) if alts else r"(?!x)x", re.IGNORECASE)

    def code_of(self, s: str) -> str | None:
        if s in self.vocab_cs:
            return self.vocab_cs[s]
        return self.vocab_ci.get(_norm(s))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Term]:
        out: list[Term] = []
        end = len(text) if end is None else end
        for m in self.pattern.finditer(text, start, end):
            code = self.code_of(m.group(0))
            if code is not None:
                out.append(Term(m.start(), m.end(), code, m.group(0)))
        return out


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
