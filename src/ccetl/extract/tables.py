"""Indicator records from the data tables of an article (``Article.tables``).

    extract_tables(article, *, prose=()) -> list[Indicator]
    merge_table_records(article, prose, table_records) -> list[Indicator]

`extract_tables` returns ONLY the table records: one contract record per
indicator cell of each data table (`quote` = the row's line in Article.text,
`start`/`end` = the number inside the cell, from Table.cell_spans). `prose`
(the prose extractor's records for the same article) is optional context: when
a table's caption, unit note and the title name no period or region, the prose
records' most common period/region is used before the text just above the
table. Merging is the caller's job, done by `merge_table_records`: it drops
prose records that lie inside a table's text (the prose extractor sees the
table rows in Article.text) and prose records that repeat a table figure
(same value within the scorer's tolerance, unit, measure, period and region,
sectors equal or one unknown), then returns prose + table records in text
order. The same fact twice in two tables of a page is kept once.

The grammar, per table:
- header: each value column's header text is its header cells top to bottom
  (colspan/rowspan are expanded by the parser); a header row that is one cell
  spanning the table, or a unit line ("单位：亿元，%"), is table context. Leading
  body rows that look like headers (no numbers but years; header words) join
  the header, so <td>-only tables work.
- columns: label columns are text-majority, value columns number-majority
  (a 1, 2, 3... row-number column is dropped unless headed 位次/rank; 序号/代码
  columns are skipped; a unit column "单位" gives each row its unit). A value
  column has a measure (绝对额/amount -> level, 增长/增速/同比/growth/change ->
  change, 占比/比重/share/贡献率 -> share, 位次/rank -> rank), a unit (cell, row
  label, header, unit note/caption/corner cell; change and share are percent,
  or pp for 百分点), a period (header; "上年同期" shifts the table period back a
  year; "两年平均" spans two years back; "比2019年增长" spans from the base year
  unless it is the year before), a metric (row label, header, the nearest
  column to the left naming one, caption/title/text before; shares of GDP name
  gdp; ranks take metric "rank"), a kind (目标/target/预期, 预计/forecast; a
  caption "规划" makes only future columns targets), and a region or sector
  when the header names one (regions as columns).
- rows: label cells are matched to sectors, regions, metrics and periods
  (traditional characters folded to simplified for matching; English NBS
  names); the rightmost label cell wins (group columns with rowspan).
  Totals (总计/合计/全省/Total...) and unmatched labels take the table's
  sector and region (caption/title; else the rows' root sector, e.g. NBS
  categories -> culture; else China when the rows are several provinces or
  macro-regions); an unmatched row after a matched category keeps that
  category's sector; rows without values are section rows.
- indentation (Table.row_levels, when the parser saw any): a row deeper than
  the rows before it is a sub-row of the nearest shallower row (a total row
  included; for lines indented under a "其中：" row, that row's parent): an
  unknown label takes the parent's sector and region, a label naming only a
  sector, region or metric takes the rest, and a label without metric, unit
  or measure takes the parent's. The "unmatched row keeps the category above"
  guess is then off: a flush unknown row is a top-level row.
- cells: numbers with sign, thousands separators, full-width digits, "%",
  footnote markers ([1], *, ①), a unit ("9382亿元"), 增长/下降/↑/↓; "—", "-",
  "…", "x", empty and other non-numeric cells are skipped; a level cell
  without any unit is skipped (no invented unit).
Nothing here raises: a table that fails is skipped (and logged).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ccetl.extract.periods import PeriodMention, find_periods
from ccetl.extract.taxonomy import (
    Term,
    metric_matcher,
    region_matcher,
    regions,
    sector_matcher,
    sector_parent,
)
from ccetl.models import Article, Indicator, Table

log = logging.getLogger(__name__)

__all__ = ["extract_tables", "merge_table_records", "table_of_cell"]

MONEY_METRICS = {"output", "revenue", "added_value", "sales", "profit", "investment", "exports", "imports", "trade",
                 "spending", "gdp", "value_per_employee", "tax", "assets"}
COUNT_METRICS = {"employees", "enterprises", "count"}

# ----------------------------------------------------------------- text helpers

# Traditional -> simplified for the characters that matter in table headers and labels.
_T2S_PAIRS = (
    "業业產产務务傳传設设計计資资運运營营娛娱樂乐閒闲輔辅裝装備备費费終终製制發发領领關关區区東东廣广"
    "蘇苏龍龙遼辽寧宁內内陝陕雲云貴贵閩闽臺台門门總总額额長长數数單单億亿萬万項项類类別别佔占潤润稅税從从"
    "員员歷历較较與与為为幣币値值值值統统報报際际創创聞闻態态導导體体網网絡络電电視视遊游戲戏動动漫漫藝艺術术"
    "規规模模構构權权專专銷销售售務务產产雜杂誌志書书廣广告告園园場场館馆區区縣县鎮镇鄉乡農农獲获標标預预測测"
    "劃划計计實实現现際际減减漲涨幅幅變变綫线線线價价費费轉转讓让進进個个戶户處处張张冊册絕绝對对貨货環环稱称"
    "歐欧鎊镑兩两編编號号碼码點点國国產产響响勢势層层築筑飾饰裝装廠厂圖图檔档"
)
_T2S = str.maketrans({_T2S_PAIRS[i]: _T2S_PAIRS[i + 1] for i in range(0, len(_T2S_PAIRS) - 1, 2)})
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "．": ".", "，": ",", "－": "-",
                            "−": "-", "–": "-", "＋": "+", "％": "%", "（": "(", "）": ")", "\u3000": " ",
                            "\xa0": " ", "：": ":"})


def _s(text: str) -> str:
    """Simplified, half-width, single-spaced form of a header or label for keyword tests."""
    return " ".join(text.translate(_FULLWIDTH).translate(_T2S).split())


# ----------------------------------------------------------------- cell values

_DASH_ONLY = re.compile(r"^[\s\-—–―－…\.·/／\\xX×*＊?？]*$|^(?:n\.?a\.?|n/a|nil|none|无|無|空|暂无|--)$", re.I)
_FOOTNOTE = r"(?:\[\s*\d{1,2}\s*\]|［\d{1,2}］|\(\s*\d\s*\)|[*＊※†‡#]+|[①-⑳]|[¹²³⁴-⁹]+|注\s*\d{0,2})"
_NUM_CELL = re.compile(
    r"^\s*(?P<pre>(?:增长|增長|下降|减少|減少|up|down|↑|▲|↓|▼)\s*)?(?P<sign>[-+])?\s*"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<pct>%)?\s*"
    r"(?P<unit>[^\d\s*＊※†‡#\[(①-⑳¹²³⁴-⁹注][^\d]{0,12}?)?\s*(?P<fn>" + _FOOTNOTE + r"*)\s*$",
    re.I,
)
_YEAR_CELL = re.compile(r"^\s*(?:19|20)\d{2}\s*(?:年|年度|年末|年底)?\s*$")


@dataclass(frozen=True, slots=True)
class CellValue:
    value: float
    start: int  # offsets of the number inside the cell text
    end: int
    percent: bool  # a "%" in the cell
    unit: UnitSpec | None  # a unit written in the cell ("9382亿元")


def parse_cell(text: str) -> CellValue | None:
    """The number of a value cell; None for dashes, empty and non-numeric cells."""
    if not text or _DASH_ONLY.match(text):
        return None
    t = text.translate(_FULLWIDTH)
    if len(t) != len(text):  # translation is 1:1; keep offsets honest
        return None
    m = _NUM_CELL.match(t)
    if not m:
        return None
    unit: UnitSpec | None = None
    if m.group("unit"):
        unit = parse_unit(m.group("unit"), whole=True)
        if unit is None:
            return None
    try:
        v = float(m.group("num").replace(",", ""))
    except ValueError:
        return None
    neg = m.group("sign") == "-"
    pre = (m.group("pre") or "").strip().lower()
    if pre in ("下降", "减少", "減少", "down", "↓", "▼"):
        neg = not neg
    if neg:
        v = -v
    a = m.start("sign") if m.group("sign") else m.start("num")
    b = m.end("pct") if m.group("pct") else m.end("num")
    if m.group("unit") and unit is not None:
        b = m.end("unit")
    return CellValue(v, a, b, bool(m.group("pct")), unit)


# ----------------------------------------------------------------- units


@dataclass(frozen=True, slots=True)
class UnitSpec:
    unit: str  # ISO code, percent, pp, count, rank
    scale: float = 1.0
    hint: str | None = None  # metric hint from a count unit: 家 -> enterprises, 人 -> employees


_ZH_SCALE = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4,
             "千": 1e3, "百": 1e2, "": 1.0}
_ZH_CUR = {"元": "CNY", "人民币": "CNY", "人民币元": "CNY", "美元": "USD", "港元": "HKD", "港币": "HKD", "欧元": "EUR",
           "日元": "JPY", "英镑": "GBP", "新台币": "TWD", "澳门元": "MOP", "澳元": "AUD"}
_ZH_MONEY = re.compile(r"(万亿|千亿|百亿|亿|千万|百万|十万|万|千|百)?\s*(人民币元|人民币|美元|港元|港币|欧元|日元|英镑|新台币|澳门元|澳元|元)")
_ZH_CUR_FIRST = re.compile(r"(人民币|美元|港元|港币|新台币|欧元|日元|英镑|澳门元)\s*(万亿|千亿|百亿|亿|千万|百万|十万|万|千|百)元?")
_ZH_COUNT = re.compile(r"^(万|亿|千|百)?\s*(家|个|人次|人|项|户|座|部|种|场|件|册|本|台|套|首|张|篇|集|所|处|次|名|家次|个数)$")
_EN_CUR = re.compile(r"\b(yuan|rmb|cny|renminbi|usd|us\s?\$|dollars?|hk\$|hkd|euros?|eur)(?![a-z])|us\$|hk\$|\$|[¥￥]", re.I)
_EN_SCALE = [(re.compile(r"(?<![\d,.])(?:100|one\s+hundred|a\s+hundred|hundred)\s*(?:million|mln|mn)\b", re.I), 1e8),
             (re.compile(r"(?<![\d,.])(?:10,?000|ten\s+thousand|10\s+thousand)\b", re.I), 1e4),
             (re.compile(r"\btrillions?\b|\btn\b", re.I), 1e12),
             (re.compile(r"\bbillions?\b|\bbn\b|\bb\b", re.I), 1e9),
             (re.compile(r"\bmillions?\b|\bmn\b|\bmln\b|\bm\b", re.I), 1e6),
             (re.compile(r"\bthousands?\b|\bk\b|'000", re.I), 1e3)]
_EN_COUNT = re.compile(r"^(?:(10,?000|ten\s+thousand|thousand|million)\s+)?(persons?|people|units?|enterprises?|firms?|"
                       r"companies|number|items?|projects?|visits?|visitors?|person-times)$", re.I)
_PCT = re.compile(r"^(?:%|percent|per\s*cent|百分比|百分率)$", re.I)
_PP = re.compile(r"^(?:个?百分点|pp|p\.p\.|percentage\s+points?|points?)$", re.I)
_RANK = re.compile(r"^(?:位|名|位次)$")


def _cur_code(word: str) -> str:
    w = word.lower().replace(" ", "")
    if w in ("usd", "us$", "dollar", "dollars", "$"):
        return "USD"
    if w in ("hk$", "hkd"):
        return "HKD"
    if w in ("euro", "euros", "eur"):
        return "EUR"
    return "CNY"


def parse_unit(text: str, whole: bool = False) -> UnitSpec | None:
    """A unit written as a unit: "亿元", "100 million yuan", "%", "家", "万人", "个百分点".

    whole=True: the text must be the unit alone (count units are only taken so).
    """
    t = _s(text).strip(" ()[]:,;/、.")
    if not t:
        return None
    if _PCT.match(t) or t.endswith("%") and len(t) <= 3:
        return UnitSpec("percent")
    if _PP.match(t):
        return UnitSpec("pp")
    m0 = _ZH_CUR_FIRST.search(t)
    if m0 and (not whole or m0.group(0) == t or m0.group(0) + "元" == t):
        return UnitSpec(_ZH_CUR[m0.group(1)], _ZH_SCALE[m0.group(2)])
    m = _ZH_MONEY.search(t)
    if m and (not whole or m.group(0) == t):
        return UnitSpec(_ZH_CUR[m.group(2)], _ZH_SCALE[m.group(1) or ""])
    m = _ZH_COUNT.match(t)
    if m:
        hint = None
        if m.group(2) == "家":
            hint = "enterprises"
        elif m.group(2) == "人":
            hint = "employees"
        return UnitSpec("count", _ZH_SCALE[m.group(1) or ""], hint)
    if _RANK.match(t):
        return UnitSpec("rank")
    em = _EN_CUR.search(t)
    if em:
        scale = 1.0
        for pat, sc in _EN_SCALE:
            if pat.search(t):
                scale = sc
                break
        if whole and len(t) > 30:
            return None
        return UnitSpec(_cur_code(em.group(0)), scale)
    m2 = _EN_COUNT.match(t)
    if m2:
        scales = {"10,000": 1e4, "10000": 1e4, "ten thousand": 1e4, "thousand": 1e3, "million": 1e6}
        hint = "enterprises" if re.match(r"enterp|firm|compan", m2.group(2), re.I) else None
        if re.match(r"person|people", m2.group(2), re.I):
            hint = "employees"
        return UnitSpec("count", scales.get((m2.group(1) or "").lower(), 1.0), hint)
    return None


_PAREN = re.compile(r"[(\[（【]([^()\[\]（）【】]{1,40})[)\]）】]")
_UNIT_NOTE = re.compile(r"(?:单位|計量单位|计量单位|unit(?:s)?(?:\s+of\s+measure)?)\s*[:：]\s*(?P<u>[^;；。\n]{1,60})", re.I)
_UNIT_SEP = re.compile(r"\s*(?:[，、;；/／]|,(?!\d{3}))\s*")


def units_in(text: str) -> list[UnitSpec]:
    """Units a header, caption or note states: "(亿元)", "单位：亿元，%", "Revenue, 100 million yuan"."""
    if not text:
        return []
    t = _s(text)
    out: list[UnitSpec] = []
    m = _UNIT_NOTE.search(t)
    if m:
        body = m.group("u").strip(" )")
        parts = re.split(_UNIT_SEP, body)
        u = parse_unit(body, whole=True) if len(parts) == 1 else None
        if u is not None:
            return [u]
        for part in parts:
            u = parse_unit(part, whole=True)
            if u is None:
                for sub in part.split():
                    u = parse_unit(sub, whole=True)
                    if u is not None:
                        out.append(u)
            else:
                out.append(u)
        return out
    for pm in _PAREN.finditer(t):
        inner = pm.group(1)
        pieces = re.split(_UNIT_SEP, inner)
        u = parse_unit(inner, whole=True) if len(pieces) == 1 else None
        if u is None:
            for part in pieces:
                u2 = parse_unit(part, whole=True)
                if u2 is not None:
                    out.append(u2)
        else:
            out.append(u)
    if out:
        return out
    # A bare unit cell ("亿元", "%") or a unit after a separator ("营业收入/亿元", "Revenue, 100 million yuan").
    u = parse_unit(t, whole=True)
    if u is not None:
        return [u]
    for part in re.split(r"\s*[,，/／:：]\s*", t)[1:]:
        u = parse_unit(part, whole=True)
        if u is not None:
            out.append(u)
    if out:
        return out
    m3 = _ZH_MONEY.search(t)
    if m3 and m3.group(1):
        return [UnitSpec(_ZH_CUR[m3.group(2)], _ZH_SCALE[m3.group(1)])]
    if t.endswith("%"):
        return [UnitSpec("percent")]
    return out


# ----------------------------------------------------------------- header words

_SHARE = re.compile(r"占比|比重|贡献率|contribution|占.{0,10}(?:比|的)|份额|构成|share|proportion|percentage\s+of|%\s+of|as\s+%", re.I)
_CHANGE = re.compile(r"增长|增速|增幅|增减|增加(?!值|价值)|成长|增率|年增|同比|环比|比上年|较上年|比去年|变动|变化|提高|下降|growth|change|increase|"
                     r"y-?o-?y|year[-\s]on[-\s]year|year[-\s]over[-\s]year|\bgrew\b|rate\s+of\s+increase|y/y|\+/-|±", re.I)
_RANKW = re.compile(r"位次|排名|排序|名次|\brank", re.I)
_LEVEL = re.compile(r"绝对额|绝对值|总量|金额|数值|规模|amount|value|level|volume", re.I)
_SKIP_COL = re.compile(r"^(?:序号|序|编号|代码|行业代码|编码|no\.?|#|code|s/?n|id)$", re.I)
_N_YEAR_AVG = re.compile(r"(两|二|三|四|五|2|3|4|5)\s*年\s*平均|(two|three|four|five)[-\s]year\s+average", re.I)
_NUM_WORD = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "two": 2, "three": 3, "four": 4, "five": 5}
_PREV = re.compile(r"^(?:上年同期|去年同期|上年|去年|上年度|上期|上年数|同期|previous\s+year|last\s+year|prior\s+year|"
                   r"same\s+period\s+(?:of\s+)?last\s+year)(?:\s*\(.*\))?$", re.I)
_TARGET = re.compile(r"目标|预期|规划|计划|target|goal|planned", re.I)
_FORECAST = re.compile(r"预测|预计|forecast|projection|projected|estimate", re.I)
_TOTAL = re.compile(r"^(?:总\s*计|合\s*计|总\s*额|总\s*量|总\s*体|全\s*部|小\s*计|合计数|全行业|全部企业|全部文化企业|"
                    r"全国|全省|全市|全区|全县|总计数|total|grand\s+total|all|overall|sum|subtotal|nationwide|whole\s+country)$",
                    re.I)
_SUBROW = re.compile(r"^(?:其中\s*[:：]?|内\s*[:：]|#|\+|-|—|–|·|•|of\s+which\s*[:,]?|including\s*[:,]?|incl\.?)\s*", re.I)
_ENUM = re.compile(r"^(?:\([一二三四五六七八九十]{1,3}\)[、.．]?|[一二三四五六七八九十]{1,3}[、．]|\(?\d{1,2}\)[、.．]?|"
                   r"\d{1,2}[、．](?!\d)|\d{1,2}\.(?=\s|[^\d])|[A-Za-z][.)](?=\s))\s*")
_GROUP = re.compile(r"^(?:按|分).{1,12}(?:分|划分|劃分|看)?$|^by\s+\w+", re.I)
_LABEL_HEAD = re.compile(r"^(?:项目|项\s*目|指标|指标名称|类别|行业|行业类别|产业类型|地区|区域|名称|分组|分类|item|items|indicator|"
                         r"category|sector|region|area|industry|type|group)?$", re.I)

# English labels the taxonomy does not carry in that form.
_EN_SECTOR = {
    "culture manufacturing": "culture_manufacturing", "manufacturing": "culture_manufacturing",
    "cultural manufacturing industry": "culture_manufacturing",
    "culture wholesale and retail": "culture_wholesale_retail", "wholesale and retail": "culture_wholesale_retail",
    "wholesale and retail trade": "culture_wholesale_retail", "culture services": "culture_services",
    "services": "culture_services", "service industry": "culture_services",
    "core culture fields": "culture_core", "core cultural sector": "culture_core", "core fields": "culture_core",
    "culture related fields": "culture_related", "related fields": "culture_related",
    "news information services": "news_information", "cultural investment operation": "investment_operation",
    "cultural equipment": "equipment_production", "cultural consumer terminals": "consumer_terminals",
}
_EN_REGION = {"east": "China:East", "eastern": "China:East", "central": "China:Central", "west": "China:West",
              "western": "China:West", "northeast": "China:Northeast", "northeastern": "China:Northeast",
              "north east": "China:Northeast", "north-east": "China:Northeast", "national": "China",
              "nationwide": "China", "china": "China", "national total": "China"}
_EN_REGION_TAIL = re.compile(r"\s+(?:regions?|areas?|china|zone)$", re.I)


@lru_cache(maxsize=8192)
def _sector_terms(text: str) -> tuple[Term, ...]:
    terms = sector_matcher().find(text)
    if not terms:
        s = _s(text)
        if s != text:
            terms = sector_matcher().find(s)
    return tuple(terms)


@lru_cache(maxsize=8192)
def _region_terms(text: str) -> tuple[Term, ...]:
    terms = region_matcher().find(text)
    if not terms:
        s = _s(text)
        if s != text:
            terms = region_matcher().find(s)
    return tuple(terms)


_EXTRA_METRICS = re.compile(r"增加价值|附加价值|value\s+added|营业额|营收|產值|产值")
_EXTRA_METRIC_CODES = {"增加价值": "added_value", "附加价值": "added_value", "营业额": "revenue", "营收": "revenue",
                       "產值": "output", "产值": "output"}


@lru_cache(maxsize=8192)
def _metric_terms(text: str) -> tuple[Term, ...]:
    """Metric mentions not inside a sector name ("规模以上文化企业" is no count of enterprises)."""
    s = _s(text)
    extra = [Term(m.start(), m.end(), _EXTRA_METRIC_CODES.get(m.group(0), "added_value"), m.group(0))
             for m in _EXTRA_METRICS.finditer(s)]
    sec = sector_matcher().find(s)
    out = []
    for t in metric_matcher().find(s):
        if any(x.start <= t.start and t.end <= x.end for x in sec):
            continue
        if t.code == "rank":
            continue
        out.append(t)
    if extra:
        out = sorted([*out, *[e for e in extra if not any(e.start < t.end and t.start < e.end for t in out)]],
                     key=lambda t: t.start)
    return tuple(out)


def _pick_metric(terms: Sequence[Term], unit: UnitSpec | None) -> str | None:
    if unit is None or unit.unit in ("percent", "pp", "rank"):
        # a rate: of a money metric if one is named, else of a count
        for t in terms:
            if t.code in MONEY_METRICS or t.code == "contribution":
                return t.code
        for t in terms:
            if t.code in COUNT_METRICS:
                return t.code
        return None
    for t in terms:
        if unit.unit == "count":
            if t.code in COUNT_METRICS:
                return t.code
        elif t.code in MONEY_METRICS:
            return t.code
    return None


def _first_point(mentions: Sequence[PeriodMention]) -> PeriodMention | None:
    """The first period a text names; "2024 Q1" (a year, then a sub-period of it) gives the sub-period."""
    points = [p for p in mentions if p.role in ("point", "span", "now") and p.value]
    if not points:
        return None
    first = points[0]
    same = [p for p in points[1:4] if p.first_year == first.first_year and p.value and first.value
            and p.value.startswith(first.value) and len(p.value) > len(first.value)]
    return same[0] if same else first


def _shift_year(period: str, delta: int) -> str:
    return re.sub(r"(?:19|20)\d{2}", lambda m: str(int(m.group(0)) + delta), period)


def _year_of(period: str | None) -> int | None:
    if not period:
        return None
    ys = re.findall(r"(?:19|20)\d{2}", period)
    return int(ys[-1]) if ys else None


# ----------------------------------------------------------------- table model


@dataclass(slots=True)
class Context:
    """What the table's caption, notes, title and surroundings say about all its cells."""

    region: str | None = None
    sector: str | None = None
    metric_terms: Sequence[Term] = ()
    period: str | None = None
    units: list[UnitSpec] = field(default_factory=list)
    kind: str = "actual"
    text: str = ""  # caption + notes, simplified
    near: str = ""  # the paragraphs just before the table


@dataclass(slots=True)
class Column:
    index: int
    header: str
    measure: str
    unit: UnitSpec | None
    period: str | None
    period_from_header: bool
    metric_terms: Sequence[Term]
    kind: str
    avg_years: int = 0
    base_year: int | None = None
    previous: bool = False
    region: str | None = None  # a region or sector the header names (regions or sectors as columns)
    sector: str | None = None


@dataclass(slots=True)
class RowInfo:
    label: str
    sector: str | None
    region: str | None
    metric_terms: Sequence[Term]
    period: str | None
    unit: UnitSpec | None
    measure: str | None
    is_total: bool
    is_sub: bool
    matched: bool


def _is_numeric(cell: str) -> bool:
    return parse_cell(cell) is not None and not _YEAR_CELL.match(cell)


def _value_columns(rows: Sequence[Sequence[str]], width: int,
                   col_header: Sequence[Sequence[str]] = ()) -> tuple[list[int], list[int]]:
    """(label columns, value columns) from the body cells: text-majority and number-majority columns."""
    labels: list[int] = []
    values: list[int] = []
    for j in range(width):
        num = txt = 0
        ints: list[float] = []
        for r in rows:
            if j >= len(r):
                continue
            c = r[j].strip()
            if not c or _DASH_ONLY.match(c):
                continue
            cv = parse_cell(c) if not _YEAR_CELL.match(c) else None
            if cv is not None:
                num += 1
                ints.append(cv.value)
            else:
                txt += 1
        if num == 0 and txt == 0:
            continue
        if num > 0 and num >= txt:
            # a row-number column (1, 2, 3, ...) is no data
            head = _s(" ".join(r[j] for r in col_header if j < len(r)))
            if (len(ints) >= 3 and ints == [float(k) for k in range(int(ints[0]), int(ints[0]) + len(ints))]
                    and not _RANKW.search(head)):
                continue
            values.append(j)
        else:
            labels.append(j)
    return labels, values


_UNIT_HEAD = re.compile(r"^(?:计量单位|单位|unit|units)$", re.I)


def _unit_column(label_cols: Sequence[int], col_header: list[list[str]],
                 body: Sequence[Sequence[str]]) -> int | None:
    """A label column that holds each row's unit ("指标 | 单位 | 绝对数 | 增长%")."""
    for j in label_cols:
        head = " ".join(r[j] for r in col_header if j < len(r))
        cells = [r[j].strip() for r in body if j < len(r) and r[j].strip()]
        if not cells:
            continue
        units = sum(1 for c in cells if parse_unit(c, whole=True) is not None)
        if _UNIT_HEAD.match(_s(head).strip()) or units >= max(2, int(0.6 * len(cells))):
            return j
    return None


def _sector_from_rows(body: Sequence[Sequence[str]], label_cols: Sequence[int]) -> str | None:
    """The root sector of the rows' sectors (NBS categories -> culture) when the caption names none."""
    roots: Counter[str] = Counter()
    for r in body[:200]:
        for j in label_cols:
            if j < len(r) and r[j].strip():
                for t in _sector_terms(r[j])[:1]:
                    code: str | None = t.code
                    chain: list[str] = []
                    while code and code != "economy" and len(chain) < 8:
                        chain.append(code)
                        code = sector_parent(code)
                    if len(chain) > 1:
                        roots[chain[-1]] += 1
    return roots.most_common(1)[0][0] if roots else None


def _looks_header(r: Sequence[str]) -> bool:
    """A row of column headers: several texts, no numbers (years aside), header words."""
    cells = [c.strip() for c in r if c.strip()]
    if len(set(cells)) < 2 or any(_is_numeric(c) for c in cells):
        return False
    first = _s(r[0]) if r else ""
    if not first or _LABEL_HEAD.match(first):
        return True
    for c in r[1:]:
        sc = _s(c)
        if not sc:
            continue
        if (units_in(sc) or _CHANGE.search(sc) or _SHARE.search(sc) or _LEVEL.search(sc) or _RANKW.search(sc)
                or _YEAR_CELL.match(sc) or _metric_terms(sc) or find_periods(sc)):
            return True
    return False


def _region_from_rows(body: Sequence[Sequence[str]], label_cols: Sequence[int]) -> str | None:
    """China, for a table whose rows are China's macro regions or several provinces."""
    found: set[str] = set()
    for r in body[:200]:
        for j in label_cols:
            if j < len(r) and r[j].strip():
                for t in _region_terms(r[j])[:1]:
                    reg = regions().get(t.code)
                    if reg is not None and reg.level in ("macro_region", "province"):
                        found.add(t.code)
    return "China" if len(found) >= 2 else None


def _split_header(table: Table) -> tuple[list[list[str]], list[list[str]], list[int]]:
    """Header grid, body grid, and the body row indexes into table.rows. Leading body rows that are column
    headers (tables without <th>, or a second header row of <td>) join the header; without a parsed
    header, a title or unit line spanning the table before the headers joins it too."""
    header = [list(r) for r in table.header]
    k = 0
    had_header = bool(header)
    while k < len(table.rows) - 1 and k < 5:
        r = table.rows[k]
        cells = [c.strip() for c in r if c.strip()]
        if not cells:
            k += 1
            continue
        if len(set(cells)) == 1:
            if not had_header and not any(_is_numeric(c) for c in cells) and (
                    len(cells) == len(r) or _UNIT_NOTE.search(_s(cells[0]))):
                header.append(list(r))
                k += 1
                continue
            break
        if _looks_header(r):
            header.append(list(r))
            had_header = True
            k += 1
            continue
        break
    body_idx = list(range(k, len(table.rows)))
    body = [list(table.rows[i]) for i in body_idx]
    return header, body, body_idx


def _context(article: Article, table: Table, prose: Sequence[Indicator], header: list[list[str]],
             width: int) -> tuple[Context, list[list[str]]]:
    """Table-level context; returns it and the header rows that are column headers."""
    col_header: list[list[str]] = []
    extra: list[str] = []
    for r in header:
        cells = [c for c in r if c.strip()]
        distinct = {c.strip() for c in cells}
        if len(distinct) == 1 and (len(cells) == len(r) or len(cells) == 1) and width > 2:
            extra.append(next(iter(distinct)))
            continue
        col_header.append(r)
    cap = table.caption or ""
    note = table.unit_note or ""
    local = " ".join(x for x in [cap, note, *extra] if x)
    ctx = Context(text=_s(local))
    pub = article.published
    prev_end = max((t.end for t in article.tables if t.end <= table.start), default=0)
    before = article.text[max(0, prev_end, table.start - 600): table.start]
    # the last two paragraphs before the table
    paras = [p for p in before.split("\n") if p.strip()]
    near = "\n".join(paras[-2:])
    title = article.title or ""
    # units: unit note, caption, extra rows
    for src in (note, *extra, cap):
        us = units_in(src)
        if us:
            ctx.units = us
            break
    if not ctx.units:
        for r in header:
            for cell in r:
                um = _UNIT_NOTE.search(_s(cell))
                if um:
                    ctx.units = units_in(um.group(0))
                    break
            if ctx.units:
                break
    if not ctx.units and header and header[0]:
        # the corner cell: "项目（亿元）"
        ctx.units = units_in(header[0][0]) if header[0][0].strip() else []
    if not ctx.units:
        m = _UNIT_NOTE.search(_s(near[-200:]))
        if m:
            ctx.units = units_in(m.group(0))
    # period
    sources = [local, title]
    for src in sources:
        p = _first_point(find_periods(src, pub=pub)) if src else None
        if p is not None:
            ctx.period = p.value
            break
    if ctx.period is None and prose:
        pc = Counter(r.period for r in prose if r.period and ".." not in r.period)
        if pc:
            ctx.period = pc.most_common(1)[0][0]
    if ctx.period is None and near:
        ps = [p for p in find_periods(near, pub=pub) if p.role in ("point", "span") and p.value]
        if ps:
            ctx.period = ps[-1].value
    # region
    for src in (local, title):
        rt = _region_terms(src) if src else []
        if rt:
            ctx.region = rt[0].code
            break
    if ctx.region is None and prose:
        rc = Counter(r.region for r in prose if r.region)
        if rc:
            ctx.region = rc.most_common(1)[0][0]
    if ctx.region is None and near:
        rt = _region_terms(near)
        if rt:
            ctx.region = rt[-1].code
    # sector
    for src in (local, title):  # the rows' root sector, then the text before the table: _table_records
        st = _sector_terms(src) if src else ()
        if st:
            ctx.sector = st[0].code
            break
    ctx.near = near
    # metric
    for src in (local, title, near):
        mt = _metric_terms(src) if src else []
        if mt:
            ctx.metric_terms = mt
            break
    if _FORECAST.search(ctx.text):
        ctx.kind = "forecast"
    elif _TARGET.search(ctx.text):
        ctx.kind = "target"
    return ctx, col_header


def _column(j: int, col_header: list[list[str]], ctx: Context, pub: dt.date | None) -> Column | None:
    parts: list[str] = []
    for r in col_header:
        if j < len(r):
            c = r[j].strip()
            if c and (not parts or parts[-1] != c):
                parts.append(c)
    head = " ".join(parts)
    hs = _s(head)
    if not hs and any(any(c.strip() for c in r) for r in col_header):
        return None  # a column the header does not name (a ragged row's extra cell)
    if _SKIP_COL.match(hs) or (hs and _SKIP_COL.match(hs.split()[-1])):
        return None
    # the unit: the header's own, else the table's
    units = units_in(head)
    unit = units[0] if units else None
    # measure
    if _RANKW.search(hs) or (unit is not None and unit.unit == "rank"):
        measure = "rank"
        unit = UnitSpec("rank")
    elif _SHARE.search(hs):
        measure = "share"
    elif _CHANGE.search(hs):
        measure = "change"
    else:
        measure = "level"
    if measure in ("share", "change"):
        if unit is None or unit.unit not in ("percent", "pp"):
            unit = UnitSpec("pp") if re.search(r"百分点|percentage\s+point|\bpp\b", hs, re.I) else UnitSpec("percent")
    elif measure == "level" and unit is None and ctx.units and all(u.unit in ("percent", "pp") for u in ctx.units):
        unit = ctx.units[0]  # "单位：%": a table of rates
    if measure == "level" and unit is not None and unit.unit in ("percent", "pp"):
        # a "%" column with no measure word: the caption says what it is
        if _SHARE.search(ctx.text):
            measure = "share"
        elif _CHANGE.search(ctx.text):
            measure = "change"
        # else: a rate column whose rows must say what it is (else its cells are skipped)
    # period
    base_ctx_year = _year_of(ctx.period)
    yr = re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", head)
    own = [p for p in find_periods(head, pub=pub, ctx_year=int(yr.group(0)) if yr else base_ctx_year) if p.value]
    point = _first_point(own)
    period = point.value if point is not None else None
    from_header = period is not None
    base_year: int | None = None
    for p in own:
        if p.role == "base" and p.first_year:
            base_year = p.first_year
    avg_years = 0
    am = _N_YEAR_AVG.search(hs)
    if am:
        w = (am.group(1) or am.group(2) or "").lower()
        avg_years = int(w) if w.isdigit() else _NUM_WORD.get(w, 0)
    previous = bool(_PREV.match(hs)) or bool(re.match(r"^(?:上年同期|去年同期|上年|去年)", hs))
    kind = ctx.kind
    if _FORECAST.search(hs):
        kind = "forecast"
    elif _TARGET.search(hs):
        kind = "target"
    head_core = _PAREN.sub("", head)
    sec_terms = _sector_terms(head_core)
    reg_terms = [t for t in _region_terms(head_core) if not any(t.start < x.end and x.start < t.end for x in sec_terms)]
    return Column(j, head, measure, unit, period, from_header, _metric_terms(head), kind, avg_years, base_year,
                  previous, reg_terms[0].code if reg_terms else None, sec_terms[0].code if sec_terms else None)


def _label_info(raw: str, ctx: Context, pub: dt.date | None) -> RowInfo:
    """What one label cell says: sector, region, metric, period, unit, measure, total, sub-row."""
    label = raw.translate(_FULLWIDTH).strip()
    is_sub = bool(_SUBROW.match(label))
    label = _SUBROW.sub("", label)
    label = _ENUM.sub("", label)
    label = re.sub(_FOOTNOTE + r"+$", "", label).strip()
    units = units_in(label)  # a unit in the label ("营业收入（亿元）")
    unit = units[0] if units else None
    core = _PAREN.sub("", label).strip() or label
    sl = _s(core)
    is_total = bool(_TOTAL.match(sl)) or bool(_TOTAL.match(sl.replace(" ", "")))
    sector: str | None = None
    region: str | None = None
    st = _sector_terms(core)
    rt = [t for t in _region_terms(core) if not any(t.start < x.end and x.start < t.end for x in st)]
    if st:
        sector = st[0].code
    else:
        key = " ".join(re.sub(r"[^a-z ]", " ", sl.lower()).split())
        sector = _EN_SECTOR.get(key)
    if rt:
        region = rt[0].code
    else:
        key = _EN_REGION_TAIL.sub("", " ".join(re.sub(r"[^a-z\- ]", " ", sl.lower()).split()))
        region = _EN_REGION.get(key)
    # a row label names a metric with a metric word (营业收入, 从业人员), not with the generic
    # count vocabulary ("活动", "projects") that also occurs inside category names
    mt = tuple(t for t in _metric_terms(core) if t.code != "count")
    measure: str | None = None
    if _SHARE.search(sl):
        measure = "share"
    elif _CHANGE.search(sl):
        measure = "change"
    period: str | None = None
    ps = [p for p in find_periods(core, pub=pub, ctx_year=_year_of(ctx.period)) if p.value and p.role == "point"]
    if ps and len(re.sub(r"[\s年度末底]", "", core)) <= len(core[ps[0].start:ps[0].end]) + 2:
        period = ps[0].value
    matched = bool(sector or region or mt or period or is_total)
    return RowInfo(core, sector, region, mt, period, unit, measure, is_total, is_sub, matched)


def _row_info(cells: Sequence[str], label_cols: Sequence[int], ctx: Context, pub: dt.date | None,
              parent: RowInfo | None) -> RowInfo:
    """The row's label cells combined; the rightmost (most specific) cell wins each attribute."""
    infos: list[RowInfo] = []
    seen: set[str] = set()
    for j in label_cols:
        if j < len(cells):
            c = cells[j].strip()
            if c and c not in seen:
                seen.add(c)
                infos.append(_label_info(c, ctx, pub))
    if not infos:
        return RowInfo("", None, None, [], None, None, None, False, False, False)
    last = infos[-1]
    info = RowInfo(
        " ".join(i.label for i in infos),
        next((i.sector for i in reversed(infos) if i.sector), None),
        next((i.region for i in reversed(infos) if i.region), None),
        next((i.metric_terms for i in reversed(infos) if i.metric_terms), []),
        next((i.period for i in reversed(infos) if i.period), None),
        next((i.unit for i in reversed(infos) if i.unit), None),
        next((i.measure for i in reversed(infos) if i.measure), None),
        last.is_total and not any(i.matched and not i.is_total for i in infos),
        last.is_sub,
        any(i.matched for i in infos),
    )
    if not info.matched and info.is_sub and parent is not None:
        info.sector = parent.sector
        info.region = parent.region
    return info


def _level_parent(open_rows: Sequence[tuple[int, RowInfo]]) -> RowInfo:
    """The parent of an indented row: the nearest shallower row above; for the lines indented under a
    "其中：" row (its list continued), that row's own parent."""
    p = open_rows[-1][1]
    if p.is_sub and len(open_rows) > 1:
        return open_rows[-2][1]
    return p


def _inherit(info: RowInfo, parent: RowInfo) -> None:
    """An indented row takes what its label does not say from its parent row: an unknown label takes
    the parent's sector and region (as "其中：" rows do); a label naming only a region, sector or metric
    takes the rest; a label without metric, unit or measure takes the parent's."""
    if info.is_total:
        return
    if not info.matched:
        info.sector = parent.sector
        info.region = parent.region
    else:
        if info.sector is None:
            info.sector = parent.sector
        if info.region is None:
            info.region = parent.region
    if not info.metric_terms and parent.metric_terms:
        info.metric_terms = parent.metric_terms
    if info.unit is None and parent.unit is not None:
        info.unit = parent.unit
    if info.measure is None and parent.measure is not None:
        info.measure = parent.measure


def _row_line(text: str, a: int, b: int) -> str:
    s = text.rfind("\n", 0, a) + 1
    e = text.find("\n", b)
    if e < 0:
        e = len(text)
    return text[s:e]


def _locate_rows(article: Article, table: Table) -> list[list[tuple[int, int] | None]]:
    """Cell offsets when the parser gave none: each cell's text searched in order inside the table text."""
    text = article.text
    lo = table.start if table.end > table.start else 0
    hi = table.end if table.end > table.start else len(text)
    out: list[list[tuple[int, int] | None]] = []
    cur = lo
    for r in table.rows:
        spans: list[tuple[int, int] | None] = []
        prev: str | None = None
        for c in r:
            c = c.strip()
            if not c or c == prev:
                spans.append(None)
                prev = c
                continue
            k = text.find(c, cur, hi)
            if k < 0:
                spans.append(None)
            else:
                spans.append((k, k + len(c)))
                cur = k + len(c)
            prev = c
        out.append(spans)
    return out


def _table_records(article: Article, table: Table, prose: Sequence[Indicator]) -> list[Indicator]:
    if not table.rows:
        return []
    width = max(max((len(r) for r in table.rows), default=0), max((len(r) for r in table.header), default=0))
    if width < 2:
        return []
    header, body, body_idx = _split_header(table)
    if not body:
        return []
    ctx, col_header = _context(article, table, prose, header, width)
    label_cols, value_cols = _value_columns(body, width, col_header)
    if not value_cols:
        return []
    unit_col = _unit_column(label_cols, col_header, body)
    if unit_col is not None:
        label_cols = [j for j in label_cols if j != unit_col]
    pub = article.published
    if ctx.sector is None:
        ctx.sector = _sector_from_rows(body, label_cols)
    if ctx.sector is None and ctx.near:
        st = _sector_terms(ctx.near)
        ctx.sector = st[0].code if st else None
    if ctx.region is None:
        ctx.region = _region_from_rows(body, label_cols)
    cols: dict[int, Column] = {}
    for j in value_cols:
        c = _column(j, col_header, ctx, pub)
        if c is not None:
            cols[j] = c
    if not cols:
        return []
    # period of a column: its header's, else the table's, else the latest header period
    header_periods = [c.period for c in cols.values() if c.period_from_header and c.period and ".." not in c.period]
    latest = max(header_periods, key=lambda p: (_year_of(p) or 0, p)) if header_periods else None
    for c in cols.values():
        base = ctx.period or latest
        if c.previous and base:
            c.period = _shift_year(base, -1)
        elif not c.period_from_header:
            c.period = base
        y = _year_of(c.period)
        if c.avg_years and y:
            c.period = f"{y - c.avg_years}..{y}"
        elif c.base_year and y and c.base_year < y - 1 and c.measure == "change":
            c.period = f"{c.base_year}..{y}"
    any_target_col = any(_TARGET.search(_s(c.header)) for c in cols.values())
    for c in cols.values():
        if c.kind == "target" and not _TARGET.search(_s(c.header)):
            # the caption says "plan": only columns after the publication year are targets
            y = _year_of(c.period)
            if any_target_col or (y is not None and pub is not None and y <= pub.year):
                c.kind = "actual"
        elif c.kind == "actual" and pub is not None:
            y = _year_of(c.period)
            if y is not None and y > pub.year and c.period_from_header:
                c.kind = "target"
    ordered = sorted(cols.values(), key=lambda c: c.index)
    if table.cell_spans and len(table.cell_spans) == len(table.rows):
        spans_all: list[list[tuple[int, int] | None]] = [list(r) for r in table.cell_spans]
    else:
        spans_all = _locate_rows(article, table)
    text = article.text
    out: list[Indicator] = []
    parent: RowInfo | None = None
    prev_row: RowInfo | None = None
    section_sector: str | None = None
    section_region: str | None = None
    last_sector: str | None = None
    # indentation: rows above that are still open as parents, as (level, row)
    levels = table.row_levels if len(table.row_levels) == len(table.rows) and any(table.row_levels) else ()
    open_rows: list[tuple[int, RowInfo]] = []
    for bi, cells in zip(body_idx, body, strict=False):
        spans = spans_all[bi] if bi < len(spans_all) else []
        has_value = any(j < len(cells) and _is_numeric(cells[j]) for j in cols)
        info = _row_info(cells, label_cols, ctx, pub, parent)
        if levels:
            level = levels[bi]
            while open_rows and open_rows[-1][0] >= level:
                open_rows.pop()
            if open_rows:
                _inherit(info, _level_parent(open_rows))
            open_rows.append((level, info))
        if not has_value:
            # a section row ("按区域分", "文化制造业" over its sub-rows)
            section_sector = info.sector
            section_region = info.region
            last_sector = None
            continue
        if not info.is_sub:
            parent = info
        if info.sector and not info.is_total:
            last_sector = info.sector
        elif not info.matched and not info.is_sub and last_sector and section_sector is None and not levels:
            # an unmatched sub-category under a matched one (no indentation to tell)
            info.sector = last_sector
        if unit_col is not None and unit_col < len(cells):
            ru = parse_unit(cells[unit_col], whole=True)
            if ru is not None and info.unit is None:
                info.unit = ru
                if ru.unit in ("percent", "pp") and info.measure is None:
                    info.measure = "share" if _SHARE.search(_s(info.label)) else None
        row_metric_terms = info.metric_terms
        if not row_metric_terms and info.measure and prev_row is not None:
            row_metric_terms = prev_row.metric_terms
        for c in ordered:
            j = c.index
            if j >= len(cells) or j >= len(spans):
                continue
            span = spans[j]
            if span is None or not (0 <= span[0] < span[1] <= len(text)):
                continue
            cv = parse_cell(cells[j])
            if cv is None or _YEAR_CELL.match(cells[j]):
                continue
            measure = c.measure
            unit = c.unit
            if info.measure and measure == "level":
                measure = info.measure
                unit = UnitSpec("pp") if unit is not None and unit.unit == "pp" else UnitSpec("percent")
            if measure == "level" and unit is not None and unit.unit in ("percent", "pp"):
                continue  # a rate that neither its column nor its row names
            if measure == "level":
                if info.unit is not None and info.unit.unit not in ("percent", "pp"):
                    unit = info.unit
                elif cv.unit is not None:
                    unit = cv.unit
                elif unit is None:
                    lv = [u for u in ctx.units if u.unit not in ("percent", "pp")]
                    unit = lv[0] if lv else None
                    if unit is None and cv.percent:
                        continue
                if unit is None:
                    # count columns named by their header ("企业数", "number of ...")
                    if re.search(r"数$|个数|家数|人数|数量|number\s+of|count", _s(c.header), re.I):
                        unit = UnitSpec("count")
                    else:
                        continue
            if unit is None:
                continue
            value = cv.value * unit.scale if unit.unit not in ("percent", "pp", "rank") else cv.value
            if unit.unit == "rank" and (value <= 0 or value != int(value)):
                continue
            # metric: row label, column header, the level column to the left, table context
            metric = _pick_metric(row_metric_terms, unit) or _pick_metric(c.metric_terms, unit)
            if measure == "share" and any(t.code == "gdp" for t in (*row_metric_terms, *c.metric_terms)):
                metric = "gdp"  # a share of GDP names GDP (the contract's convention)
            if metric is None and measure in ("change", "share"):
                for lc in reversed([x for x in ordered if x.index < j]):
                    if lc.metric_terms:
                        metric = _pick_metric(lc.metric_terms, None)
                        break
            if metric is None:
                metric = _pick_metric(ctx.metric_terms, unit)
            if metric is None and unit.unit == "count":
                metric = unit.hint or "count"
            if measure == "rank":
                metric = "rank"  # the dev set's convention for ranks
            sector = info.sector or c.sector
            region = info.region or c.region
            if not info.matched or info.is_total:
                sector = sector or section_sector or ctx.sector
                region = region or section_region or ctx.region
            else:
                if sector is None:
                    sector = section_sector or ctx.sector
                if region is None:
                    region = section_region or ctx.region
            period = info.period or c.period
            kind = c.kind
            if info.label and _FORECAST.search(_s(info.label)):
                kind = "forecast"
            elif (info.label and _TARGET.search(_s(info.label))
                  and not (c.period_from_header and pub is not None and (_year_of(c.period) or 9999) <= pub.year)) \
                    or (info.period and pub is not None and (_year_of(info.period) or 0) > pub.year):
                kind = "target"  # a target row ("2025年目标", "预期性"), not its base-year column
            a, b = span
            cell_text = text[a:b]
            if cell_text.strip() == cells[j].strip() and cv.end <= len(cell_text):
                off = len(cell_text) - len(cell_text.lstrip())
                start, end = a + off + cv.start, a + off + cv.end
            else:
                start, end = a, b
            subject = None
            if metric == "count":
                subject = _PAREN.sub("", c.header).strip() or info.label or None
            out.append(Indicator(
                doc=article.doc, value=value, unit=unit.unit, measure=measure,  # type: ignore[arg-type]
                metric=metric, subject=subject, sector=sector, region=region, period=period,
                kind=kind,  # type: ignore[arg-type]
                bound="eq", quote=_row_line(text, a, b), start=start, end=end,
            ))
        prev_row = info
    return out


def extract_tables(article: Article, *, prose: Sequence[Indicator] = ()) -> list[Indicator]:
    """One record per indicator cell of each data table of the article (table records only).

    `prose` is context only (fallback region/period); see merge_table_records for the merge.
    """
    out: list[Indicator] = []
    seen: set[tuple[object, ...]] = set()
    for table in article.tables:
        try:
            recs = _table_records(article, table, prose)
        except Exception:  # noqa: BLE001 - one bad table must not lose the page
            log.exception("table at %d in %s skipped", table.start, article.doc)
            continue
        keys = [_fact_key(r) for r in recs]
        # the same table twice on a page (desktop and mobile copies): one set of facts
        out.extend(r for r, k in zip(recs, keys, strict=True) if k not in seen)
        seen.update(keys)
    return out


def _fact_key(r: Indicator) -> tuple[object, ...]:
    return (round(r.value, 6), r.unit, r.measure, r.metric, r.sector, r.region, r.period, r.kind)


def _same_value(a: Indicator, b: Indicator) -> bool:
    if a.unit != b.unit:
        return False
    if a.unit in ("percent", "pp"):
        return abs(a.value - b.value) <= 0.01 + 1e-9
    return abs(a.value - b.value) <= 0.005 * max(abs(a.value), 1e-12)


def table_of_cell(article: Article, pos: int) -> Table | None:
    """The table whose text holds offset pos."""
    for t in article.tables:
        if t.start <= pos < t.end:
            return t
    return None


def merge_table_records(article: Article, prose: Sequence[Indicator],
                        table_records: Sequence[Indicator]) -> list[Indicator]:
    """Prose records outside the tables' text that do not repeat a table figure, plus the table records,
    in text order. A repeat: same value (scorer tolerance), unit, measure, period and region, and the
    sectors equal or one of them unknown."""
    spans = [(t.start, t.end) for t in article.tables if t.end > t.start]
    kept: list[Indicator] = []
    for p in prose:
        if any(a <= p.start < b for a, b in spans):
            continue
        dup = False
        for t in table_records:
            if (_same_value(p, t) and p.measure == t.measure and p.period == t.period and p.region == t.region
                    and (p.sector is None or t.sector is None or p.sector == t.sector)):
                dup = True
                break
        if not dup:
            kept.append(p)
    merged = kept + list(table_records)
    merged.sort(key=lambda r: r.start)
    return merged
