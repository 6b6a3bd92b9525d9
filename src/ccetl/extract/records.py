"""Attribution: number mentions -> indicator records.

The grammar, per sentence:
1. take the number mentions of ccetl.extract.quantities.find_quantities;
2. drop what is not an indicator (years, dates, phone and licence numbers,
   ordinals, slogans, durations, technical labels, footnote markers, page
   furniture, conversions in brackets, which become alt_value of the figure
   before them);
3. decide measure (rank / change / share / level) from the cue words between
   the previous number and this one, inheriting through coordinated lists
   ("分别增长36.7%、30.6%和29.8%");
4. attribute metric and sector (nearest taxonomy mention in the clause, then
   in the sentence, then the article's topic), region (explicit mention, the
   previous sentence's, the article's), period (nearest period mention, base
   years for changes, plan spans for targets, the previous sentence's, the
   publication year), kind and bound.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

from ccetl.extract import cues as C
from ccetl.extract.periods import PeriodMention, find_periods
from ccetl.extract.sentences import Span, clauses, sentences
from ccetl.extract.taxonomy import Term, region_matcher, regions, scan, sector_matcher
from ccetl.models import Indicator, Quantity

_T = TypeVar("_T", Term, PeriodMention)

MONEY_METRICS = {"output", "revenue", "added_value", "sales", "profit", "investment", "exports", "imports", "trade",
                 "spending", "gdp", "value_per_employee", "tax", "assets"}
COUNT_METRICS = {"employees", "enterprises", "count"}
# mentions that name China only weakly: scope words, and national bodies whose names
# other governments share (Taiwan also has a 文化部)
WEAK_CHINA = re.compile(r"^(?:全国|全國|国内|國內|我国|我國|nationwide|the country|national total|全国范围|文化部|文化和旅游部|文化和旅遊部|"
                        r"国家统计局|國家統計局|国务院|國務院|National Bureau of Statistics|Ministry of Culture|"
                        r"Ministry of Culture and Tourism)$", re.I)
WEAK_CHINA_BEFORE = re.compile(r"(?:占|佔|比|较|較|高于|高於|低于|低於|快于|快於|居|位居|位列|列|排名|排|超过|超過|于|於|in|of|than|"
                               r"among|across|the)\s*$", re.I)
WEAK_CHINA_AFTER = re.compile(r"^\s*(?:第|平均|的比重|的\d|的|總|总|同行|前列|top|average|total|level|游客|遊客|旅游|旅遊|旅客|"
                              r"观众|觀眾|市场|市場|消费|消費|生产总值|生產總值|企业|企業|品牌|一流|领先|領先|知名|首个|首個|外)", re.I)
_NATIONAL_BODY = re.compile(r"^(?:文化部|文化和旅游部|文化和旅遊部|国家统计局|國家統計局|国务院|國務院|National Bureau of Statistics|"
                            r"Ministry of Culture|Ministry of Culture and Tourism)$", re.I)
PLAN_3Y = re.compile(r"(?:三年|3年)(?:行动)?(?:计划|方案|規劃|规划|計劃|行動)|three-year\s+(?:action\s+)?(?:plan|program)", re.I)
PLAN_NY = re.compile(r"(?:(\d)|([二三四五]))年(?:行动)?(?:计划|方案|行動計劃)|(two|three|four|five)-year\s+(?:action\s+)?plan", re.I)
TWO_YEAR_AVG = C.Fold(r"两年平均|兩年平均|two-year\s+average|over\s+the\s+two\s+years|两年|兩年")
AVG_RE = C.Fold(r"年均|平均|average|annually|a\s+year\b|per\s+year|each\s+year|复合|compound|CAGR")
EN_FIRST = re.compile(r"[A-Za-z]")
SUBJ_STOP_EN = C.Fold(r"\b(?:in|of|with|by|at|for|from|to|and|that|which|across|per|on|during|this|last|"
                          r"will|was|were|is|are|has|have)\b|[,.;:()]")
NOUNISH_ZH = re.compile(r"[\u4e00-\u9fff]{1,14}$")
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class _Cand:
    q: Quantity
    value: float
    unit: str
    measure: str = "level"
    metric: str | None = None
    subject: str | None = None
    sector: str | None = None
    region: str | None = None
    period: str | None = None
    kind: str = "actual"
    bound: str = "eq"
    alt_value: float | None = None
    alt_unit: str | None = None
    inherited: bool = False
    period_src: str = ""


@dataclass(slots=True)
class _Doc:
    text: str
    pub: dt.date | None
    lang: str | None
    sectors: list[Term] = field(default_factory=list)
    metrics: list[Term] = field(default_factory=list)
    regions: list[Term] = field(default_factory=list)
    periods: list[PeriodMention] = field(default_factory=list)
    masked: list[tuple[int, int]] = field(default_factory=list)  # 《》 names
    examples: list[tuple[int, int]] = field(default_factory=list)
    s_sectors: list[Term] = field(default_factory=list)  # the current sentence's mentions
    s_metrics: list[Term] = field(default_factory=list)
    s_regions: list[Term] = field(default_factory=list)
    s_periods: list[PeriodMention] = field(default_factory=list)
    resp_regions: dict[int, str] = field(default_factory=dict)
    resp_periods: dict[int, str] = field(default_factory=dict)
    s_ads: list[tuple[int, int]] = field(default_factory=list)  # adverts injected into the current sentence
    during_plan: bool = False  # "during the plan period" somewhere in the text
    s_cand_spans: list[tuple[int, int]] = field(default_factory=list)  # the current sentence's figures
    title_year: int | None = None  # the one past year a report's title names ("山东省2023年…统计公报")
    kind_cache_key: tuple[int, int] = (-1, -1)
    kind_cache: tuple[list[int], list[int]] = ([], [])
    topic_sector: str | None = None
    topic_region: str | None = None
    plan_span: str | None = None
    plan_doc: bool = False
    low: str | None = None  # text.lower() when it keeps the offsets


_BOOK = re.compile(r"《[^》\n]{0,80}》")
# a report's name in corner quotes: 「2023臺灣文化創意產業發展年報」
_QUOTED_TITLE = re.compile(r"「[^」\n]{0,60}(?:年報|年报|報告|报告|白皮書|白皮书|規劃|规划|計畫|计划|方案|指數|指数)[^」\n]{0,20}」")
_PLAN_DOC_ZH = re.compile(r"规划|規劃|行动方案|行動方案|行动计划|行動計劃|实施方案|實施方案|若干措施|意见|意見")
_PLAN_DOC_EN = re.compile(r"(?<![A-Za-z])(?:action\s+plan|plan\s+to|master\s+plan|blueprint|guideline)(?![A-Za-z])", re.I)
_PLAN_VERBS = C.Fold(r"培育|新建|建设|建設|打造|新增|建成|创建|創建|引进|引進|(?<![A-Za-z])(?:build|cultivate|create|"
                         r"foster|establish|set\s+up|add)(?![A-Za-z])")
# a cheap test run before PLAN_NY: every match of PLAN_NY contains one of these
_PLAN_NY_NEED = re.compile(r"年(?:行动)?(?:计划|方案|規劃|规划|計劃|行動計劃)|-year\s+(?:action\s+)?plan", re.I)
_FYP = re.compile(r"(十[一二三四五]五)|\b(1[1-5]th)\s+Five-Year\s+Plan", re.I)
_FYP_FIRST = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026,
              "11th": 2006, "12th": 2011, "13th": 2016, "14th": 2021, "15th": 2026}
_DATELINE = re.compile(r"(?:^|\n)\s*(?:[A-Z][A-Z .'-]{2,30},\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*(?:\([^)\n]{1,30}\)\s*)?"
                       r"(?:--|—|–|-)|[A-Z][A-Za-z .'-]{1,30},\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?\((?:Xinhua|"
                       r"Reuters|AFP|AP|China\s+Daily|CNS|Bloomberg)\)\s*(?:--|—|-)?|"
                       r"(?:新华社|新華社|中新社|中新网|人民网|央视网)[\u4e00-\u9fff]{1,6}\d{1,2}月\d{1,2}日电|"
                       r"【[^】\n]{1,12}(?:訊|讯|電|电|報道|报道)】)")
_ORG_AFTER = re.compile(r"(?:市|省)?[\u4e00-\u9fff]{0,4}?(?:电视台|電視台|广播电视台|廣播電視台|大学|大學|学院|學院|展览中心|展覽中心|会展中心|會展中心|集团|集團|"
                        r"银行|銀行|日报|日報|报社|報社|晚报|晚報|博物馆|博物館|图书馆|圖書館|大剧院|大劇院|剧院|劇院|"
                        r"交易所|证券|證券|时装周|時裝周|国际电影节|國際電影節)|"
                        r"['’]?s?\s+(?:Daily|University|Museum|Library|Bank|Group|Media|TV|Television|Radio|"
                        r"Film\s+Festival|Fashion\s+Week|Stock\s+Exchange|Securities|Theatre|Theater|Grand\s+Theatre)\b")
_ORG_BEFORE = re.compile(r"(?:Bank|University|Museum|Port|Bureau)\s+of\s+(?:the\s+)?$")
_DOLLAR_AFTER = re.compile(r"[.\s]*(?:dollars?|\$)", re.I)
# examples in an enumeration are not the subject: "影视、出版等", "such as A, B and C", "including ..."
_EX_INCL_ZH = r"(?:包括|例如|诸如|諸如|如)[^，,；;。：:]{1,60}?(?:等|在内|在內)"
_EX_INCL_EN_TAIL = r"(?![A-Za-z])[^,;.()]{1,120}?(?=,|;|\.|\)|$)"
# (each branch opens with its letter, the lookbehind after it: `re` can skip ahead to the letter)
_EX_INCL_EN = r"(?:s(?<![A-Za-z]s)uch\s+as|i(?<![A-Za-z]i)ncluding|e(?<![A-Za-z]e)\.g\.)" + _EX_INCL_EN_TAIL
_EX_INCL = re.compile(_EX_INCL_ZH + "|" + _EX_INCL_EN)
# the Chinese part alone (text without "such", "including", "e.g.") scans faster
_EX_INCL_ZH_RE = re.compile(_EX_INCL_ZH)
# "影视、出版等" read backwards from the 等: an anchored match instead of a scan of the 120 characters before it
_EX_ENUM_REV = re.compile(r"等(?:[^，,；;。：:、]{1,12}、){1,8}[^，,；;。：:、\s]{1,12}")


# the English part, matched where one of its words starts (the lookbehind is tested by hand there)
_EX_INCL_EN_AT = re.compile(r"(?:such\s+as|including|e\.g\.)" + _EX_INCL_EN_TAIL)


def _en_examples(text: str) -> list[tuple[int, int]]:
    """The matches _EX_INCL_EN would scan for, tried only where its words start (a scan of every letter is slow)."""
    starts: list[int] = []
    for w in ("such", "including", "e.g."):
        p = text.find(w)
        while p >= 0:
            if p == 0 or not ("A" <= text[p - 1] <= "Z" or "a" <= text[p - 1] <= "z"):
                starts.append(p)
            p = text.find(w, p + 1)
    spans: list[tuple[int, int]] = []
    end = -1
    for p in sorted(starts):
        if p < end:
            continue  # (finditer's matches do not overlap)
        m = _EX_INCL_EN_AT.match(text, p)
        if m:
            spans.append(m.span())
            end = m.end()
    return spans


def _examples(text: str, low: str) -> list[tuple[int, int]]:
    zh = "如" in text or "包括" in text
    # every match of the English part holds one of these words (low: the text lowercased)
    en = "such" in low or "including" in low or "e.g." in low
    if zh:
        spans = [m.span() for m in (_EX_INCL if en else _EX_INCL_ZH_RE).finditer(text)]
    elif en:
        spans = _en_examples(text)
    else:
        spans = []
    p = text.find("等")
    while p >= 0:
        # an enumeration needs a 、 before the 等
        if text[p + 1:p + 2] not in ("级", "級") and not text[p + 1:p + 2].isdigit() \
                and text.find("、", max(0, p - 120), p) >= 0:
            lo = max(0, p - 120)
            m = _EX_ENUM_REV.match(text[lo:p + 1][::-1])
            if m:
                spans.append((p + 1 - m.end(), p + 1))
        p = text.find("等", p + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _depth(name: str) -> int:
    regs = regions()
    d = 0
    r = regs.get(name)
    while r is not None and r.parent and d < 6:
        d += 1
        r = regs.get(r.parent)
    return d


def _is_ancestor(anc: str, name: str) -> bool:
    regs = regs_ = regions()
    r = regs.get(name)
    n = 0
    while r is not None and r.parent and n < 6:
        if r.parent == anc:
            return True
        r = regs_.get(r.parent)
        n += 1
    return False


def _inside(spans: list[tuple[int, int]], t: Term) -> bool:
    """Is the term inside one of the (sorted, non-overlapping) spans?"""
    if not spans:
        return False
    i = bisect_left(spans, (t.start + 1, -1)) - 1
    return i >= 0 and spans[i][0] <= t.start and t.end <= spans[i][1]


# "from outside the Chinese mainland", "境外": not where the figure is
_OUTSIDE_BEFORE = re.compile(r"(?:outside|beyond)\s+(?:of\s+)?(?:the\s+)?$|(?:境外|除)$", re.I)
_EVENT_AFTER = re.compile(r"\s*(?:\([^)\n]{1,20}\)|（[^）\n]{1,20}）)?\s*(?:[A-Z][\w&'-]*\s+){0,6}?(?:Expo|Fair|Festival|Forum|"
                          r"Summit|Exhibition|Awards?|Conference|Week|Games|Championships?|Biennale|Triennial)\b|"
                          r"\s*(?:（[^）\n]{1,20}）|\([^)\n]{1,20}\))|"
                          r"[\u4e00-\u9fff]{0,12}?(?:博览会|博覽會|交易会|交易會|展览会|展覽會|文博会|文博會|电影节|電影節|艺术节|藝術節|"
                          r"论坛|論壇|峰会|峰會|大会|大會|文化节|文化節|动漫节|動漫節|展览|展覽|书展|書展)")
_ORDINAL_BEFORE = re.compile(r"(?:\d+(?:st|nd|rd|th)|第[\d一二三四五六七八九十百]+[届屆次])\s*$", re.I)


def _in_event_name(text: str, t: Term) -> bool:
    """Is "China" part of an event's name ("the 8th China (Changchun) International … Expo", "中国国际进口博览会")?"""
    if _ORDINAL_BEFORE.search(text, max(0, t.start - 8), t.start):
        return True
    return _EVENT_AFTER.match(text, t.end, min(len(text), t.end + 90)) is not None


def _doc_search(doc: _Doc, pat: C.Fold, a: int, b: int) -> bool:
    """Does the case-insensitive pattern occur in doc.text[a:b]?"""
    if doc.low is not None:
        return pat.low.search(doc.low, a, b) is not None
    return pat.ci.search(doc.text, a, b) is not None


def _in_spans(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _in_masked(doc: _Doc, a: int, b: int) -> bool:
    return any(x <= a and b <= y for x, y in doc.masked)


def _prepare(text: str, pub: dt.date | None, lang: str | None, title: str | None, site: str | None = None) -> _Doc:
    doc = _Doc(text, pub, lang)
    low = text.lower()
    doc.low = low if len(low) == len(text) else None
    doc.masked = sorted([(m.start(), m.end()) for m in _BOOK.finditer(text)]
                        + [(m.start(), m.end()) for m in _QUOTED_TITLE.finditer(text)]) if ("《" in text or "「" in text) \
        else []
    sectors, metrics, rterms = scan(text)
    if doc.masked:
        sectors = [t for t in sectors if not _in_masked(doc, t.start, t.end)]
        metrics = [t for t in metrics if not _in_masked(doc, t.start, t.end)]
        rterms = [t for t in rterms if not _in_masked(doc, t.start, t.end)]
    doc.sectors, doc.metrics = sectors, metrics
    dateline = _DATELINE.search(text, 0, 600)
    dl = (dateline.start(), dateline.end()) if dateline else (0, 0)
    doc.regions = [t for t in rterms
                   if text[t.end:t.end + 1] != "$"
                   and not _DOLLAR_AFTER.match(text, t.end) and not (dl[0] <= t.start < dl[1])
                   and not _ORG_AFTER.match(text, t.end) and not _ORG_BEFORE.search(text, max(0, t.start - 12), t.start)
                   and not (t.text[:1] == "中" and text[t.start - 1:t.start] == "其")  # 其中國片: 其中 + 國片
                   and not _OUTSIDE_BEFORE.search(text, max(0, t.start - 16), t.start)
                   and not (t.code == "China" and _in_event_name(text, t))]
    doc.examples = _examples(text, low)
    if doc.examples:
        doc.sectors = [t for t in doc.sectors if t.code != "economy" and not _inside(doc.examples, t)]
        doc.metrics = [t for t in doc.metrics if not _inside(doc.examples, t)]
    else:
        doc.sectors = [t for t in doc.sectors if t.code != "economy"]
    doc.title_year = _title_year(title, pub)
    doc.periods = find_periods(text, 0, len(text), pub, default_year=doc.title_year)
    # topic sector and region: title weighs three times the body
    sc: Counter[str] = Counter()
    rc: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    title_regions: list[str] = []
    if title:
        for t in sector_matcher().find(title):
            if t.code != "economy":
                sc[t.code] += 3
        for t in region_matcher().find(title):
            if title[t.end:t.end + 1] != "$" and not _DOLLAR_AFTER.match(title, t.end):
                rc[t.code] += 3
                if not WEAK_CHINA.match(t.text):
                    title_regions.append(t.code)
    for t in doc.sectors:
        sc[t.code] += 1
    for t in doc.regions:
        if WEAK_CHINA.match(t.text):
            weak[t.code] += 1
        else:
            rc[t.code] += 1
    if sc:
        best = max(sc.values())
        firsts = [c for c in sc if sc[c] == best]
        doc.topic_sector = firsts[0]
    if title_regions:
        regs = regions()
        specific = [r for r in title_regions if regs[r].level not in ("country", "macro_region")]
        doc.topic_region = max(specific or title_regions, key=lambda r: _depth(r))
    elif rc:
        best = max(rc.values())
        doc.topic_region = [c for c in rc if rc[c] == best][0]
        lead = [t for t in doc.regions if t.start < 300 and not WEAK_CHINA.match(t.text)]
        if lead and lead[0].code != doc.topic_region and _is_ancestor(doc.topic_region, lead[0].code):
            doc.topic_region = lead[0].code
    elif weak:
        doc.topic_region = "China"
    if doc.topic_region and not title_regions:
        # "全省…" throughout, and the only place named is one of its cities ("分地区看，厦门市…"):
        # the article is about the province
        doc.topic_region = _scope_up(text, low, doc.topic_region)
    if site and not rc and _LOCAL_SCOPE.search(text):
        # "全市…" and no place named: the publisher's place ("宁波市统计局")
        regs = regions()
        named = [t.code for t in region_matcher().find(site) if not WEAK_CHINA.match(t.text)
                 and regs[t.code].level not in ("country", "macro_region")]
        if named:
            doc.topic_region = max(named, key=_depth)
    head600 = (title or "") + "\n" + text[:600]
    hlow = head600.lower()
    doc.plan_doc = bool(_PLAN_DOC_ZH.search(head600) or (("plan" in hlow or "blueprint" in hlow or "guideline" in hlow)
                                                          and _PLAN_DOC_EN.search(head600)))
    doc.during_plan = ("period" in low or "期" in text) and _DURING_PLAN.search(text) is not None
    if pub is not None:
        head = (title or "") + "\n" + text
        head_low = (title or "").lower() + "\n" + low
        m = PLAN_NY.search(head) if ("年" in head or "-year" in head_low) and _PLAN_NY_NEED.search(head) else None
        while m and re.search(r"(?:1[1-5]th|eleventh|twelfth|thirteenth|fourteenth|fifteenth)\s*$",
                              head[max(0, m.start() - 14):m.start()], re.I):
            m = PLAN_NY.search(head, m.end())
        if m:
            n = int(m.group(1)) if m.group(1) else (
                {"二": 2, "三": 3, "四": 4, "五": 5}.get(m.group(2) or "")
                or {"two": 2, "three": 3, "four": 4, "five": 5}.get((m.group(3) or "").lower(), 3))
            doc.plan_span = f"{pub.year}..{pub.year + n - 1}"
        else:
            mp = _FYP.search(head) if ("五" in head or "five-year" in head_low) else None
            if mp:
                first = _FYP_FIRST.get((mp.group(1) or mp.group(2) or "").lower(), 0)
                if first and first + 4 >= pub.year:
                    doc.plan_span = f"{first}..{first + 4}"
    return doc


# --------------------------------------------------------------- filtering


_QUOTE_OPEN = frozenset(C.QUOTE_PAIRS)
_QUOTE_CLOSE_ONLY = frozenset(C.QUOTE_PAIRS.values()) - _QUOTE_OPEN
_QUOTE_ANY = re.compile("[" + re.escape("".join(_QUOTE_OPEN | _QUOTE_CLOSE_ONLY)) + "]")


def _quoted_short(text: str, a: int, b: int, sent: Span) -> bool:
    """Is text[a:b] inside a short quotation (a name or slogan)?"""
    lo = max(sent.start, a - 14)
    left = text[lo:a]
    m = _QUOTE_ANY.search(left[::-1])  # the nearest quote mark before the number
    if m is None:
        return False
    ch = m.group(0)
    if ch not in _QUOTE_OPEN:
        return False
    i = len(left) - 1 - m.start()
    j = text.find(C.QUOTE_PAIRS[ch], b, min(sent.end, b + 14) + 1)
    return j >= 0 and j - (lo + i) - 1 <= 14


_FURNITURE_AFTER = re.compile(r"\s*(?:版(?![权權本])|层|層|篇评论|篇評論|篇文章|页|頁|楼|樓|字(?![号號])|条评论|條評論|人参与|人參與|人阅读|人閱讀|次阅读|次閱讀|次浏览|次瀏覽|"
                              r"人评论|人評論|人收藏|人点赞|人點讚|人浏览|人瀏覽|人觉得|人覺得|人关注|人關注|条回复|條回覆|"
                              r"[-/]\s*\d+\s*页)")
_IDIOM_AFTER = re.compile(r"不变|不變")
# "如图", "表3", "Figure 2", "见本报6版": figure and page references, reversed (see C.rev_alt)
_FIGURE_BEFORE_REV = re.compile(r"\s*(?:图如|圖如|图见|圖見|[图圖](?![地版蓝藍构構意])|表(?![代发發列报報外])|表附|图附|erugif|\.gif|"
                                r"elbat|trahc|报本见|報本見)", re.I)
_BARE_DIGITS = re.compile(r"[\d,，.]+")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_LINK_LIST = re.compile(r"\s*(?:相关新闻|相關新聞|相关阅读|相關閱讀|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|热门推荐|熱門推薦|上一篇|下一篇|"
                        r"猜你喜欢|猜你喜歡|热点新闻|熱點新聞|Related(?:\s+(?:news|stories|articles))?|Read\s+more|"
                        r"Most\s+(?:read|viewed|popular)|Previous|Next)\s*[:：]", re.I)
_DATE_TAIL = re.compile(r"[（(]\s*(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4})\s*[)）]\s*$")
_AD_ZH = (r"注册送|註冊送|注册即送|註冊即送|即送|立减|立減|彩金|返现|返現|包邮|包郵|领取红包|領取紅包|优惠券|優惠券|首单|首單|"
          r"扫码|掃碼|免费咨询|免費諮詢|咨询热线|諮詢熱線|加微信|加微|下载APP|下載APP|开户|開戶|娱乐城|娛樂城|博彩|"
          r"百家乐|百家樂|官网入口|官網入口|葡京|赛车|賽車|时时彩|時時彩|六合彩|计划群|計劃群|稳赚|穩賺|代孕|"
          r"体育投注|體育投注|投注|日赚|日賺|首存|存送|千亿体育|千億體育|棋牌|捕鱼|捕魚|老虎机|老虎機|限时|限時|抢购|搶購|"
          r"红包|紅包|开奖|開獎")
# English ad words: plain phrases (a blank matches any run of blanks) and a few patterns,
# each with the plain string every one of its matches holds (the cheap pre-test)
_AD_EN_PHRASES = ("vip", "book now", "buy now", "order now", "shop now", "click here", "promo code", "coupon",
                  "free shipping", "cheap flights", "hotel deals", "partner site", "casino", "sports betting", "bet now",
                  "with code", "vpn", "v-bucks", "cheap outlet", "new style", "for sale", "replica")
_AD_EN_PATTERNS = ((r"limited[-\s]time\s+offer", "time offer"), (r"save\s+\d+\s*%", "save "), (r"%\s+off", "% off"),
                   (r"https?://", "http"), (r"www\.", "www."))
_AD_WORDS = C.Fold(_AD_ZH + "|" + "|".join([w.replace(" ", r"\s+") for w in _AD_EN_PHRASES]
                                            + [p for p, _ in _AD_EN_PATTERNS]))
_AD_WORDS_ZH = re.compile(C.lower_pattern(_AD_ZH))  # run on the lowercased text, like _AD_WORDS
_AD_KEYS_EN = _AD_EN_PHRASES + tuple(k for _, k in _AD_EN_PATTERNS)


def _has_ad_words(text: str, low: str | None) -> bool:
    """Could the text hold an ad word? (Chinese ones by a scan, English ones by substring tests.)"""
    low = text.lower() if low is None else low
    if _AD_WORDS_ZH.search(low):  # (lowercased like the pattern: 下载app)
        return True
    return any(k in low for k in _AD_KEYS_EN)


# an English sentence this short holding an ad word is an advert as a whole
_AD_SENTENCE_MAX = 160


_AD_BLOCK = re.compile(r"【[^】\n]{0,60}】|\[[^\]\n]{0,60}\]")


# Where the article's own words start again after an injected advert.
_RESUME_ZH = re.compile(r"同比|比上年|较上年|較上年|比去年|较去年|較去年|增长|增長|下降|实现|實現|达到|達到|完成|接待|营业收入|營業收入|"
                        r"占|佔|全省|全市|全区|全區|今年|去年|上半年|下半年|一季度|前三季度|累计|累計|共计|共計")
_RESUME_EN = re.compile(r"(?:up|down|rose|fell|grew|increased|decreased|jumped|climbed|dropped|declined|reached|hit|"
                        r"totaled|totalled|from|to|of|in|and|with|was|were|is|are|accounted|generated|posted|"
                        r"according)\b", re.I)
_AD_STOP = re.compile(r"[\s，,；;。！!？?：:、（）()【】\[\]「」“”\"'《》>|/]")


def _ad_extent(text: str, sent: Span, m: re.Match[str]) -> tuple[int, int]:
    """The injected advert around one ad word: its run of spam tokens, not the figures around it.

    Left: an ASCII prefix glued to the word ("365体育投注"), else back to the clause start.
    Right: on over letters, digits and CJK until a pause or the article's words resume
    ("澳门新葡京娱乐场官网|同比增长7.4%", "best online casino bonus 2024| up 8.9 percent")."""
    a, b = m.start(), m.end()
    latin = not C.HAS_CJK.search(text, a, b)
    if a > sent.start and text[a - 1].isascii() and text[a - 1].isalnum() and not latin:
        while a > sent.start and text[a - 1].isascii() and text[a - 1].isalnum():
            a -= 1
    else:
        while a > sent.start and (latin and text[a - 1] in " %$" or not _AD_STOP.match(text[a - 1])):
            a -= 1
            if latin and a > sent.start and text[a - 1] in ",;:!?":
                break
    while b < sent.end:
        ch = text[b]
        if latin:
            if ch in ",;:!?。，；":
                break
            if ch == " " and _RESUME_EN.match(text, b + 1):
                break
        else:
            if _AD_STOP.match(ch) or (not ch.isascii() and ch.isdigit()) or _RESUME_ZH.match(text, b):
                break
        b += 1
    return a, b


def _ad_spans(text: str, sent: Span) -> list[tuple[int, int]]:
    """Spans of adverts injected into a sentence: a bracketed block, a short English advert
    sentence, or the run of spam around each ad word (_ad_extent)."""
    if sent.end - sent.start <= _AD_SENTENCE_MAX and not C.HAS_CJK.search(text, sent.start, sent.end):
        hits = list(_AD_WORDS.finditer(text, sent.start, sent.end))
        if len(hits) >= 2 or (hits and len(text[sent.start:hits[0].start()].split()) <= 2):
            return [(sent.start, sent.end)]  # "Cheap flights to Qingdao from 199 yuan, book now!"
    spans = [(m.start(), m.end()) for m in _AD_BLOCK.finditer(text, sent.start, sent.end) if _AD_WORDS.search(m.group(0))]
    for m in _AD_WORDS.finditer(text, sent.start, sent.end):
        if any(x <= m.start() < y for x, y in spans):
            continue
        spans.append(_ad_extent(text, sent, m))
    return spans


# "12345市民热线", "拨打96811": numbers to call
_PHONE_AFTER = re.compile(r"\s*[\u4e00-\u9fff]{0,4}?(?:热线|熱線|服务电话|服務電話|服务热线|服務熱線|专线|專線)|\s*(?:hotline|helpline)\b",
                          re.I)
_DIAL_REV = re.compile(r"\s*(?:" + C.rev_alt(["拨打", "撥打", "致电", "致電", "拨", "撥", "call", "dial"]) + r")", re.I)
_FILE_EXT = re.compile(r"\.(?:jpe?g|png|gif|html?|pdf)\b", re.I)
_FILE_EXT_MORE = re.compile(r"\.(?:jpe?g|png|gif|html?|pdf|docx?|shtml|php|aspx?)\b", re.I)
_LEAD_ZERO = re.compile(r"0\d+")
_SPAN_HEAD = re.compile(r"^[\d.,，万萬亿億千百十多余餘]+")
_TWO_LETTERS = re.compile(r"[A-Za-z\u4e00-\u9fff]{2}")
_LETTER = re.compile(r"[A-Za-z\u4e00-\u9fff]")
_AT_LEAST_REV = re.compile(r"\s*(?:" + C.rev_alt(["at least", "more than", "no fewer than", "至少", "不少于"]) + ")", re.I)
_YMD_AFTER = re.compile(r"^[-\s]?(?:year|month|day)", re.I)
_MEASURE_WORD_END = ("个", "個", "家", "项", "項", "座", "种", "種", "部", "台", "名", "位")


# a numeral and measure word closing its phrase: punctuation, a bound or a conjunction follows
_POSTPOSED_AFTER = re.compile(r"\s*(?:以上|以下|左右|之多|多|余|餘)?\s*(?:[，,、；;。！!？?）)]|和|及|与|與|$)")


def _word_count_ok(span: str, value: float, after: str) -> bool:
    """Is a count written in Chinese numerals a figure ("龙头企业二十家、", "观众约八百五十万")?"""
    if value >= 10000:
        return True
    return span.endswith(_MEASURE_WORD_END) and _POSTPOSED_AFTER.match(after) is not None


_PER_CAPITA = re.compile(r"人均|每人|per\s+capita|per\s+person|per\s+head|average", re.I)


def _line_has_words(text: str, a: int, b: int) -> bool:
    """Two letters in a row (Latin or CJK) on the number's line, the number left out."""
    line_a = text.rfind("\n", 0, a) + 1
    line_b = text.find("\n", b)
    line_b = len(text) if line_b < 0 else line_b
    if _TWO_LETTERS.search(text, line_a, a) or _TWO_LETTERS.search(text, b, line_b):
        return True
    # the two sides meet once the number is cut out
    return line_a < a and b < line_b and bool(_LETTER.match(text[a - 1])) and bool(_LETTER.match(text[b]))


def _drop(text: str, q: Quantity, sent: Span) -> bool:
    a, b = q.start, q.end
    unit = q.unit
    span = q.span
    after = text[b:b + 30]
    if q.is_year and unit is None:
        return True
    if q.is_year and unit == "count":
        return True
    if q.is_ordinal and unit != "rank":
        return True
    if unit not in (None, "count", "rank"):
        # money and percentages: only discounts in adverts, idioms and file names are furniture
        return (unit == "percent" and (span.endswith(("折", "扣")) or _IDIOM_AFTER.match(after) is not None)) \
            or (after[:1] == "." and _FILE_EXT.match(after) is not None)
    before = text[max(0, a - 30):a]
    rev = before[::-1]
    bare = unit is None or unit == "count"
    # codes with leading zeros ("050402音乐学"), figure and page references ("图41", "见本报6版")
    stripped = span.strip()
    if (stripped[:1] == "0" and _LEAD_ZERO.fullmatch(stripped)) or _FIGURE_BEFORE_REV.match(rev):
        return True
    if (before.endswith(("(", "（")) and after.startswith((")", "）"))) and unit == "count":
        return True
    # footnote markers [1]
    if before.endswith("[") and after.startswith("]"):
        return True
    # technical labels 4K, 5G, B2B, 3A; codes
    glued = bool(after[:1] and C.LATIN_ADJ.match(after[:1])) or bool(before[-1:] and C.LATIN_ADJ.match(before[-1:]))
    if glued and (unit != "rank" or not after.startswith(("st", "nd", "rd", "th"))
                  or not re.match(r"^(?:st|nd|rd|th)\b", after)):
        return True
    # digits glued to other digits with hyphens/slashes: phone, licence, dates
    if bare and ((before[-1:] in ("-", "/", "–") and before[-2:-1].isdecimal())
                 or (after[:1] in ("-", "/", "–") and after[1:2].isdecimal())):
        return True
    if C.PHONE_CTX_REV.match(rev) or (bare and (_PHONE_AFTER.match(after) or _DIAL_REV.match(rev))):
        return True
    if bare and ((before[-1:] in (",", "，", ".", "．") and before[-2:-1].isdecimal())
                 or (after[:1] in (",", "，", ".", "．") and after[1:2].isdecimal())):
        return True  # "1,2,3", "5..2": malformed lists
    # slogans "8万+", "Design 100+", "2+3+2"
    if after.lstrip().startswith("+") or span.rstrip().endswith("+"):
        return True
    tail_b = before.rstrip()
    if tail_b.endswith("+") and tail_b[:-1].rstrip()[-1:].isdecimal():
        return True
    if bare and C.DATE_AFTER.match(after):
        return True
    if bare and C.MONTH_BEFORE_REV.match(rev):
        return True
    if bare and C.VIEW_BEFORE_REV.match(rev):
        return True
    if bare and (_FURNITURE_AFTER.match(_SPAN_HEAD.sub("", span) + after)
                 or before.endswith(("#", "第", "No.", "no."))):
        return True
    if unit == "count" and _BARE_DIGITS.fullmatch(span) and not _CJK_CHAR.search(after[:1] + before[-1:]) \
            and (not C.EN_COUNT_NOUN.match(after) or re.match(r"\s*of\s+\d", after) or C.EN_COUNT_STOP.match(after)) \
            and not _PCT_WORD_AFTER.match(after) \
            and not _count_from_bare(text, q, sent):
        return True  # "Page 335", "(12)", "1 2 3 4 5": an English count needs its noun
    if after[:1] == "." and _FILE_EXT_MORE.match(after):
        return True
    if unit == "count" and abs(q.value - round(q.value)) > 1e-6 and not _PER_CAPITA.search(text, max(0, a - 24), a):
        return True  # fractions and other non-whole "counts" (but "人均藏书量0.8册")
    if bare and (q.value == 0 or before.endswith(("+", "UTC", "GMT"))):
        return True
    if bare:
        if not _line_has_words(text, a, b):
            return True  # a number alone on its line: counters, furniture
        # durations (连续18年, "the first 11 months") and anniversaries, "30强", "五大新城"
        if C.DURATION_AFTER.match(after) and (not span.endswith(_MEASURE_WORD_END) or after[:1] in ("钟", "鐘")):
            return True  # (3個鐘: three hours)
        # counts written as words ("三个行业", "一批项目", "两项指数") describe, unless bounded ("at least
        # one"), written after their noun as in a list of goals ("园区两个、企业二十家以上") or large
        if unit == "count" and C.CHINESE_NUM_ONLY.match(span) and not _word_count_ok(span, q.value, after) and (
                not _AT_LEAST_REV.match(rev) or _YMD_AFTER.match(after)):
            return True
    return _quoted_short(text, a, b, sent)


# ------------------------------------------------------------------ helpers


def _last_match(pat: re.Pattern[str] | C.Fold, s: str) -> re.Match[str] | None:
    last = None
    for m in pat.finditer(s):
        last = m
    return last


def _last_change(s: str) -> re.Match[str] | None:
    last = None
    for m in C.CHANGE_RE.finditer(s):
        if C.TO_AFTER.match(s, m.end()):
            continue
        last = m
    return last


def _nearest_before(terms: list[Term], lo: int, hi: int) -> Term | None:
    best = None
    for t in terms:
        if t.start >= lo and t.end <= hi:
            best = t
        elif t.start >= hi:
            break
    return best


def _first_after(terms: list[Term], lo: int, hi: int) -> Term | None:
    for t in terms:
        if t.start >= lo and t.end <= hi:
            return t
        if t.start >= hi:
            break
    return None


def _in_range(terms: list[Term], lo: int, hi: int) -> list[Term]:
    return [t for t in terms if t.start >= lo and t.end <= hi]


def _clause_of(cls: list[Span], pos: int) -> Span:
    for c in cls:
        if c.start <= pos < c.end:
            return c
    return cls[-1] if cls else Span(pos, pos)


# ------------------------------------------------------------------ attributes


_OR_MORE = re.compile(r"\s*(?:[A-Za-z'-]+\s+){1,4}(or\s+more|or\s+above|and\s+above|or\s+higher|or\s+less|or\s+fewer)\b",
                      re.I)
_APPROX_EQ = re.compile(r"(?:约|約|大约|大約|近)(?:占|佔|为|為|合|相当于)|(?:about|roughly|nearly|around)\s+(?:equal|equivalent)", re.I)
_APPROX_EQ_PRE = C.Fold(r"[约約近]|about|roughly|nearly|around")
# a currency word between a bound cue and the number ("超过人民币5亿元"), reversed
_CUR_TAIL_REV = re.compile(r"\s*(?:" + C.rev_alt(["新臺幣", "新台幣", "新台币", "人民币", "人民幣", "港币", "港幣", "美元", "RMB", "NT"])
                           + ")")


def _bound(text: str, q: Quantity, seg_before: str) -> str:
    after = text[q.end:q.end + 12]
    if C.BOUND_AFTER_ANY.match(after):
        for pat, b in C.BOUND_AFTER:
            if pat.match(after):
                return b
    if C.SPAN_GT.search(q.span):
        return "gt"
    ahead = text[q.end:q.end + 60]
    low = ahead.lower()
    if "or" in low or "and" in low:  # every match of _OR_MORE holds one of them
        m = _OR_MORE.match(ahead)
        if m:
            return "le" if m.group(1).lower().endswith(("less", "fewer")) else "ge"
    cut = max(seg_before.rfind("，"), seg_before.rfind(","), seg_before.rfind("；"), seg_before.rfind(";"),
              seg_before.rfind("。"))
    local = seg_before[cut + 1:][-30:]
    if _APPROX_EQ_PRE.search(local) and _APPROX_EQ.search(local):
        return "approx"
    rev = seg_before[-30:][::-1]
    m = _CUR_TAIL_REV.match(rev)
    if m:
        rev = rev[m.end():]
    return C.bound_before(rev) or "eq"


def _measure(text: str, c: _Cand, seg: str, sent_before: str, prev: _Cand | None) -> tuple[str, bool]:
    """(measure, negative) for a candidate; seg is the text since the previous number."""
    q = c.q
    if c.unit == "rank":
        return "rank", False
    after = text[q.end:q.end + 60]
    if c.unit == "pp":
        if prev is not None and prev.unit == "pp" and C.CONNECTOR.match(seg):
            return "change", prev.value < 0
        neg = bool(_last_match(C.FALL_RE, seg[-16:])) or bool(C.FALL_AFTER.match(after))
        return "change", neg
    if c.unit == "percent":
        if C.CONTRIB_RE.search(seg[-20:]):
            return "share", False
        if "成" in q.span and "%" not in q.span:
            # 三成 is a share unless a change word comes right before it ("成长近四成", "高出一成")
            m = _CHANGE_RIGHT_BEFORE_REV.match(seg.rstrip()[::-1])
            if m is None:
                return "share", False
            return "change", _FALL_WORD.search(m.group(0)[::-1]) is not None
        if prev is not None and prev.unit in ("percent", "pp") and C.CONNECTOR.match(seg):
            return prev.measure, prev.value < 0 and prev.measure == "change"
        if C.OF_GDP_AFTER.match(after) or C.SHARE_AFTER.match(after):
            return "share", False
        if _OF_NOUN_AFTER.match(after) and _last_change(seg) is None:
            return "share", False  # "Some 19.4 percent of cultural consumption takes place online"
        if prev is not None and prev.unit == "pp" and re.fullmatch(r"\s*(?:to|至|到|为|為)\s*", seg):
            return "share", False
        ctx = seg
        mc = _last_change(ctx)
        ms = _last_match(C.SHARE_RE, ctx)
        if mc is None and ms is None and C.TO_CUE_REV.match(seg.rstrip()[::-1]) and prev is not None \
                and prev.unit == "percent" and not C.CONNECTOR.match(seg):
            return "share", False  # "…, up 11.2 percent, and the profit margin stood at 7.18 percent"
        if mc is None and ms is None and prev is not None and prev.unit == "percent" and prev.q.start >= 0 \
                and not re.search(r"[；;]", seg):
            return prev.measure, False
        if mc is None and ms is None:
            ctx = sent_before
            mc = _last_change(ctx)
            ms = _last_match(C.SHARE_RE, ctx)
        if ms is not None and (mc is None or ms.end() > mc.end()):
            return "share", False
        if mc is not None:
            neg = bool(_last_match(C.FALL_RE, ctx[mc.start():])) or bool(C.FALL_AFTER.match(after))
            return "change", neg
        return "change", False
    # money and counts: a change only right after an increase word and a comparison
    m2 = _MORE_THAN_BEFORE_AFTER.match(after)
    if m2:  # "126 more than a year earlier", "5 fewer than in 2022"
        return "change", m2.group(1).lower() in ("fewer", "less")
    rev = seg.rstrip()[::-1]
    if C.TO_CUE_REV.match(rev):
        return "level", False
    m = _BY_CHANGE_REV.match(rev)
    # a rise needs a comparison ("比上年增加…"), except words that are a rise themselves ("人均增收")
    if m and (_COMPARED.search(seg) or _COMPARED_AFTER.match(after) or "收" in m.group(0)):
        return "change", _FALL_WORD.search(m.group(0)[::-1]) is not None
    return "level", False


# "增加了", "rose by", "up about" right before a money figure or count, reversed (see C.rev_alt)
_BY_CHANGE_REV = re.compile(r"\s*(?:" + C.rev_alt(["了", "约", "約", "近", "超过", "超過", "逾", "about", "nearly", "more than"])
                            + r")?\s*(?:" + C.rev_alt(["增加", "增长", "增長", "减少", "減少", "下降", "多", "少", "增收", "减收",
                                                         "減收", "up", "down", "increase of",
                                          "decrease of", "rose by", "fell by", "grew by", "increased by", "decreased by",
                                          "dropped by", "declined by"]) + ")", re.I)
# a change word right before a number ("增长近", "高出", "下降约"), reversed
_CHANGE_RIGHT_BEFORE_REV = re.compile(r"\s*(?:" + C.rev_alt(["约", "約", "近", "超过", "超過", "逾", "了", "达", "達"]) + r")?\s*(?:"
                                      + C.rev_alt(["增长", "增長", "成长", "成長", "提高", "提升", "上升", "上涨", "上漲",
                                                    "增加", "高出", "多出", "下降", "减少", "減少", "下滑", "降低", "回落",
                                                    "下跌", "萎缩", "萎縮", "增", "降", "涨", "漲", "跌"]) + ")")
_MORE_THAN_BEFORE_AFTER = re.compile(r"\s*(?:[a-z-]+\s+){0,2}?(more|fewer|less)\s+than\s+(?:a\s+year\s+(?:earlier|ago|before)|"
                                     r"the\s+(?:previous|preceding|prior)\s+year|last\s+year|(?:in|at\s+the\s+end\s+of)\s+"
                                     r"(?:19|20)\d\d|(?:19|20)\d\d)", re.I)
_OF_NOUN_AFTER = re.compile(r"\s*(?:percent|per\s+cent|%)?\s*of\s+(?!growth|increase|rise|decline|decrease|drop|gain|"
                            r"\d)[a-z]", re.I)
_COMPARED = C.Fold(r"比|较|較|同比|同期|than|from\s+a\s+year|year[-\s]on[-\s]year|over\s+the\s+previous")
_COMPARED_AFTER = re.compile(r"^\s*(?:than|from\s+a\s+year|year[-\s]on[-\s]year|over\s+the)", re.I)
_FALL_WORD = re.compile(r"减少|減少|下降|少|down|decrease|fell|dropped|declined", re.I)


def _pick_metric(doc: _Doc, c: _Cand, sent: Span, clause: Span, prev: _Cand | None) -> str | None:
    text = doc.text
    q = c.q
    if c.unit == "rank":
        return "rank"
    allowed: set[str] | None
    if c.unit == "count":
        allowed = COUNT_METRICS
    elif c.unit not in ("percent", "pp"):
        allowed = MONEY_METRICS
    else:
        allowed = None
    terms = doc.s_metrics
    if c.unit == "count":
        return _count_metric(doc, c, sent, clause)
    if c.measure == "share":
        if C.CONTRIB_RE.search(text[max(sent.start, q.start - 20):q.start]):
            return "contribution"
        after = text[q.end:q.end + 60]
        if C.OF_GDP_AFTER.match(after):
            return "gdp"
        # the share phrase: from the share cue to the number
        seg_lo = max(clause.start, sent.start)
        seg = text[seg_lo:q.start]
        ms = _last_match(C.SHARE_RE, seg)
        if ms is not None:
            inner = [t for t in terms if seg_lo + ms.start() <= t.start and t.end <= q.start]
            if inner:
                return inner[-1].code
        m_after = re.match(r"^\s*(?:share\s+)?of\s+(?:the\s+)?(?:[\w']+\s+){0,3}?", after, re.I)
        if m_after:
            t = _first_after(terms, q.end, q.end + m_after.end() + 25)
            if t is not None and t.code not in COUNT_METRICS:
                return t.code
        if prev is not None and C.CONNECTOR.match(text[prev.q.end:q.start]) and prev.metric:
            return prev.metric
    if c.unit == "pp" and prev is not None and prev.unit == "percent" and prev.q.start >= sent.start:
        return prev.metric
    if prev is not None and prev.unit == c.unit and C.CONNECTOR.match(text[prev.q.end:q.start]):
        return prev.metric
    cand = [t for t in terms if t.end <= q.start and (allowed is None or t.code in allowed)
            and t.code not in ("rank", "count") and (c.measure != "change" or t.code != "gdp" or c.unit == "pp")]
    in_clause = [t for t in cand if t.start >= clause.start]
    if any(t.code not in COUNT_METRICS for t in in_clause):
        in_clause = [t for t in in_clause if t.code not in COUNT_METRICS
                     or re.search(r"number\s+of\s+(?:\S+\s+){0,3}$|数量|數量|人数|人數", text[max(0, t.start - 30):t.end + 2])]
    after_terms = [t for t in terms if t.start >= q.end and t.start <= min(clause.end, q.end + 40)
                   and (allowed is None or t.code in allowed) and t.code not in ("rank", "gdp", "count")]
    if in_clause:
        best = in_clause[-1]
        if after_terms and re.match(r"^\s*(?:\)|）)?\s*(?:of|in|worth\s+of)\b", text[q.end:after_terms[0].start], re.I) \
                and (after_terms[0].start - q.end) < (q.start - best.end):
            return after_terms[0].code
        return best.code
    if after_terms and re.match(r"^[^,，;；。]*$", text[q.end:after_terms[0].start]):
        return after_terms[0].code
    if cand:
        return cand[-1].code
    return None


def _count_metric(doc: _Doc, c: _Cand, sent: Span, clause: Span) -> str:
    text = doc.text
    q = c.q
    near_before = text[max(clause.start, q.start - 90):q.start]
    near_after = text[q.end:min(clause.end, q.end + 40)]
    en = bool(EN_FIRST.search(near_after[:12])) or bool(EN_FIRST.search(near_before[-8:]))
    if en:
        # the counted noun phrase: up to the first verb-like break ("15 parks host ...")
        m = re.match(r"\s*(?:[A-Za-z'-]+\s+){0,5}?(?:enterprises|enterprise|firms|firm|companies|company|businesses|"
                     r"entities|startups|institutes|organizations|players|people|persons|employees|workers|staff|"
                     r"jobs|practitioners|[A-Za-z'-]+s)\b", near_after)
        if m:
            near_after = m.group(0)
    first, second = (near_after, near_before) if en else (near_before, near_after)
    for s in (first, second):
        mw = C.ENTERPRISE_WORDS.search(s)
        me = C.EMPLOYEE_WORDS.search(s)
        if mw and not me:
            return "enterprises"
        if me and not mw:
            return "employees"
        if mw and me:
            return "enterprises" if mw.start() > me.start() else "employees"
    counted = [t for t in doc.s_metrics if clause.start <= t.start and t.end <= q.start and t.code == "count"]
    if q.span.endswith(("家", "户", "戶")) and not counted and C.ENTERPRISE_WORDS.search(text[sent.start:q.start]):
        return "enterprises"
    return "count"


def _subject(doc: _Doc, c: _Cand, clause: Span) -> str | None:
    if c.metric != "count" and c.unit != "rank":
        return None
    text = doc.text
    q = c.q
    after = text[q.end:min(clause.end, q.end + 80)]
    if EN_FIRST.search(after[:3]) or (after[:1] == " " and EN_FIRST.search(after[:3])):
        m = SUBJ_STOP_EN.search(after)
        s = after[: m.start()] if m else after
        s = _WS.sub(" ", s).strip()
        if s:
            return s
    before = text[clause.start:q.start]
    m2 = NOUNISH_ZH.search(re.sub(r"[有共计達达为為到超过近约約逾]+$", "", before))
    if m2:
        return m2.group(0)
    return None


def _region(doc: _Doc, c: _Cand, sent: Span, clause: Span, carried: str | None) -> str | None:
    text = doc.text
    q = c.q
    strong: list[Term] = []
    weak: list[Term] = []
    for t in doc.s_regions:
        if t.code == "Belt and Road":
            continue  # an initiative's partner countries: exports *to* them are still the exporter's
        if _NATIONAL_BODY.match(t.text):
            continue  # "文化部並規劃…": who speaks is not where the figure is
        if WEAK_CHINA.match(t.text):
            if WEAK_CHINA_BEFORE.search(text[max(sent.start, t.start - 6):t.start]) or \
                    WEAK_CHINA_AFTER.match(text[t.end:t.end + 4]):
                continue
            weak.append(t)
        else:
            strong.append(t)
    if q.start in doc.resp_regions:
        return doc.resp_regions[q.start]
    regs = regions()
    if c.unit == "rank":
        # the scope of a ranking ("全国第三", "中部省份第一", "nationwide") is not the region
        strong = [t for t in strong if regs[t.code].level not in ("country", "macro_region", "group")]
        weak = []
    before = [t for t in strong if t.end <= q.start]
    if before:
        return before[-1].code
    if c.unit != "rank":
        aft = [t for t in strong if t.start >= q.end and t.start < clause.end]
        if aft and not re.search(r"[,，;；]", text[q.end:aft[0].start]):
            return aft[0].code
    wb = [t for t in weak if t.end <= q.start]
    if wb and doc.topic_region == "Taiwan":
        return "Taiwan"  # "全國電影票房" in a Taiwan text
    if wb and not _LOCAL_SCOPE.search(text, sent.start, q.start):
        return "China"  # (but "全省接待国内游客…": the province's figure)
    if carried:
        return carried
    return doc.topic_region


def _sector(doc: _Doc, c: _Cand, sent: Span, clause: Span, resp: dict[int, str | None]) -> str | None:
    q = c.q
    if q.start in resp:
        return resp[q.start]
    terms = doc.s_sectors
    if c.measure == "share":
        # the whole a share is of ("占规上文化企业营收的", "of the industry's") is not its sector
        ms = _last_match(_DENOM_CUE, doc.text[clause.start:q.start])
        if ms is not None:
            cut = clause.start + ms.start()
            terms = [t for t in terms if not (cut <= t.start and t.end <= q.start)]
    before_clause = [t for t in terms if t.start >= clause.start and t.end <= q.start]
    if before_clause:
        return before_clause[-1].code
    after = [t for t in terms if t.start >= q.end and t.end <= clause.end]
    if after and not re.search(r"[，,；;]", doc.text[q.end:after[0].start]):
        return after[0].code
    before = [t for t in terms if t.end <= q.start]
    if before:
        return before[-1].code
    return None


_DENOM_CUE = C.Fold(r"占|佔|accounted\s+for|accounting\s+for|accounts?\s+for|making\s+up|makes?\s+up|"
                        r"equal\s+to|equivalent\s+to|of\s+the\s+total")


_ENUM_GAP = re.compile(r"^[\s,，、]*(?:(?:和|与|與|及|以及|、|and|or|as\s+well\s+as)\s*)?(?:the\s+)?"
                       r"(?:(?:manufacture|production|making|sale|sales)\s+of\s+)?[\s,，、]*$", re.I)


def _enum_runs(text: str, items: list[_T], merge_repeats: bool = False) -> list[list[_T]]:
    """Runs of mentions (sorted by start) joined only by list connectors ("A、B和C", "A, B and C")."""
    runs: list[list[_T]] = []
    for t in items:
        if runs and _ENUM_GAP.match(text[runs[-1][-1].end:t.start]):
            last = runs[-1][-1]
            if merge_repeats and isinstance(t, Term) and isinstance(last, Term) and last.end == t.start \
                    and last.code == t.code:
                continue
            runs[-1].append(t)
        else:
            runs.append([t])
    return runs


def _respectively(doc: _Doc, cands: list[_Cand], sent: Span) -> dict[int, str | None]:
    """Map list members to sectors for "A、B和C分别增长x%、y%和z%"."""
    text = doc.text
    out: dict[int, str | None] = {}
    stext = text[sent.start:sent.end]
    if "分" not in stext and "each" not in stext.lower() and "respectively" not in stext.lower():
        return out  # every match of RESPECTIVELY holds one of these
    if not C.RESPECTIVELY.search(stext):
        return out
    i = 0
    while i < len(cands):
        j = i
        while j + 1 < len(cands) and cands[j + 1].unit == cands[i].unit and \
                C.CONNECTOR.match(text[cands[j].q.end:cands[j + 1].q.start]):
            j += 1
        if j > i:
            k = j - i + 1
            first = cands[i].q.start
            # runs of mentions joined only by list connectors: sectors take the last run of length >= k
            # (a repeated term glued to itself counts once), regions and periods one of exactly k
            runs = _enum_runs(text, [t for t in doc.s_sectors if t.end <= first], merge_repeats=True)
            good = [r for r in runs if len(r) >= k]
            if good:
                run = good[-1][:k] if len(good[-1]) == k else good[-1][-k:]
                for n, t in enumerate(run):
                    out[cands[i + n].q.start] = t.code
            rgood = [r for r in _enum_runs(text, [t for t in doc.s_regions if t.end <= first
                                                  and not WEAK_CHINA.match(t.text)]) if len(r) == k]
            if rgood:
                for n, t in enumerate(rgood[-1]):
                    doc.resp_regions[cands[i + n].q.start] = t.code
            # "一季度、二季度、三季度营业收入分别增长7.1%、7.2%和4.0%"
            pgood = [r for r in _enum_runs(text, [p for p in doc.s_periods if p.end <= first and p.role == "point"
                                                  and p.value]) if len(r) == k]
            if pgood:
                for n, pm in enumerate(pgood[-1]):
                    doc.resp_periods[cands[i + n].q.start] = pm.value or ""
            i = j + 1
        else:
            i += 1
    return out


def _period(doc: _Doc, c: _Cand, sent: Span, clause: Span, prev_q_end: int, next_q_start: int,
            carried: str | None) -> tuple[str | None, str]:
    q = c.q
    text = doc.text
    pms = [p for p in doc.s_periods if not _in_masked(doc, p.start, p.end)] if doc.masked else doc.s_periods
    points: list[PeriodMention] = []
    before_clause: list[PeriodMention] = []
    before_sent: list[PeriodMention] = []
    after_clause: list[PeriodMention] = []
    after_sent: list[PeriodMention] = []
    same: list[PeriodMention] = []
    for p in pms:  # one pass: the mentions before and after the number, in its clause and its sentence
        if p.role in ("point", "span", "now") and p.value:
            points.append(p)
            if p.end <= q.start:
                before_sent.append(p)
                if p.start >= clause.start:
                    before_clause.append(p)
            if p.start >= q.end:
                if _COMPARED_WITH.search(text, q.end, p.start):
                    continue  # "35 per cent, compared with about 27 per cent in 2019": the other figure's year
                if p.start > next_q_start and any(q.end <= a and b <= p.start and p.start - b <= 12
                                                  and not _CLAUSE_DELIM.search(text, b, p.start)
                                                  and not _TO_GAP.match(text, q.end, a)
                                                  for a, b in doc.s_cand_spans):
                    continue  # "…, after a drop of 5.65 percent in 2023": the year of the figure it follows
                after_sent.append(p)
                if p.start < clause.end and p.start < next_q_start:
                    after_clause.append(p)
        elif p.role == "same" and p.start >= clause.start and p.end <= q.start:
            same.append(p)
    chosen: PeriodMention | None = None
    src = ""
    semi = max(text.rfind("；", sent.start, q.start), text.rfind(";", sent.start, q.start))
    if c.unit == "rank" and not before_clause and not after_clause and \
            not any(p.start > semi for p in before_sent) and \
            re.search(r"稳居|穩居|保持|已成为|已成為|成为|成為|是|连续|連續|has\s+become|remains|is|are|is\s+now|"
                      r"currently|目前",
                      text[clause.start:q.start], re.I) and doc.pub is not None:
        return str(doc.pub.year), "now"
    if before_clause:
        chosen, src = before_clause[-1], "clause"
    elif same and carried:
        return carried, "same"
    elif after_clause:
        chosen, src = after_clause[0], "clause"
    elif before_sent:
        # a year inside an earlier comparison ("up from 651 at the end of 2020") is that clause's base
        own = [p for p in before_sent if not _in_base_clause(text, sent, p.start)]
        chosen, src = (own or before_sent)[-1], "sent"
    elif after_sent:
        chosen, src = after_sent[0], "sent"
    if doc.during_plan and (chosen is None or src == "sent") and _DURING_PLAN.search(text, sent.start, sent.end):
        # "… to be built during the plan period": the plan's span (the latest span named before)
        spans = [p for p in doc.periods if p.role == "span" and p.start < q.start and p.value]
        if spans:
            return spans[-1].value, "plan"
        if doc.plan_span:
            return doc.plan_span, "plan"
    value = chosen.value if chosen else None
    if c.measure == "change":
        # a named base year: "比2011年提高", "compared with 2019", "more than in 2004"
        bases = [p for p in pms if p.role == "base" and p.last_year
                 and ((prev_q_end <= p.start and p.end <= q.start)
                      or (q.end <= p.start and p.start - q.end <= 60
                          and not re.search(r"[，,；;。]", text[q.end:p.start]))
                      or (p.end <= q.start and not any(o.end <= p.start for o in points if o.role != "now")
                          and p.start < (prev_q_end if prev_q_end > sent.start else q.start)))]
        if bases:
            b = bases[-1]
            end_year = _year_of(value) or _year_of(carried) or (doc.pub.year if doc.pub else None)
            if end_year and b.last_year and b.last_year < end_year - 1:
                return f"{b.last_year}..{end_year}", "base"
            # (against the year before, "up 186.9 percent from 2022", it is the year's own change)
        avg = AVG_RE.search(text[max(clause.start, q.start - 40):q.start]) or \
            re.match(r"\s*(?:a\s+year|annually|per\s+year|on\s+average|each\s+year)", text[q.end:q.end + 20], re.I)
        if avg and (chosen is None or chosen.role != "span"):
            spans = [p for p in points if p.role == "span" and p.end <= q.start]
            if spans:
                return spans[-1].value, "span"
            if doc.plan_span and value is not None and _year_of(value) == _year_of(doc.plan_span):
                return doc.plan_span, "plan"
            years = sorted({p.last_year for p in before_sent if p.last_year and p.role == "point"})
            if len(years) >= 2:
                return f"{years[0]}..{years[-1]}", "span"
            if TWO_YEAR_AVG.search(text[sent.start:sent.end]):
                y = _year_of(value) or _year_of(carried) or (doc.pub.year if doc.pub else None)
                if y:
                    return f"{y - 2}..{y}", "span"
    if value is not None:
        return value, src
    return None, ""


_SEMI = re.compile(r"[；;。]")
_TO_GAP = re.compile(r"\s*(?:to|至|到|达到|達到)\s*(?:about|around|nearly)?\s*(?:HK\$|US\$|\$|RMB|NT\$)?\s*$", re.I)
_FROM_GAP = re.compile(r"[\s,]*(?:(?:up|down|rising|falling|increasing|decreasing|compared|against)\s+)?from\s+"
                       r"(?:about|around|nearly|some|roughly)?\s*$", re.I)
_TO_BEFORE = re.compile(r"(?<![A-Za-z])to\s+(?:about|around|nearly|some|roughly)?\s*$", re.I)
_YEAR_EARLIER_AFTER = re.compile(r"\s*(?:[a-z]+\s+){0,2}?(?:a\s+year\s+(?:earlier|ago|before)|the\s+(?:previous|prior|preceding)"
                                 r"\s+year|in\s+the\s+same\s+period\s+(?:of\s+)?last\s+year|last\s+year)", re.I)
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")


def _year_before(period: str) -> str:
    """The same period a year earlier: "2023" -> "2022", "2023-H1" -> "2022-H1"."""
    return _ANY_YEAR.sub(lambda m: str(int(m.group(0)) - 1), period)
_COMPARED_WITH = re.compile(r"compared\s+(?:with|to)|(?<![A-Za-z])(?:versus|vs\.?|against)(?![A-Za-z])|相比|相較|相较", re.I)
_DURING_PLAN = re.compile(r"(?:during|within|over|in)\s+the\s+(?:plan(?:ning)?\s+)?period|规划期内|規劃期內|计划期内|計劃期內|"
                          r"规划期间|規劃期間", re.I)
# a count of what happened so far: "今年以来，全市新增…", "so far this year"
_SO_FAR = C.Fold(r"以来|以來|截至|截止|至今|(?<![a-z])(?:so\s+far|to\s+date|since)(?![a-z])")
_CLAUSE_DELIM = re.compile(r"[，,；;：:]")
_BASE_CLAUSE = re.compile(r"\s*(?:(?:up|down|rising|falling|rose|fell|increased|decreased|grew)\s+from|compared\s+(?:with|to)|"
                          r"比|较|較|相比|同比)", re.I)


def _in_base_clause(text: str, sent: Span, pos: int) -> bool:
    """Does the clause holding pos open with a comparison ("up from…", "compared with…", "比…")?"""
    lo = sent.start
    for m in _CLAUSE_DELIM.finditer(text, max(sent.start, pos - 80), pos):
        lo = m.end()
    return _BASE_CLAUSE.match(text, lo) is not None


def _year_of(period: str | None) -> int | None:
    """The last year a period names: "2023", "2023-H1" -> 2023; "2021..2025" -> 2025."""
    if not period:
        return None
    last = period.rpartition("..")[2]
    if last[:4].isdigit() and len(last) >= 4 and (len(last) == 4 or not last[4].isdigit()):
        return int(last[:4])
    m = _LAST_YEAR.search(period)
    return int(m.group(1)) if m else None


_LAST_YEAR = re.compile(r"(\d{4})(?!.*\d{4})")


def _cue_starts(doc: _Doc, both: re.Pattern[str], zh: re.Pattern[str], en: re.Pattern[str],
                en_low: re.Pattern[str], sent: Span) -> list[int]:
    """Starts of the matches of `both` in the sentence, outside book titles.

    `both` is zh|en; a sentence without Latin letters can only match zh, one
    without CJK only en (run as en_low on the lowercased text), and either part
    alone scans much faster."""
    text = doc.text
    if not C.HAS_LATIN.search(text, sent.start, sent.end):
        pat = zh
    elif not C.HAS_CJK.search(text, sent.start, sent.end):
        pat = en
        if doc.low is not None:
            pat, text = en_low, doc.low
    else:
        pat = both
    return [m.start() for m in pat.finditer(text, sent.start, sent.end)
            if not (doc.masked and _in_masked(doc, m.start(), m.end())) and not (doc.s_ads and _in_spans(doc.s_ads, m.start()))]


_FORECAST_HINTS = ("预", "預", "有望", "估", "expect", "forecast", "project", "likely", "set", "estimated", "predict",
                   "anticipat", "track", "poised")


def _kind_cues(doc: _Doc, sent: Span) -> tuple[list[int], list[int]]:
    """Start offsets of forecast and target cues in the sentence (outside book titles), cached."""
    key = (sent.start, sent.end)
    if doc.kind_cache_key != key:
        low = doc.low[sent.start:sent.end] if doc.low is not None else doc.text[sent.start:sent.end].lower()
        # most sentences hold no forecast word: each match of FORECAST_RE contains one of these
        fc = _cue_starts(doc, C.FORECAST_RE, C.FORECAST_ZH_RE, C.FORECAST_EN_RE, C.FORECAST_EN_LOW, sent) \
            if any(h in low for h in _FORECAST_HINTS) else []
        tc = _cue_starts(doc, C.TARGET_RE, C.TARGET_ZH_RE, C.TARGET_EN_RE, C.TARGET_EN_LOW, sent)
        doc.kind_cache_key = key
        doc.kind_cache = (fc, tc)
    return doc.kind_cache


def _kind(doc: _Doc, c: _Cand, sent: Span, period: str | None, clause: Span | None = None) -> str:
    q = c.q
    fc, tc = _kind_cues(doc, sent)
    # cues before the number in the sentence, or after it within its clause ("X will be developed")
    hi = clause.end if clause is not None else q.start

    def hit(cues: list[int]) -> bool:
        return any(p < q.start or (q.end <= p < hi) for p in cues)

    kind = "actual"
    if hit(fc):
        kind = "forecast"
    elif hit(tc):
        kind = "target"
    elif doc.plan_doc and _doc_search(doc, _PLAN_VERBS, clause.start if clause else sent.start, q.start) and (
            period is None or (doc.pub is not None and (_year_of(period) or 0) >= doc.pub.year
                               and ("-" not in period or (_year_of(period) or 0) > doc.pub.year)
                               and not _doc_search(doc, _SO_FAR, sent.start, q.start))):
        kind = "target"  # goals listed in a plan: "培育…企业20家以上，新建…园区3个"
    if kind != "actual" and doc.pub is not None:
        y = _year_of(period)
        if y is not None and y < doc.pub.year:
            return "actual"
    return kind


# ---------------------------------------------------------------- counts in prose


_OF_WHICH_AFTER = re.compile(r"\s+of\s+(?:which|them|whom|these|those)\b", re.I)
_COUNT_CUE_BEFORE = C.Fold(r"(?:reached|numbered|number|numbers|totall?ed|totals|to|of|at|from|by)\s+"
                           r"(?:about|nearly|over|more\s+than|around|roughly|approximately|some)?\s*$")
_NOT_COUNT_AFTER = C.Fold(r"\s*(?:percent|per\s+cent|%|yuan|dollars?|euros?|years?|months?|days?)\b")
_NUMBER_OF = C.Fold(r"number\s+of")
_SCALE_END = C.Fold(r"(?:million|billion|thousand|mln|bn)\s*$")
_SENT_STOP = re.compile(r"[。！？!?；;]|\.\s")


def _counted_before(text: str, lo: int, q: Quantity) -> bool:
    """Firms, employees or "the number of" named in text[lo:q.start] or, after "of"/"from"/"by",
    earlier in the sentence ("2,745 establishments…, an increase of 118")."""
    wide = text[max(lo, q.start - 120):q.start]
    if C.ENTERPRISE_WORDS.search(wide) or C.EMPLOYEE_WORDS.search(wide) or _NUMBER_OF.search(wide):
        return True
    lo2 = max(0, q.start - 200)
    stops = [m.end() for m in _SENT_STOP.finditer(text, lo2, q.start)]
    wide = text[stops[-1] if stops else lo2:q.start]
    return bool(re.search(r"(?i)(?:of|from|by)\s+(?:about|nearly|over|more\s+than|around)?\s*$", wide)) and bool(
        C.ENTERPRISE_WORDS.search(wide) or C.EMPLOYEE_WORDS.search(wide) or _NUMBER_OF.search(wide))


def _count_from_bare(text: str, q: Quantity, clause: Span) -> bool:
    """Is a bare number (no unit) a count? "10 clusters", "reached 10,000", "2.06 million"."""
    if q.value != q.value or q.value <= 0 or not re.search(r"\d", q.span):
        return False
    if _OF_WHICH_AFTER.match(text, q.end):
        return True  # "4,100 enterprises, 61 of which are listed", "880 of them domestic"
    if re.search(r"[A-Za-z\u4e00-\u9fff]", re.sub(r"(?i)million|billion|thousand|trillion|mln|bn|[万萬亿億千百]", "", q.span)):
        return False  # a measured quantity with its own unit ("47 year", "13-inch")
    after = text[q.end:q.end + 40]
    before = text[max(clause.start, q.start - 40):q.start]
    cue = _COUNT_CUE_BEFORE.search(before) is not None
    if cue and not _NOT_COUNT_AFTER.match(after) and _counted_before(text, clause.start, q):
        return True  # "the number of firms grew to 12,000", "employees reached 3,000", "up from 651"
    # "2.06 million." / "to 2.06 million" are still counts when scaled
    if C.EN_COUNT_STOP.match(after) and not re.search(r"(?:million|billion|thousand|mln|bn|万|萬|亿|億)\s*$",
                                                      q.span, re.I):
        return False
    if re.match(r"^\s*[A-Za-z]", after) and C.EN_COUNT_NOUN.match(after) and not re.match(r"\s*of\s+\d", after):
        return True
    if _SCALE_END.search(q.span):
        return bool(re.search(r"(?:to|reached|of|at|had|has|with|employ\w*|total\w*|numbered)\s+(?:about|nearly|"
                              r"over|more\s+than|around)?\s*$", before, re.I))
    return cue and _counted_before(text, clause.start, q)


# ----------------------------------------------------------------------- main


# a stock stated in the present: no year of its own means the publication's
_PRESENT_STOCK = C.Fold(r"(?<![a-z])(?:is|are)\s+(?:now\s+)?home\s+to(?![a-z])|(?<![a-z])(?:has|have)\s+(?:now\s+)?(?:about|around|"
                        r"nearly|over|more\s+than|some|close\s+to)?\s*$|(?<![a-z])(?:ranks|remains|stays|there\s+are|"
                        r"there\s+is|currently|now)(?![a-z])|现有|現有|拥有|擁有|已有|已达到|已達到|已达|已達|已建成|如今|至今|"
                        r"已聚集|已集聚|已入驻|已吸引|已形成|入驻|入駐|聚集了|集聚了")


def _scope_up(text: str, low: str, region: str) -> str:
    """The region an article's scope words ("全省", "the city") point to, from a place below it."""
    regs = regions()
    r = regs.get(region)
    if r is None or r.level not in ("city", "district"):
        return region
    n_prov = text.count("全省") + text.count("本省") + low.count("the province") + low.count("province-wide") \
        + low.count("provincewide")
    n_city = text.count("全市") + text.count("本市") + low.count("the city") + low.count("citywide") + low.count("city-wide")
    if text.count("全区") + text.count("全區") >= max(n_prov, n_city):
        return region  # a district's (or an autonomous region's) own article
    want = "province" if n_prov >= 2 and n_prov > n_city else "city" if n_city >= 2 and n_city > n_prov else None
    if want is None or (want == "city" and r.level == "city"):
        return region
    code = region
    for _ in range(4):
        parent = regs[code].parent
        if not parent or parent not in regs:
            return region
        code = parent
        if regs[code].level == want:
            return code
    return region


_LOCAL_SCOPE = re.compile(r"全市|全省|全区|全區|全县|全縣|本市|本省|(?<![A-Za-z])(?:the\s+city|the\s+province|citywide|"
                          r"city-wide|province-wide|provincewide)(?![A-Za-z])", re.I)


def build_records(text: str, quantities: list[Quantity], published: dt.date | None = None,
                  lang: str | None = None, doc_name: str = "", title: str | None = None,
                  site: str | None = None) -> list[Indicator]:
    doc = _prepare(text, published, lang, title, site)
    sents = sentences(text)
    qs = sorted(list(quantities) + _word_ranks(text, quantities, doc.low), key=lambda q: (q.start, q.end))
    out: list[Indicator] = []
    qi = 0
    carried_region: str | None = None
    carried_region_para = -1
    carried_period: str | None = None
    carried_sector: str | None = None
    carried_metric: dict[str, str] = {}
    region_names = regions()
    doc_local = _local_currency(text)
    doc_ads = _has_ad_words(text, doc.low)  # most articles hold no ad word at all
    sec_starts = [t.start for t in doc.sectors]
    met_starts = [t.start for t in doc.metrics]
    reg_starts = [t.start for t in doc.regions]
    periods = doc.periods
    n_q, n_p = len(qs), len(periods)
    pi = 0
    for sent in sents:
        s_start, s_end = sent.start, sent.end
        while qi < n_q and qs[qi].start < s_start:
            qi += 1
        q0 = qi
        while qi < n_q and qs[qi].start < s_end:
            qi += 1
        # the sentence's period mentions (sorted by start): a moving window, no search
        while pi < n_p and periods[pi].start < s_start:
            pi += 1
        pj = pi
        while pj < n_p and periods[pj].start < s_end:
            pj += 1
        if pj > pi:
            doc.s_periods = [p for p in periods[pi:pj] if p.end <= s_end]
            sent_points = [p for p in doc.s_periods if p.role in ("point", "span", "now") and p.value]
        else:
            doc.s_periods = sent_points = []
        if q0 == qi:
            # a sentence without figures sets the period only when it opens with one ("In 2023, …");
            # "beat the record set in 2019" names a year in passing
            if sent_points and _sets_period(text, sent, sent_points, carried_period):
                carried_period = _carry(sent_points) or carried_period
            continue
        sq = qs[q0:qi]
        stext = text[sent.start:sent.end]
        if _LINK_LIST.match(stext) or _DATE_TAIL.search(stext):
            continue  # link lists, related headlines with dates
        ad_spans = _ad_spans(text, sent) if doc_ads and _doc_search(doc, _AD_WORDS, sent.start, sent.end) else []
        doc.s_ads = ad_spans
        doc.s_sectors = _within(doc.sectors, sec_starts, sent)
        doc.s_metrics = _within(doc.metrics, met_starts, sent)
        doc.s_regions = _within(doc.regions, reg_starts, sent)
        if ad_spans:  # words inside an injected advert say nothing of the figures around it
            doc.s_periods = [p for p in doc.s_periods if not _in_spans(ad_spans, p.start)]
            sent_points = [p for p in sent_points if not _in_spans(ad_spans, p.start)]
            doc.s_sectors = [t for t in doc.s_sectors if not _in_spans(ad_spans, t.start)]
            doc.s_metrics = [t for t in doc.s_metrics if not _in_spans(ad_spans, t.start)]
            doc.s_regions = [t for t in doc.s_regions if not _in_spans(ad_spans, t.start)]
        sent_regions = [t for t in doc.s_regions if not WEAK_CHINA.match(t.text)]
        cls = clauses(text, sent.start, sent.end)
        cands: list[_Cand] = []
        prev_end = sent.start
        money_units: list[str] = [doc_local] if doc_local else []  # currencies named so far
        for q in sq:
            if _drop(text, q, sent) or (ad_spans and _in_spans(ad_spans, q.start)):
                continue
            if doc.masked and _in_masked(doc, q.start, q.end):
                continue  # inside a title: 《2022臺灣文化創意產業發展年報》
            unit = q.unit
            if unit == "CNY" and _TWD_BEFORE.search(text, max(0, q.start - 6), q.start + 1):
                unit = "TWD"
                q = Quantity(q.start, q.end, q.span, q.value, unit)
            elif unit == "CNY" and money_units and money_units[-1] in _LOCAL_DOLLARS and _BARE_YUAN.search(q.span) \
                    and not _CNY_NAMED.search(text, max(sent.start, q.start - 6), q.end + 4):
                # "新臺幣68.7億元…其中國片票房4.2億元": a bare 元 goes on in the currency just named
                unit = money_units[-1]
                q = Quantity(q.start, q.end, q.span, q.value, unit)
            elif unit == "CNY" and q.span.endswith(("块", "塊")) and not re.search(r"[钱錢价價元]", text[max(0, q.start - 6):q.start]):
                unit = "count"  # 块 as a measure word ("86310块银幕")
                q = Quantity(q.start, q.end, q.span, q.value, unit)
            pct = _PCT_WORD_AFTER.match(text, q.end)
            if pct and unit in ("count", None):
                unit = "pp" if "point" in pct.group(0).lower() else "percent"
                q = Quantity(q.start, pct.end(), text[q.start:pct.end()], q.value, unit)
            if unit is None:
                if _count_from_bare(text, q, _clause_of(cls, q.start)):
                    unit = "count"
                else:
                    continue
            if unit == "count" and (C.PER_UNIT_AFTER.match(text[q.end:q.end + 12])):
                continue
            seg = text[prev_end:q.start]
            # a conversion in brackets after a money figure
            if cands and C.CONVERSION_BEFORE.match(seg) and unit not in ("percent", "pp", "count", "rank") \
                    and cands[-1].unit not in ("percent", "pp", "count", "rank") and cands[-1].unit != unit:
                cands[-1].alt_value = q.value
                cands[-1].alt_unit = unit
                prev_end = q.end
                continue
            if unit == "rank" and not _rank_ok(text, q, sent):
                continue
            cands.append(_Cand(q, float(q.value), unit))
            if unit not in ("percent", "pp", "count", "rank"):
                money_units.append(unit)
            prev_end = q.end
        if not cands:
            if sent_points and _sets_period(text, sent, sent_points, carried_period):
                carried_period = _carry(sent_points) or carried_period
            continue
        doc.s_cand_spans = [(c.q.start, c.q.end) for c in cands]
        resp = _respectively(doc, cands, sent)
        prev: _Cand | None = None
        sent_before_start = sent.start
        for idx, c in enumerate(cands):
            q = c.q
            clause = _clause_of(cls, q.start)
            prev_end = prev.q.end if prev else sent.start
            next_start = cands[idx + 1].q.start if idx + 1 < len(cands) else sent.end
            seg = text[prev_end:q.start]
            c.measure, neg = _measure(text, c, seg, text[sent_before_start:q.start], prev)
            if neg and c.value > 0:
                c.value = -c.value
            c.bound = _bound(text, q, seg)
            c.metric = _pick_metric(doc, c, sent, clause, prev)
            mkey = _metric_key(c)
            if c.metric is None and c.unit in ("percent", "pp") and c.measure == "change" and prev is not None \
                    and prev.unit == "count" and prev.metric and not re.search(r"[。；;]", text[prev.q.end:q.start]):
                c.metric = prev.metric  # "reached 668 million, an increase of 0.61 percent"
            if c.metric is None and c.unit not in ("count", "rank"):
                c.metric = carried_metric.get(mkey) or (
                    carried_metric.get("money") if c.measure in ("change", "share") else None)
            c.subject = _subject(doc, c, clause)
            if c.metric == "count" and c.subject is None and prev is not None and prev.unit == "count" \
                    and prev.metric in ("enterprises", "employees"):
                c.metric = prev.metric  # "2,745 establishments…, an increase of 118": the same things counted
            if c.unit == "pp" and prev is not None and prev.unit == "percent" and prev.sector and \
                    not [t for t in doc.s_sectors if prev.q.end <= t.start and t.end <= q.start]:
                c.sector = prev.sector
            else:
                c.sector = _sector(doc, c, sent, clause, resp) or (
                    carried_sector if _doc_search(doc, _ANAPHOR, sent.start, q.start) else None) or doc.topic_sector
            c.region = _region(doc, c, sent, clause, carried_region if carried_region_para == sent.para else None)
            if c.region is not None and c.region not in region_names:
                c.region = None
            period, src = _period(doc, c, sent, clause, prev_end, next_start, carried_period)
            if q.start in doc.resp_periods:
                period, src = doc.resp_periods[q.start], "clause"
            kind = _kind(doc, c, sent, period, clause)
            if period is None:
                cy = _year_of(carried_period)
                if kind == "target" and cy is not None and doc.pub is not None and cy > doc.pub.year:
                    period = carried_period
                elif kind == "target" and doc.plan_span:
                    period = doc.plan_span
                elif prev is not None and prev.period is not None and not _in_base_clause(text, sent, prev.q.start):
                    period = prev.period  # the sentence's own context: "has 213 members, about 40 percent of which…"
                elif doc.pub is not None and carried_period is not None and kind == "actual" \
                        and _doc_search(doc, _PRESENT_STOCK, sent.start, q.start):
                    period = str(doc.pub.year)  # "The city is home to 4,100 firms", "甘肃现有…": now, not last sentence's year
                elif carried_period is not None:
                    period = carried_period
                elif doc.title_year is not None:
                    period = str(doc.title_year)
                elif doc.pub is not None:
                    period = str(doc.pub.year)
                kind = _kind(doc, c, sent, period, clause)
            if doc.pub is not None and src in ("clause", "sent", "") and (
                    (_year_of(period) or 0) <= doc.pub.year or (period is not None and ".." in period)):
                # "A plan released in August aims to build 100 … by 2025", "a plan released last year aims to
                # raise revenue to 1.5 trillion yuan and … by 2025": the goal's year in its clause, not the plan's date
                ahead = [p for p in sent_points if q.end <= p.start < clause.end and p.role == "point"
                         and p.last_year is not None and p.last_year > doc.pub.year]
                if ahead and _kind(doc, c, sent, None, clause) == "target":
                    period, kind = ahead[0].value, "target"
            if kind == "actual" and prev is not None and prev.kind != "actual" and src != "clause" \
                    and not any(clause.start <= p.start < clause.end for p in sent_points) \
                    and (doc.pub is None or (_year_of(period) or 0) >= doc.pub.year):
                kind = prev.kind  # "培育企业二十家…，规模以上文化企业数量突破一千二百家": the goal list goes on
            c.period, c.kind = period, kind
            if c.metric and mkey not in ("count", "rank"):
                carried_metric[mkey] = c.metric
            prev = c
        # "比重由4.01%提高到4.84%", "from 27% rising to 36.7%": the first value is the earlier
        # period's, the latest point of the sentence before it that precedes the second's year
        # (a bare "从A至B" / "from A to B" is a range, below)
        for a, b in zip(cands, cands[1:], strict=False):
            by = _year_of(b.period)
            if by is None or a.unit != b.unit or a.period != b.period \
                    or not _FROM_BEFORE.search(text, max(sent.start, a.q.start - 8), a.q.start) \
                    or not _FROM_TO_GAP.match(text, a.q.end, b.q.start):
                continue
            earlier = [p for p in sent_points if p.role == "point" and p.end <= a.q.start and p.last_year
                       and p.last_year < by]
            if earlier:
                a.period = earlier[-1].value
        # "fell to 15.8 million from 18.9 million", "9.6 billion yuan in 2023, up from 7.3 billion yuan a year
        # earlier": the figure after "from" is the year before's
        for a, b in zip(cands, cands[1:], strict=False):
            if a.unit == b.unit and a.period and b.period == a.period and _FROM_GAP.match(text, a.q.end, b.q.start) \
                    and (_TO_BEFORE.search(text, max(sent.start, a.q.start - 12), a.q.start)
                         or _YEAR_EARLIER_AFTER.match(text, b.q.end)):
                b.period = _year_before(a.period)
        # ranges: "3100亿元至3400亿元" -> ge / le
        for a, b in zip(cands, cands[1:], strict=False):
            gap = text[a.q.end:b.q.start]
            if a.unit == b.unit and abs(b.value) >= abs(a.value) and (
                    re.match(r"^\s*(?:至|到|-|–|—|~|～|to)\s*(?:约|about)?\s*$", gap)
                    or (re.fullmatch(r"\s*and\s*", gap) and re.search(r"between\s*$", text[max(0, a.q.start - 12):a.q.start],
                                                                        re.I))):
                a.bound, b.bound = "ge", "le"
                b.measure, b.metric, b.period, b.kind = a.measure, a.metric, a.period, a.kind
        for c in cands:
            out.append(Indicator(
                doc=doc_name, value=c.value, unit=c.unit, measure=c.measure,  # type: ignore[arg-type]
                metric=c.metric, subject=c.subject, sector=c.sector, region=c.region, period=c.period,
                kind=c.kind, bound=c.bound, quote=text[sent.start:sent.end],  # type: ignore[arg-type]
                start=c.q.start, end=c.q.end, alt_value=c.alt_value, alt_unit=c.alt_unit,
            ))
        specific = [t for t in sent_regions if regions()[t.code].level not in ("country", "macro_region")]
        if specific and not _SCOPE_START.match(text, sent.start):
            # (a breakdown, "分区域看，合肥市…", speaks of its part only)
            carried_region = specific[-1].code
            carried_region_para = sent.para
        if sent_points and not _SCOPE_START.match(text, sent.start):
            # (a breakdown, "分季度看，一季度…", speaks of its parts only)
            carried_period = _carry(sent_points) or carried_period
        if cands and not _SCOPE_START.match(text, sent.start) and not resp:
            carried_sector = cands[0].sector
    return _drop_heading_repeats(out)


_SENT_END = re.compile(r"[。！？!?.;；]\s*[”\"’']?$")


def _is_heading(quote: str) -> bool:
    q = quote.strip()
    return len(q) < 50 and not _SENT_END.search(q)


def _drop_heading_repeats(recs: list[Indicator]) -> list[Indicator]:
    """A heading line ("佔GDP比重越過5%") restating a figure of the body is not a record of its own."""
    body = {(r.unit, round(abs(r.value), 6)) for r in recs if not _is_heading(r.quote)}
    return [r for r in recs if not (_is_heading(r.quote) and (r.unit, round(abs(r.value), 6)) in body)]


_ANAPHOR = C.Fold(r"(?<![A-Za-z])(?:the\s+(?:industry|sector|industries|field)|this\s+(?:industry|sector)|"
                      r"these\s+(?:industries|sectors))(?![A-Za-z])|该产业|該產業|该行业|該行業|这一产业|這一產業|该领域|該領域|"
                      r"其(?:营业|增加|总|產|产|收)")
_SCOPE_START = re.compile(r"\s*(?:其中|其中，|分[^，,]{1,6}看|Of\s+(?:which|this|these|that|them)|Among\s+(?:them|this|these|which)|"
                          r"In\s+particular|Specifically)", re.I)


_FROM_BEFORE = re.compile(r"(?:由|从|從|(?<![A-Za-z])from)\s*(?:约|約|about|around|nearly)?\s*$", re.I)
_FROM_TO_GAP = re.compile(r"\s*(?:提高|提升|增长|增長|增加|上升|扩大|擴大|下降|减少|減少|降低|回落|缩小|縮小|升|增|降|"
                          r"(?:rose|rising|increased|grew|climbed|jumped|fell|dropped|declined|decreased|went\s+up|"
                          r"went\s+down|up|down)\s+)(?:到|至|为|為|(?<![A-Za-z])to(?![A-Za-z]))\s*$", re.I)
_LOCAL_DOLLARS = ("TWD", "HKD", "MOP")
_LOCAL_NAMES = {"TWD": re.compile(r"新臺幣|新台幣|新台币|NT\$"), "HKD": re.compile(r"港元|港幣|港币|HK\$"),
                "MOP": re.compile(r"澳門元|澳门元|澳門幣|澳门币|葡幣|葡币|patacas?|MOP", re.I)}


def _local_currency(text: str) -> str | None:
    """The one local dollar an article names, when it never names the renminbi: its bare 元 are that."""
    if not ("幣" in text or "币" in text or "港元" in text or "$" in text or "澳門元" in text or "澳门元" in text
            or "MOP" in text or "atacas" in text):
        return None  # (every name of a local dollar holds one of these)
    if _CNY_NAMED.search(text):
        return None
    named = [c for c, pat in _LOCAL_NAMES.items() if pat.search(text)]
    return named[0] if len(named) == 1 else None
_BARE_YUAN = re.compile(r"[元圆圓]$")
_CNY_NAMED = re.compile(r"人民币|人民幣|RMB|CNY|rmb")
_TWD_BEFORE = re.compile(r"(?:新臺幣|新台幣|新台币|臺幣|台幣|台币|NT\$)\s*(?=\S)")
_PCT_WORD_AFTER = re.compile(r"-(?:percent|per-cent|percentage-points?|percentage-point)\b", re.I)


_OPENER = re.compile(r"[\s\W]*(?:(?:in|by|during|for|at\s+the\s+end\s+of|as\s+of|since|over|from|截至|到|至|在|于|於)\s*)?",
                     re.I)


_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


def _title_year(title: str | None, pub: dt.date | None) -> int | None:
    """The year a title names, when it names one year before the publication's ("2023年…统计公报")."""
    if not title or pub is None:
        return None
    years = {int(y) for y in _TITLE_YEAR.findall(title)}
    if len(years) != 1:
        return None
    y = years.pop()
    return y if y < pub.year else None


def _sets_period(text: str, sent: Span, points: list[PeriodMention], carried: str | None) -> bool:
    """Does a sentence without figures set the period the next ones go on in? Yes when it opens
    with it or names no earlier year than the one carried; "the record set in 2019" only recalls."""
    if carried is None or _opens_with(text, sent, points[0]):
        return True
    new, old = _year_of(_carry(points)), _year_of(carried)
    return new is None or old is None or new >= old


def _opens_with(text: str, sent: Span, p: PeriodMention) -> bool:
    """Does the sentence open with this period mention ("In 2023, …", "2023年，…", "今年以来…")?"""
    m = _OPENER.match(text, sent.start, p.start)
    return m is not None and m.end() >= p.start or p.start - sent.start <= 2


def _carry(points: list[PeriodMention]) -> str | None:
    """The period a following sentence inherits: the last plain point, else the last mention."""
    plain = [p for p in points if p.role == "point" and p.value]
    if plain:
        last = plain[-1]
        # "2020年…增长2.2%，而前三季度为下降0.6%": a part of a year set against that
        # full year is an aside; the next sentence goes on about the year
        if last.value and "-" in last.value and last.first_year is not None and \
                any(p.value == str(last.first_year) for p in plain[:-1]):
            return str(last.first_year)
        return last.value
    return points[-1].value if points else None


def _metric_key(c: _Cand) -> str:
    if c.unit in ("percent", "pp"):
        return f"{c.unit}:{c.measure}"
    if c.unit in ("count", "rank"):
        return c.unit
    return "money"


def _within(items: list[_T], starts: list[int], sent: Span) -> list[_T]:
    """The items (sorted by start) lying inside the sentence."""
    i = bisect_left(starts, sent.start)
    j = bisect_left(starts, sent.end)
    return [x for x in items[i:j] if x.end <= sent.end]


_WORD_RANK_ZH = re.compile(r"(?:居|位居|稳居|穩居|位列|名列|排名|排在)[^，,。；;！!？?\d]{0,10}?(首位|榜首)|"
                           r"(?:元|億元|亿元|家|人次|%)\s*(居首)(?![都府])")
# English, lowercased, each branch opening with its first letter ("took the top spot", "remained the largest")
_WORD_RANK_EN = re.compile("(?:" + "|".join(w[0] + "(?<![a-z]" + w[0] + ")" + w[1:] for w in (
    "took", "takes", "take", "taking", "held", "holds", "hold", "topped", "tops", "top", "ranked", "ranks"))
    + r")\s+(?:the\s+)?(top\s+spot|first\s+place|top\s+place|the\s+list)(?![a-z])|(?:" + "|".join(
    w[0] + "(?<![a-z]" + w[0] + ")" + w[1:] for w in ("is", "was", "remained", "remains", "became", "becomes", "stayed",
                                                          "stays")) + r")\s+(?:the\s+)?(?:world's\s+|country's\s+|"
    r"nation's\s+)?(largest|biggest)(?![a-z])")


def _word_ranks(text: str, quantities: list[Quantity], low: str | None = None) -> list[Quantity]:
    """First places stated in words ("居东部地区首位", "took the top spot"): rank 1.

    find_quantities gives numbers only; these words carry a rank of their own."""
    out: list[Quantity] = []
    zh = "首位" in text or "榜首" in text or "居首" in text
    low = text.lower() if low is None else low
    en = len(low) == len(text) and ("spot" in low or "place" in low or "list" in low or "largest" in low
                                    or "biggest" in low)
    if not zh and not en:
        return out  # every match holds one of these words
    taken = [(q.start, q.end) for q in quantities]
    matches = list(_WORD_RANK_ZH.finditer(text)) if zh else []
    if en:  # look back from each key word only (the verbs start with common letters: a full scan is slow)
        seen: set[int] = set()
        for w in ("spot", "place", "list", "largest", "biggest"):
            p = low.find(w)
            while p >= 0:
                m = _WORD_RANK_EN.search(low, max(0, p - 48), p + len(w) + 1)
                if m and m.start() not in seen:
                    seen.add(m.start())
                    matches.append(m)
                p = low.find(w, p + 1)
    for m in matches:
        g = 1 if m.group(1) else 2
        a, b = m.start(g), m.end(g)
        if not any(x < b and a < y for x, y in taken):
            out.append(Quantity(a, b, text[a:b], 1.0, "rank"))
    return out


def _rank_ok(text: str, q: Quantity, sent: Span) -> bool:
    before = text[max(sent.start, q.start - 24):q.start]
    after = text[q.end:q.end + 30]
    if C.RANK_BEFORE.search(before):
        return True
    if re.search(r"第\s*$", before) and C.RANK_BEFORE.search(before[:-1].rstrip()):
        return True
    if C.RANK_EN.search(before[-20:]) or C.RANK_EN.search(after[:30]):
        return True
    if re.match(r"\s*大", after) and re.search(r"(?:全球|世界|全国|全國|亚洲|亞洲|中国|中國|国内|國內|全省|全市)\s*$", before):
        return True  # 全球第三大市场
    if q.span in ("首位", "榜首", "居首") or re.fullmatch(r"(?i)top\s+spot|first\s+place|top\s+place|the\s+list|largest|biggest",
                                                       q.span):
        return True
    return bool(re.match(r"^\s*(?:位|名)", after) or re.search(r"^第.*[位名]$", q.span))
