"""Language and script: en, zh-Hans or zh-Hant, from the text's characters."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")

# Common characters whose simplified and traditional forms differ (pairs in the same order).
_SIMP = set(
    "这国会学们来时经发说对与业产为实点区现长问开关车东电书无过还变体机动后进总义当头将并从万应处资务几网样费统计"
    "们间门见观视记话语让认设证试诉该说谁调谈请议读财货质购贸贷费资赛产业层岁历县乡镇乐团园图场报导"
    "营销项额较亿数据统计显示营收增长规划区域旅游艺术传媒设计创意"
)
_TRAD = set(
    "這國會學們來時經發說對與業產為實點區現長問開關車東電書無過還變體機動後進總義當頭將並從萬應處資務幾網樣費統計"
    "們間門見觀視記話語讓認設證試訴該說誰調談請議讀財貨質購貿貸費資賽產業層歲歷縣鄉鎮樂團園圖場報導"
    "營銷項額較億數據統計顯示營收增長規劃區域旅遊藝術傳媒設計創意"
)
_SIMP_ONLY = _SIMP - _TRAD
_TRAD_ONLY = _TRAD - _SIMP
_SIMP_RX = re.compile("[" + "".join(sorted(_SIMP_ONLY)) + "]")
_TRAD_RX = re.compile("[" + "".join(sorted(_TRAD_ONLY)) + "]")


def detect_lang(text: str, hint: str | None = None) -> str | None:
    """'en', 'zh-Hans', 'zh-Hant' or None (no letters at all)."""
    sample = text[:6000]
    cjk = len(_CJK.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cjk == 0 and latin == 0:
        return _norm_hint(hint)
    # CJK characters carry about 3 Latin letters of content each.
    if cjk * 3 >= latin * 0.5 and cjk >= 5:
        s = len(_SIMP_RX.findall(sample))
        t = len(_TRAD_RX.findall(sample))
        if t > s:
            return "zh-Hant"
        if s > t:
            return "zh-Hans"
        h = _norm_hint(hint)
        if h in ("zh-Hans", "zh-Hant"):
            return h
        return "zh-Hans"
    return "en"


def _norm_hint(hint: str | None) -> str | None:
    if not hint:
        return None
    h = hint.strip().lower().replace("_", "-")
    if h.startswith("en"):
        return "en"
    if h in ("zh-hant", "zh-tw", "zh-hk", "zh-mo") or h.startswith("zh-hant"):
        return "zh-Hant"
    if h.startswith("zh"):
        return "zh-Hans"
    return None
