"""Cue words, compiled once: bounds, change/share/fall, kind, rank, drop contexts."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator


def lower_pattern(p: str) -> str:
    """A case-insensitive pattern's text lowercased (escapes kept), to run without
    IGNORECASE on lowercased text: same matches, much faster to scan in `re`."""
    out: list[str] = []
    esc = False
    for ch in p:
        out.append(ch if esc else ch.lower())
        esc = not esc and ch == "\\"
    return "".join(out)


class Fold:
    """A case-insensitive pattern, run as its lowercased form on the lowercased text.

    `re` scans an alternation of words with IGNORECASE about ten times slower
    than without. Lowercasing keeps the offsets of nearly every text; when it
    does not (a character whose lowercase is longer), the IGNORECASE pattern
    runs instead. Group texts come out lowercased."""

    __slots__ = ("ci", "low")

    def __init__(self, pattern: str) -> None:
        self.ci = re.compile(pattern, re.I)
        self.low = re.compile(lower_pattern(pattern))

    def _pick(self, s: str) -> tuple[re.Pattern[str], str]:
        low = s.lower()
        return (self.low, low) if len(low) == len(s) else (self.ci, s)

    def search(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        pat, subject = self._pick(s)
        return pat.search(subject, pos, endpos)

    def match(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        pat, subject = self._pick(s)
        return pat.match(subject, pos, endpos)

    def finditer(self, s: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        pat, subject = self._pick(s)
        return pat.finditer(subject, pos, endpos)


def _alt(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _en(words: list[str]) -> str:
    return r"(?<![A-Za-z])(?:" + _alt([w.replace(" ", r"\s+") for w in words]) + r")(?![A-Za-z])"


# ------------------------------------------------------------------ bounds
# Bound cues right before a number (the end of the text before it), in the order they are tried.
_BOUND_BEFORE_WORDS: list[tuple[list[str], list[str], str]] = [
    (["不超过", "不超過", "最多", "至多", "不高于", "不高於"],
     ["at most", "up to", "no more than", "not more than", "a maximum of", "maximum of"], "le"),
    (["不少于", "不少於", "不低于", "不低於", "至少", "最少", "起码"],
     ["at least", "no less than", "not less than", "a minimum of", "no fewer than", "not fewer than"], "ge"),
    (["不到", "不足", "少于", "少於", "低于", "低於", "未满", "未滿", "不及"],
     ["less than", "fewer than", "under", "below", "short of", "lower than"], "lt"),
    (["超过", "超過", "超出", "突破", "逾", "高于", "高於", "多于", "多於", "大于", "大於", "超", "过", "破"],
     ["more than", "over", "above", "exceeding", "exceeded", "exceeds", "exceed", "topped", "tops", "top",
      "in excess of", "upwards of", "surpassed", "surpassing", "surpass", "greater than", "passed", "broke through",
      "well over", "beyond"], "gt"),
    (["约合", "約合", "约为", "約為", "约", "約", "近", "接近", "将近", "將近", "大约", "大約", "大概", "差不多", "约有", "約有",
      "逼近", "近乎"],
     ["about", "nearly", "around", "roughly", "close to", "approximately", "almost", "some", "an estimated",
      "estimated", "approx.", "approx", "circa", "near", "just under", "just over", "more or less", "equal to roughly",
      "roughly equal to"], "approx"),
]


def rev_alt(words: list[str]) -> str:
    """Alternation of the reversed words, longest first; blanks inside a word match any run of blanks.

    A cue that ends right before a number is then an anchored match on the reversed
    text before it, not a scan of every position of that text."""
    rev = sorted((w[::-1] for w in words), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(part) for part in w.split(" ")) for w in rev)


# One group per bound, tried in the list's order (English words need a non-letter before them).
BOUND_BEFORE_REV = re.compile(r"\s*(?:" + "|".join(
    f"(?P<{b}>" + "|".join(alt for alt in (f"(?:{rev_alt(zh)})" if zh else "",
                                           f"(?:{rev_alt(en)})(?![A-Za-z])" if en else "") if alt) + ")"
    for zh, en, b in _BOUND_BEFORE_WORDS) + ")", re.I)


def bound_before(rev_text: str) -> str | None:
    """The bound whose cue ends the text before a number (given reversed), if any."""
    m = BOUND_BEFORE_REV.match(rev_text)
    return m.lastgroup if m else None


# Bound cues right after a number (and its unit).
BOUND_AFTER: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^\s*(?:以上|及以上|或以上|之上)"), "ge"),
    (re.compile(r"^\s*(?:or\s+more|or\s+above|and\s+above|or\s+higher|and\s+more|at\s+least)\b", re.I), "ge"),
    (re.compile(r"^\s*(?:左右|上下|许)"), "approx"),
    (re.compile(r"^\s*(?:以下|以内|或以下)"), "le"),
    (re.compile(r"^\s*(?:or\s+less|or\s+below|and\s+below|or\s+fewer)\b", re.I), "le"),
    (re.compile(r"^\s*(?:之多)"), "gt"),
]


def _any_of(pats: list[tuple[re.Pattern[str], str]]) -> re.Pattern[str]:
    """One pattern matching where any of pats matches (a cheap test before trying them in order)."""
    return re.compile("|".join(f"(?i:{p.pattern})" if p.flags & re.I else f"(?:{p.pattern})" for p, _ in pats))


BOUND_AFTER_ANY = _any_of(BOUND_AFTER)
# 余/多 inside a span ("10万余家", "160多个", "2万多家") mean "more than".
SPAN_GT = re.compile(r"\d\s*(?:[万萬亿億千百十]*)\s*(?:余|餘|多)|(?:余|餘|多)\s*(?:[万萬亿億]|家|个|個|人|项|項|座|部|种|種|场|場|名|元)")
SPAN_PLUS = re.compile(r"\+\s*$")

# ---------------------------------------------------------------- measures
ZH_CHANGE = ["增长(?!率?贡献)", "增長(?!率?貢獻)", "增加(?!值)", "增速", "增幅", "提高", "提升", "上升", "上涨", "上漲", "下降", "减少", "減少", "下滑",
             "降低", "回落", "降幅", "涨幅", "漲幅", "年均", "同比", "环比", "環比", "扩大", "增(?!加值|值)", "擴大", "收窄", "降", "长(?!期)", "長(?!期)",
             "下跌", "萎缩", "萎縮", "缩小", "縮小", "衰退", "衰减", "衰減", "下挫", "增量", "翻", "高出", "快于", "快於", "低于",
             "高于", "高於", "低於",
             "多", "少", "减", "減", "回升", "递增", "遞增"]
EN_CHANGE = ["up", "down", "rose", "rise", "rises", "risen", "rising", "grew", "grow", "grows", "growth", "growing",
             "increase", "increased", "increases", "increasing", "decrease", "decreased", "decreases", "declined",
             "decline", "declines", "fell", "fall", "falls", "falling", "drop", "dropped", "drops", "higher", "lower",
             "expanded", "expand", "expansion", "jumped", "jump", "surged", "surge", "climbed", "climb", "gained", "gain",
             "slid", "slipped", "shrank", "shrunk", "contracted", "contraction", "year-on-year", "year on year",
             "annually", "a year", "per year", "annual growth", "average annual", "more", "less", "faster", "slower",
             "plunged", "soared", "advanced", "went up", "went down", "edged up", "edged down", "grown", "boosted"]
ZH_SHARE = ["占", "佔", "比重", "占比", "佔比", "份额", "份額", "贡献率", "貢獻率", "比例", "渗透率", "滲透率", "利润率",
            "利潤率", "占有率", "佔有率", "覆盖率", "覆蓋率", "普及率", "比率", "相当于", "相當於", "之一"]
EN_SHARE = ["accounted for", "account for", "accounting for", "accounts for", "share", "shares", "equal to",
            "equivalent to", "making up", "made up", "makes up", "make up", "proportion", "ratio", "contribution rate",
            "constituting", "constituted", "represented", "representing", "of the total"]
CHANGE_RE = Fold(r"(?:" + "|".join(sorted(ZH_CHANGE, key=len, reverse=True)) + r")|" + _en(EN_CHANGE))
TO_AFTER = re.compile(r"\s*(?:到|至|為|为|to\b)", re.I)
SHARE_RE = Fold(r"(?:" + _alt(ZH_SHARE) + r")|" + _en(EN_SHARE))
# "to"-cues: the number after them is the new level, not the change; reversed (see rev_alt),
# matched on the text before the number with its trailing blanks stripped
TO_CUE_REV = re.compile(r"\s*(?:" + rev_alt(["约", "近", "超过", "逾", "about", "nearly", "more than", "over", "around", "roughly"])
                        + r")?\s*(?:" + rev_alt(["提高到", "提高至", "提升到", "提升至", "升至", "增至", "增长到", "增長到", "增长至",
                                                   "增加到", "增加至", "降至", "下降到", "下降至", "降到", "达到", "達到", "达", "達", "为",
                                                   "為", "至", "到", "是", "reach", "reached", "reaching", "to", "stood at",
                                                   "stands at", "hit", "totaled", "totalled", "amounted to", "came to"]) + ")",
                        re.I)
FALL_RE = Fold(r"下降|减少|減少|下滑|降低|回落|降幅|下跌|萎缩|萎縮|缩小|縮小|衰退|衰减|衰減|下挫|负增长|負增長|减|減|降|少|低|慢|" +
                     _en(["down", "fell", "fall", "falls", "falling", "declined", "decline", "declines", "decrease",
                          "decreased", "decreases", "dropped", "drop", "drops", "lower", "less", "shrank", "shrunk",
                          "contracted", "slid", "slipped", "plunged", "slower", "went down", "edged down",
                          "negative growth", "a decrease of", "a decline of", "a drop of"]))
FALL_AFTER = re.compile(r"^\s*(?:percentage\s+points?\s+|points?\s+|percent\s+|%\s*)?(?:less|lower|down|slower|fewer)\b",
                        re.I)
CONNECTOR = re.compile(r"^[\s,，、;；]*(?:和|与|與|及|以及|、|and|or|as\s+well\s+as|respectively)?[\s,，、]*"
                       r"(?:分别|分別|respectively)?[\s,，、]*$", re.I)
RESPECTIVELY = Fold(r"分别|分別|respectively|\beach\b")
OF_GDP_AFTER = re.compile(r"^\s*(?:of\s+(?:the\s+)?(?:[\w']+\s+){0,3}(?:GDP|gross\s+domestic\s+product|"
                          r"gross\s+regional\s+product|economic\s+output|economy))", re.I)
SHARE_AFTER = re.compile(r"^[\s-]*(?:share|of\s+(?:the|its|their|all|total|them|these|those|which|it|that|this)\b|of\s+[\w']+\s+(?:total|GDP))", re.I)

# -------------------------------------------------------------------- kind
_FORECAST_ZH = r"预计|預計|预期|預期|有望|估计|估計|预测|預測"
_FORECAST_EN = _en(["expected", "expects", "expect", "forecast", "forecasts", "projected",
                    "is likely", "are likely", "set to", "estimated to", "predicted", "predicts",
                    "anticipated", "on track to", "poised to"])
FORECAST_RE = re.compile(_FORECAST_ZH + "|" + _FORECAST_EN, re.I)
# 要 and 将 inside other words are no cue: 主要 (main), 重要, 需要, 将近 (nearly)
_TARGET_ZH = (r"目标|目標|力争|力爭|计划|計劃|规划|規劃|将(?!近)|將(?!近)|要(?<![主重需只必想摘纲綱提概紧緊]要)(?![求素点點闻聞])|"
              r"争取|爭取|确保|確保|预期目标|努力|打造|实现.{0,6}目标|"
              r"到\s*(?:20\d\d|“?十[一二三四五]五)")
_TARGET_EN = _en(["aims", "aim", "aiming", "aimed", "target", "targets", "targeting", "targeted", "plans",
                  "plan", "planned", "planning", "goal", "goals", "will", "shall", "strive", "strives",
                  "seek", "seeks", "seeking", "intends", "intend", "is to", "are to", "be raised",
                  "by 2020", "by 2025", "by 2030", "by 2035", "would", "to reach", "to build",
                  "to cultivate", "to foster", "to raise", "to lift", "to develop", "to create"])
TARGET_RE = re.compile(_TARGET_ZH + "|" + _TARGET_EN, re.I)
# The same cues split by script (for text without Latin letters or without
# CJK): one combined case-insensitive alternation is slow to scan in `re`.
FORECAST_ZH_RE = re.compile(_FORECAST_ZH)
FORECAST_EN_RE = re.compile(_FORECAST_EN, re.I)
TARGET_ZH_RE = re.compile(_TARGET_ZH)
TARGET_EN_RE = re.compile(_TARGET_EN, re.I)
FORECAST_EN_LOW = re.compile(lower_pattern(_FORECAST_EN))
TARGET_EN_LOW = re.compile(lower_pattern(_TARGET_EN))
HAS_LATIN = re.compile(r"[A-Za-z]")
HAS_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# -------------------------------------------------------------------- rank
RANK_BEFORE = Fold(r"(?:排名|排行|排|位居|位列|位次|名列|居于|居於|居|列|稳居|穩居|保持|位于|位於|跻身|躋身|跃居|躍居|"
                   r"ranks?|ranked|ranking|placed|places?|No\.?|number|position)\s*"
                   r"(?:全国|全國|全省|全市|全球|世界|中部|西部|东部|東部|中西部|省份|各省|[\u4e00-\u9fff]{0,6}?)?\s*$")
RANK_EN = Fold(_en(["ranks", "ranked", "rank", "ranking", "place", "places", "placed", "No", "position",
                    "largest", "biggest", "top", "highest", "among", "nationwide", "globally", "worldwide"]))

# ------------------------------------------------------------------- drops
DURATION_AFTER = re.compile(r"^\s*(?:多|余|餘)?\s*(?:个?月|個?月|年(?!代)|天|周(?!年)|週|日|小时|小時|个?钟|個?鐘|分钟|分鐘|秒|年来|年來|"
                            r"周年|週年|届|屆|期|次会议|次會議|岁|歲|号|號|世纪|世紀|强|強|大(?![型于於])|"
                            r"[-\s]?(?:consecutive\s+)?(?:years?|months?|days?|weeks?|hours?|minutes?|seconds?|"
                            r"decades?|centuries|century|straight\s+years|times?)\b|"
                            r"[-\s]?(?:year|month|day|week|hour)-)", re.I)
DURATION_BEFORE = re.compile(r"(?:连续|連續|持续|持續|历时|歷時|长达|長達|for\s+the\s+past|for\s+the\s+last|in\s+the\s+past|over\s+the\s+past|"
                             r"for|first|last|past|next)\s*$", re.I)
# Cues that end the text before a number, as anchored matches on the reversed text (see rev_alt).
_VIEW_WORDS = ["浏览次数", "瀏覽次數", "阅读次数", "點擊數", "点击数", "访问量", "訪問量", "查看", "浏览", "瀏覽", "阅读", "閱讀", "点击",
               "點擊", "评论", "評論", "回复", "回復", "点赞", "點讚", "收藏", "分享", "view", "views", "read", "reads", "comment",
               "comments", "like", "likes", "shares", "replies", "clicks", "hits", "浏览量", "阅读量", "人气", "人氣", "热度", "熱度",
               "粉丝", "粉絲"]
VIEW_BEFORE_REV = re.compile(r"\s*[:：]?\s*(?:" + rev_alt(_VIEW_WORDS) + ")", re.I)
_PHONE_WORDS = ["电话", "電話", "热线", "熱線", "手机", "手機", "传真", "傳真", "tel", "phone", "fax", "hotline", "ICP", "备", "備",
                "许可证", "許可證", "证号", "證號", "公网安", "公網安", "邮编", "郵編", "QQ", "微信", "编号", "編號", "代码", "代碼", "No.",
                "案号", "文号", "字第"]
PHONE_CTX_REV = re.compile(r"[\d\s-]*\s*[:：.]?\s*(?:" + rev_alt(_PHONE_WORDS) + ")", re.I)
DATE_AFTER = re.compile(r"^\s*(?:日|号|號|月(?!份?(?:[的以]|$))|时|時|點(?!\s*[一二三四五六七八九\d])|:\d|：\d|"
                        r"(?:st|nd|rd|th)\b)")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
           "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
MONTH_BEFORE_REV = re.compile(r"\s*\.?(?:" + rev_alt(_MONTHS) + ")")
LATIN_ADJ = re.compile(r"[A-Za-z]")
SLOGAN_ZH_NUM = re.compile(r"^[一二两三四五六七八九十百千万]+$")
CHINESE_NUM_ONLY = re.compile(r"^[^0-9０-９]*$")
QUOTE_PAIRS = {"“": "”", "「": "」", "《": "》", "『": "』", '"': '"', "‘": "’", "〈": "〉", "【": "】"}

# ------------------------------------------------------------------ counts
EN_COUNT_STOP = re.compile(r"^\s*(?:percent|per\s+cent|%|yuan|dollars?|euros?|years?|months?|days?|weeks?|hours?|"
                           r"times|fold|a\.m\.|p\.m\.|am|pm|of\s+(?:the|its|their|them|these|those|which)\b|to\b|and\b|"
                           r"or\b|in\b|on\b|at\b|from\b|per\b|by\b|than\b|as\b|-\s*year|square|sq|km|kilometers?|"
                           r"meters?|metres?|hectares?|mu\b|tons?|tonnes?|kg|GB|MB|TB|horsepower|hp\b|inch(?:es)?|[\"″]|lb|pounds?\b|"
                           r"miles?|feet|foot|ft\b|cm\b|mm\b|acres?|degrees?|°|GHz|MHz|mAh|megapixels?|fps|Hz\b|"
                           r"-?\s*years?[-\s]old|centimet|millimet|kilomet|sq\b|m2|㎡|平方|公里|公斤|吨|米(?!兰))", re.I)
EN_COUNT_NOUN = re.compile(r"^\s*(?:(?:more|new|such|other|additional|national|municipal|provincial|major|key|"
                           r"registered|listed|large|small|local|foreign|distinctive|popular|iconic|cultural|"
                           r"creative|[a-z][\w'-]*)\s+){0,8}?[a-z][\w'-]*", re.I)
ENTERPRISE_WORDS = Fold(r"企业|企業|业者|業者|厂商|廠商|商家|公司|法人单位|法人單位|单位|單位|工商户|工商戶|市场主体|市場主體|家数|家數|"
                        r"enterprises?|firms?|companies|company|businesses|market\s+entities|"
                        r"startups?|institutes|organizations|organisations|entities|market\s+players|establishments")
EMPLOYEE_WORDS = Fold(r"employs|employing|employ|从业人员|從業人員|从业者|從業者|从业|從業|就业|就業|员工|員工|职工|職工|人才|工作人员|"
                      r"职位|職位|岗位|崗位|"
                      r"employees|employed|employment|jobs|workers|workforce|staff|practitioners|persons\s+engaged|"
                      r"people\s+engaged|people\s+(?:working|employed)|working\s+in")
CONTRIB_RE = Fold(r"贡献率|貢獻率|contribution\s+rate|contribution\s+to\s+(?:economic\s+)?growth")
CONVERSION_BEFORE = re.compile(r"^\s*[（(]\s*(?:about|approximately|approx\.?|around|nearly|roughly|some|or|"
                               r"约合|約合|约|約|合|折合|相当于|相當於|equivalent\s+to|equal\s+to)?\s*$", re.I)
PER_UNIT_AFTER = re.compile(r"^\s*(?:per\s+(?:capita|person|head|employee)|每人|/人)", re.I)
