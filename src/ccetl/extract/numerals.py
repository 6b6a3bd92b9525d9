"""Numeral parsing helpers for the quantity recognizer.

* `parse_zh(s)`: a Chinese numeral, possibly mixed with Arabic digits
  ("一千二百", "四千零五萬", "3.5万亿", "二〇二二", "三点一四", "壹贰叁").
* `parse_arabic(s)`: one Arabic digit token with separators ("1,234.5",
  "12,34,567", "1.111,11", "4.800"); None when the token is malformed.
* English number words: `EN_WORD_VALUES`, `EN_SCALES`, `parse_en_words(words)`.

Pure functions, no regex compiled per call.
"""

from __future__ import annotations

import math
import re

# ---------------------------------------------------------------- Chinese

ZH_DIGITS: dict[str, int] = {
    "〇": 0, "零": 0, "○": 0, "０": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "弍": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
ZH_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
ZH_BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
ZH_TENS: dict[str, int] = {"廿": 20, "卅": 30}
ZH_POINT = "点點"

ZH_DIGIT_CHARS = "".join(ZH_DIGITS)
ZH_UNIT_CHARS = "".join(ZH_SMALL_UNITS) + "".join(ZH_BIG_UNITS)


def _zh_fraction(s: str, i: int) -> tuple[str, int]:
    """Digits after a 点 starting at i: returns (digit string, next index)."""
    out: list[str] = []
    n = len(s)
    while i < n:
        c = s[i]
        if "0" <= c <= "9":
            out.append(c)
        elif c in ZH_DIGITS:
            out.append(str(ZH_DIGITS[c]))
        elif c == " ":
            pass
        else:
            break
        i += 1
    return "".join(out), i


def parse_zh(s: str) -> float | None:
    """Value of a Chinese (or mixed Chinese/Arabic) numeral; None if it is not one.

    Arabic parts must already be ASCII ("3.5万亿"); spaces are ignored.
    """
    s = s.replace(" ", "")
    if not s:
        return None
    has_unit = any(c in ZH_UNIT_CHARS or c in ZH_TENS for c in s)
    has_point = any(c in ZH_POINT for c in s)
    if not has_unit and not any("0" <= c <= "9" for c in s):
        # A digit string: 二〇二二 -> 2022, 三点一四 -> 3.14
        head, _, tail = s.replace("點", "点").partition("点")
        if not head or any(c not in ZH_DIGITS for c in head):
            return None
        int_part = "".join(str(ZH_DIGITS[c]) for c in head)
        if has_point:
            frac, j = _zh_fraction(tail, 0)
            if not frac or j != len(tail):
                return None
            return float(f"{int_part}.{frac}")
        return float(int_part)

    total = 0.0
    section = 0.0
    small = 0.0
    num: float | None = None
    last_unit = 0  # unit value just before the current digit (for 一万二 = 12000)
    prev_was_unit = False
    zero_seen = False
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if "0" <= c <= "9":
            j = i
            while j < n and ("0" <= s[j] <= "9" or s[j] in ".,"):
                j += 1
            tok = s[i:j].rstrip(".,")
            val = parse_arabic(tok)
            if val is None or (num is not None and num != 0):
                return None
            num = val
            i += len(tok)
            prev_was_unit = False
            last_unit = 0
            continue
        if c in ZH_DIGITS:
            d = ZH_DIGITS[c]
            if d == 0:
                zero_seen = True
                if num is None:
                    num = 0.0
                i += 1
                prev_was_unit = False
                continue
            if num is not None and num != 0:
                return None  # two digits in a row inside a unit numeral
            num = float(d)
            elided_ok = prev_was_unit and not zero_seen
            prev_was_unit = False
            i += 1
            if not elided_ok:
                last_unit = 0
            continue
        if c in ZH_POINT:
            frac, j = _zh_fraction(s, i + 1)
            if not frac:
                return None
            num = (num or 0.0) + float("0." + frac)
            last_unit = 0
            i = j
            prev_was_unit = False
            continue
        if c in ZH_TENS:
            small += ZH_TENS[c]
            num = None
            last_unit = 10
            prev_was_unit = True
            zero_seen = False
            i += 1
            continue
        if c in ZH_SMALL_UNITS:
            u = ZH_SMALL_UNITS[c]
            small += (num if num is not None else 1.0) * u
            num = None
            last_unit = u
            prev_was_unit = True
            zero_seen = False
            i += 1
            continue
        if c in ZH_BIG_UNITS:
            u = ZH_BIG_UNITS[c]
            if u == 10_000:
                base = section + small + (num or 0.0)
                section = (base if base else 1.0) * u
            else:
                base = total + section + small + (num or 0.0)
                total = (base if base else 1.0) * u
                section = 0.0
            small = 0.0
            num = None
            last_unit = u
            prev_was_unit = True
            zero_seen = False
            i += 1
            continue
        return None
    if num is not None and last_unit >= 100 and num < 10 and num == int(num):
        num = num * last_unit / 10  # 三百五 = 350, 一万二 = 12000
    value = total + section + small + (num or 0.0)
    if not math.isfinite(value):
        return None
    return value


# ---------------------------------------------------------------- Arabic

_US = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_INDIAN = re.compile(r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?")
_EURO = re.compile(r"\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,}")
_DEC_COMMA = re.compile(r"\d+,\d{1,2}")


def parse_arabic(tok: str) -> float | None:
    """Value of one Arabic-digit token with ',' / '.' separators, or None if malformed."""
    if _PLAIN.fullmatch(tok):
        return float(tok)
    if _US.fullmatch(tok) or _INDIAN.fullmatch(tok):
        return float(tok.replace(",", ""))
    if _EURO.fullmatch(tok):
        return float(tok.replace(".", "").replace(",", "."))
    if _DEC_COMMA.fullmatch(tok):
        return float(tok.replace(",", "."))
    return None


# ---------------------------------------------------------------- English words

EN_UNITS: dict[str, int] = {
    "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
EN_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
EN_SCALES: dict[str, float] = {
    "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "crore": 1e7, "crores": 1e7,
}
EN_ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000, "millionth": 1_000_000, "billionth": 1_000_000_000,
    "trillionth": 1_000_000_000_000,
}
# Denominator words of fractions (plural forms and "half"/"quarter").
EN_DENOMS: dict[str, int] = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4}
for _w, _v in EN_ORDINALS.items():
    if _v > 2:
        EN_DENOMS[_w] = _v
        EN_DENOMS[_w + "s"] = _v
EN_DENOMS["thirds"] = 3
EN_DENOMS["third"] = 3


def parse_en_cardinal(words: list[str]) -> tuple[float, int] | None:
    """Longest prefix of lowercase number words that forms one cardinal.

    Returns (value, words consumed) or None. "and" is allowed after a scale word
    ("one hundred and six"). Stops where a new number would start ("one two").
    """
    total = 0.0
    current = 0.0
    used = 0
    last = ""  # kind of the last word: unit, teen, tens, hundred, scale, and
    best: tuple[float, int] | None = None
    i = 0
    n = len(words)
    while i < n:
        w = words[i]
        if w == "and":
            if last not in ("hundred", "scale") or i + 1 >= n:
                break
            last = "and"
            i += 1
            continue
        if w in EN_UNITS:
            v = EN_UNITS[w]
            if last in ("unit", "teen") or (last == "tens" and v >= 10) or (last == "tens" and v == 0):
                break
            if last == "" and current == 0 and total == 0 and v == 0:
                current = 0.0
            current += v
            last = "teen" if v >= 10 else "unit"
        elif w in EN_TENS:
            if last in ("unit", "teen", "tens"):
                break
            current += EN_TENS[w]
            last = "tens"
        elif w in EN_SCALES:
            s = EN_SCALES[w]
            if s == 100.0:
                if last == "hundred" or (current >= 100 and last != ""):
                    break
                current = (current if current else 1.0) * 100
                last = "hundred"
            else:
                if last == "scale" and current == 0:
                    # "three lakh crore": compound scale
                    total *= s
                else:
                    if total and current == 0 and last == "and":
                        break
                    total += (current if current else 1.0) * s
                current = 0.0
                last = "scale"
        else:
            break
        i += 1
        used = i
        best = (total + current, used)
    return best
