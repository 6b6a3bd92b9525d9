"""The quantity recognizer: every number mention in English or Chinese text.

    find_quantities(text, lang=None) -> list[Quantity]

Each mention carries its normalized value and unit: an ISO 4217 code for
money, ``percent``, ``pp`` (percentage points), ``count``, ``rank``, or None
for a number that is none of these (lengths, areas, weights, durations,
multiples). Years are flagged ``is_year`` and ordinals inside names
``is_ordinal``; dates, times, ratios, phone/ICP/ID numbers, URLs, version
strings, footnote markers and technical labels (4K, 5G, 3A, COVID-19) give
nothing. Mentions are sorted, non-overlapping, and ``text[start:end] == span``.

Forms: Arabic digits with separators (1,234.5; 1 234; 12,34,567; full-width
１．０７５３), exponents (1e6, 1.3x10^6), fractions (3/4, 2 1/4); English scale
words and abbreviations (thousand ... trillion, bn, mn, mln, tn, k, m/K with
money, lakh, crore); English number words with fractions and decimals ("one
hundred and sixty-one", "five and a half million", "two thirds", "five point
five"); Chinese numerals (一千二百, 两, 〇, 壹贰叁, 廿, 兆), mixed forms (3.5万亿,
1.2万, 5千万, 3万4000, 500余万, 百余家), 分之 fractions (三分之一; 百分之十三 and
千分之五 as percent); currencies before or after the number (US$, HK$, NT$, ¥,
€, £, RMB, USD ..., 人民币, 新臺幣, 元, 美元, 港幣 ...; cents, 角/毛/分 parts);
percent (%, ‰, percent, per cent, pc, 成, 折), percentage points (percentage
points, pp, 个百分点); counts with measure words (个, 家, 座, 万人次 ...; 打 =
dozen); ranks (13th, No. 7, second-largest, 第13位, 排名第二, 居全国第六位).
Ranges ("3100至3400亿元", "10-15%", "between 2 and 3 billion yuan") let the
first number inherit the scale and unit of the second. Negatives only with a
written minus (-3.5%, 负3.2%, minus five).

How it works: the text is mapped one character to one character (full-width
digits and signs to ASCII, so offsets stay valid); number "cores" are found
by precompiled regexes that start with a digit or a numeral character
(Arabic tokens, Chinese numeral runs, English number words anchored on a
first-letter-grouped alternation); each core is then widened by anchored
matches for a sign or currency before it and a scale, currency, percent or
measure word after it. Prefix and suffix patterns are only tried when the
neighbouring character can start one, which keeps the cost per mention low.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from ccetl.extract.numerals import (
    EN_DENOMS,
    EN_ORDINALS,
    EN_SCALES,
    EN_TENS,
    EN_UNIT_ORDINALS,
    EN_UNITS,
    ZH_DIGIT_CHARS,
    ZH_DIGITS,
    parse_arabic,
    parse_en_number,
    parse_zh,
)
from ccetl.models import Quantity

__all__ = ["find_quantities", "normalize"]

# ------------------------------------------------------------------ text map

_NORM_MAP: dict[str, str] = {chr(0xFF10 + i): str(i) for i in range(10)}
_NORM_MAP.update({
    "．": ".", "％": "%", "＄": "$", "＋": "+", "－": "-", "−": "-", "￥": "¥", "\u00a0": " ", "\u202f": " ",
    "\u2009": " ", "～": "~", "﹪": "%", "／": "/", "＾": "^",
})
_NORM_RE = re.compile("[" + "".join(_NORM_MAP) + "]")


def _norm_char(m: re.Match[str]) -> str:
    return _NORM_MAP[m.group()]


def normalize(text: str) -> str:
    """One-to-one character map (same length): full-width digits/signs to ASCII."""
    # every mapped character is non-ASCII: an ASCII text needs no scan
    if text.isascii() or _NORM_RE.search(text) is None:
        return text
    return _NORM_RE.sub(_norm_char, text)


_CJK = re.compile(r"[\u4e00-\u9fff]")
# The comma comes first so the engine can jump between commas (a literal prefix) instead of
# trying the lookbehind at every position.
_FW_COMMA = re.compile(r"，(?<=[０-９]，)(?=[０-９]{3}(?![０-９]))")


def _fw_commas(orig: str, t: str) -> str:
    """'９，９９９': a full-width comma between full-width digits groups thousands."""
    spots = [m.start() for m in _FW_COMMA.finditer(orig)]
    if not spots:
        return t
    chars = list(t)
    for i in spots:
        chars[i] = ","
    return "".join(chars)

# ------------------------------------------------------------------ currencies

# Alias -> ISO code. Word aliases are matched case-insensitively after a number.
_CUR_WORDS_EN: dict[str, str] = {
    "yuan": "CNY", "chinese yuan": "CNY", "renminbi": "CNY", "rmb": "CNY", "cny": "CNY", "kuai": "CNY",
    "yuan renminbi": "CNY",
    "dollar": "USD", "dollars": "USD", "us dollar": "USD", "us dollars": "USD", "u.s. dollars": "USD",
    "u.s. dollar": "USD", "american dollars": "USD", "usd": "USD",
    "hong kong dollar": "HKD", "hong kong dollars": "HKD", "hk dollars": "HKD", "hk dollar": "HKD", "hkd": "HKD",
    "new taiwan dollar": "TWD", "new taiwan dollars": "TWD", "taiwan dollars": "TWD", "nt dollars": "TWD",
    "twd": "TWD",
    "australian dollar": "AUD", "australian dollars": "AUD", "aud": "AUD",
    "canadian dollar": "CAD", "canadian dollars": "CAD", "cad": "CAD",
    "singapore dollar": "SGD", "singapore dollars": "SGD", "sgd": "SGD",
    "new zealand dollar": "NZD", "new zealand dollars": "NZD", "nzd": "NZD",
    "euro": "EUR", "euros": "EUR", "eur": "EUR",
    "pound": "GBP", "pounds": "GBP", "pound sterling": "GBP", "pounds sterling": "GBP", "sterling": "GBP",
    "british pounds": "GBP", "gbp": "GBP",
    "yen": "JPY", "japanese yen": "JPY", "jpy": "JPY",
    "won": "KRW", "korean won": "KRW", "south korean won": "KRW", "krw": "KRW",
    "rupee": "INR", "rupees": "INR", "indian rupees": "INR", "inr": "INR", "rs": "INR",
    "swiss franc": "CHF", "swiss francs": "CHF", "chf": "CHF",
    "franc": "FRF", "francs": "FRF", "french francs": "FRF",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rub": "RUB",
    "real": "BRL", "reais": "BRL", "brazilian reais": "BRL",
    "peso": "MXN", "pesos": "MXN", "mexican pesos": "MXN", "mxn": "MXN",
    "philippine pesos": "PHP",
    "ringgit": "MYR", "ringgits": "MYR", "malaysian ringgit": "MYR", "malaysian ringgits": "MYR",
    "baht": "THB", "rupiah": "IDR", "dong": "VND", "lira": "TRY", "turkish lira": "TRY",
    "krona": "SEK", "kronor": "SEK", "swedish kronor": "SEK", "sek": "SEK",
    "norwegian kroner": "NOK", "danish kroner": "DKK",
    "rand": "ZAR", "naira": "NGN", "dirham": "AED", "dirhams": "AED", "riyal": "SAR", "riyals": "SAR",
    "shekel": "ILS", "shekels": "ILS", "pataca": "MOP", "patacas": "MOP",
    "pesetas": "ESP", "guilders": "NLG", "dutch guilders": "NLG", "bitcoin": "BTC", "bitcoins": "BTC",
    "btc": "BTC",
    "cent": "USD/100", "cents": "USD/100", "pence": "GBP/100", "penny": "GBP/100", "p": "GBP/100",
}
# Upper-case ISO codes accepted after or before a number (case-sensitive).
_ISO_CODES = [
    "USD", "CNY", "RMB", "EUR", "GBP", "JPY", "HKD", "TWD", "MOP", "KRW", "SGD", "AUD", "CAD", "NZD", "CHF",
    "INR", "RUB", "BRL", "MXN", "THB", "MYR", "IDR", "VND", "PHP", "TRY", "ZAR", "SEK", "NOK", "DKK", "AED",
    "SAR", "BGN", "PLN", "CZK", "HUF", "ILS", "EGP", "NGN", "KES", "PKR", "BDT", "LKR", "UAH", "KZT", "QAR", "KWD",
]

_ISO_SET = frozenset(_ISO_CODES)

_CUR_WORDS_ZH: dict[str, str] = {
    "元人民币": "CNY", "元人民幣": "CNY", "人民币": "CNY", "人民幣": "CNY", "元": "CNY", "圆": "CNY", "圓": "CNY",
    "块钱": "CNY", "塊錢": "CNY", "块": "CNY", "塊": "CNY",
    "美元": "USD", "美金": "USD", "美圆": "USD", "美圓": "USD",
    "港元": "HKD", "港币": "HKD", "港幣": "HKD", "港圆": "HKD",
    "新台币": "TWD", "新台幣": "TWD", "台币": "TWD", "台幣": "TWD", "新臺幣": "TWD", "臺幣": "TWD",
    "澳门元": "MOP", "澳門元": "MOP", "澳门币": "MOP", "澳門幣": "MOP", "澳币": "AUD", "澳幣": "AUD",
    "澳元": "AUD", "欧元": "EUR", "歐元": "EUR", "英镑": "GBP", "英鎊": "GBP", "日元": "JPY", "日圆": "JPY",
    "日圓": "JPY", "日币": "JPY", "日幣": "JPY", "韩元": "KRW", "韓元": "KRW", "韩币": "KRW", "韓幣": "KRW",
    "卢布": "RUB", "盧布": "RUB", "卢比": "INR", "盧比": "INR", "瑞士法郎": "CHF", "法郎": "FRF",
    "加元": "CAD", "加币": "CAD", "加幣": "CAD", "加拿大元": "CAD", "新加坡元": "SGD", "新元": "SGD", "新币": "SGD",
    "泰铢": "THB", "泰銖": "THB", "林吉特": "MYR", "比索": "MXN", "雷亚尔": "BRL", "奈拉": "NGN",
    "兰特": "ZAR", "里拉": "TRY", "越南盾": "VND", "印尼盾": "IDR", "新西兰元": "NZD", "纽元": "NZD",
    "比特币": "BTC", "比特幣": "BTC", "美分": "USD/100", "欧分": "EUR/100",
}

_SYMBOLS: dict[str, str] = {
    "$": "USD", "£": "GBP", "€": "EUR", "¥": "CNY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₿": "BTC",
    "₡": "CRC", "₾": "GEL", "₭": "LAK", "₺": "TRY", "₪": "ILS", "₦": "NGN", "฿": "THB", "₫": "VND",
    "₱": "PHP", "円": "JPY", "¢": "USD/100",
}
# Letters in front of "$": US$, HK$, NT$ ...
_DOLLAR_PREFIX: dict[str, str] = {
    "us": "USD", "u.s.": "USD", "u.s": "USD", "usd": "USD", "hk": "HKD", "hkd": "HKD", "nt": "TWD",
    "c": "CAD", "ca": "CAD", "cad": "CAD", "a": "AUD", "au": "AUD", "aud": "AUD", "s": "SGD", "sg": "SGD",
    "nz": "NZD", "nzd": "NZD", "mex": "MXN", "mx": "MXN", "mxn": "MXN", "r": "BRL", "rmb": "CNY",
}


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _trie(words: list[str] | tuple[str, ...] | set[str]) -> str:
    """The same language as _alt(words), as a prefix tree: 'thirt(?:een|y)' instead of 'thirteen|thirty'.

    The engine then compares each character once instead of trying every alternative in turn.
    Longer words are still tried first (a greedy '?' after a word that has longer extensions), so
    with backtracking the match order equals _alt's longest-first order.
    """
    root: dict[str, Any] = {}
    for w in set(words):
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + (")?" if "" in node else ")")

    return emit(root)


# ------------------------------------------------------------------ scales

_EN_SCALE_WORDS: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "hundred": 1e2,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7, "dozen": 12.0, "dozens": 12.0,
    "bn": 1e9, "mn": 1e6, "mln": 1e6, "bln": 1e9, "tln": 1e12, "trn": 1e12, "tn": 1e12, "mil": 1e6, "mio": 1e6, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9,
}
_ZH_SCALE_WORDS: dict[str, float] = {
    "万亿": 1e12, "萬億": 1e12, "千亿": 1e11, "千億": 1e11, "百亿": 1e10, "百億": 1e10, "十亿": 1e9,
    "十億": 1e9, "千万": 1e7, "千萬": 1e7, "百万": 1e6, "百萬": 1e6, "十万": 1e5, "十萬": 1e5,
    "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "千": 1e3, "百": 1e2,
}

# ------------------------------------------------------------------ regexes

_ZH_NUM_CHARS = ZH_DIGIT_CHARS + "十拾百佰千仟万萬亿億廿卅"
_ZH_NUM_SET = frozenset(_ZH_NUM_CHARS)
_ARABIC = re.compile(
    r"\d(?:\d{0,2}(?: \d{3})+(?!\d)(?:\.\d+)?|\d*(?:[.,]\d+)*)"
    r"(?:[eE][+-]?\d+(?![A-Za-z0-9])|\^[+-]{0,2}\d{1,3}(?!\d)|\s?[x×]\s?10\^[+-]?\d{1,3}(?!\d))?"
)
# The same pattern for ASCII texts, compiled with re.ASCII (about twice as fast to scan). On an
# ASCII string \d and \w mean the same either way; \s is spelled out, because Unicode \s also
# takes the ASCII separators \x1c-\x1f.
_ASCII_SPACE = r"[\t-\r\x1c- ]"
_ARABIC_ASCII = re.compile(_ARABIC.pattern.replace(r"\s", _ASCII_SPACE), re.ASCII)
_LEADING_DOT = re.compile(r"\.(?<![\w.]\.)\d+")
_GLUE_OK = ("FY", "Rs", "USD", "usd", "RMB", "rmb", "Rmb", "CNY", "EUR", "GBP", "HKD", "JPY", "nzd", "NZD", "No.")


def _arabic_start_ok(t: str, s: int) -> bool:
    """The lookbehind of an Arabic number: not glued to a letter, digit or dot (except FY2023, USD115)."""
    if s == 0:
        return True
    c = t[s - 1]
    if not (c.isascii() and (c.isalnum() or c in "_.")):
        return True
    three = t[max(0, s - 3) : s]
    return three in _GLUE_OK or three in _ISO_SET or t[max(0, s - 2) : s] in _GLUE_OK


# Proper fractions and mixed numbers: 3/4, 2 1/4 (dates with two slashes are dropped earlier)
_SLASH_FRACTION = re.compile(r"(?<![\d/.])(?:(?P<w>\d{1,3})[ \t]{1,2})?(?P<n>\d{1,3})/(?P<d>\d{1,3})(?![\d/])")
_POW = re.compile(r"\^(?P<sign>[+-]{0,2})(?P<exp>\d+)\Z")
_TIMES10 = re.compile(r"\s?[x×]\s?10\^(?P<exp>[+-]?\d+)\Z")
_ZD = ZH_DIGIT_CHARS
_ZU = "十拾百佰千仟万萬亿億兆廿卅"
_AR = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# A Chinese numeral, possibly mixed with Arabic digits: 一千二百, 3.5万亿, 3万4000, 500余万, 三 百 五
_ZH_RUN_SRC = (
    rf"(?:(?<![\d.,]){_AR}(?=[ \t]*[余多几幾]?[ \t]*[{_ZU}])|[{_ZD}十拾廿卅]|[百千万萬亿億](?=[余多])|[百千](?=[二三四五六七八九两兩][^{_ZD}{_ZU}]|[二三四五六七八九两兩]\Z)"
    rf"|(?<=[近逾上超约約])[百千万萬亿億](?=[家个個人元名项項件所座部台种種次场場]))"
    rf"(?:[ \t]*[{_ZU}](?![瓦赫字帕])|[ \t]*[{_ZD}]|[ \t]*[余多几幾](?=[ \t]*[{_ZU}])|(?<=[{_ZU}零〇]){_AR}"
    rf"|[ \t]*[点點][ \t]*(?:[{_ZD}]|\d+)|(?<=[{_ZU}])[ \t]+\d(?![\d.]))*"
)
# The same language as _ZH_RUN_SRC, rewritten for scanning: it starts with one character class
# (the union of the first characters of every branch), so the regex engine skips ahead to
# candidate characters in C instead of trying the lookbehinds at every position; each branch's
# own condition is then checked by lookarounds on the consumed character. Branch order is kept.
_AR_REST = r"(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)"  # _AR after its first digit
_ZH_RUN_TAIL = (
    rf"(?:[ \t]*[{_ZU}](?![瓦赫字帕])|[ \t]*[{_ZD}]|[ \t]*[余多几幾](?=[ \t]*[{_ZU}])|(?<=[{_ZU}零〇]){_AR}"
    rf"|[ \t]*[点點][ \t]*(?:[{_ZD}]|\d+)|(?<=[{_ZU}])[ \t]+\d(?![\d.]))*"
)
assert _ZH_RUN_SRC.endswith(_ZH_RUN_TAIL)
_ZH_RUN = re.compile(
    rf"[\d{_ZD}十拾廿卅百千万萬亿億](?:(?<=\d)(?<![\d.,]\d){_AR_REST}(?=[ \t]*[余多几幾]?[ \t]*[{_ZU}])"
    rf"|(?<=[{_ZD}十拾廿卅])|(?<=[百千万萬亿億])(?=[余多])"
    rf"|(?<=[百千])(?=[二三四五六七八九两兩][^{_ZD}{_ZU}]|[二三四五六七八九两兩]\Z)"
    rf"|(?<=[近逾上超约約][百千万萬亿億])(?=[家个個人元名项項件所座部台种種次场場]))"
    + _ZH_RUN_TAIL
)
# Fractions: 三分之一, 百分之十三, 千分之二, 一又二分之一, 3又一千分之23
_ZH_FRAC = re.compile(
    rf"(?:(?P<w>{_ZH_RUN_SRC}|{_AR})[ \t]*又[ \t]*)?(?P<d>{_ZH_RUN_SRC}|{_AR}|[百千万萬仟佰]+)[ \t]*分[ \t]*之"
    rf"[ \t]*(?P<neg>[负負])?[ \t]*(?P<n>{_ZH_RUN_SRC}|{_AR}|百(?![{_ZD}{_ZU}]))"
)
_ZH_ZHE2 = re.compile(
    rf"(?<![{_ZD}十])(?P<a>[一二两兩三四五六七八九])[ \t]?(?P<b>[一二三四五六七八九])[ \t]?折(?![合算旧舊射叠疊腾騰线線扣])"
)
_ZH_COPULA = frozenset("是为為前")
_YI_WORD_BEFORE = frozenset("统統唯同万萬之逐专專划劃均单單合归歸整始终終纯純齐齊若如一")
_ZH_AFTER_PREDICATE = frozenset("这這那不而却卻的但和或")
# 居中西部城市首位, 位居榜首: first place without a numeral
_ZH_TOP_RANK = re.compile(r"(?:居|列|排|跃|躍)[^，。；！？,;!?\n]{0,10}?(?P<r>首位|榜首)")
_HAS_FEN_ZHI = re.compile(r"分[ \t]*之")
_UNCOMMON_DIGITS = set("俩倆壹贰貳叁參叄肆伍陆陸柒捌玖拾佰仟幺廿卅")
_TRAILING_BIG = re.compile(r"[万萬亿億兆]+\Z")
_AR_THEN_UNITS = re.compile(rf"{_AR}[ \t]*[余多几幾]?[ \t]*(?P<u>[{_ZU}]+)\Z")


def _zh_scale_of(run: str) -> float:
    """The scale a Chinese numeral ends with (for ranges): '3400亿' -> 1e8, '5千万' -> 1e7."""
    m = _AR_THEN_UNITS.fullmatch(run)
    if m:
        return parse_zh("1" + m.group("u").replace(" ", "")) or 1.0
    m2 = _TRAILING_BIG.search(run)
    if m2:
        return parse_zh("1" + m2.group()) or 1.0
    return 1.0


def _parse_zh_run(run: str) -> tuple[float, int] | None:
    """Value of a Chinese numeral run and its length; trims trailing characters that do not parse."""
    end = len(run)
    while end > 0:
        v = parse_zh(run[:end])
        if v is not None:
            return v, end
        end -= 1
        while end > 0 and run[end - 1] in " \t":
            end -= 1
        if len(run) - end > 3 or run[end].isdigit() or run[end] in ZH_DIGITS:
            break
    return None


_EN_WORD_SET = (
    set(EN_UNITS) | set(EN_TENS) | set(EN_SCALES) | set(EN_DENOMS) | set(EN_UNIT_ORDINALS) | set(EN_ORDINALS)
    | {"dozen", "dozens", "nought", "naught"}
)


def _first_letter_alt(words: set[str]) -> str:
    """An alternation grouped by first letter, so the regex engine can skip to candidate letters."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    parts = []
    for letter, rests in sorted(groups.items()):
        alt = "|".join(re.escape(r) for r in sorted(rests, key=len, reverse=True))
        parts.append(f"{letter}(?<![a-z]{letter})(?:{alt})(?![a-z])")
    return "(?:" + "|".join(parts) + ")"


# Anchors: number words in the ASCII-lowercased text. The scan pattern consumes the character
# before the word (so the engine only stops at non-letters, not at every candidate letter) and
# reports the word as group 1; a word at the very start is found by _EN_ANCHOR_AT0.
_EN_ANCHOR = re.compile(_first_letter_alt(_EN_WORD_SET))
_EN_ANCHOR_SCAN = re.compile(r"[^a-z](" + _trie(_EN_WORD_SET) + r")(?![a-z])")
_EN_ANCHOR_AT0 = re.compile(r"(" + _trie(_EN_WORD_SET) + r")(?![a-z])")


def _en_anchors(tl: str) -> list[re.Match[str]]:
    """The matches of _EN_ANCHOR.finditer(tl), as matches whose group 1 is the word."""
    out: list[re.Match[str]] = []
    m0 = _EN_ANCHOR_AT0.match(tl)
    if m0:
        out.append(m0)
    out.extend(_EN_ANCHOR_SCAN.finditer(tl))
    return out
_EN_NUMWORD = _alt(sorted(_EN_WORD_SET))
_EN_SEQ_NEXT = re.compile(
    rf"(?:\s*-\s*|\s+)(?:(?:and|a|of|point)\s+)*(?:(?:{_EN_NUMWORD})(?![a-z])|\d+(?:[.,]\d+)*(?![\d.,]))"
)
_EN_SEQ_LEFT = re.compile(
    r"(?:(?<![\w.,])\d+(?:[.,]\d+)*|(?<![a-z])(?:a|half))(?:\s*-\s*|\s+)(?:and\s+)?(?:a\s+)?\Z"
)
# The same, starting with one character class so that search() skips in C to digits, 'a' and 'h'
# (each branch then checks its own first character and lookbehind on the consumed character).
_EN_SEQ_LEFT_SCAN = re.compile(
    r"[\dah](?:(?<=\d)(?<![\w.,]\d)\d*(?:[.,]\d+)*|(?<=a)(?<![a-z]a)|(?<=h)(?<![a-z]h)alf)"
    r"(?:\s*-\s*|\s+)(?:and\s+)?(?:a\s+)?\Z"
)
_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(65, 91)})


def _lower_same_length(t: str) -> str:
    low = t.lower()
    return low if len(low) == len(t) else t.translate(_ASCII_LOWER)


def _seq_left_possible(tl: str, lo: int, a_s: int) -> bool:
    """A cheap necessary condition for _EN_SEQ_LEFT.search(tl, lo, a_s): the text before a_s is
    spaces or hyphens (at least one) after a digit or after 'a', 'and' or 'half'."""
    k = a_s - 1
    while k >= lo and (tl[k].isspace() or tl[k] == "-"):
        k -= 1
    if k == a_s - 1 or k < lo:
        return False
    return tl[k].isdigit() or tl.endswith(("a", "and", "half"), lo, k + 1)


_WORD_TOKEN = re.compile(r"[A-Za-z]+")
_EN_TENS_BEFORE = re.compile(rf"(?<![a-z])(?:{_alt(list(EN_TENS))})[- ]\Z")

# Spans that are never quantities: phone/ID numbers, dates, times, version strings.
_DROP_DIGITS = re.compile(
    r"\d(?<!\d\d)\d*(?:(?:-\d+){2,}"                       # 400-876-1589, 2023-01-05
    r"|(?:\.\d+){2,}"                          # 192.168.1.2, 3.1.2
    r"|/\d{1,2}/\d{1,4}(?!\d)"                  # 5/17/2018
    r"|[:：∶]\d{1,3}(?:[:：]\d{2})?(?!\d)"       # 10:30, 1:1 ratios
    r"|-\d{7,8}(?![\d-]))"                      # 027-12345678
)
_RATIO_SPLIT = re.compile("[:：∶]")
_DROP_URL = re.compile(r"(?:https?://|www\.)[^\s\u4e00-\u9fff，。；、）)\]]+")
_DROP_OTHER = re.compile(
    r"\+\d[\d ]{6,}\d"                         # +86 10 1234 5678
    r"|\(\d{2,4}\)\s?\d{3,4}[- ]?\d{3,4}"        # (010)1234-5678
    r"|\[\d{1,3}\]"                             # footnote markers: yuan[2]
)
_DROP_ID_SUFFIX = re.compile(r"[号號]-\d{1,3}(?!\d)")  # 京ICP备12345678号-1


_DROP_SEPS = frozenset("-./:：∶")  # what follows the first digit run of a _DROP_DIGITS match
_DIGIT_RUN = re.compile(r"\d+")


def _dropped_spans(t: str, run_starts: list[int]) -> list[tuple[int, int]]:
    """Spans that are never quantities: URLs, phone and ID numbers, dates, times, versions, footnotes.

    `run_starts`: ascending starts of the digit runs that are followed by one of _DROP_SEPS. A
    _DROP_DIGITS match can only start there, so trying those positions in order (skipping the ones
    inside the previous match) finds exactly the matches of _DROP_DIGITS.finditer(t), without a
    scan of the whole text.
    """
    spans: list[tuple[int, int]] = []
    last = 0
    for p in run_starts:
        if p < last:
            continue
        m = _DROP_DIGITS.match(t, p)
        if m is None:
            continue
        s, e = m.span()
        last = e
        g = m.group()
        if any(ch in g for ch in ":：∶") and (len(_RATIO_SPLIT.split(g)[0]) > 3 or (s > 0 and t[s - 1] == ".")):
            continue
        if s > 0 and t[s - 1] == "+":
            s -= 1
        spans.append((s, e))
    if "号-" in t or "號-" in t:
        spans.extend(m.span() for m in _DROP_ID_SUFFIX.finditer(t))
    if "http" in t or "www." in t:
        spans.extend(m.span() for m in _DROP_URL.finditer(t))
    if "+" in t or "(" in t or "[" in t:
        for m in _DROP_OTHER.finditer(t):
            s = m.start()
            if m.group()[0] == "[" and (s == 0 or t[s - 1].isspace() or t[s - 1].isdigit()):
                continue
            spans.append(m.span())
    spans.sort()
    return spans


_DROP_CONTEXT_WORDS = [
    "电话", "電話", "热线", "熱線", "传真", "傳真", "tel", "phone", "fax", "icp", "备案", "備案", "备", "備", "邮编",
    "郵編", "qq", "微信", "编号", "編號", "证号", "登记号", "许可证", "version", "版本", "isbn", "issn", "cn", "utc", "gmt",
]
# Searched with an end bound and anchored at it, so a match always ends there and which keyword
# matched does not matter: the keywords are a prefix tree (one comparison per character).
# The lookahead (a keyword's first character) rejects most start positions of the search at once.
_DROP_CONTEXT = re.compile(
    rf"(?i)(?=[{''.join(sorted({w[0] for w in _DROP_CONTEXT_WORDS} | {'v'}))}])"
    rf"(?:{_trie(_DROP_CONTEXT_WORDS)}|\bv(?:er\.?)?)\s*[:：+]?\s*[A-Za-z0-9.]*[-]?\s*\Z"
)

# Prefixes (matched with endpos = start of the core).
_MULTI_DP = _alt([k for k in _DOLLAR_PREFIX if len(k) > 1])
_PRE_CUR = re.compile(
    rf"(?:(?<![A-Za-z])(?P<dp>(?i:{_MULTI_DP})\s?(?=\$)|[Cc]\s?(?=\$)|[ASR](?=\$)))?"
    rf"(?P<sym>[{re.escape(''.join(_SYMBOLS))}])\s*\Z"
)
_PRE_CODE = re.compile(
    rf"(?:(?<![A-Za-z])(?P<iso>{_alt(_ISO_CODES)})|(?i:(?<![a-z])(?P<w>usd|rmb|cny|eur|gbp|hkd|jpy|rs\.?|dollar)))"
    r"\s*\Z"
)
_PRE_MCODE = re.compile(rf"(?<![A-Za-z])M(?P<iso>{_alt(_ISO_CODES)})\s*\Z")
_ZH_PREFIX_CUR_WORDS = [w for w in _CUR_WORDS_ZH if len(w) > 1 and not w.startswith("元") and w not in ("块钱", "塊錢")]
_PRE_ZH_CUR = re.compile(rf"(?P<w>{_alt(_ZH_PREFIX_CUR_WORDS)})\s*\Z")
_PRE_ZH_CUR_LAST = frozenset(w[-1] for w in _ZH_PREFIX_CUR_WORDS)
_PRE_MINUS = re.compile(r"(?<![A-Za-z0-9.%)\]~\-号號])-\Z|[负負]\s?\Z")
_PRE_MINUS_WORD = re.compile(r"(?i)\b(?:minus|negative)\s+\Z")
_PRE_ZH_ORD = re.compile(r"第\s?\Z")
_PRE_ZH_RANK = re.compile(
    r"(?:(?:排名|排行|排在|排|居|位居|位列|名列|列|跃居|躍居|跻身|躋身|位于|位於|稳居|穩居|升至|升到|降至|降到)"
    r"[\u4e00-\u9fff]{0,4}?|全国|全國|全省|全市|全球|世界|国内|國內|省内|省內|西部|东部|東部|中部)\s?第\s?\Z"
)
_PRE_PCT_ZH = re.compile(r"百分之\s?\Z")
_PRE_PCT_EN = re.compile(r"(?i)\b(?:percents?|per\s?cent)\s+of\s+\Z")
_EN_LT100 = (
    rf"(?:(?:{_alt(list(EN_TENS))})(?:\s*-\s*|\s+)(?:{_alt([w for w, v in EN_UNITS.items() if 0 < v < 10])})"
    rf"|{_alt(list(EN_TENS))}|{_alt([w for w, v in EN_UNITS.items() if 0 < v < 20])})"
)
_EN_MINOR = re.compile(
    rf"(?i)\s*,?\s*(?:and\s+)?(?P<n>\d{{1,2}}(?![\d.,]\d)|{_EN_LT100}\b)(?:\s*-?\s*(?P<c>cents?|pence)\b)?"
)
_EN_MINOR_END = re.compile(r"\s*(?:[.,;!?)]|\Z|\s+more\b)")
_ZH_MINOR = re.compile(
    r"\s?[又零]?(?P<j>[0-9一二两兩三四五六七八九])\s?[角毛](?:(?P<f>[0-9一二两兩三四五六七八九])\s?分?)?"
    r"|\s?[又零]?(?P<c>[0-9]{1,2}|[一二两兩三四五六七八九十]{1,3})\s?(?:美分|分|仙)"
)


def _small_value(g: str) -> float | None:
    if g[0].isdigit():
        return float(g)
    if g[0] in ZH_DIGITS or g[0] == "十":
        return parse_zh(g)
    words = [w for w in re.split(r"[\s-]+", g.lower()) if w]
    total = 0.0
    for w in words:
        total += EN_TENS.get(w, 0) + EN_UNITS.get(w, 0)
    return total


def _minor_after(t: str, pos: int, zh_word: bool) -> tuple[float, int] | None:
    """'3 dollars 50 cents', '15 dollars and 15', '五元三毛', '50元6角三分': the minor part, in major units."""
    if zh_word:
        m = _ZH_MINOR.match(t, pos)
        if not m:
            return None
        if m.group("c"):
            v = _small_value(m.group("c"))
            return (v / 100.0, m.end()) if v is not None and v < 100 else None
        j = _small_value(m.group("j"))
        f = _small_value(m.group("f")) if m.group("f") else 0.0
        if j is None or f is None:
            return None
        return j / 10.0 + f / 100.0, m.end()
    m = _EN_MINOR.match(t, pos)
    if not m:
        return None
    if not m.group("c") and not _EN_MINOR_END.match(t, m.end()):
        return None
    v = _small_value(m.group("n"))
    if v is None or v >= 100:
        return None
    return v / 100.0, m.end()
_PRE_NO = re.compile(r"(?<![A-Za-z])(?:No|NO|no)\.?\s?\Z")
_PRE_FY = re.compile(r"(?i)(?<![A-Za-z])FY\s?\Z")
_PRE_EN_RANK = re.compile(r"(?i)\b(?:rank(?:s|ed|ing)?|placed?|came|finished|stood|ranking)\s+(?:the\s+|at\s+|in\s+)?\Z")
_PRE_MONTH = re.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\s+(?:(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?,?\s+)?\Z"
)
_POST_MONTH = re.compile(
    r"\s*(?:of\s+)?(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
)
_PRE_YEAR_WORDS = [
    "in", "since", "by", "from", "of", "to", "until", "till", "through", "between", "and", "before", "after", "during",
    "year", "years", "fiscal", "early", "late", "mid", "end", "beginning", "start", "circa", "spring", "summer",
    "autumn", "fall", "winter", "first", "second", "third", "fourth", "quarter", "half", "h1", "h2", "q1", "q2", "q3",
    "q4",
]
# Only tested for a match (anchored at the search end), so the words can be a prefix tree.
_PRE_YEAR_CTX = re.compile(
    rf"(?i)(?=[{''.join(sorted({w[0] for w in _PRE_YEAR_WORDS}))}\-–/])(?:\b{_trie(_PRE_YEAR_WORDS)}|[-–/])\s*,?\s*\Z"
)

_EN_SCALE = re.compile(
    rf"(?i:\s*(?P<w>{_trie(['thousand', 'million', 'billion', 'trillion', 'hundred', 'lakh', 'lakhs', 'crore', 'crores', 'dozen', 'dozens', 'thousands', 'millions', 'billions'])})"
    r"|\s?(?P<a>bn|mn|mln|bln|tln|trn|tn|mil|mio))(?![A-Za-z])"
    r"|(?P<g>MM|[kKmMbB])(?![A-Za-z0-9])"
)
_ZH_SCALE = re.compile(rf"\s?(?P<s>{_alt(list(_ZH_SCALE_WORDS))})(?![米克瓦伏卡帕赫分兆])")
# Word and code alternations as prefix trees: same matches as _alt's longest-first lists.
_EN_CUR_SUFFIX = re.compile(
    rf"\s*M(?P<miso>{_trie(_ISO_CODES)})(?![A-Za-z])"
    rf"|(?i:(?:\s*|-)(?P<w>{_trie([w for w in _CUR_WORDS_EN if w not in ('p', 'rs')])})(?![A-Za-z]))"
    rf"|\s*(?P<iso>{_trie(_ISO_CODES)})(?![A-Za-z])"
    rf"|\s?(?P<dsym>US|HK|NT|C|A|S|NZ)\$"
    rf"|\s?(?P<sym>[{re.escape(''.join(_SYMBOLS))}])"
    r"|(?P<p>p|Rs)(?![A-Za-z0-9])"
)
_ZH_CUR_WORDS_ALT = _alt([w for w in _CUR_WORDS_ZH if w not in ("块", "塊")])
_ZH_CUR_SUFFIX = re.compile(
    rf"\s?[余多]?\s?(?P<w>{_ZH_CUR_WORDS_ALT}|[块塊](?=[，。！？、,.!?;；\s]|\Z))"
)
_PCT_SUFFIX = re.compile(
    r"\s?(?P<pct>%|‰)"
    r"|(?i:\s*(?P<pp>percentage[- ]points?|pct\.? pts?|ppts?|pp)(?![A-Za-z]))"
    r"|(?i:(?:\s*|-)(?P<w>percent|per\s?cent|pct|percents|percentage(?!\s*points?))(?![A-Za-z]))"
    r"|(?P<pc>pc)(?![A-Za-z])"
)
_ZH_PCT_SUFFIX = re.compile(
    r"\s*(?P<pp>[个個]?\s*百\s*分\s*[点點])"
    r"|\s*(?P<cheng>成(?P<half>半)?)(?![为為立长長本果功交员員都就绩績熟型效品套年人批片群千万萬亿億百十])"
    r"|\s*(?P<zhe>折)(?![合算旧舊射叠疊腾騰线線扣])"
)
# Units that make a number something other than a count: lengths, areas, durations...
# The plain unit words of _EN_OTHER_UNIT, as one prefix tree. The list order never matters: the
# only two words that can both match at one place (followed by a non-letter) are km2 and km, and
# the tree, like the list, takes the longer first.
_EN_OTHER_UNIT_WORDS = [
    "km2", "km", "kilometer", "kilometre", "kilometers", "kilometres", "mile", "miles", "meter", "metre", "meters",
    "metres", "cm", "mm", "ml", "kg", "kilogram", "kilograms", "gram", "grams", "g", "ton", "tons", "tonne",
    "tonnes", "t", "mw", "kw", "gw", "kwh", "gwh", "twh", "gb", "tb", "mb", "mbps", "gbps", "hz", "ghz", "mhz",
    "hectare", "hectares", "ha", "acre", "acres", "hour", "hours", "hr", "hrs", "h", "minute", "minutes", "min",
    "mins", "second", "seconds", "sec", "secs", "s", "day", "days", "week", "weeks", "month", "months", "year",
    "years", "yr", "yrs", "decade", "decades", "centuries", "century", "degree", "degrees", "°", "°c", "inch",
    "inches", "feet", "foot", "ft", "lb", "lbs", "mph", "times", "fold", "x", "am", "pm", "a.m.", "p.m.", "storey",
    "stories", "floor", "floors", "litre", "litres", "liter", "liters", "l", "barrel", "barrels", "kilo", "kilos",
]
_EN_OTHER_UNIT = re.compile(
    r"(?i)\s*-?\s*(?:sq(?:uare)?\.?\s*(?:km|kilomet(?:er|re)s?|met(?:er|re)s?|m|feet|ft)|"
    + _trie(_EN_OTHER_UNIT_WORDS)
    # the lookahead (linear) spares the backtracking of [a-z]* over every word that is no "-old" form
    + r"|(?=[a-z]*+(?:-[a-z]*+)?-old)[a-z]*-?(?:year|day|month|week|hour|minute|storey|star|inch|meter|metre|foot|mile)s?-old|"
    r"(?:year|day|month|week|hour|minute|storey|star|inch|meter|metre|foot|mile|km|kilometer|kilometre)s?)"
    r"(?![A-Za-z])"
)
_ZH_COUNT_UNIT = re.compile(
    r"\s?[余多]?\s?(?:万人次|人次|万人|万户|万家|万册|万件|场次|个|個|家|座|种|種|项|項|部|台|臺|所|处|處|人|名|位|件|份|"
    r"场|場|次|只|隻|条|條|本|册|冊|首|幅|篇|户|戶|间|間|张|張|套|辆|輛|架|艘|支|款|批|期|集|届|屆|双|雙|对|對|"
    r"类|類|门|門|节|節|片|栋|棟|层|層|例|起|宗|笔|筆|单|單|枚|颗|顆|头|頭|匹|株|棵|盏|盞|杯|瓶|包|箱|袋|道|轮|"
    r"輪|组|組|队|隊|团|團|馆|館|帧|幀|档|檔|处|票|期|集|块|塊|副|级|級|所|网点|網點|亿人|億人|强|強)"
)
_ZH_OTHER_UNIT = re.compile(
    r"\s?[余多]?\s?(?:平方米|平方公里|平方千米|平方|平米|公里|千米|厘米|毫米|米|公顷|公頃|亩|畝|万吨|吨|噸|千克|公斤|"
    r"克|斤|毫升|升|千瓦时|千瓦|兆瓦|瓦|摄氏度|度|℃|小时|小時|分钟|分鐘|秒|天|周|週|个月|個月|岁|歲|倍|点|點|分|"
    r"(?:GB|TB|MB|Hz|GHz|MHz|W|kW|MW|mm|cm|km|m|t|kg|g|ml|mL|L)(?![A-Za-z]))"
)
_ZH_DOZEN = re.compile(r"\s?打(?![折造击擊破开開通工算卡印的球响響出入进進])")
_ZH_DATE_UNIT = re.compile(r"\s?(?P<u>月份|月|日|号|號|时|時|季度)")
_ZH_YEAR_UNIT = re.compile(r"\s?[余多]?(?:年度|财年|財年|年)")
_ORD_SUFFIX = re.compile(r"(?i)(?P<o>st|nd|rd|th)(?![A-Za-z])")
_EN_RANK_AFTER = re.compile(
    r"(?i)\s?(?:-|\s)?(?:largest|biggest|highest|lowest|best|most|fastest|strongest|richest|place|among|"
    r"in\s+the\s+(?:world|country|nation)|nationwide|globally|worldwide)\b"
)
_ZH_RANK_AFTER = re.compile(r"\s?(?:位|名)(?![称稱义義字单單])")
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|~|至|到|－)\s*\Z|\s+(?:to|and)\s+\Z")
_BETWEEN = re.compile(r"(?i)\b(?:between|from)\s+\Z")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_PW_CHARS = _ASCII_LETTERS | {"."}
_PRE_THE = re.compile(r"(?i)\bthe\s+\Z")
_RMB_AFTER = re.compile(r"\s?人民[币幣]")
_PRE_ONE_PRONOUN = re.compile(r"(?i)\b(?:the|this|that|which|each|every|any|no|some|another)\s+\Z")
_POST_ONE_PRONOUN = re.compile(r"\s+(?:of|another|by|day|thing)\b")
_SYMBOL_CHARS = frozenset(_SYMBOLS)
_ORD_START = frozenset("snrtSNRT")
_CUR_PREFIX_WORDS = frozenset(
    list(_DOLLAR_PREFIX) + [c.lower() for c in _ISO_CODES] + ["m" + c.lower() for c in _ISO_CODES]
    + ["rs", "rs.", "dollar", "u.s", "u.s.", "mex", "rmb"]
)
_DROP_WORDS = frozenset(
    ["tel", "tel.", "phone", "fax", "icp", "version", "v", "v.", "ver", "ver.", "isbn", "issn", "cn", "utc", "gmt",
     "qq", "no.", "no"]
)
_SUFFIX_CHARS = frozenset("%‰-$£€¥¢₹₩₽₿₡₾₭₺₪₦฿₫₱")
_YEAR_AFTER_NOUN = re.compile(
    r"(?i)\s+(?:and|to|was|were|is|are|will|saw|when|as|had|has|edition|season|plan|budget|report|census|"
    r"levels?|figures?|data|target|olympics|expo|games|world|festival|annual|survey|figure|onwards)\b"
)
_LOWER_WORD_AFTER = re.compile(r"\s+[a-z]")


# ------------------------------------------------------------------ mentions


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    value: float
    unit: str | None
    scale: float = 1.0  # scale applied from a scale word (for range inheritance)
    bare: bool = True  # no scale, unit, sign or prefix found
    scaled_bare: bool = False  # a scale word but no unit ("120 billion" before "and 130 billion yuan")
    is_year: bool = False
    is_ordinal: bool = False
    date: bool = False
    zh_run: str = ""  # a Chinese numeral whose scale (_zh_scale_of) stands for `scale` when needed


def _core_arabic(t: str, m: re.Match[str]) -> list[tuple[int, int, float]]:
    """Value(s) of one Arabic digit token: usually one, several for a comma list, none if malformed."""
    s, e = m.span()
    tok = m.group()
    nxt = t[e : e + 2]
    if len(nxt) == 2 and nxt[0] in ".," and (nxt[1] in ".," or (nxt[0] == "." and nxt[1].isdigit())):
        return []  # 5..2, 1.2.
    mp = _POW.search(tok) if "^" in tok else None
    if mp:
        mt = _TIMES10.search(tok)
        base_tok = tok[: mt.start()] if mt else tok[: mp.start()]
        base: float | None = parse_arabic(base_tok) if not base_tok.startswith(".") else float("0" + base_tok)
        if base is None:
            return []
        if mt:
            v = base * 10.0 ** int(mt.group("exp"))
        else:
            exp = int(mp.group("exp")) * (-1 if mp.group("sign").count("-") % 2 else 1)
            try:
                v = base**exp
            except (OverflowError, ZeroDivisionError):
                return []
        return [(s, e, v)] if isinstance(v, float | int) and math.isfinite(v) else []
    if tok.startswith("."):
        return [(s, e, float("0" + tok))]
    if "e" in tok or "E" in tok:
        try:
            v = float(tok.replace(",", ""))
        except ValueError:
            return []
        return [(s, e, v)] if math.isfinite(v) else []
    if " " in tok:
        return [(s, e, float(tok.replace(" ", "")))]
    pv = parse_arabic(tok)
    if pv is not None:
        return [(s, e, pv)]
    if "." not in tok and all(p.isdigit() for p in tok.split(",")):
        out: list[tuple[int, int, float]] = []
        pos = s
        for part in tok.split(","):
            out.append((pos, pos + len(part), float(part)))
            pos += len(part) + 1
        return out
    return []


_MAX_PHRASE = 14  # words in one English number phrase (bounds the longest-prefix search)
_EN_SEQ_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:[.,]\d+)*|-")


def _en_word_cores(t: str, start: int, end: int) -> list[tuple[int, int, float, float]]:
    """English number phrases inside one word sequence: (start, end, value, trailing scale)."""
    toks: list[tuple[int, int, str]] = []
    seps: list[str] = []
    sep = " "
    for w in _EN_SEQ_TOKEN.finditer(t, start, end):
        g = w.group()
        if g == "-":
            sep = "-"
            continue
        toks.append((w.start(), w.end(), g.lower()))
        seps.append(sep)
        sep = " "
    out: list[tuple[int, int, float, float]] = []
    words = [x[2] for x in toks]
    i = 0
    while i < len(toks):
        res = parse_en_number(words[i : i + _MAX_PHRASE], seps[i : i + _MAX_PHRASE])
        if res is None:
            i += 1
            continue
        val, used, scale = res
        out.append((toks[i][0], toks[i + used - 1][1], val, scale))
        i += used
    return out


def _is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def find_quantities(text: str, lang: str | None = None) -> list[Quantity]:
    """Every number mention in `text`, sorted by start and non-overlapping.

    `lang` is "en", "zh", "zh-Hans" or "zh-Hant"; None guesses from the text.
    """
    if not text:
        return []
    t = normalize(text)
    if "，" in text:
        t = _fw_commas(text, t)
    # an ASCII text has no CJK character: skip the scan (most English articles)
    has_cjk = not t.isascii() and _CJK.search(t, 0, 4000) is not None
    zh = has_cjk if lang is None else lang.lower().startswith("zh")
    en = not zh

    cores: list[tuple[int, int, float, str]] = []
    core_scales: dict[int, float] = {}
    core_runs: dict[int, str] = {}
    core_units: dict[int, str] = {}
    n = len(t)
    # Every digit of t lies in one _ARABIC token, and a token never starts or ends next to a digit,
    # so the digit runs of the tokens are all the digit runs of t (see _dropped_spans).
    run_starts: list[int] = []
    for m in (_ARABIC_ASCII if t.isascii() else _ARABIC).finditer(t):
        s, e = m.span()
        tok = m.group()
        plain = tok.isdecimal()
        if plain:
            if e < n and t[e] in _DROP_SEPS:
                run_starts.append(s)
        else:
            for r in _DIGIT_RUN.finditer(t, s, e):
                re_ = r.end()
                if re_ < n and t[re_] in _DROP_SEPS:
                    run_starts.append(r.start())
        if s > 0:
            pc = t[s - 1]
            if pc.isascii() and (pc.isalnum() or pc in "_.") and not _arabic_start_ok(t, s):
                continue
        if plain or ("." in tok and tok.replace(".", "", 1).isdecimal()):
            # the common "2023" / "39.3": what _core_arabic gives for a token parse_arabic takes whole
            nxt = t[e : e + 2]
            if len(nxt) == 2 and nxt[0] in ".," and (nxt[1] in ".," or (nxt[0] == "." and nxt[1].isdigit())):
                continue  # 5..2, 1.2.
            cores.append((s, e, float(tok), "a"))
            continue
        for s, e, v in _core_arabic(t, m):
            cores.append((s, e, v, "a"))
    # Spans to ignore entirely.
    dropped = _dropped_spans(t, run_starts)
    if "." in t:
        for m in _LEADING_DOT.finditer(t):
            cores.append((m.start(), m.end(), float("0" + m.group()), "a"))
    if "/" in t:
        for m in _SLASH_FRACTION.finditer(t):
            num, den = int(m.group("n")), int(m.group("d"))
            # proper fractions; improper ones (16/5) only in Chinese text, where dates use 月/日
            if 0 < num < den or (zh and num > 0 and 1 < den <= 100):
                w = float(m.group("w")) if m.group("w") else 0.0
                cores.append((m.start(), m.end(), w + num / den, "f"))
                core_units[m.start()] = "count"
    if zh or has_cjk:
        if "之" in t and _HAS_FEN_ZHI.search(t):
            for m in _ZH_FRAC.finditer(t):
                fr = _zh_fraction_value(m)
                if fr is not None:
                    cores.append((m.start(), m.end(), fr[0], "f"))
                    core_units[m.start()] = fr[1]
        if "首" in t:
            for m in _ZH_TOP_RANK.finditer(t):
                cores.append((m.start("r"), m.end("r"), 1.0, "f"))
                core_units[m.start("r")] = "rank"
        if "折" in t:
            for m in _ZH_ZHE2.finditer(t):
                v2 = float(ZH_DIGITS[m.group("a")] * 10 + ZH_DIGITS[m.group("b")])
                cores.append((m.start(), m.end(), v2, "f"))
                core_units[m.start()] = "percent"
        for m in _ZH_RUN.finditer(t):
            s, e = m.span()
            if s > 0 and (t[s - 1].isdigit() or t[s - 1] in "点點."):
                continue
            run = m.group()
            if _ZH_NUM_SET.isdisjoint(run):
                continue  # plain Arabic: the Arabic pass takes it
            if len(run) == 3 and run[0] == "十" and run[2] == "五" and run[1] in ZH_DIGITS:
                cores.append((s, e, float(10 + ZH_DIGITS[run[1]]), "plan"))  # 十四五 (plan name)
                continue
            pr = _parse_zh_run(run)
            if pr is None:
                continue
            v, ln = pr
            run = run[:ln]
            if _ZH_NUM_SET.isdisjoint(run):
                continue
            cores.append((s, s + ln, v, "z"))
            core_runs[s] = run  # its scale (_zh_scale_of) is only needed for a range: computed then
    if en:
        tl = _lower_same_length(t)
        seq_end = -1
        ordinals: list[tuple[int, int]] = []
        for m in _en_anchors(tl):
            a_s, a_e = m.span(1)
            word = m.group(1)
            if word in EN_ORDINALS and EN_ORDINALS[word] < 100:
                o_s = a_s
                mt = _EN_TENS_BEFORE.search(tl, max(0, a_s - 10), a_s) if EN_ORDINALS[word] < 10 else None
                if mt:
                    o_s = mt.start()
                ordinals.append((o_s, a_e))
            if a_s < seq_end:
                continue
            w_lo = max(0, a_s - 24)
            ml = _EN_SEQ_LEFT_SCAN.search(tl, w_lo, a_s) if _seq_left_possible(tl, w_lo, a_s) else None
            q_s = ml.start() if ml else a_s
            q_e = a_e
            while True:
                mn = _EN_SEQ_NEXT.match(tl, q_e)
                if not mn:
                    break
                q_e = mn.end()
            seq_end = q_e
            for c_s, c_e, v, sc in _en_word_cores(tl, q_s, q_e):
                cores.append((c_s, c_e, v, "w"))
                core_scales[c_s] = sc
        for o_s, o_e in ordinals:
            cores.append((o_s, o_e, 0.0, "o"))
    cores.sort(key=lambda c: (c[0], -c[1]))

    cands: list[_Cand] = []
    last_end = 0
    di = 0
    for s, e, v, kind in cores:
        if s < last_end or not math.isfinite(v):
            continue
        while di < len(dropped) and dropped[di][1] <= s:
            di += 1
        if di < len(dropped) and dropped[di][0] <= s < dropped[di][1]:
            continue
        c = _build(t, s, e, v, kind, zh, last_end, core_units.get(s))
        if c is None:
            continue
        if kind == "w" and c.scale == 1.0:
            c.scale = core_scales.get(s, 1.0)
        elif kind == "z" and c.scale == 1.0:
            c.zh_run = core_runs[s]
        cands.append(c)
        last_end = c.end

    _inherit_ranges(t, cands)
    out: list[Quantity] = []
    for c in cands:
        if c.date or not math.isfinite(c.value):
            continue
        out.append(Quantity(c.start, c.end, text[c.start : c.end], c.value, c.unit, c.is_year, c.is_ordinal))
    return out


def _word_ordinal_value(w: str) -> int:
    parts = re.split(r"[- ]", w.lower())
    v = 0
    for p in parts:
        v += EN_TENS.get(p, 0) + EN_ORDINALS.get(p, 0)
    return v


def _zh_fraction_value(m: re.Match[str]) -> tuple[float, str] | None:
    """Value and unit of a 分之 fraction: 百分之十三 -> (13, percent), 三分之一 -> (0.333, count)."""
    d_txt = m.group("d")
    n_txt = m.group("n")
    num = 100.0 if n_txt == "百" else parse_zh(n_txt)
    if num is None:
        return None
    if m.group("neg"):
        num = -num
    if all(ch in "百千万萬仟佰" for ch in d_txt.replace(" ", "")):
        den = parse_zh("一" + d_txt)
        if not den:
            return None
        whole = m.group("w")
        if whole:
            return None
        return num / den * 100.0, "percent"  # 百分之 / 千分之 / 万分之
    den = parse_zh(d_txt)
    if not den:
        return None
    value = num / den
    if m.group("w"):
        w = parse_zh(m.group("w"))
        if w is None:
            return None
        value = w + value if w >= 0 else w - value
    return value, "count"


def _build(
    t: str, s: int, e: int, v: float, kind: str, zh: bool, floor: int, fixed_unit: str | None = None
) -> _Cand | None:
    """Widen one core into a mention: prefixes, scale, unit; None to skip it."""
    lo = s - 16 if s - 16 > floor else floor
    n = len(t)
    # The _Cand is made only where it is returned (most of the work below is on local variables).

    if kind == "f":
        c = _Cand(s, e, v, "count")
        c.unit = fixed_unit
        c.bare = False
        ms0 = _PRE_MINUS.search(t, max(floor, s - 1), s)
        if ms0:
            c.start = ms0.start()
            c.value = -v
        if fixed_unit == "percent" and "个" not in t[e : e + 1]:
            mpp = _ZH_PCT_SUFFIX.match(t, e)
            if mpp and mpp.group("pp"):
                c.end = mpp.end()
        return c

    if kind == "plan":
        c = _Cand(s, e, v, "count")
        c.unit = "rank"
        c.is_ordinal = True
        return c
    if kind == "o":
        c = _Cand(s, e, v, "count")
        word = t[s:e]
        c.value = float(_word_ordinal_value(word))
        if _PRE_EN_RANK.search(t, lo, s) or _EN_RANK_AFTER.match(t, e):
            c.unit = "rank"
            return c
        low = word.lower()
        if low == "second" and not _PRE_THE.search(t, lo, s):
            return None  # "a second", "per second"
        c.unit = "rank"
        c.is_ordinal = True
        return c

    # the character before the number, skipping spaces: gates the prefix searches
    j = s - 1
    while j >= lo and t[j] == " ":
        j -= 1
    pc = t[j] if j >= lo else ""
    pc_letter = pc in _ASCII_LETTERS
    bare = True  # no scale, unit, sign or prefix found
    pw = ""  # the ASCII word just before the number, lowercased ("usd", "minus", "tel")
    if pc_letter or pc == ".":
        k = j
        while k >= lo and t[k] in _PW_CHARS:
            k -= 1
        pw = t[k + 1 : j + 1].lower()

    # ---- glued letters: A380, 5G, 4K, SCP-173 are labels, not quantities
    if kind == "a":
        if s > 0 and t[s - 1] in _ASCII_LETTERS and not (_PRE_CODE.search(t, lo, s) or _PRE_FY.search(t, lo, s)):
            return None
        if s > 1 and t[s - 1] == "-" and t[s - 2] in _ASCII_LETTERS:
            return None  # COVID-19, F-35, Su-27: labels
        if e - s >= 5 or t[e : e + 1] in ("号", "號") or (pc and pc in "+:：") or pw in _DROP_WORDS:
            dc = _DROP_CONTEXT.search(t, max(0, s - 14), s)
            if dc and (e - s >= 5 or t[e : e + 1] in ("号", "號") or dc.group().lower().startswith(("utc", "gmt"))):
                return None
        if e < n and t[e] in "GK" and not (e + 1 < n and t[e + 1].isalpha()) and pc not in _SYMBOL_CHARS:
            return None  # 5G, 4K (but $10K)

    # ---- prefixes
    start = s
    cur: str | None = None
    pre_scale = 1.0
    sign = 1.0
    pct_prefix = False
    # (kind is "a", "w" or "z" from here on: the other kinds returned above)
    if pc in _SYMBOL_CHARS or pw in _CUR_PREFIX_WORDS:
        m = _PRE_MCODE.search(t, lo, s)
        if m:
            cur = m.group("iso")
            pre_scale = 1e6
            start = m.start()
        else:
            m = _PRE_CUR.search(t, lo, s)
            if m:
                dp = (m.group("dp") or "").lower().strip()
                sym = m.group("sym")
                cur = _DOLLAR_PREFIX.get(dp, "USD") if sym == "$" and dp else _SYMBOLS[sym]
                if dp and sym != "$":
                    cur = _DOLLAR_PREFIX.get(dp, cur) if dp == "rmb" else cur
                start = m.start()
            else:
                m = _PRE_CODE.search(t, lo, s)
                if m:
                    w = m.group("iso") or m.group("w").lower().rstrip(".")
                    if w == "rs":
                        cur = "INR"
                    elif w == "dollar":
                        cur = "USD"
                    else:
                        cur = "CNY" if w.upper() == "RMB" else w.upper()
                    start = m.start()
    if zh and cur is None and pc and pc in _PRE_ZH_CUR_LAST:
        m = _PRE_ZH_CUR.search(t, lo, s)
        if m:
            cur = _CUR_WORDS_ZH[m.group("w")]
            start = m.start()
    if pc == "之" or pc in "fF":
        m = _PRE_PCT_ZH.search(t, lo, s) if zh else _PRE_PCT_EN.search(t, max(floor, s - 20), s)
        if m:
            pct_prefix = True
            start = m.start()
    if start > floor and t[start - 1] in "-负負" or start > floor + 1 and t[start - 2] in "负負":
        ms = _PRE_MINUS.search(t, max(floor, start - 2), start)
        if ms:
            sign = -1.0
            start = ms.start()
    if sign > 0 and not zh and pw in ("minus", "negative"):
        mw = _PRE_MINUS_WORD.search(t, lo, start)
        if mw:
            sign = -1.0
            start = mw.start()

    # ---- ordinals and ranks
    if zh and kind in ("a", "z"):
        if pc == "第" and _PRE_ZH_ORD.search(t, lo, s):
            if t.startswith("季度", e):
                return None  # 第一季度: a period
            c = _Cand(s, e, v, "count")
            c.start = t.rfind("第", lo, s)
            c.end = e
            rm = _ZH_RANK_AFTER.match(t, e)
            if rm:
                c.end = rm.end()
                c.unit = "rank"
            elif _PRE_ZH_RANK.search(t, lo, s):
                c.unit = "rank"
            else:
                c.unit = "rank"
                c.is_ordinal = True
            return c
        if kind == "z" and t.startswith("季度", e):
            return None
        if kind == "z" and e - s == 1 and t[s] == "一" and s > 0 and t[s - 1] in _YI_WORD_BEFORE:
            return None  # 统一, 唯一, 之一, 同一: not a number
        # 陆 (land), 拾 (pick up), 伍 (ranks): only numerals when they stand alone
        if (
            kind == "z"
            and e - s == 1
            and t[s] in _UNCOMMON_DIGITS
            and ((s > 0 and "\u4e00" <= t[s - 1] <= "\u9fff") or (e < n and "\u4e00" <= t[e] <= "\u9fff"))
            and not (s > 0 and t[s - 1] in _ZH_COPULA and (e >= n or not "\u4e00" <= t[e] <= "\u9fff"))
        ):
            return None
    if kind == "a":
        mo = _ORD_SUFFIX.match(t, e) if t[e : e + 1] in _ORD_START else None
        if mo:
            c = _Cand(s, e, v, "count")
            c.end = mo.end()
            c.unit = "rank"
            if _PRE_MONTH.search(t, lo, s) or _POST_MONTH.match(t, c.end):
                return None  # May 4th: a date
            if _PRE_EN_RANK.search(t, lo, s) or _EN_RANK_AFTER.match(t, c.end) or _PRE_NO.search(t, lo, s):
                return c
            c.is_ordinal = True
            return c
        mn = _PRE_NO.search(t, lo, s) if pc in ("o", "O", ".") else None
        if mn and not zh and v == int(v) and v < 10000:
            c = _Cand(s, e, v, "count")
            c.start = mn.start()
            c.unit = "rank"
            return c

    # ---- scale
    # Fast path: when the next character (after spaces) cannot start a unit, all the suffix
    # patterns below are matched against "" (they all need at least one character).
    k = e
    while k < n and t[k] == " ":
        k += 1
    nc = t[k] if k < n else ""
    ts = t if nc and (nc.isalpha() or nc in _SUFFIX_CHARS) else ""
    pos = e
    scale = pre_scale
    if kind in ("a", "w"):
        if zh or kind == "a":
            mz = _ZH_SCALE.match(ts, pos) if nc != "" and "\u4e00" <= nc <= "\u9fff" else None
            if mz and kind == "a":
                scale = _ZH_SCALE_WORDS[mz.group("s")]
                pos = mz.end()
        if scale == 1.0 and kind == "a" and nc in _ASCII_LETTERS:
            me = _EN_SCALE.match(ts, pos)
            if me:
                g = me.group("w") or me.group("a")
                if g:
                    scale = _EN_SCALE_WORDS[g.lower()]
                    pos = me.end()
                else:
                    letter = me.group("g")
                    if letter == "MM" or letter == "M" or letter in "bB" or letter == "k":
                        scale = {"MM": 1e6, "M": 1e6, "b": 1e9, "B": 1e9, "k": 1e3}[letter]
                        pos = me.end()
                    elif letter in "mK" and (cur is not None or _EN_CUR_SUFFIX.match(ts, me.end())):
                        # "5m" / "10K": only money takes these as scales
                            scale = 1e6 if letter == "m" else 1e3
                            pos = me.end()
    elif kind == "z":
        # A Chinese numeral run already includes 万/亿
        pass

    # ---- units after the number
    after_scale = pos
    k = pos
    while k < n and t[k] == " ":
        k += 1
    nc = t[k] if k < n and ts else ""
    cjk_next = nc != "" and "\u4e00" <= nc <= "\u9fff"
    alpha_next = nc in _ASCII_LETTERS
    unit: str | None = None
    is_year = False
    date = False
    minor = 0.0
    suffix_cur = ""
    if cur is None:
        mc = None
        mzc = _ZH_CUR_SUFFIX.match(ts, pos) if cjk_next else None
        if mzc and mzc.group("w") in ("块", "塊") and not (kind == "z" and v < 100):
            mzc = None  # 86310块 (screens): 块 is money only in small spoken amounts (三块)
        if mzc:
            cur = _CUR_WORDS_ZH[mzc.group("w")]
            pos = mzc.end()
            suffix_cur = "zh"
            if cur == "CNY":
                m2 = _RMB_AFTER.match(ts, pos)
                if m2:
                    pos = m2.end()
        else:
            mc = _EN_CUR_SUFFIX.match(ts, pos) if nc and not cjk_next else None
            if mc and mc.group("p") and (kind != "a"):
                mc = None
            if mc:
                if mc.group("miso"):
                    cur = mc.group("miso")
                    cur = "CNY" if cur == "RMB" else cur
                    scale *= 1e6
                elif mc.group("w"):
                    cur = _CUR_WORDS_EN[mc.group("w").lower()]
                elif mc.group("iso"):
                    cur = mc.group("iso")
                    cur = "CNY" if cur == "RMB" else cur
                elif mc.group("sym"):
                    cur = _SYMBOLS[mc.group("sym")]
                elif mc.group("dsym"):
                    cur = _DOLLAR_PREFIX[mc.group("dsym").lower()]
                else:
                    cur = "GBP/100" if mc.group("p") == "p" else "INR"
                pos = mc.end()
                suffix_cur = "en" if (mc.group("w") or mc.group("iso") or mc.group("sym") or mc.group("dsym")) else ""
        if cur is not None and scale == 1.0 and kind == "a":
            me = _EN_SCALE.match(ts, pos)
            if me and me.group("w"):
                scale = _EN_SCALE_WORDS[me.group("w").lower()]
                pos = me.end()
    elif ts:
        # a currency named before the number may be repeated after it: 人民币1.2亿元, US$5 dollars,
        # and 元 is the unit of any yuan/dollar currency: 新臺幣9,600億元
        mzc2 = _ZH_CUR_SUFFIX.match(ts, pos) if zh else _EN_CUR_SUFFIX.match(ts, pos)
        if mzc2 and mzc2.group("w"):
            w2 = mzc2.group("w")
            if (_CUR_WORDS_ZH.get(w2) if zh else _CUR_WORDS_EN.get(w2.lower())) == cur or w2 in ("元", "圆", "圓"):
                pos = mzc2.end()
    if cur is not None and suffix_cur and scale == 1.0 and not cur.endswith("/100"):
        mm = _minor_after(t, pos, suffix_cur == "zh")
        if mm:
            minor = mm[0]
            pos = mm[1]
    if cur is not None:
        if cur.endswith("/100"):
            unit = cur[:3]
            scale /= 100.0
        else:
            unit = cur
    else:
        mp = _PCT_SUFFIX.match(ts, pos) if alpha_next or nc in ("%", "‰", "-") else None
        if mp:
            pos = mp.end()
            if mp.group("pp"):
                unit = "pp"
            else:
                unit = "percent"
                if mp.group("pct") == "‰":
                    scale /= 10.0
        elif zh and cjk_next:
            mzp = _ZH_PCT_SUFFIX.match(ts, pos)
            if mzp and mzp.group("pp"):
                unit = "pp"
                pos = mzp.end()
            elif mzp and mzp.group("cheng") and 0 < v <= 10 and scale == 1.0:
                unit = "percent"
                scale = 10.0
                if mzp.group("half"):
                    v += 0.5
                pos = mzp.end()
            elif mzp and mzp.group("zhe") and 0 < v < 100 and v != 10 and scale == 1.0:
                unit = "percent"
                scale = 10.0 if v < 10 else 1.0
                pos = mzp.end()
        if pct_prefix and unit is None:
            unit = "percent"
    if unit is None and cur is None:
        if zh:
            my = _ZH_YEAR_UNIT.match(ts, pos) if cjk_next else None
            if my:
                if kind in ("a", "z") and scale == 1.0 and 1000 <= v <= 2200 and v == int(v) and sign > 0:
                    is_year = True
                    unit = None
                else:
                    unit = None
                pos = my.end()
            else:
                md = _ZH_DATE_UNIT.match(ts, pos) if cjk_next else None
                if md and scale == 1.0 and v == int(v) and (
                    (md.group("u") in ("月", "月份") and 1 <= v <= 12)
                    or (md.group("u") in ("日", "号", "號") and 1 <= v <= 31)
                    or (md.group("u") in ("时", "時") and 0 <= v <= 24)
                    or (md.group("u") == "季度" and 1 <= v <= 4)
                ):
                    date = True
                    pos = md.end()
                else:
                    mu = _ZH_COUNT_UNIT.match(ts, pos) if cjk_next else None
                    md12 = _ZH_DOZEN.match(ts, pos) if cjk_next and not mu else None
                    if mu:
                        unit = "count"
                        pos = mu.end()
                    elif md12:
                        unit = "count"
                        scale *= 12.0
                        pos = md12.end()
                    else:
                        mo = _ZH_OTHER_UNIT.match(ts, pos) if nc else None
                        if mo:
                            unit = None
                            pos = mo.end()
                            bare = False
                        elif pos < n and t[pos] in _ASCII_LETTERS and kind == "a":
                            return None  # 5G, 4K, 3A
                        else:
                            unit = "count"
                            if kind == "z":
                                run = t[s:e]
                                # a lone Chinese numeral inside a word (一些, 统一) is not a number
                                if len(run) == 1 or (len(run) == 2 and run[0] == "一" and run[1] in "十百千万"):
                                    prev_c = t[s - 1] if s > 0 else " "
                                    next_c = t[e] if e < n else " "
                                    # kept: a numeral standing as a complement before a clause boundary
                                    # (答案是四不是五, 排名前三的品牌); dropped: one inside a word (一些, 四川)
                                    predicate = (prev_c in _ZH_COPULA or not "\u4e00" <= prev_c <= "\u9fff") and (
                                        next_c in _ZH_AFTER_PREDICATE or not "\u4e00" <= next_c <= "\u9fff"
                                    )
                                    if ("\u4e00" <= prev_c <= "\u9fff" or "\u4e00" <= next_c <= "\u9fff") and not predicate:
                                        return None
        else:
            mo2 = _EN_OTHER_UNIT.match(ts, pos)
            if mo2:
                unit = None
                pos = mo2.end()
                bare = False
            elif pos < n and t[pos] in _ASCII_LETTERS and kind == "a":
                return None  # 5G, 4K, 180ml...
            else:
                unit = "count"
        if unit == "count" and kind == "a" and scale == 1.0 and sign > 0 and pos == e and not date:
            tok = t[s:e]
            if tok.isdigit() and len(tok) == 4 and 1900 <= v <= 2100:
                if _PRE_FY.search(t, lo, s):
                    is_year = True
                    start = _PRE_FY.search(t, lo, s).start()  # type: ignore[union-attr]
                elif zh or (
                    _PRE_YEAR_CTX.search(t, lo, s)
                    or _PRE_MONTH.search(t, lo, s)
                    or _YEAR_AFTER_NOUN.match(t, e)
                    or not _LOWER_WORD_AFTER.match(t, e)
                ):
                    is_year = True
                if is_year:
                    unit = None
            elif not zh and v == int(v) and 1 <= v <= 31 and (_PRE_MONTH.search(t, lo, s) or _POST_MONTH.match(t, e)):
                date = True
        # "one" as a pronoun: "the one", "which one", "one of"
        if (
            kind == "w"
            and unit == "count"
            and t[s:e].lower() == "one"
            and (
                _PRE_ONE_PRONOUN.search(t, lo, s)
                or _POST_ONE_PRONOUN.match(t, e)
                or t[e : e + 1] == "-"
            )
        ):
            return None
    value = sign * (v * scale + minor)
    if not math.isfinite(value):
        return None
    return _Cand(
        start,
        pos,
        value,
        unit,
        scale,
        bare and scale == 1.0 and cur is None and unit == "count" and sign > 0 and start == s and pos == e,
        scale != 1.0 and cur is None and unit == "count" and pos == after_scale and start == s,
        is_year,
        False,
        date,
    )


_SHORT_YEAR_SEP = re.compile(r"\s*[-–—/~]\s*")
_RANGE_SEP_ONLY = re.compile(r"\s*(?:-|–|—|~|至|到)\s*|\s+to\s+|\s+and\s+")


def _inherit_ranges(t: str, cands: list[_Cand]) -> None:
    """'3100至3400亿元', '10-15%', 'between 2 and 3 billion yuan': the bare first number takes
    the scale and unit of the second."""
    for a, b in zip(cands, cands[1:], strict=False):
        if a.is_year and b.bare and b.value == int(b.value) and 0 <= b.value < 100 and b.end - b.start == 2:
            # 2021-25, 2023/24: a short year after a year
            if _SHORT_YEAR_SEP.fullmatch(t[a.end : b.start]):
                full = a.value // 100 * 100 + b.value
                if full > a.value:
                    b.value, b.unit, b.is_year, b.bare = full, None, True, False
            continue
        if a.scaled_bare and b.unit not in (None, "count", "rank") and not b.is_ordinal:
            gap = t[a.end : b.start]
            if _RANGE_SEP_ONLY.fullmatch(gap) and (
                "and" not in gap or _BETWEEN.search(t, max(0, a.start - 12), a.start)
            ):
                a.unit = b.unit
            continue
        if not a.bare:
            continue
        gap = t[a.end : b.start]
        m = _RANGE_SEP_ONLY.fullmatch(gap)
        if not m:
            continue
        if "and" in gap and not _BETWEEN.search(t, max(0, a.start - 12), a.start):
            continue
        if "to" in gap and b.bare:
            continue
        if b.bare or b.is_ordinal:
            if b.is_year or b.date:
                pass
            else:
                continue
        if b.date:
            a.date = True
            continue
        if b.is_year:
            if a.value == int(a.value) and (1900 <= a.value <= 2100 or a.value < 100):
                a.is_year = 1900 <= a.value <= 2100
                a.unit = None
                if not a.is_year:
                    a.date = True
            continue
        a.value *= _zh_scale_of(b.zh_run) if b.zh_run else b.scale
        a.unit = b.unit
        a.bare = False
