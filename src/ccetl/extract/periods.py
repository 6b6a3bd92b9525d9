"""Period expressions (years, halves, quarters, months, spans, plans, relative
dates) found in text and resolved against the publication date.

A mention has a `role`:
- ``point``: the period a figure is about ("2021年", "last year", "上半年");
- ``span``: several years ("2011年至2019年", "in 2008-2010", "十三五时期");
- ``base``: the base of a comparison ("比2011年", "compared with 2019");
- ``relbase``: a base relative to the figure's own period ("比上年", "year on
  year", "from a year earlier"): it names no period of its own;
- ``now``: present tense markers ("目前", "currently"): the publication year.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from ccetl.extract.cues import lower_pattern as _lower_pattern


@dataclass(frozen=True, slots=True)
class PeriodMention:
    start: int
    end: int
    value: str | None
    role: str
    first_year: int | None = None
    last_year: int | None = None
    plan: bool = False  # a plan period (十四五, 13th Five-Year Plan)


_ZH_NUM = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "十一": 11, "十二": 12}
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])}
_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                "oct": 10, "nov": 11, "dec": 12})
_EN_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_PLANS = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026,
          "11th": 2006, "12th": 2011, "13th": 2016, "14th": 2021, "15th": 2026,
          "eleventh": 2006, "twelfth": 2011, "thirteenth": 2016, "fourteenth": 2021, "fifteenth": 2026}
_Q = r"[“”\"'‘’「」]?"

Y = r"((?:19|20)\d{2})"
ZH_SUB = (r"(?:(上半年|下半年|前三季度|前两季度|首季度|首季|(?:第)?[一二三四1-4](?:季度|季)|"
          r"(\d{1,2}|[一二三四五六七八九十]+)\s*(?:[-—–~～至到])\s*(\d{1,2}|[一二三四五六七八九十]+)\s*月(?:份)?|"
          r"前(\d{1,2}|[一二三四五六七八九十]+)个?月|"
          r"(\d{1,2}|十[一二]?|[一二三四五六七八九])月(?:份|底|末|末期)?(?!\s*\d|\s*[一二三四五六七八九十]+日)))")
EN_SUB = (r"(?:(?:the\s+)?(first|second)\s+half|\bH([12])\b|(?:the\s+)?(first|second|third|fourth)\s+quarter|"
          r"\bQ([1-4])\b|(?:the\s+)?first\s+(three|two)\s+quarters|"
          r"(?:the\s+)?(" + _EN_MONTH + r")\s*(?:-|–|to|through|and)\s*(" + _EN_MONTH + r")(?:\s+period)?|"
          r"(?:the\s+)?first\s+(\w+)\s+months)")


def _zh_int(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    return _ZH_NUM.get(s)


def _en_int(s: str) -> int | None:
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11}
    return int(s) if s.isdigit() else words.get(s.lower())


def _month_of(s: str) -> int | None:
    return _MONTHS.get(s.lower().rstrip("."))


def sub_period(year: int, kind: str, a: int = 0, b: int = 0) -> str:
    """Format a sub-period of `year`: half, quarter, month, cumulative months."""
    if kind == "H":
        return f"{year}-H{a}"
    if kind == "Q":
        return f"{year}-Q{a}"
    if kind == "M":
        return f"{year}-{a:02d}"
    if kind == "QQ":  # first a quarters
        return f"{year}-Q1..{year}-Q{a}" if a > 1 else f"{year}-Q1"
    if kind == "MM":  # months a..b
        if a == 1 and b == 6:
            return f"{year}-H1"
        if a == 1 and b in (3, 9):
            return f"{year}-Q1..{year}-Q{b // 3}" if b > 3 else f"{year}-Q1"
        if a == 1 and b == 12:
            return str(year)
        return f"{year}-{a:02d}..{year}-{b:02d}"
    return str(year)


def _sub_end_month(kind: str, a: int, b: int) -> int:
    return {"H": a * 6, "Q": a * 3, "M": a, "QQ": a * 3, "MM": b}.get(kind, 12)


def _parse_zh_sub(m: re.Match[str], g0: int) -> tuple[str, int, int] | None:
    """(kind, a, b) from the ZH_SUB groups starting at group index g0."""
    whole = m.group(g0)
    if whole is None:
        return None
    if whole.startswith("上半年"):
        return ("H", 1, 0)
    if whole.startswith("下半年"):
        return ("H", 2, 0)
    if whole.startswith("前三季度"):
        return ("QQ", 3, 0)
    if whole.startswith("前两季度"):
        return ("QQ", 2, 0)
    if whole.startswith("首季"):
        return ("Q", 1, 0)
    if "季" in whole:
        q = _zh_int(whole.lstrip("第")[0])
        return ("Q", q, 0) if q else None
    if m.group(g0 + 1) and m.group(g0 + 2):
        a, b = _zh_int(m.group(g0 + 1)), _zh_int(m.group(g0 + 2))
        if a and b and 1 <= a < b <= 12:
            return ("MM", a, b)
        return None
    if m.group(g0 + 3):
        n = _zh_int(m.group(g0 + 3))
        return ("MM", 1, n) if n and 1 < n <= 12 else None
    if m.group(g0 + 4):
        n = _zh_int(m.group(g0 + 4))
        return ("M", n, 0) if n and 1 <= n <= 12 else None
    return None


def _parse_en_sub(m: re.Match[str], g0: int) -> tuple[str, int, int] | None:
    g = [m.group(g0 + i) for i in range(8)]
    if g[0]:
        return ("H", 1 if g[0].lower() == "first" else 2, 0)
    if g[1]:
        return ("H", int(g[1]), 0)
    if g[2]:
        return ("Q", {"first": 1, "second": 2, "third": 3, "fourth": 4}[g[2].lower()], 0)
    if g[3]:
        return ("Q", int(g[3]), 0)
    if g[4]:
        return ("QQ", 3 if g[4].lower() == "three" else 2, 0)
    if g[5] and g[6]:
        a, b = _month_of(g[5]), _month_of(g[6])
        if a and b and a < b:
            return ("MM", a, b)
        return None
    if g[7]:
        n = _en_int(g[7])
        return ("MM", 1, n) if n and 1 < n <= 12 else None
    return None


Handler = Callable[[re.Match[str], "_Ctx"], PeriodMention | None]


@dataclass(slots=True)
class _Ctx:
    pub: dt.date | None
    year: int | None  # the context year for yearless sub-periods
    roc: bool = False  # a Taiwan text: "111年" is a year of the Minguo calendar (2022)


def _rel_year(word: str, pub: dt.date | None) -> int | None:
    if pub is None:
        return None
    w = word.lower()
    if w in ("今年", "本年", "this year", "this", "本年度", "年内", "今年年内", "the year", "the year"):
        return pub.year
    if w in ("去年", "上年", "上一年", "last year", "the previous year", "last", "前一年"):
        return pub.year - 1
    if w in ("前年",):
        return pub.year - 2
    if w in ("明年", "next year", "next"):
        return pub.year + 1
    return None


def _point(m: re.Match[str], year: int | None, sub: tuple[str, int, int] | None, role: str = "point") -> PeriodMention:
    if year is None:
        return PeriodMention(m.start(), m.end(), None, role)
    if sub is None:
        return PeriodMention(m.start(), m.end(), str(year), role, year, year)
    return PeriodMention(m.start(), m.end(), sub_period(year, *sub), role, year, year)


def _sub_year(sub: tuple[str, int, int], ctx: _Ctx) -> int | None:
    if ctx.year is not None:
        return ctx.year
    if ctx.pub is None:
        return None
    end_month = _sub_end_month(*sub)
    return ctx.pub.year if end_month <= ctx.pub.month else ctx.pub.year - 1


def _h_zh_relbase(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    return PeriodMention(m.start(), m.end(), None, "relbase")


def _h_same(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    return PeriodMention(m.start(), m.end(), None, "same")


def _h_zh_year_span(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    a, b = int(m.group(1)), int(m.group(2))
    if not a < b <= a + 30:
        return None
    return PeriodMention(m.start(), m.end(), f"{a}..{b}", "span", a, b)


def _h_zh_base(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    y = int(m.group(1))
    return PeriodMention(m.start(), m.end(), str(y), "base", y, y)


def _h_zh_year(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    y = int(m.group(1))
    sub = _parse_zh_sub(m, 2)
    return _point(m, y, sub)


def _h_zh_rel(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    y = _rel_year(m.group(1), ctx.pub)
    sub = _parse_zh_sub(m, 2)
    return _point(m, y, sub)


def _h_zh_sub(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    sub = _parse_zh_sub(m, 1)
    if sub is None:
        return None
    return _point(m, _sub_year(sub, ctx), sub)


def _h_plan(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    key = m.group("plan")
    first = _PLANS.get(key.lower()) or _PLANS.get(key)
    if first is None:
        return None
    last = first + 4
    end = m.group("end")
    if end:
        return PeriodMention(m.start(), m.end(), str(last), "point", last, last, plan=True)
    return PeriodMention(m.start(), m.end(), f"{first}..{last}", "span", first, last, plan=True)


def _h_now(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    if ctx.pub is None:
        return PeriodMention(m.start(), m.end(), None, "now")
    y = ctx.pub.year
    return PeriodMention(m.start(), m.end(), str(y), "now", y, y)


def _h_en_span(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    a = int(m.group(1))
    b = m.group(2)
    bb = int(b) if len(b) == 4 else (a // 100) * 100 + int(b)
    if not a < bb <= a + 30:
        return None
    return PeriodMention(m.start(), m.end(), f"{a}..{bb}", "span", a, bb)


def _h_en_base(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    y = int(m.group("y"))
    return PeriodMention(m.start(), m.end(), str(y), "base", y, y)


def _h_en_sub_year(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    sub = _parse_en_sub(m, 1)
    y = int(m.group(9))
    return _point(m, y, sub)


def _h_en_sub_rel(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    sub = _parse_en_sub(m, 1)
    y = _rel_year(re.sub(r"\s+", " ", m.group(9).lower()), ctx.pub)
    return _point(m, y, sub)


def _h_en_sub(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    sub = _parse_en_sub(m, 1)
    if sub is None:
        return None
    return _point(m, _sub_year(sub, ctx), sub)


def _h_en_year(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    y = int(m.group(1))
    return PeriodMention(m.start(), m.end(), str(y), "point", y, y)


def _h_en_month_year(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    mo = _month_of(m.group(1))
    y = int(m.group(2))
    if not mo:
        return None
    return PeriodMention(m.start(), m.end(), f"{y}-{mo:02d}", "point", y, y)


def _h_en_by_month(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    mo = _month_of(m.group(1))
    if not mo:
        return None
    y = ctx.year if ctx.year is not None else (ctx.pub.year if ctx.pub else None)
    if y is None:
        return None
    if ctx.year is None and ctx.pub is not None and mo > ctx.pub.month:
        y -= 1
    if mo == 12 and "end" in m.group(0).lower():
        return PeriodMention(m.start(), m.end(), str(y), "point", y, y)  # "at the end of December": the year's
    return PeriodMention(m.start(), m.end(), f"{y}-{mo:02d}", "point", y, y)


def _h_en_rel(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    y = _rel_year(m.group(1), ctx.pub)
    if y is None:
        return PeriodMention(m.start(), m.end(), None, "point")
    return PeriodMention(m.start(), m.end(), str(y), "point", y, y)


def _roc_year(m: re.Match[str], ctx: _Ctx) -> int | None:
    if not (ctx.roc or m.group(0).startswith(("民國", "民国"))):
        return None
    return int(m.group(1)) + 1911


def _h_roc_year(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    y = _roc_year(m, ctx)
    if y is None:
        return None
    return _point(m, y, _parse_zh_sub(m, 2))


def _h_roc_base(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    y = _roc_year(m, ctx)
    return None if y is None else PeriodMention(m.start(), m.end(), str(y), "base", y, y)


def _h_last_month(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    if ctx.pub is None:
        return None
    y, mo = (ctx.pub.year, ctx.pub.month - 1) if ctx.pub.month > 1 else (ctx.pub.year - 1, 12)
    return PeriodMention(m.start(), m.end(), f"{y}-{mo:02d}", "point", y, y)


def _h_national_day(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    if ctx.pub is None:
        return None
    y = ctx.year if ctx.year is not None else (ctx.pub.year if ctx.pub.month >= 10 else ctx.pub.year - 1)
    return PeriodMention(m.start(), m.end(), f"{y}-10", "point", y, y)


def _years_ahead(m: re.Match[str], ctx: _Ctx, n: int | None) -> PeriodMention | None:
    """The n years from the publication's on ("未来三年", "三年内", "over the next three years")."""
    if ctx.pub is None or not n:
        return None
    a, b = ctx.pub.year, ctx.pub.year + n - 1
    return PeriodMention(m.start(), m.end(), f"{a}..{b}", "span", a, b)


def _h_years_ahead(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    word = m.group(1) or m.group(2)
    return _years_ahead(m, ctx, {"两": 2, "兩": 2}.get(word) or _ZH_NUM.get(word))


def _h_full_year(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    return PeriodMention(m.start(), m.end(), None, "fullyear")


def _h_en_phrase(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    """The English phrases rule: the next N years, last month, the National Day holiday, the full year."""
    if m.group(1):
        return _years_ahead(m, ctx, _en_int(m.group(1)))
    if m.group(2):
        return _h_last_month(m, ctx)
    if m.group(3):
        return _h_national_day(m, ctx)
    return _h_full_year(m, ctx)


def _h_en_rel_norm(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    y = _rel_year(re.sub(r"\s+", " ", m.group(1).lower()), ctx.pub)
    if y is None:
        return PeriodMention(m.start(), m.end(), None, "point")
    return PeriodMention(m.start(), m.end(), str(y), "point", y, y)


_RULES: list[tuple[re.Pattern[str], Handler]] = [
    # comparisons with the figure's own previous period: no period of their own
    (re.compile(r"(?:比|较|較|與|与|同)(?:上年|去年|上一年|前一年|前年)(?:同期|末|底|年末|年底)?(?:相比)?|同比|上年同期|去年同期|"
                r"(?:比|较|較)(?:上半年|一季度|上季度|上月|前三季度)|"
                r"环比|環比|較上年|比上年同期|按年|按年比較|按年比较|按年同期"), _h_zh_relbase),
    (re.compile(r"(?:(?:from|than|over|compared\s+with|compared\s+to|on)\s+)?(?:(?:a|one|the)\s+year\s+"
                r"(?:earlier|ago|before)|(?:in\s+)?the\s+(?:previous|preceding|prior|last)\s+year|"
                r"(?:in\s+|for\s+)?the\s+same\s+period\s+(?:of\s+)?(?:last|the\s+previous|a)\s+year(?:\s+earlier)?|"
                r"year[-\s]on[-\s]year|year[-\s]over[-\s]year|the\s+previous\s+(?:period|quarter)|"
                r"(?:a|the)\s+year-?\s?earlier\s+period|last\s+year'?s?\s+level|"
                r"(?:from|than|over|compared\s+with|compared\s+to)\s+(?:the\s+same\s+period\s+(?:of\s+)?)?last\s+year"
                r"(?![-\s]+end)|(?:than|from|over)\s+(?:at|in|during)\s+last\s+year'?s?)", re.I), _h_zh_relbase),
    # plan periods
    (re.compile(r"(?:到|至|截至)?" + _Q + r"(?P<plan>十[一二三四五]五)" + _Q + r"(?:规划|規劃)?(?P<end>末|期末|末期|收官之年)?"
                r"(?:时期|時期|期间|期間|以来)?"), _h_plan),
    (re.compile(r"(?:(?P<end>(?:by\s+)?the\s+end\s+of)\s+)?(?:during\s+|in\s+|over\s+)?(?:the\s+)?"
                r"(?P<plan>11th|12th|13th|14th|15th|eleventh|twelfth|thirteenth|fourteenth|fifteenth)"
                r"\s+Five[-\s]Year\s+Plan(?:\s+period)?(?:\s+\(\d{4}-\d{2,4}\))?", re.I), _h_plan),
    # year spans
    (re.compile(Y + r"\s*年?\s*(?:至|到|-|—|–|~|～)\s*" + Y + r"\s*年(?:间|期间|間)?"), _h_zh_year_span),
    (re.compile(r"(?:between\s+|from\s+)?" + Y + r"\s*(?:-|–|—|and|to|through)\s*(\d{4}|\d{2})\b(?!\s*年)", re.I),
     _h_en_span),
    # named base years
    (re.compile(r"(?:比|较|較|与|與|同|相对于|相比)" + Y + r"\s*年(?:的|底|末|同期)?"), _h_zh_base),
    (re.compile(r"(?:compared\s+(?:with|to)|than\s+(?:in|at\s+the\s+end\s+of)|from(?:\s+the\s+level\s+of)?|"
                r"over|since|on)\s+(?:the\s+(?:first|second)\s+half\s+of\s+|the\s+(?:first|second|third|fourth)\s+"
                r"quarter\s+of\s+|the\s+end\s+of\s+)?(?P<y>(?:19|20)\d{2})(?:\s+levels?)?\b(?!\s*(?:to|-|–)\s*\d)",
                re.I), _h_en_base),
    # absolute years, optionally with a sub-period
    (re.compile(Y + r"\s*年(?:度)?(?:的)?(?:全年)?" + ZH_SUB + r"?(?:底|末|年底|年末)?"), _h_zh_year),
    # relative years
    (re.compile(r"(?:当年|當年|同年|同期|that\s+year|the\s+same\s+year|the\s+same\s+period)"), _h_same),
    (re.compile(r"(今年年内|今年|去年|上年|上一年|前年|明年|本年度|本年)(?:的)?(?:全年)?" + ZH_SUB + r"?(?:底|末|年底|年末)?"),
     _h_zh_rel),
    (re.compile(r"(?<![\d年])" + ZH_SUB), _h_zh_sub),
    (re.compile(r"(?:目前|当前|當前|现阶段|現階段|截至目前|至今|现在|現在|如今|眼下)"), _h_now),
    (re.compile(r"\b(?:currently|at\s+present|now|presently|to\s+date|so\s+far|as\s+of\s+now)\b", re.I), _h_now),
    # English sub-periods with a year / relative year / bare
    (re.compile(r"(?:in\s+|during\s+|for\s+)?" + EN_SUB + r"\s+(?:of\s+|in\s+)?" + Y, re.I), _h_en_sub_year),
    (re.compile(r"(?:in\s+|during\s+|for\s+)?" + EN_SUB + r"\s+(?:of\s+)?(this\s+year|last\s+year|the\s+year)",
                re.I), _h_en_sub_rel),
    (re.compile(r"(?:in\s+|during\s+|for\s+)?" + EN_SUB, re.I), _h_en_sub),
    (re.compile(r"\b(?:in|by|as\s+of|at\s+the\s+end\s+of|end\s+of|until)?\s*(" + _EN_MONTH + r")\s*,?\s*" + Y + r"\b"),
     _h_en_month_year),
    (re.compile(r"\b(?i:by|as\s+of|at\s+the\s+end\s+of|by\s+the\s+end\s+of|until|in|end\s+of|through)\s+"
                r"(?i:(?:early|mid|late)[-\s]+)?(" + _EN_MONTH + r")\b(?!\s*\d)"),
     _h_en_by_month),
    (re.compile(r"\b(?:in\s+|by\s+(?:the\s+end\s+of\s+)?|for\s+|during\s+|of\s+|at\s+the\s+end\s+of\s+)?(?:fiscal\s+)?"
                r"((?:19|20)\d{2})\b(?![-–]\d)(?!\s*年)"), _h_en_year),
    (re.compile(r"\b(this\s+year|last\s+year|next\s+year)\b", re.I), _h_en_rel_norm),
    # the month before publication; the years ahead of it
    (re.compile(r"上个?月|上個月"), _h_last_month),
    (re.compile(r"(?:未来|未來|今后|今後)([两兩二三四五六七八九十])年|([两兩二三四五六七八九十])"
                r"(?<![\d一二三四五六七八九十][两兩二三四五六七八九十])年[内內]"),
     _h_years_ahead),
    # the National Day holiday ("国庆假期7天", "Golden Week") is in October
    (re.compile(r"国庆(?:节)?(?:假期|长假|黄金周|期间|7天|七天)|國慶(?:節)?(?:假期|長假|黃金周|期間)"),
     _h_national_day),
    # the whole year of the context ("预计全年", "full-year box office"): resolved in find_periods
    (re.compile(r"全年度|全年|年(?<![\d年今去上明本]年)[末底]"), _h_full_year),
    (re.compile(r"\b(?:full[-\s]year|(?:the\s+)?(?:whole|entire|full)\s+year)\b|"
                r"\b(?:over\s+|in\s+)?the\s+next\s+(two|three|four|five)\s+years\b|\b(last\s+month)\b|"
                r"\b(national\s+day\s+(?:holiday|golden\s+week)|the\s+golden\s+week)\b", re.I),
     _h_en_phrase),
    # Minguo years in Taiwan texts: "較110年" (a base), "111年", "112年上半年"
    (re.compile(r"(?:比|较|較|与|與|同|相对于|相對於|相比)(?:民國|民国)?(1[0-3]\d)\s*年(?:的|底|末|同期)?(?!\d)"),
     _h_roc_base),
    (re.compile(r"(?<!\d)(?:民國|民国)?(1[0-3]\d)\s*年(?:度)?(?:的)?(?:全年)?" + ZH_SUB + r"?(?:底|末|年底|年末)?"),
     _h_roc_year),
]


_BOOK = re.compile(r"《[^》]{0,80}》")

_MONTH_WORDS = frozenset(_MONTHS)
_YEAR_TOKEN = re.compile(r"(?:19|20)\d\d")
# Cheap triggers: a rule runs only in windows around these tokens (English) or
# characters (Chinese); "#year" stands for a 4-digit year token.
_TRIGGERS: dict[int, frozenset[str] | re.Pattern[str]] = {
    1: frozenset({"year", "years", "period", "quarter", "earlier", "ago", "before", "level", "levels"}),
    3: frozenset({"plan"}),
    5: frozenset({"#year"}),
    7: frozenset({"#year"}),
    9: re.compile(r"[当當同]|that|same"),
    11: re.compile(r"[半季月]"),
    13: frozenset({"currently", "present", "now", "presently", "date", "far"}),
    14: frozenset({"half", "h1", "h2", "quarter", "quarters", "q1", "q2", "q3", "q4", "months"}) | _MONTH_WORDS,
    15: frozenset({"half", "h1", "h2", "quarter", "quarters", "q1", "q2", "q3", "q4", "months"}) | _MONTH_WORDS,
    16: frozenset({"half", "h1", "h2", "quarter", "quarters", "q1", "q2", "q3", "q4", "months"}) | _MONTH_WORDS,
    17: _MONTH_WORDS,
    18: _MONTH_WORDS,
    19: frozenset({"#year"}),
    20: frozenset({"year"}),
    25: frozenset({"full", "whole", "entire", "next", "month", "day", "golden"}),
}
_WORD = re.compile(r"[A-Za-z]+\d*|\d+")
# The tokens of _WORD that are trigger words: a letter run (with its digits) or
# a 4-digit year standing alone, matched whole.
_TRIGGER_WORDS = sorted({w for t in _TRIGGERS.values() if isinstance(t, frozenset) for w in t if w != "#year"},
                        key=len, reverse=True)
_TRIGGER_TOKEN = re.compile(r"(?<![A-Za-z])(?i:" + "|".join(_TRIGGER_WORDS) + r")(?![A-Za-z\d])|"
                            r"(?<![A-Za-z\d])(?:19|20)\d\d(?!\d)")


def _trie_alt(words: list[str]) -> str:
    """The lowercase trigger words (longest first) as one alternation grouped by
    first letter, each branch starting with a literal: `re` then skips the
    other positions with a fast first-character test (same matches as the
    plain alternation, several times faster to scan)."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    # "no letter before the word" (the plain form's leading lookbehind) is
    # tested after the word's letters matched: most candidates fail sooner
    return "|".join(c + "(?:" + "|".join(r + r"(?<![a-z]" + c + r + r")(?![a-z\d])" for r in rest) + ")"
                    for c, rest in groups.items())


_TRIGGER_TOKEN_LOW = re.compile(_trie_alt(_TRIGGER_WORDS) +
                                r"|19\d\d(?<![a-z\d]....)(?!\d)|20\d\d(?<![a-z\d]....)(?!\d)")


# Rules whose handler reads only offsets: run without IGNORECASE on the
# lowercased text (same matches, more than twice as fast to scan). Rule 1
# lowercased, its branches spread out so that each opens with a letter
# (`(?:p)?m` tried as `p m|m`, `(?:a|b)x` as `ax|bx`: the same matches in the
# same order of preference), which lets `re` skip the other positions fast.
_REL_PREFIX = [r"from", r"than", r"over", r"compared\s+with", r"compared\s+to", r"on"]
_REL_MAIN = [
    r"a\s+year\s+(?:earlier|ago|before)", r"one\s+year\s+(?:earlier|ago|before)",
    r"the\s+year\s+(?:earlier|ago|before)",
    r"in\s+the\s+(?:previous|preceding|prior|last)\s+year", r"the\s+(?:previous|preceding|prior|last)\s+year",
    *(p + r"the\s+same\s+period\s+(?:of\s+)?(?:last|the\s+previous|a)\s+year(?:\s+earlier)?"
      for p in (r"in\s+", r"for\s+", "")),
    r"year[-\s]on[-\s]year", r"year[-\s]over[-\s]year", r"the\s+previous\s+(?:period|quarter)",
    r"a\s+year-?\s?earlier\s+period", r"the\s+year-?\s?earlier\s+period", r"last\s+year'?s?\s+level",
    *(p + r"\s+(?:the\s+same\s+period\s+(?:of\s+)?)?last\s+year(?![-\s]+end)" for p in _REL_PREFIX[:5]),
    *(p + r"\s+(?:at|in|during)\s+last\s+year'?s?" for p in ("than", "from", "over")),
]
_LOW_RULES: dict[int, re.Pattern[str]] = {1: re.compile("|".join(
    [p + r"\s+(?:" + "|".join(_REL_MAIN) + ")" for p in _REL_PREFIX] + _REL_MAIN))}


def _low(idx: int) -> re.Pattern[str]:
    # lower_pattern also lowercases the "P" of "(?P<name>"
    return re.compile(_lower_pattern(_RULES[idx][0].pattern).replace("(?p<", "(?P<"))


# More IGNORECASE rules run on the lowercased text, but only when the text is
# "case safe" (same length lowercased, no "ı"/"ſ", which IGNORECASE matches to
# "i"/"s" while lower() keeps them): then the matches are the same and their
# handlers read groups case-insensitively. Rule 1 keeps its older, looser test.
_SAFE_LOW_RULES: dict[int, re.Pattern[str]] = {i: _low(i) for i in (3, 5, 7, 13, 14, 15, 16, 20)}
# Rules 13 and 20 lowercased with each branch opening with a letter: "\b"
# before a letter is "(?<!\w.)" right after it (fast to scan, same matches).
_SAFE_LOW_RULES[13] = re.compile("|".join(w[0] + r"(?<!\w.)" + w[1:] + r"\b" for w in (
    r"currently", r"at\s+present", r"now", r"presently", r"to\s+date", r"so\s+far", r"as\s+of\s+now")))
_SAFE_LOW_RULES[20] = re.compile(r"(t(?<!\w.)his\s+year|l(?<!\w.)ast\s+year|n(?<!\w.)ext\s+year)\b")
# Rules 0, 5 and 19 with their branches spread out so that each opens with a
# literal (fast to scan; same matches in the same order of preference). A
# year group repeated in several branches is read by the handlers below.
_ZH_REL_A = r"(?:上年|去年|上一年|前一年|前年)(?:同期|末|底|年末|年底)?(?:相比)?"
_ZH_REL_B = r"(?:上半年|一季度|上季度|上月|前三季度)"
_ZH_RELBASE_FAST = re.compile("|".join(
    [c + _ZH_REL_A for c in "比较較與与同"] + ["同比", "上年同期", "去年同期"] + [c + _ZH_REL_B for c in "比较較"]
    + ["环比", "環比", "較上年", "比上年同期", "按年", "按年比較", "按年比较", "按年同期"]))
_EN_YEAR_TAIL = r"(?:19|20)\d{2}\b(?![-–]\d)(?!\s*年)"
# "\b" before a word character is "(?<!\w.)" right after it
_EN_YEAR_FAST = re.compile("|".join(
    [w[0] + r"(?<!\w.)" + w[1:] + r"\s+(?:fiscal\s+)?" + _EN_YEAR_TAIL for w in (
        r"in", r"by\s+the\s+end\s+of", r"by", r"for", r"during", r"of", r"at\s+the\s+end\s+of")]
    + [r"f(?<!\w.)iscal\s+" + _EN_YEAR_TAIL, r"1(?<!\w.)9\d{2}\b(?![-–]\d)(?!\s*年)",
       r"2(?<!\w.)0\d{2}\b(?![-–]\d)(?!\s*年)"]))


def _h_en_year_fast(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    y = int(m.group()[-4:])  # the year ends every match of _EN_YEAR_FAST
    return PeriodMention(m.start(), m.end(), str(y), "point", y, y)


_EN_SPAN_SEP = r"\s*(?:-|–|—|and|to|through)\s*(\d{4}|\d{2})\b(?!\s*年)"
_EN_SPAN_FAST_LOW = re.compile(r"between\s+((?:19|20)\d{2})" + _EN_SPAN_SEP + r"|from\s+((?:19|20)\d{2})" + _EN_SPAN_SEP
                               + r"|19\d{2}" + _EN_SPAN_SEP + r"|20\d{2}" + _EN_SPAN_SEP)


def _h_en_span_fast(m: re.Match[str], ctx: _Ctx) -> PeriodMention | None:
    g = m.groups()  # (first year, end) of the matching branch; the last two start at the year
    if g[0] is not None:
        a, b = int(g[0]), g[1]
    elif g[2] is not None:
        a, b = int(g[2]), g[3]
    else:
        a, b = int(m.group()[:4]), g[4] if g[4] is not None else g[5]
    assert b is not None
    bb = int(b) if len(b) == 4 else (a // 100) * 100 + int(b)
    if not a < bb <= a + 30:
        return None
    return PeriodMention(m.start(), m.end(), f"{a}..{bb}", "span", a, bb)


# Faster text patterns (with their handlers) used in place of _RULES[i].
_TEXT_FAST: dict[int, tuple[re.Pattern[str], Handler]] = {0: (_ZH_RELBASE_FAST, _h_zh_relbase),
                                                          19: (_EN_YEAR_FAST, _h_en_year_fast)}
_SAFE_LOW_RULES[5] = _EN_SPAN_FAST_LOW
_LOW_HANDLERS: dict[int, Handler] = {5: _h_en_span_fast}
# Literal strings one of which every match of a rule contains: a rule whose
# strings are absent from the text is skipped (same result, no scan).
_NEEDS: dict[int, re.Pattern[str]] = {
    0: re.compile(r"[比较較與与同环環按]"),
    2: re.compile(r"十[一二三四五]五"),
    4: re.compile(r"年"),
    6: re.compile(r"年"),
    8: re.compile(r"年"),
    10: re.compile(r"今年|去年|上年|上一年|前年|明年|本年"),
    12: re.compile(r"目前|当前|當前|现阶段|現階段|截至目前|至今|现在|現在|如今|眼下"),
    22: re.compile(r"年[内內]|未来|未來|今后|今後"),
    23: re.compile(r"国庆|國慶"),
    26: re.compile(r"臺|台灣|民國|民国"),  # Minguo years only in Taiwan texts (and after 民國)
    27: re.compile(r"臺|台灣|民國|民国"),
}
# Needs left out of the plan: "年" is tested by str.find; rule 12's need is
# its own pattern and rule 10's starts it (a scan for nothing saved).
_NEEDS_SKIPPED = frozenset({4, 6, 8, 10, 12})
# A one-character string every match of _NEEDS[i] contains: str.find is far
# cheaper than a regex scan, so the regex runs only when it is present.
_NEED_CHAR: dict[int, str] = {2: "十", 4: "年", 6: "年", 8: "年", 10: "年", 21: "上", 22: "年", 24: "年", 26: "年", 27: "年"}
# Rules that match only text with CJK characters: skipped on ASCII text.
_CJK_RULES = frozenset({0, 2, 4, 6, 8, 10, 11, 12, 21, 22, 23, 24, 26, 27})
# Rules triggered by a regex of literals: the same positions (the literals
# cannot overlap each other or themselves) found by str.find loops.
_TRIGGER_LITERALS: dict[int, tuple[str, ...]] = {9: ("当", "當", "同", "that", "same"), 11: ("半", "季", "月")}
# Per window: a lowercase string every match of a (case safe, lowercased)
# rule contains; a window without it is not scanned.
_WINDOW_NEEDS: dict[int, str] = {3: "five", 15: "year"}


@dataclass(frozen=True, slots=True)
class _Rule:
    idx: int
    pat: re.Pattern[str]
    handler: Handler
    low_pat: re.Pattern[str] | None  # the rule run on the lowercased text
    low_handler: Handler  # the handler of low_pat's matches
    loose_low: bool  # low_pat is used whenever the lowercased text has the same length
    trig: frozenset[str] | tuple[str, ...] | None
    need: re.Pattern[str] | None
    need_char: str | None
    cjk: bool
    window_need: str | None


def _make_rule(idx: int) -> _Rule:
    pat, handler = _TEXT_FAST.get(idx, _RULES[idx])
    given = _TRIGGERS.get(idx)
    # every regex trigger has its literals in _TRIGGER_LITERALS
    trig = _TRIGGER_LITERALS[idx] if isinstance(given, re.Pattern) else given
    low = _LOW_RULES.get(idx)
    return _Rule(idx, pat, handler, low if low is not None else _SAFE_LOW_RULES.get(idx),
                 _LOW_HANDLERS.get(idx, handler), low is not None,
                 trig, None if idx in _NEEDS_SKIPPED else _NEEDS.get(idx), _NEED_CHAR.get(idx), idx in _CJK_RULES,
                 _WINDOW_NEEDS.get(idx))


_RULE_PLAN: tuple[_Rule, ...] = tuple(_make_rule(i) for i in range(len(_RULES)))


def _literal_positions(text: str, lits: tuple[str, ...], start: int, end: int) -> list[int]:
    """Sorted starts of the non-overlapping occurrences of lits in text[start:end]."""
    pos: list[int] = []
    for w in lits:
        n = len(w)
        p = text.find(w, start, end)
        while p >= 0:
            pos.append(p)
            p = text.find(w, p + n, end)
    pos.sort()
    return pos


def _windows(pos: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """Windows of +-60 characters around sorted trigger positions, merged."""
    out: list[tuple[int, int]] = []
    last_a = last_b = -1
    for p in pos:
        a = p - 60 if p - 60 > start else start
        b = p + 60 if p + 60 < end else end
        if out and a <= last_b:
            last_b = b
            out[-1] = (last_a, b)
        else:
            last_a, last_b = a, b
            out.append((a, b))
    return out


_ZH_DIGITS = str.maketrans("零〇○一二三四五六七八九", "000123456789")
# (the lookbehind after the first character: `re` skips ahead to a 一 or 二 fast)
_ZH_DIGIT_YEAR = re.compile(r"[一二](?<![零〇○一二三四五六七八九十][一二])[零〇○九][零〇○一二三四五六七八九]{2}(?=\s*年)")


def find_periods(text: str, start: int = 0, end: int | None = None, pub: dt.date | None = None,
                 ctx_year: int | None = None, default_year: int | None = None) -> list[PeriodMention]:
    """Period mentions in text[start:end], left to right, without overlaps.

    Mentions inside book-title marks (《…》: names of plans and reports) are skipped.
    "全年"/"年末" before any dated point take `default_year` (the year a report's
    title names), else the context or publication year.
    """
    end = len(text) if end is None else end
    if "年" in text and _ZH_DIGIT_YEAR.search(text, start, end):
        # "二○二二年" as written in Hong Kong and official texts: the same year in digits,
        # one character for one (offsets unchanged)
        text = _ZH_DIGIT_YEAR.sub(lambda m: m.group(0).translate(_ZH_DIGITS), text)
    ctx = _Ctx(pub, ctx_year, "臺" in text or "台灣" in text or "民國" in text)
    blocked = [(m.start(), m.end()) for m in _BOOK.finditer(text, start, end)] if "《" in text else []
    found: list[PeriodMention] = []
    words: dict[str, list[int]] = {}
    # only the trigger words matter: find them directly (same tokens as _WORD would give)
    low = text.lower()
    same_len = len(low) == len(text)
    if same_len:  # scanning the lowercased text is much faster than IGNORECASE
        for m in _TRIGGER_TOKEN_LOW.finditer(low, start, end):
            w = m.group(0)
            words.setdefault("#year" if w[0].isdigit() else w, []).append(m.start())
    else:
        for m in _TRIGGER_TOKEN.finditer(text, start, end):
            w = m.group(0)
            words.setdefault("#year" if w[0].isdigit() else w.lower(), []).append(m.start())
    safe = same_len and "ı" not in text and "ſ" not in text
    ascii_text = text.isascii()
    keys = words.keys()
    # taken spans never overlap each other: kept sorted, an overlap test is a bisection
    t_starts: list[int] = []
    t_ends: list[int] = []
    for rule in _RULE_PLAN:
        if rule.cjk and ascii_text:
            continue  # every match has a CJK character
        if rule.need_char is not None and text.find(rule.need_char, start, end) < 0:
            continue  # the rule cannot match without this character
        if rule.need is not None and not rule.need.search(text, start, end):
            continue  # the rule cannot match without one of these strings
        trig = rule.trig
        if trig is None:
            spans = [(start, end)]
        else:
            if isinstance(trig, frozenset):
                hit = trig & keys
                if not hit:
                    continue
                # one word's positions are already sorted
                pos = words[next(iter(hit))] if len(hit) == 1 else sorted([p for w in hit for p in words[w]])
            else:
                pos = _literal_positions(text, trig, start, end)
                if not pos:
                    continue
            spans = _windows(pos, start, end)
        pat, subject, handler = rule.pat, text, rule.handler
        if rule.low_pat is not None and (safe or (rule.loose_low and same_len)):
            pat, subject, handler = rule.low_pat, low, rule.low_handler
            if rule.window_need is not None:
                wn = rule.window_need
                spans = [(a, b) for a, b in spans if low.find(wn, a, b) >= 0]
        for a0, b0 in spans:
            for m in pat.finditer(subject, a0, b0):
                a, b = m.span()
                if a == b:
                    continue
                i = bisect_left(t_starts, b)  # spans starting before b
                if i > 0 and t_ends[i - 1] > a:
                    continue
                if blocked and any(ba <= a and b <= bb for ba, bb in blocked):
                    continue
                pm = handler(m, ctx)
                if pm is None:
                    continue
                found.append(pm)
                t_starts.insert(i, a)
                t_ends.insert(i, b)
    found.sort(key=lambda p: p.start)
    if any(p.role == "fullyear" for p in found):
        found = _resolve_full_years(found, default_year if default_year is not None else
                                    ctx.year if ctx.year is not None else (pub.year if pub else None))
    return found


def _resolve_full_years(found: list[PeriodMention], default: int | None) -> list[PeriodMention]:
    """"全年" / "full-year": the year of the last dated point before it, else the context year."""
    out: list[PeriodMention] = []
    last: int | None = None
    for p in found:
        if p.role == "fullyear":
            y = last if last is not None else default
            p = PeriodMention(p.start, p.end, str(y), "point", y, y) if y is not None else \
                PeriodMention(p.start, p.end, None, "point")
        elif p.role == "point" and p.last_year is not None:
            last = p.last_year
        out.append(p)
    return out
