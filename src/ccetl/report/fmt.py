"""Numbers, units and periods formatted for people, in English or Chinese.

``fmt_value(1.64e12, "CNY", "en") -> "1.64 trillion yuan"``,
``fmt_value(2.074e11, "CNY", "zh") -> "2074亿元"``, ``fmt_value(13, "percent") -> "13%"``.
Values are in the base units of the indicator contract (yuan, not 亿元).
"""

from __future__ import annotations

import math
import re
from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")

# (scale, English word) and (scale, Chinese word), largest first.
_EN_SCALES: tuple[tuple[float, str], ...] = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_ZH_SCALES: tuple[tuple[float, str], ...] = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))

# English: (prefix, suffix) around the scaled number; Chinese: the unit word after it.
_EN_MONEY: dict[str, tuple[str, str]] = {
    "CNY": ("", " yuan"),
    "RMB": ("", " yuan"),
    "USD": ("US$", ""),
    "HKD": ("HK$", ""),
    "MOP": ("MOP$", ""),
    "TWD": ("NT$", ""),
    "EUR": ("€", ""),
    "GBP": ("£", ""),
    "JPY": ("", " yen"),
    "KRW": ("", " won"),
}
_EN_MONEY_NAME: dict[str, str] = {
    "CNY": "yuan",
    "RMB": "yuan",
    "USD": "US dollars",
    "HKD": "HK dollars",
    "MOP": "patacas",
    "TWD": "NT dollars",
    "EUR": "euros",
    "GBP": "pounds",
    "JPY": "yen",
    "KRW": "won",
}
_ZH_MONEY: dict[str, str] = {
    "CNY": "元",
    "RMB": "元",
    "USD": "美元",
    "HKD": "港元",
    "MOP": "澳门元",
    "TWD": "新台币",
    "EUR": "欧元",
    "GBP": "英镑",
    "JPY": "日元",
    "KRW": "韩元",
}

_BOUND_EN = {"approx": "about ", "gt": "over ", "ge": "at least ", "lt": "under ", "le": "at most "}
_BOUND_ZH = {"approx": "约", "gt": "超过", "ge": "不少于", "lt": "不到", "le": "不超过"}


def check_lang(lang: str) -> Lang:
    """``lang`` as a Lang, or ValueError."""
    if lang == "en":
        return "en"
    if lang == "zh":
        return "zh"
    raise ValueError(f"unknown language {lang!r}: use en or zh")


def is_money(unit: str | None) -> bool:
    """An ISO 4217 code (three capital letters)."""
    return bool(unit) and re.fullmatch(r"[A-Z]{3}", unit or "") is not None


def sig(x: float, digits: int = 4) -> str:
    """``x`` rounded to ``digits`` significant digits (never fewer than the integer part), no trailing zeros."""
    if x == 0 or not math.isfinite(x):
        return "0" if x == 0 else str(x)
    mag = math.floor(math.log10(abs(x)))
    decimals = max(digits - 1 - mag, 0)
    s = f"{x:.{decimals}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _grouped(x: float) -> str:
    """An integer-ish number with thousands separators (English), decimals kept up to 2."""
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def scale_for(value: float, lang: Lang) -> tuple[float, str]:
    """The (divisor, word) for a magnitude: 1.64e12 -> (1e12, "trillion") / (1e12, "万亿")."""
    for factor, word in _EN_SCALES if lang == "en" else _ZH_SCALES:
        if abs(value) >= factor:
            return factor, word
    return 1.0, ""


def fmt_number(value: float, lang: Lang = "en") -> str:
    """A plain quantity: en "8,000", "1.2 million"; zh "8000", "3.5万", "1.2亿"."""
    factor, word = scale_for(value, lang)
    if factor == 1.0:
        return _grouped(value) if lang == "en" else sig(value, 6)
    n = sig(value / factor)
    return f"{n} {word}" if lang == "en" else f"{n}{word}"


def fmt_money(value: float, currency: str, lang: Lang = "en") -> str:
    """en "1.64 trillion yuan", "US$236.5 billion"; zh "1.64万亿元", "2074亿元", "2365亿美元"."""
    factor, word = scale_for(value, lang)
    if lang == "en":
        prefix, suffix = _EN_MONEY.get(currency, ("", f" {currency}"))
        n = _grouped(value) if factor == 1.0 else f"{sig(value / factor)} {word}"
        if n.startswith("-") and prefix:
            return f"-{prefix}{n[1:]}{suffix}"
        return f"{prefix}{n}{suffix}"
    unit_word = _ZH_MONEY.get(currency, currency)
    n = sig(value, 6) if factor == 1.0 else f"{sig(value / factor)}{word}"
    return f"{n}{unit_word}"


def fmt_value(value: float, unit: str | None, lang: Lang = "en", *, bound: str | None = None) -> str:
    """One value with its unit, as a person writes it; ``bound`` adds "over", "about", 超过, 约 ..."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    u = unit or ""
    if u == "percent":
        text = f"{sig(value)}%"
    elif u == "pp":
        text = f"{sig(value)} percentage points" if lang == "en" else f"{sig(value)}个百分点"
        if lang == "en" and abs(value) == 1:
            text = f"{sig(value)} percentage point"
    elif u == "rank":
        text = f"No. {sig(value)}" if lang == "en" else f"第{sig(value)}位"
    elif u == "count":
        text = fmt_number(value, lang)
    elif is_money(u):
        text = fmt_money(value, u, lang)
    else:
        text = f"{fmt_number(value, lang)} {u}".strip() if lang == "en" else f"{fmt_number(value, lang)}{u}"
    if bound:
        text = (_BOUND_EN if lang == "en" else _BOUND_ZH).get(bound, "") + text
    return text


def axis_scale(values: list[float], unit: str | None, lang: Lang) -> tuple[float, str]:
    """A divisor and axis title for plotting values of one unit: (1e9, "billion yuan") / (1e8, "亿元")."""
    u = unit or ""
    if u == "percent":
        return 1.0, "%"
    if u == "pp":
        return 1.0, "percentage points" if lang == "en" else "百分点"
    if u == "rank":
        return 1.0, "rank" if lang == "en" else "位次"
    finite = sorted(abs(v) for v in values if v is not None and math.isfinite(v))
    typical = finite[len(finite) // 2] if finite else 0.0
    factor, word = scale_for(typical, lang)
    if is_money(u):
        if lang == "en":
            return factor, f"{word} {_EN_MONEY_NAME.get(u, u)}".strip()
        return factor, f"{word}{_ZH_MONEY.get(u, u)}"
    if u == "count":
        return factor, (word or "count") if lang == "en" else (word or "个")
    return factor, f"{word} {u}".strip() if lang == "en" else f"{word}{u}"


_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_QUARTERS_ZH = ("一", "二", "三", "四")


def _one_period(p: str, lang: Lang, *, year_suffix: bool = True) -> str:
    y_zh = "年" if year_suffix else ""
    if m := _YEAR.match(p):
        return m[1] if lang == "en" else f"{m[1]}{y_zh}"
    if m := _HALF.match(p):
        if lang == "en":
            return f"{m[1]} H{m[2]}"
        return f"{m[1]}年{'上' if m[2] == '1' else '下'}半年"
    if m := _QUARTER.match(p):
        q = int(m[2])
        return f"Q{q} {m[1]}" if lang == "en" else f"{m[1]}年{_QUARTERS_ZH[q - 1]}季度"
    if m := _MONTH.match(p):
        mo = int(m[2])
        if 1 <= mo <= 12:
            return f"{_MONTHS_EN[mo - 1]} {m[1]}" if lang == "en" else f"{m[1]}年{mo}月"
    if m := _DAY.match(p):
        mo, d = int(m[2]), int(m[3])
        if 1 <= mo <= 12:
            return f"{d} {_MONTHS_EN[mo - 1]} {m[1]}" if lang == "en" else f"{m[1]}年{mo}月{d}日"
    return p


def fmt_period(period: str | None, lang: Lang = "en") -> str:
    """en "2022", "2022 H1", "Q1 2026", "Mar 2022", "2021–2023"; zh "2022年", "2022年上半年", "2021—2023年"."""
    if not period:
        return "period unknown" if lang == "en" else "时期不详"
    p = period.strip()
    if ".." in p:
        a, _, b = p.partition("..")
        if lang == "en":
            return f"{_one_period(a, lang)}–{_one_period(b, lang)}"
        if _YEAR.match(a) and _YEAR.match(b):
            return f"{a}—{b}年"
        return f"{_one_period(a, lang)}—{_one_period(b, lang)}"
    return _one_period(p, lang)
