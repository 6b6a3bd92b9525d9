"""The quantity recognizer: every number mention in English or Chinese text.

    find_quantities(text, lang=None) -> list[Quantity]

Each mention carries its normalized value and unit: an ISO 4217 code for
money, ``percent``, ``pp`` (percentage points), ``count``, ``rank``, or None
for a number that is not any of these (lengths, areas, durations, times of
day). Years are flagged ``is_year`` and ordinals inside names ``is_ordinal``;
dates, phone numbers, registration numbers, version numbers and technical
labels (4K, 5G, 3A) give nothing.

How it works: the text is mapped one character to one character (full-width
digits and signs to ASCII, so offsets stay valid); "cores" are found by three
precompiled regexes (Arabic digit tokens, Chinese numeral runs, English number
words); each core is then widened by anchored regex matches for a sign or
currency before it and a scale word, currency, percent sign or measure word
after it. Ranges ("3100至3400亿元", "between 2 and 3 billion yuan") let the
bare first number inherit the scale and unit of the second.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ccetl.extract.numerals import (
    EN_DENOMS,
    EN_ORDINALS,
    EN_SCALES,
    EN_TENS,
    EN_UNITS,
    ZH_DIGIT_CHARS,
    ZH_DIGITS,
    parse_arabic,
    parse_en_cardinal,
    parse_zh,
)
from ccetl.models import Quantity

__all__ = ["find_quantities", "normalize"]

# ------------------------------------------------------------------ text map

_TRANS: dict[int, str] = {0xFF10 + i: str(i) for i in range(10)}
_TRANS.update({
    ord("．"): ".", ord("％"): "%", ord("＄"): "$", ord("＋"): "+", ord("－"): "-", ord("−"): "-",
    ord("￥"): "¥", ord("\u00a0"): " ", ord("\u202f"): " ", ord("\u2009"): " ", ord("\u3000"): " ",
    ord("～"): "~", ord("﹪"): "%", ord("：") : ":",
})
_TRANS_TABLE = str.maketrans(_TRANS)


def normalize(text: str) -> str:
    """One-to-one character map (same length): full-width digits/signs to ASCII."""
    return text.translate(_TRANS_TABLE)


_CJK = re.compile(r"[\u4e00-\u9fff]")

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
_ISO_CODES = (
    "USD CNY RMB EUR GBP JPY HKD TWD MOP KRW SGD AUD CAD NZD CHF INR RUB BRL MXN THB MYR IDR VND PHP "
    "TRY ZAR SEK NOK DKK AED SAR BGN PLN CZK HUF ILS EGP NGN KES PKR BDT LKR UAH KZT QAR KWD"
).split()

_CUR_WORDS_ZH: dict[str, str] = {
    "元人民币": "CNY", "元人民幣": "CNY", "人民币": "CNY", "人民幣": "CNY", "元": "CNY", "圆": "CNY", "圓": "CNY",
    "块钱": "CNY", "塊錢": "CNY",
    "美元": "USD", "美金": "USD", "美圆": "USD", "美圓": "USD",
    "港元": "HKD", "港币": "HKD", "港幣": "HKD", "港圆": "HKD",
    "新台币": "TWD", "新台幣": "TWD", "台币": "TWD", "台幣": "TWD", "新臺幣": "TWD",
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
    "₱": "PHP", "円": "JPY",
}
# Letters in front of "$": US$, HK$, NT$ ...
_DOLLAR_PREFIX: dict[str, str] = {
    "us": "USD", "u.s.": "USD", "u.s": "USD", "usd": "USD", "hk": "HKD", "hkd": "HKD", "nt": "TWD",
    "c": "CAD", "ca": "CAD", "cad": "CAD", "a": "AUD", "au": "AUD", "aud": "AUD", "s": "SGD", "sg": "SGD",
    "nz": "NZD", "nzd": "NZD", "mex": "MXN", "mx": "MXN", "mxn": "MXN", "r": "BRL", "rmb": "CNY",
}


def _alt(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# ------------------------------------------------------------------ scales

_EN_SCALE_WORDS: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "hundred": 1e2,
    "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7, "dozen": 12.0, "dozens": 12.0,
    "bn": 1e9, "mn": 1e6, "mln": 1e6, "bln": 1e9, "tln": 1e12, "mil": 1e6, "mio": 1e6, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9,
}
_ZH_SCALE_WORDS: dict[str, float] = {
    "万亿": 1e12, "萬億": 1e12, "千亿": 1e11, "千億": 1e11, "百亿": 1e10, "百億": 1e10, "十亿": 1e9,
    "十億": 1e9, "千万": 1e7, "千萬": 1e7, "百万": 1e6, "百萬": 1e6, "十万": 1e5, "十萬": 1e5,
    "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8, "千": 1e3, "百": 1e2,
}

# ------------------------------------------------------------------ regexes

_ZH_NUM_CHARS = ZH_DIGIT_CHARS + "十拾百佰千仟万萬亿億廿卅"
_ARABIC = re.compile(
    r"(?:(?<![A-Za-z0-9_.,])|(?<=FY)|(?<=USD)|(?<=usd)|(?<=RMB)|(?<=rmb)|(?<=CNY)|(?<=EUR)|(?<=GBP)"
    r"|(?<=HKD)|(?<=JPY)|(?<=Rs)|(?<=nzd)|(?<=NZD))"
    r"(?:\d{1,3}(?: \d{3})+(?!\d)(?:\.\d+)?|\d+(?:[.,]\d+)*)"
    r"(?:[eE][+-]?\d+(?![A-Za-z0-9]))?"
)
_ZH_RUN = re.compile(
    rf"[{ZH_DIGIT_CHARS}十拾廿卅][{_ZH_NUM_CHARS}]*(?:[点點][{ZH_DIGIT_CHARS}]+[{_ZH_NUM_CHARS}]*)?"
)
_EN_NUMWORD = _alt(list(EN_UNITS) + list(EN_TENS) + ["hundred", "thousand", "million", "billion", "trillion"])
_EN_WORDS = re.compile(
    rf"(?i)\b(?:a\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?(?:{_EN_NUMWORD})"
    rf"(?:(?:\s*-\s*|\s+)(?:and\s+)?(?:{_EN_NUMWORD}))*\b"
)
_EN_ORD_WORD = re.compile(
    rf"(?i)\b(?:(?:{_alt(list(EN_TENS))})[- ])?(?:{_alt([w for w, v in EN_ORDINALS.items() if v < 100])})\b"
)
_WORD_TOKEN = re.compile(r"[A-Za-z]+")

# Spans that are never quantities: phone/ID numbers, dates, times, version strings.
_DROP = re.compile(
    r"\+?\d+(?:-\d+){2,}"                    # 400-876-1589, 2023-01-05
    r"|\+\d[\d ]{6,}\d"                       # +86 10 1234 5678
    r"|\(\d{2,4}\)\s?\d{3,4}[- ]?\d{3,4}"     # (010)1234-5678
    r"|\b\d{1,4}/\d{1,2}/\d{1,4}\b"           # 5/17/2018
    r"|(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?![\d])"  # 10:30
    r"|\d+(?:\.\d+){2,}"                      # 192.168.1.2, 3.1.2
)
_DROP_CONTEXT = re.compile(
    r"(?i)(?:电话|電話|热线|熱線|传真|傳真|tel|phone|fax|icp|备案|備案|备|備|邮编|郵編|qq|微信|编号|編號|证号|"
    r"登记号|许可证|version|版本|\bv|\bver\.?|isbn|issn|cn)\s*[:：]?\s*[A-Za-z0-9]*[-]?\s*\Z"
)

# Prefixes (matched with endpos = start of the core).
_PRE_CUR = re.compile(
    rf"(?i)(?:(?<![A-Za-z])(?P<dp>{_alt(list(_DOLLAR_PREFIX))})\s?)?(?P<sym>[{re.escape(''.join(_SYMBOLS))}])\s*\Z"
)
_PRE_CODE = re.compile(
    rf"(?:(?<![A-Za-z])(?P<iso>{_alt(_ISO_CODES)})|(?i:(?<![a-z])(?P<w>usd|rmb|cny|eur|gbp|hkd|jpy|rs\.?|dollar|sen)))"
    r"\s*\Z"
)
_PRE_MCODE = re.compile(rf"(?<![A-Za-z])M(?P<iso>{_alt(_ISO_CODES)})\s*\Z")
_PRE_ZH_CUR = re.compile(r"(?P<w>人民币|人民幣|美元|港币|港幣|港元|欧元|歐元|日元|新台币|新台幣|英镑|英鎊)\s*\Z")
_PRE_MINUS = re.compile(r"(?<![A-Za-z0-9.%)\]~\-])-\Z")
_PRE_MINUS_WORD = re.compile(r"(?i)\b(?:minus|negative)\s+\Z")
_PRE_ZH_ORD = re.compile(r"第\s?\Z")
_PRE_ZH_RANK = re.compile(r"(?:排名|排行|排在|排|居|位居|位列|名列|列|跃居|躍居|跻身|躋身|位于|位於|全国|全國|全省|全市|全球|世界|国内|國內|省内|省內)\s?第\s?\Z")
_PRE_PCT_ZH = re.compile(r"百分之\s?\Z")
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
_PRE_YEAR_CTX = re.compile(
    r"(?i)(?:\b(?:in|since|by|from|of|to|until|till|through|between|and|before|after|during|year|years|"
    r"fiscal|early|late|mid|end|beginning|start|circa|spring|summer|autumn|fall|winter|first|second|third|"
    r"fourth|quarter|half|h1|h2|q1|q2|q3|q4)|[-–/])\s*,?\s*\Z"
)

_EN_SCALE = re.compile(
    rf"(?i:\s*(?P<w>{_alt(['thousand', 'million', 'billion', 'trillion', 'hundred', 'lakh', 'lakhs', 'crore', 'crores', 'dozen', 'dozens', 'thousands', 'millions', 'billions'])})"
    r"|\s?(?P<a>bn|mn|mln|bln|tln|mil|mio))(?![A-Za-z])"
    r"|(?P<g>MM|[kKmMbB])(?![A-Za-z0-9])"
)
_ZH_SCALE = re.compile(rf"\s?(?P<s>{_alt(list(_ZH_SCALE_WORDS))})(?![米克瓦伏卡帕赫分兆])")
_EN_CUR_SUFFIX = re.compile(
    rf"(?i:\s*(?P<w>{_alt([w for w in _CUR_WORDS_EN if w not in ('p', 'rs')])})(?![A-Za-z]))"
    rf"|\s*(?P<iso>{_alt(_ISO_CODES)})(?![A-Za-z])"
    rf"|\s?(?P<sym>[{re.escape(''.join(_SYMBOLS))}])"
    r"|(?P<p>p|Rs)(?![A-Za-z0-9])"
)
_ZH_CUR_SUFFIX = re.compile(rf"\s?[余多]?\s?(?P<w>{_alt(list(_CUR_WORDS_ZH))})")
_PCT_SUFFIX = re.compile(
    r"\s?(?P<pct>%|‰)"
    r"|(?i:\s*(?P<pp>percentage[- ]points?|pct\.? pts?|ppts?|pp)(?![A-Za-z]))"
    r"|(?i:\s*(?P<w>percent|per\s?cent|pct|percents)(?![A-Za-z]))"
)
_ZH_PCT_SUFFIX = re.compile(
    r"\s?(?P<pp>[个個]?百分点|[个個]?百分點)"
    r"|(?P<cheng>成)(?![为為立长長本果功交员員都就绩績熟型效品套年人批片群千万萬亿億百十])"
    r"|(?P<zhe>折)(?![合算旧舊射叠疊腾騰线線扣])"
)
# Units that make a number something other than a count: lengths, areas, durations...
_EN_OTHER_UNIT = re.compile(
    r"(?i)\s*-?\s*(?:sq(?:uare)?\.?\s*(?:km|kilomet(?:er|re)s?|met(?:er|re)s?|m|feet|ft)|km2|km|kilomet(?:er|re)s?|"
    r"miles?|met(?:er|re)s?|cm|mm|ml|kg|kilograms?|grams?|g|tons?|tonnes?|t|mw|kw|gw|kwh|gwh|twh|gb|tb|mb|"
    r"mbps|gbps|hz|ghz|mhz|hectares?|ha|acres?|hours?|hrs?|h|minutes?|mins?|seconds?|secs?|s|days?|weeks?|"
    r"months?|years?|yrs?|decades?|centuries|century|degrees?|°c?|inch(?:es)?|feet|foot|ft|lbs?|mph|times|"
    r"fold|x|am|pm|a\.m\.|p\.m\.|storey|stories|floors?|litres?|liters?|l|barrels?|kilos?|"
    r"[a-z]*-?(?:year|day|month|week|hour|minute|storey|star|inch|meter|metre|foot|mile)s?-old|"
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
_ZH_DATE_UNIT = re.compile(r"\s?(?P<u>月份|月|日|号|號|时|時|季度)")
_ZH_YEAR_UNIT = re.compile(r"\s?(?:年度|财年|財年|年)")
_ORD_SUFFIX = re.compile(r"(?i)(?P<o>st|nd|rd|th)(?![A-Za-z])")
_EN_RANK_AFTER = re.compile(
    r"(?i)\s?(?:-|\s)?(?:largest|biggest|highest|lowest|best|most|fastest|strongest|richest|place|among|"
    r"in\s+the\s+(?:world|country|nation)|nationwide|globally|worldwide)\b"
)
_ZH_RANK_AFTER = re.compile(r"\s?(?:位|名)(?![称稱义義字单單])")
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|~|至|到|－)\s*\Z|\s+(?:to|and)\s+\Z")
_BETWEEN = re.compile(r"(?i)\b(?:between|from)\s+\Z")
_GLUED_LETTER = re.compile(r"[A-Za-z]")
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
    is_year: bool = False
    is_ordinal: bool = False
    drop: bool = False
    date: bool = False
    core_end: int = 0


def _core_arabic(t: str, m: re.Match[str]) -> list[tuple[int, int, float]]:
    """Value(s) of one Arabic digit token: usually one, several for a comma list, none if malformed."""
    s, e = m.span()
    tok = m.group()
    nxt = t[e : e + 2]
    if len(nxt) == 2 and nxt[0] in ".," and (nxt[1] in ".," or (nxt[0] == "." and nxt[1].isdigit())):
        return []  # 5..2, 1.2.
    if "e" in tok or "E" in tok:
        try:
            v = float(tok.replace(",", ""))
        except ValueError:
            return []
        return [(s, e, v)] if math.isfinite(v) else []
    if " " in tok:
        return [(s, e, float(tok.replace(" ", "")))]
    v = parse_arabic(tok)
    if v is not None:
        return [(s, e, v)]
    if "." not in tok and all(p.isdigit() for p in tok.split(",")):
        out: list[tuple[int, int, float]] = []
        pos = s
        for part in tok.split(","):
            out.append((pos, pos + len(part), float(part)))
            pos += len(part) + 1
        return out
    return []


def _en_word_cores(t: str, m: re.Match[str]) -> list[tuple[int, int, float]]:
    toks = [(w.start(), w.end(), w.group().lower()) for w in _WORD_TOKEN.finditer(t, m.start(), m.end())]
    out: list[tuple[int, int, float]] = []
    i = 0
    while i < len(toks):
        words = [x[2] for x in toks[i:]]
        a_prefix = words[0] == "a"
        if a_prefix:
            words = words[1:]
        res = parse_en_cardinal(words)
        if res is None:
            i += 1
            continue
        val, used = res
        used += 1 if a_prefix else 0
        # trailing "and" is never consumed by parse_en_cardinal
        out.append((toks[i][0], toks[i + used - 1][1], val))
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
    if lang is None:
        zh = _CJK.search(t, 0, 4000) is not None
    else:
        zh = lang.lower().startswith("zh")
    en = not zh

    # Spans to ignore entirely.
    dropped: list[tuple[int, int]] = [m.span() for m in _DROP.finditer(t)]

    cores: list[tuple[int, int, float, str]] = []
    for m in _ARABIC.finditer(t):
        for s, e, v in _core_arabic(t, m):
            cores.append((s, e, v, "a"))
    if zh or _CJK.search(t, 0, 4000) is not None:
        for m in _ZH_RUN.finditer(t):
            s, e = m.span()
            if s > 0 and (t[s - 1].isdigit() or t[s - 1] in "点點."):
                continue
            run = m.group()
            if len(run) == 3 and run[0] == "十" and run[2] == "五" and run[1] in ZH_DIGITS:
                cores.append((s, e, float(10 + ZH_DIGITS[run[1]]), "plan"))  # 十四五 (plan name)
                continue
            v = parse_zh(run)
            if v is None:
                continue
            cores.append((s, e, v, "z"))
    if en:
        for m in _EN_WORDS.finditer(t):
            for s, e, v in _en_word_cores(t, m):
                cores.append((s, e, v, "w"))
        for m in _EN_ORD_WORD.finditer(t):
            cores.append((m.start(), m.end(), 0.0, "o"))
    cores.sort(key=lambda c: (c[0], -c[1]))

    cands: list[_Cand] = []
    last_end = 0
    di = 0
    for s, e, v, kind in cores:
        if s < last_end:
            continue
        while di < len(dropped) and dropped[di][1] <= s:
            di += 1
        if di < len(dropped) and dropped[di][0] <= s < dropped[di][1]:
            continue
        c = _build(t, s, e, v, kind, zh, last_end)
        if c is None:
            continue
        cands.append(c)
        last_end = c.end

    _inherit_ranges(t, cands)
    out: list[Quantity] = []
    for c in cands:
        if c.drop or c.date or not math.isfinite(c.value):
            continue
        out.append(Quantity(c.start, c.end, text[c.start : c.end], c.value, c.unit, c.is_year, c.is_ordinal))
    return out


def _word_ordinal_value(w: str) -> int:
    parts = re.split(r"[- ]", w.lower())
    v = 0
    for p in parts:
        v += EN_TENS.get(p, 0) + EN_ORDINALS.get(p, 0)
    return v


def _build(t: str, s: int, e: int, v: float, kind: str, zh: bool, floor: int) -> _Cand | None:
    """Widen one core into a mention: prefixes, scale, unit; None to skip it."""
    lo = max(floor, s - 16)
    c = _Cand(s, e, v, "count", core_end=e)
    n = len(t)

    if kind == "plan":
        c.unit = "rank"
        c.is_ordinal = True
        return c
    if kind == "o":
        word = t[s:e]
        c.value = float(_word_ordinal_value(word))
        if _PRE_EN_RANK.search(t, lo, s) or _EN_RANK_AFTER.match(t, e):
            c.unit = "rank"
            return c
        low = word.lower()
        if low in ("second",) and not re.search(r"(?i)\bthe\s+\Z", t[lo:s]):
            return None
        d = EN_DENOMS.get(low)
        if d and re.search(r"(?i)\b(?:a|one)\s+\Z", t[lo:s]):
            c.value = 1.0 / d
            c.start = t.rfind(" ", lo, s - 1) + 1 if t[s - 2 : s - 1].isalpha() else s
            c.start = max(c.start, lo)
            m = re.search(r"(?i)\b(?:a|one)\s+\Z", t[lo:s])
            if m:
                c.start = lo + m.start()
            c.unit = "count"
            return c
        c.unit = "rank"
        c.is_ordinal = True
        return c

    # ---- glued letters: A380, 5G, 4K, SCP-173 are labels, not quantities
    if kind == "a":
        if s > 0 and _GLUED_LETTER.match(t[s - 1]) and not (_PRE_CODE.search(t, lo, s) or _PRE_FY.search(t, lo, s)):
            return None
        if _DROP_CONTEXT.search(t, max(0, s - 14), s) and (e - s >= 5 or t[e : e + 1] in ("号", "號")):
            return None

    # ---- prefixes
    start = s
    cur: str | None = None
    sign = 1.0
    pct_prefix = False
    if kind == "a" or kind == "w":
        m = _PRE_MCODE.search(t, lo, s)
        if m:
            cur = m.group("iso")
            c.scale = 1e6
            start = m.start()
        else:
            m = _PRE_CUR.search(t, lo, s)
            if m:
                dp = (m.group("dp") or "").lower()
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
                    elif w == "sen":
                        cur = "MYR/100"
                    elif w == "dollar":
                        cur = "USD"
                    else:
                        cur = "CNY" if w.upper() == "RMB" else w.upper()
                    start = m.start()
        if zh and cur is None:
            m = _PRE_ZH_CUR.search(t, lo, s)
            if m:
                cur = _CUR_WORDS_ZH[m.group("w")]
                start = m.start()
    if kind in ("a", "z"):
        m = _PRE_PCT_ZH.search(t, lo, s) if zh else None
        if m:
            pct_prefix = True
            start = m.start()
    ms = _PRE_MINUS.search(t, max(floor, start - 1), start)
    if ms:
        sign = -1.0
        start = ms.start()
    if sign > 0 and not zh:
        mw = _PRE_MINUS_WORD.search(t, lo, start)
        if mw:
            sign = -1.0
            start = mw.start()

    # ---- ordinals and ranks
    if zh and kind in ("a", "z"):
        if _PRE_ZH_ORD.search(t, lo, s):
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
        if kind == "z" and re.match(r"季度", t[e : e + 2]):
            return None
    if kind == "a":
        mo = _ORD_SUFFIX.match(t, e)
        if mo:
            c.end = mo.end()
            c.unit = "rank"
            if _PRE_MONTH.search(t, lo, s) or _POST_MONTH.match(t, c.end):
                return None  # May 4th: a date
            if _PRE_EN_RANK.search(t, lo, s) or _EN_RANK_AFTER.match(t, c.end) or _PRE_NO.search(t, lo, s):
                return c
            c.is_ordinal = True
            return c
        mn = _PRE_NO.search(t, lo, s)
        if mn and not zh and v == int(v) and v < 10000:
            c.start = mn.start()
            c.unit = "rank"
            return c

    # ---- scale
    pos = e
    scale = 1.0
    if kind in ("a", "w"):
        if zh or kind == "a":
            mz = _ZH_SCALE.match(t, pos) if zh or _is_cjk(t[pos : pos + 1] or " ") else None
            if mz and kind == "a":
                scale = _ZH_SCALE_WORDS[mz.group("s")]
                pos = mz.end()
        if scale == 1.0:
            me = _EN_SCALE.match(t, pos)
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
                    elif letter in "mK":
                        # "5m" / "10K": only money takes these as scales
                        if cur is not None or _EN_CUR_SUFFIX.match(t, me.end()):
                            scale = 1e6 if letter == "m" else 1e3
                            pos = me.end()
    elif kind == "z":
        # A Chinese numeral run already includes 万/亿
        pass

    # ---- units after the number
    unit: str | None = None
    is_year = False
    date = False
    if cur is None:
        mc = None
        mzc = _ZH_CUR_SUFFIX.match(t, pos) if zh or kind == "z" else None
        if mzc:
            cur = _CUR_WORDS_ZH[mzc.group("w")]
            pos = mzc.end()
            if cur == "CNY":
                m2 = re.compile(r"\s?人民[币幣]").match(t, pos)
                if m2:
                    pos = m2.end()
        else:
            mc = _EN_CUR_SUFFIX.match(t, pos)
            if mc and mc.group("p") and (kind != "a"):
                mc = None
            if mc:
                if mc.group("w"):
                    cur = _CUR_WORDS_EN[mc.group("w").lower()]
                elif mc.group("iso"):
                    cur = mc.group("iso")
                    cur = "CNY" if cur == "RMB" else cur
                elif mc.group("sym"):
                    cur = _SYMBOLS[mc.group("sym")]
                else:
                    cur = "GBP/100" if mc.group("p") == "p" else "INR"
                pos = mc.end()
        if cur is not None and scale == 1.0 and kind == "a":
            me = _EN_SCALE.match(t, pos)
            if me and me.group("w"):
                scale = _EN_SCALE_WORDS[me.group("w").lower()]
                pos = me.end()
    if cur is not None:
        if cur.endswith("/100"):
            unit = cur[:3]
            scale /= 100.0
        else:
            unit = cur
    else:
        mp = _PCT_SUFFIX.match(t, pos)
        if mp:
            pos = mp.end()
            if mp.group("pp"):
                unit = "pp"
            else:
                unit = "percent"
                if mp.group("pct") == "‰":
                    scale /= 10.0
        elif zh:
            mzp = _ZH_PCT_SUFFIX.match(t, pos)
            if mzp and mzp.group("pp"):
                unit = "pp"
                pos = mzp.end()
            elif mzp and mzp.group("cheng") and 0 < v <= 10 and scale == 1.0:
                unit = "percent"
                scale = 10.0
                pos = mzp.end()
            elif mzp and mzp.group("zhe") and 0 < v < 100 and scale == 1.0:
                unit = "percent"
                scale = 10.0 if v < 10 else 1.0
                pos = mzp.end()
        if pct_prefix and unit is None:
            unit = "percent"
    if unit is None and cur is None:
        if zh:
            my = _ZH_YEAR_UNIT.match(t, pos)
            if my:
                if kind in ("a", "z") and scale == 1.0 and 1000 <= v <= 2200 and v == int(v) and sign > 0:
                    is_year = True
                    unit = None
                else:
                    unit = None
                pos = my.end()
            else:
                md = _ZH_DATE_UNIT.match(t, pos)
                if md and scale == 1.0 and v == int(v) and (
                    (md.group("u") in ("月", "月份") and 1 <= v <= 12)
                    or (md.group("u") in ("日", "号", "號") and 1 <= v <= 31)
                    or (md.group("u") in ("时", "時") and 0 <= v <= 24)
                    or (md.group("u") == "季度" and 1 <= v <= 4)
                ):
                    date = True
                    pos = md.end()
                else:
                    mu = _ZH_COUNT_UNIT.match(t, pos)
                    if mu:
                        unit = "count"
                        pos = mu.end()
                    else:
                        mo = _ZH_OTHER_UNIT.match(t, pos)
                        if mo:
                            unit = None
                            pos = mo.end()
                            c.bare = False
                        elif pos < n and _GLUED_LETTER.match(t[pos]) and kind == "a":
                            return None  # 5G, 4K, 3A
                        else:
                            unit = "count"
                            if kind == "z":
                                run = t[s:e]
                                # a lone Chinese numeral inside a word (一些, 统一) is not a number
                                if len(run) == 1 or (len(run) == 2 and run[0] == "一" and run[1] in "十百千万"):
                                    prev_c = t[s - 1] if s > 0 else " "
                                    next_c = t[e] if e < n else " "
                                    if _is_cjk(prev_c) or _is_cjk(next_c):
                                        return None
        else:
            mo2 = _EN_OTHER_UNIT.match(t, pos)
            if mo2:
                unit = None
                pos = mo2.end()
                c.bare = False
            elif pos < n and _GLUED_LETTER.match(t[pos]) and kind == "a":
                return None  # 5G, 4K, 180ml...
            else:
                unit = "count"
        if unit == "count" and kind == "a" and scale == 1.0 and sign > 0 and pos == e and not date:
            tok = t[s:e]
            if tok.isdigit() and len(tok) == 4 and 1900 <= v <= 2100:
                if _PRE_FY.search(t, lo, s):
                    is_year = True
                    start = _PRE_FY.search(t, lo, s).start()  # type: ignore[union-attr]
                elif zh:
                    is_year = True
                elif (
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
        if kind == "w" and unit == "count":
            # "one" as a pronoun: "the one", "which one", "one of"
            if t[s:e].lower() == "one" and (
                re.search(r"(?i)\b(?:the|this|that|which|each|every|any|no|some|another|any|no)\s+\Z", t[lo:s])
                or re.match(r"\s+(?:of|another|by|day|thing)\b", t[e : e + 12])
                or t[e : e + 1] == "-"
            ):
                return None
    c.start = start
    c.end = pos
    c.value = sign * v * scale
    c.unit = unit
    c.scale = scale
    c.bare = c.bare and scale == 1.0 and cur is None and unit == "count" and sign > 0 and start == s and pos == e
    c.is_year = is_year
    c.date = date
    if not math.isfinite(c.value):
        return None
    return c


_RANGE_SEP_ONLY = re.compile(r"\s*(?:-|–|—|~|至|到)\s*|\s+to\s+|\s+and\s+")


def _inherit_ranges(t: str, cands: list[_Cand]) -> None:
    """'3100至3400亿元', '10-15%', 'between 2 and 3 billion yuan': the bare first number takes
    the scale and unit of the second."""
    for a, b in zip(cands, cands[1:], strict=False):
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
        a.value *= b.scale
        a.unit = b.unit
        a.bare = False
