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
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "弍": 2, "俩": 2, "倆": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
ZH_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
ZH_BIG_UNITS: dict[str, int] = {
    "万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000, "兆": 1_000_000_000_000,
}
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


_APPROX = str.maketrans("", "", " \t余多几幾")
# Character sets for the membership tests below: set.isdisjoint/issuperset walk the string in C.
_UNIT_OR_TENS_SET = frozenset(ZH_UNIT_CHARS) | frozenset(ZH_TENS)
_POINT_SET = frozenset(ZH_POINT)
_ASCII_DIGIT_SET = frozenset("0123456789")
_ZH_DIGIT_SET = frozenset(ZH_DIGITS)
_ZH_DIGIT_TO_ASCII = str.maketrans({c: str(d) for c, d in ZH_DIGITS.items()})


def parse_zh(s: str) -> float | None:
    """Value of a Chinese (or mixed Chinese/Arabic) numeral; None if it is not one.

    Arabic parts must already be ASCII ("3.5万亿", "3万4000"); spaces and the
    approximation marks 余/多/几 before a unit are ignored ("500余万" = 5e6).
    """
    if len(s) == 1 and s in _ONE_CHAR:
        return _ONE_CHAR[s]  # most runs are one numeral character (一, 三, 十)
    return _parse_zh(s)


def _parse_zh(s: str) -> float | None:
    s = s.translate(_APPROX)
    if not s:
        return None
    has_unit = not _UNIT_OR_TENS_SET.isdisjoint(s)
    has_point = not _POINT_SET.isdisjoint(s)
    if not has_unit and _ASCII_DIGIT_SET.isdisjoint(s):
        # A digit string: 二〇二二 -> 2022, 三点一四 -> 3.14
        head, _, tail = s.replace("點", "点").partition("点")
        if not head or not _ZH_DIGIT_SET.issuperset(head):
            return None
        if not has_point and len(head) > 1 and (len(head) == 2 or "两" in head or "兩" in head):
            return None  # 两三 (two or three), 九九: not a number
        int_part = head.translate(_ZH_DIGIT_TO_ASCII)
        if has_point:
            if len(head) > 1 and head[0] in "〇零":
                return None
            frac, j = _zh_fraction(tail, 0)
            if not frac or j != len(tail):
                return None
            return float(f"{int_part}.{frac}")
        return float(int_part)

    mega = 0.0
    total = 0.0
    section = 0.0
    small = 0.0
    num: float | None = None
    last_unit = 0  # unit value just before the current digit (for 一万二 = 12000)
    last_small = 10_000  # small units must fall within a section: 千 > 百 > 十
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
            if not frac or (num is not None and num != int(num)) or s[i + 1 : i + 2] in ("两", "兩"):
                return None
            if num is not None and last_unit >= 100 and num < 10:
                num = num * last_unit / 10  # 一千六点五 = 1600.5
            num = (num or 0.0) + float("0." + frac)
            last_unit = 0
            i = j
            prev_was_unit = False
            continue
        if c in ZH_TENS or c in ZH_SMALL_UNITS:
            u = ZH_TENS.get(c) or ZH_SMALL_UNITS[c]
            if c in ZH_TENS:
                u, mult = 10, ZH_TENS[c] / 10
            else:
                mult = num if num else 1.0
            if u >= last_small:
                return None  # 七十百
            last_small = u
            small += mult * u
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
            elif u == 100_000_000:
                base = total + section + small + (num or 0.0)
                total = (base if base else 1.0) * u
                section = 0.0
            else:
                base = mega + total + section + small + (num or 0.0)
                mega = (base if base else 1.0) * u
                total = section = 0.0
            small = 0.0
            num = None
            last_unit = u
            last_small = 10_000
            prev_was_unit = True
            zero_seen = False
            i += 1
            continue
        return None
    if num is not None and last_unit >= 100 and num < 10 and num == int(num):
        num = num * last_unit / 10  # 三百五 = 350, 一万二 = 12000
    value = mega + total + section + small + (num or 0.0)
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


# parse_zh of every one-character numeral, computed once by the general parser itself.
_ONE_CHAR: dict[str, float | None] = {
    c: _parse_zh(c) for c in ZH_DIGIT_CHARS + ZH_UNIT_CHARS + "".join(ZH_TENS) + ZH_POINT + "0123456789"
}

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
# Ordinals of units, singular and plural, for compound denominators ("twenty-firsts").
EN_UNIT_ORDINALS: dict[str, int] = {}
for _w, _v in EN_ORDINALS.items():
    if _v < 10:
        EN_UNIT_ORDINALS[_w] = _v
        EN_UNIT_ORDINALS[_w + "s"] = _v


EN_ZERO_WORDS = {"nought": 0, "naught": 0, "oh": 0}
EN_DIGIT_WORDS: dict[str, int] = {w: v for w, v in EN_UNITS.items() if v < 10}
EN_DIGIT_WORDS.update(EN_ZERO_WORDS)
_DIGITS_TOKEN = re.compile(r"\d+(?:[.,]\d+)*")


def _token_value(w: str) -> float | None:
    if w[0].isdigit():
        return parse_arabic(w)
    return None


def _cardinal(words: list[str], seps: list[str]) -> tuple[float, float] | None:
    """Value of a whole cardinal phrase (words and digit tokens) and its trailing scale; None if not one."""
    total = 0.0
    current = 0.0
    last = ""
    last_add = 0.0
    trailing = 1.0
    hundred_seen = False
    last_big = math.inf
    n = len(words)
    if n == 0:
        return None
    for i, w in enumerate(words):
        trailing = 1.0
        if w == "and":
            if last not in ("hundred", "scale", "dozen") or i + 1 >= n:
                return None
            last = "and"
            continue
        dv = _token_value(w)
        if dv is not None:
            if last in ("unit", "teen", "tens", "digits"):
                return None
            current += dv
            last_add = dv
            last = "digits"
            continue
        if w in EN_UNITS or w in EN_ZERO_WORDS:
            v = EN_UNITS.get(w, 0)
            if last in ("unit", "teen", "digits") or (last == "tens" and (v >= 10 or v == 0)):
                return None
            current += v
            last_add = v
            last = "teen" if v >= 10 else "unit"
        elif w in EN_TENS:
            if last in ("unit", "teen", "tens", "digits"):
                return None
            current += EN_TENS[w]
            last_add = EN_TENS[w]
            last = "tens"
        elif w in ("dozen", "dozens"):
            if last in ("", "and", "scale", "dozen"):
                return None
            current += last_add * 11
            last = "dozen"
            trailing = 12.0
        elif w in EN_SCALES:
            s = EN_SCALES[w]
            if s == 100.0:
                if last == "hundred" or (last == "" and i != 0):
                    return None
                if hundred_seen or (current >= 100 and last != "digits"):
                    return None
                hundred_seen = True
                current = (current if current else 1.0) * 100
                last = "hundred"
                trailing = 100.0
            else:
                if last == "scale" and current == 0:
                    total *= s  # three lakh crore
                else:
                    if s >= last_big:
                        return None  # "120 billion and 130 billion" is two numbers
                    total += (current if current else 1.0) * s
                last_big = s
                current = 0.0
                hundred_seen = False
                last = "scale"
                trailing = s
        else:
            return None
    if last == "and":
        return None
    return total + current, trailing


def _ordinal_value(words: list[str], seps: list[str]) -> tuple[int, int] | None:
    """A denominator at the end of words: (value, number of words it takes)."""
    w = words[-1]
    base = EN_DENOMS.get(w)
    if base is None:
        if w in EN_UNIT_ORDINALS and len(words) >= 2 and words[-2] in EN_TENS:
            base = EN_UNIT_ORDINALS[w]
        else:
            return None
    if w in ("half", "halves", "quarter", "quarters"):
        return base, 1
    if len(words) >= 2 and words[-2] in EN_TENS and w in EN_UNIT_ORDINALS:
        base = EN_UNIT_ORDINALS[w]
        # "twenty-first", "one hundred thirty fifths" (= 100/35), but "twenty fifths" = 20/5
        joined = seps[-1] == "-"
        preceded = len(words) >= 3 and words[-3] not in ("and",)
        if joined or preceded:
            return EN_TENS[words[-2]] + base, 2
    if base in (100, 1000) and len(words) >= 2 and w.startswith(("hundredth", "thousandth")):
        pass
    return base, 1


def _fraction(words: list[str], seps: list[str]) -> float | None:
    """'two thirds', 'a fifth', 'one twenty-fifth', 'a hundred trillionths'."""
    if len(words) < 2:
        return None
    den = _ordinal_value(words, seps)
    if den is None:
        return None
    d, k = den
    num_words = words[:-k]
    num_seps = seps[:-k]
    if not num_words:
        return None
    if num_words == ["a"]:
        num = 1.0
    else:
        if num_words[0] == "a":
            num_words = num_words[1:]
            num_seps = num_seps[1:]
        c = _cardinal(num_words, num_seps)
        if c is None:
            return None
        num = c[0]
    if num == 0 and words[-1] in ("half", "quarter"):
        return None
    return num / d


def _decimal_words(words: list[str]) -> float | None:
    """Words after 'point': 'zero three' -> 0.03, 'seventy-one' -> 0.71, 'five' -> 0.5."""
    if not words:
        return None
    if all(w in EN_DIGIT_WORDS for w in words):
        return float("0." + "".join(str(EN_DIGIT_WORDS[w]) for w in words))
    c = _cardinal(words, [" "] * len(words))
    if c is None or c[0] != int(c[0]):
        return None
    return float("0." + str(int(c[0])))


def _phrase(words: list[str], seps: list[str]) -> tuple[float, float] | None:
    """Value and trailing scale of a whole English number phrase, or None."""
    if not words:
        return None
    c = _cardinal(words, seps)
    if c is not None:
        return c
    # "a hundred", "a dozen"
    if words[0] == "a" and len(words) >= 2 and words[1] in ("hundred", "thousand", "million", "billion", "trillion", "dozen"):
        c = _cardinal(["one"] + words[1:], seps)
        if c is not None:
            return c
    if words == ["half", "a", "dozen"]:
        return 6.0, 1.0
    n = len(words)
    # a fraction or mixed number followed by a scale word: "five and a half million", "half million"
    last = words[-1]
    if last in EN_SCALES and EN_SCALES[last] >= 1000 and n >= 2:
        body = words[:-1]
        bseps = seps[:-1]
        if len(body) >= 2 and body[-2:] == ["of", "a"]:
            body, bseps = body[:-2], bseps[:-2]
        if body in (["half"], ["a", "half"]):
            return 0.5 * EN_SCALES[last], EN_SCALES[last]
        if body in (["quarter"], ["a", "quarter"]):
            return 0.25 * EN_SCALES[last], EN_SCALES[last]
        # "one billion and three quarters million"
        if "and" in body:
            p = len(body) - 1 - body[::-1].index("and")
            head = _cardinal(body[:p], bseps[:p])
            fr = _fraction(body[p + 1 :], bseps[p + 1 :])
            if head is not None and head[1] >= 1000 and fr is not None and fr < 1:
                return head[0] + fr * EN_SCALES[last], EN_SCALES[last]
        inner = None if any(EN_SCALES.get(w, 0) >= 1000 for w in body) else _phrase(body, bseps)
        if inner is not None and inner[1] < 1000:
            return inner[0] * EN_SCALES[last], EN_SCALES[last]
        return None
    # mixed: "one hundred and three quarters", "three million and a half"
    for p in range(n - 2, 0, -1):
        if words[p] != "and":
            continue
        tail = words[p + 1 :]
        fr = _fraction(tail, seps[p + 1 :])
        if fr is None or fr >= 1:
            continue
        head = _cardinal(words[:p], seps[:p])
        if head is None:
            # "twenty and three and three fifths"
            hw = [w for w in words[:p] if w != "and"]
            head = _cardinal(hw, [" "] * len(hw))
            if head is None:
                continue
        scale = head[1] if head[1] >= 1000 else 1.0
        return head[0] + fr * scale, 1.0
    fr = _fraction(words, seps)
    if fr is not None:
        return fr, 1.0
    # decimal: "five point five"
    if "point" in words:
        p = words.index("point")
        c = _cardinal(words[:p], seps[:p])
        f = _decimal_words(words[p + 1 :])
        if c is not None and f is not None:
            return c[0] + f, 1.0
    return None


def parse_en_number(words: list[str], seps: list[str]) -> tuple[float, int, float] | None:
    """Longest prefix of `words` (lowercase words and digit tokens) that is one number.

    `seps[i]` is the separator before words[i] ("-" or " "). Returns
    (value, words used, trailing scale) or None. Needs at least one word
    token: digit-only phrases are left to the Arabic recognizer.
    """
    n = len(words)
    if n == 1 and words[0] in _ONE_WORD:
        return _ONE_WORD[words[0]]  # a lone number word: the most common call
    # digits[k]: how many of words[:k] are digit tokens
    digits = [0] * (n + 1)
    for i, w in enumerate(words):
        digits[i + 1] = digits[i] + w[0].isdigit()
    for k in range(n, 0, -1):
        last = words[k - 1]
        if last in ("and", "a", "of", "point"):
            continue
        if k < n and words[k] in EN_SCALES and last not in EN_SCALES:
            continue  # "120 billion and 130 | billion": the scale belongs to the next number
        nd = digits[k]
        if nd == k:
            continue
        if k >= 2 and last in EN_SCALES and last != "hundred" and nd == k - 1:
            continue  # "2 million": the Arabic recognizer takes it with its scale
        r = _phrase(words[:k], seps[:k])
        if r is not None:
            return r[0], k, r[1]
    return None


# parse_en_number([w]) of every number word, filled below by the general code itself (the table is
# empty while it runs). Only words whose result does not depend on the separator before them are
# kept (all of them; checked rather than assumed).
_ONE_WORD: dict[str, tuple[float, int, float] | None] = {}


def _fill_one_word_table() -> None:
    words = (
        set(EN_UNITS) | set(EN_TENS) | set(EN_SCALES) | set(EN_DENOMS) | set(EN_UNIT_ORDINALS) | set(EN_ORDINALS)
        | set(EN_ZERO_WORDS) | {"dozen", "dozens", "and", "a", "of", "point", "half"}
    )
    table = {}
    for w in sorted(words):
        r = parse_en_number([w], [" "])
        if r == parse_en_number([w], ["-"]):
            table[w] = r
    _ONE_WORD.update(table)


_fill_one_word_table()
