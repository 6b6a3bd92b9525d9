"""A synthetic news site for benchmarks and load tests, deterministic from a seed.

    generate_site(out, n_articles=1000, seed=0)   # files to serve with ccetl.devsite.serve_site(out)
    for doc, text, pub in generate_texts(1000, seed=0): ...   # the same articles' text only

The site has the layout of the fixture site (tests/fixtures/site):

- ``news/rss.xml``: RSS 2.0 feed of ALL articles (news/ and gov/), with pubDate;
- news/ articles (``news/<section>/<yymmdd><i>/``, even i) carry their date in
  ``<meta property="article:published_time">`` and a SHINE-like byline;
- ``gov/archive/index.html``, ``index_1.html``, ...: paged archive listing
  (``ul.archive-list li a``, "Next" link ``a.next``, 20 a page) of the gov/
  articles (``gov/YYYY-MM/DD/c_<id>.htm``, odd i), dated "Updated: YYYY-MM-DD HH:MM";
- ``robots.txt``; ``expected.json`` (per URL path: doc, published, title, lang,
  encoding, site, and the figures stated: value, unit, measure, kind, bound).

Articles are English or Chinese (about 2:1), 2-5 KB of text each, stating
several figures in the phrasings of the seed documents (levels in 亿元 /
billion / trillion yuan, growth percents, shares of GDP, counts, targets),
dated over 2021-2024. Some Chinese gov/ pages are GBK with the charset only in
a meta tag. Links use the {{BASE}} placeholder that devsite fills in.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

__all__ = ["SynthArticle", "generate_articles", "generate_site", "generate_texts"]

BASE = "{{BASE}}"
CST = dt.timezone(dt.timedelta(hours=8))
START = dt.date(2021, 1, 1)
DAYS = (dt.date(2024, 12, 31) - START).days
ARCHIVE_PAGE_SIZE = 20
MIN_BYTES, MAX_BYTES = 2000, 5000

REGIONS = [
    ("Shanghai", "上海"),
    ("Beijing", "北京"),
    ("Shanxi", "山西"),
    ("Zhejiang", "浙江"),
    ("Guangdong", "广东"),
    ("Jiangsu", "江苏"),
    ("Sichuan", "四川"),
    ("Hubei", "湖北"),
    ("Shandong", "山东"),
    ("Fujian", "福建"),
    ("Hunan", "湖南"),
    ("Chongqing", "重庆"),
    ("Tianjin", "天津"),
    ("Shenzhen", "深圳"),
    ("Hangzhou", "杭州"),
    ("Chengdu", "成都"),
    ("Xi'an", "西安"),
    ("Anhui", "安徽"),
    ("Henan", "河南"),
    ("Yunnan", "云南"),
]
SECTORS = [
    ("cultural and creative", "文化创意"),
    ("creative design", "创意设计"),
    ("digital culture", "数字文化"),
    ("animation", "动漫"),
    ("online gaming", "网络游戏"),
    ("film and television", "影视"),
    ("publishing", "出版"),
    ("performing arts", "演艺"),
    ("cultural tourism", "文化旅游"),
    ("fashion design", "时尚设计"),
    ("arts and crafts", "工艺美术"),
    ("e-sports", "电竞"),
]
SUBSECTORS = [
    ("industrial design", "工业设计"),
    ("architecture design", "建筑设计"),
    ("digital design", "数字设计"),
    ("clothing design", "服装设计"),
    ("digital content services", "数字内容服务"),
    ("online music", "网络音乐"),
    ("short video", "短视频"),
    ("live streaming", "网络直播"),
    ("online literature", "网络文学"),
]
SUBJECTS = [
    ("cultural and creative industry clusters", "文化创意产业集群"),
    ("demonstration bases", "示范基地"),
    ("smart scenic spots", "智慧景区"),
    ("outdoor 5G base stations", "5G室外基站"),
    ("cultural and creative parks", "文创园区"),
    ("distinctive cultural and creative products", "特色文创产品"),
    ("public digital cultural projects", "公共数字文化项目"),
]
EN_FILLER = [
    "Officials said the measures would spur the innovation vitality of cultural and creative enterprises.",
    "The plan highlights the integration of creative design services with advanced manufacturing and modern agriculture.",
    "A raft of festivals and exhibitions will be held to promote the brand economy and the night economy.",
    "Financing services for small and medium-sized cultural firms will be further improved, the conference heard.",
    "Local colleges and universities will be encouraged to set up research institutes for cultural creativity.",
    "New business formats such as blockchain, smart tourism, digital animation and VR games will be cultivated.",
    "The city is transforming itself into an international culture metropolis and a design capital.",
    "Preferential policies to boost the industry's development and investment will be released later this year.",
    "Industry insiders said digital technology continues to reshape how cultural content is produced and consumed.",
    "Efforts will be made to support the production of high-quality works that reflect traditional Chinese culture.",
    "Vacant industrial plants, warehouses and historical blocks will be turned into incubation bases.",
    "The association said there is still a gap between the city and the world's top cultural centres.",
]
ZH_FILLER = [
    "会议强调，要把握后疫情时代文创产业发展的新趋势和新机遇。",
    "鼓励图书出版、广播电影电视、演艺、文博等传统业态拓展在线应用场景。",
    "推动网络文学、网络游戏、网络直播、网络音乐、短视频等新型业态发展。",
    "加强市区联动，聚焦土地规划、创业孵化、人才建设、产权转化等关键领域。",
    "健全中小微文创企业融资服务渠道，加快标准化金融产品创新。",
    "优化夜间消费供给，打造一批文旅消费集聚区。",
    "以文化品牌提升竞争力，推动中心城区演艺、文博、文旅等资源形成联动。",
    "引导文创企业加大对关键核心技术和软件的研发力度。",
    "深化文创科技融合，培育一批专业性强、行业优势显著的示范企业。",
    "围绕庆祝重大节庆活动，举办一批高水平的展览展示和交流活动。",
    "支持文创园区向特色化、品牌化、连锁化、智能化迭代发展。",
    "有关负责人表示，将进一步完善政策体系，优化营商环境。",
]
EN_HEADINGS = ["Digital transformation", "Clusters and parks", "Finance and talent", "Consumption"]
ZH_HEADINGS = [
    "推动产业数字化转型",
    "加强园区载体建设",
    "强化金融服务能力",
    "增强消费促进作用",
    "深化文创科技融合",
]

Figure = dict[str, Any]
Maker = Callable[[random.Random, dt.date], tuple[str, list[Figure]]]


@dataclass
class SynthArticle:
    doc: str
    lang: str  # en | zh-Hans
    title: str
    published: dt.datetime
    paragraphs: list[str]
    figures: list[Figure] = field(default_factory=list)
    site: str = "news"  # news | gov
    encoding: str = "utf-8"
    path: str = ""

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _fig(value: float, unit: str, measure: str, kind: str = "actual", bound: str = "eq") -> Figure:
    return {"value": value, "unit": unit, "measure": measure, "kind": kind, "bound": bound}


def _num(rng: random.Random, lo: float, hi: float, nd: int) -> float:
    return round(rng.uniform(lo, hi), nd)


def _fmt(x: float, nd: int) -> str:
    return f"{x:.{nd}f}" if nd else f"{int(x):,}"


# --------------------------------------------------------------------------- English figure sentences


def _en_level_trillion(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    reg, sec = r.choice(REGIONS)[0], r.choice(SECTORS)[0]
    x, p = _num(r, 1.0, 9.9, 2), _num(r, 0.5, 15.0, 2)
    s = (
        f"The output of {reg}'s {sec} industry amounted to {x} trillion yuan last year, "
        f"up {p} percent from a year earlier, a conference heard."
    )
    return s, [_fig(x * 1e12, "CNY", "level"), _fig(p, "percent", "change")]


def _en_level_billion(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    (a, _), (b, _) = r.sample(SUBSECTORS, 2)
    x, y = _num(r, 10, 900, 1), _num(r, 10, 900, 1)
    s = f"Among this, the output of {a} hit {x} billion yuan, and {b} {y} billion yuan."
    return s, [_fig(x * 1e9, "CNY", "level"), _fig(y * 1e9, "CNY", "level")]


def _en_share(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    sec = r.choice(SECTORS)[0]
    p, v = r.randint(3, 15), _num(r, 0.5, 3.0, 1)
    s = (
        f"Last year, the {sec} industry accounted for {p} percent of the city's gross domestic product, "
        f"while the value created by each employee in this sector amounted to {v} million yuan."
    )
    return s, [_fig(p, "percent", "share"), _fig(v * 1e6, "CNY", "level")]


def _en_revenue(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    n, x, p = r.randint(5, 30), r.randint(2, 9), _num(r, 1.0, 20.0, 1)
    year = d.year - 1
    s = (
        f"Data shows that in {year}, the revenue of {n} cultural innovation formats in China, including "
        f"digital content services, exceeded {x} trillion yuan, an increase of {p}% over the previous year."
    )
    return s, [
        _fig(n, "count", "level"),
        _fig(x * 1e12, "CNY", "level", bound="gt"),
        _fig(p, "percent", "change"),
    ]


def _en_targets(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    subj = r.choice(SUBJECTS)[0]
    n, m, vb = r.choice([5, 10, 20, 30, 50]), r.choice([100, 200, 500]), r.choice([20, 50, 80])
    s = (
        f"The province aims to build {n} {subj} with a total annual output value of over {m} million yuan each, "
        f"and more than {vb} billion yuan in the added value of these industries by {d.year + 2}."
    )
    return s, [
        _fig(n, "count", "level", "target"),
        _fig(m * 1e6, "CNY", "level", "target", "gt"),
        _fig(vb * 1e9, "CNY", "level", "target", "gt"),
    ]


def _en_count(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    subj = r.choice(SUBJECTS)[0]
    n = r.choice([1000, 1200, 1500, 2000, 3000, 8000])
    s = f"It is also targeting over {n:,} {subj} over the next three years."
    return s, [_fig(n, "count", "level", "target", "gt")]


def _en_rank(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    reg = r.choice(REGIONS)[0]
    k = r.randint(2, 30)
    suf = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    s = f"{reg} currently ranks {k}{suf} in the global ranking on city IPs, the association said."
    return s, [_fig(k, "rank", "rank")]


def _en_added_value(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    reg = r.choice(REGIONS)[0]
    x, p = _num(r, 50, 900, 1), _num(r, 3.0, 12.0, 1)
    s = (
        f"The added value of {reg}'s cultural industries reached {x} billion yuan in {d.year - 1}, "
        f"accounting for {p} percent of GDP."
    )
    return s, [_fig(x * 1e9, "CNY", "level"), _fig(p, "percent", "share")]


EN_MAKERS: list[Maker] = [
    _en_level_trillion,
    _en_level_billion,
    _en_share,
    _en_revenue,
    _en_targets,
    _en_count,
    _en_rank,
    _en_added_value,
]


# --------------------------------------------------------------------------- Chinese figure sentences


def _zh_level(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    reg, sec = r.choice(REGIONS)[1], r.choice(SECTORS)[1]
    x, p = _num(r, 1000, 30000, 2), _num(r, 0.5, 15.0, 1)
    s = f"{d.year - 1}年,{reg}的{sec}产业实现总产出{x}亿元,同比增长{p}%。"
    return s, [_fig(x * 1e8, "CNY", "level"), _fig(p, "percent", "change")]


def _zh_share(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    reg = r.choice(REGIONS)[1]
    x, p = _num(r, 200, 9000, 1), _num(r, 3.0, 13.0, 1)
    s = f"{reg}文化产业增加值达到{x}亿元，占地区生产总值比重为{p}%。"
    return s, [_fig(x * 1e8, "CNY", "level"), _fig(p, "percent", "share")]


def _zh_base_stations(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    reg, subj = r.choice(REGIONS)[1], r.choice(SUBJECTS)[1]
    n = r.choice([500, 1000, 2000, 5000, 8000, 10000])
    s = f"今年年内,{reg}计划新增{n}个{subj},加速场景应用拓展。"
    return s, [_fig(n, "count", "level", "target")]


def _zh_target(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    sec = r.choice(SECTORS)[1]
    x = r.choice([1, 2, 3, 5])
    s = f"到{d.year + 3}年,力争全市{sec}产业营业收入突破{x}万亿元。"
    return s, [_fig(x * 1e12, "CNY", "level", "target", "gt")]


def _zh_firms(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    n, x, p = r.randint(800, 9000), _num(r, 500, 20000, 1), _num(r, 1.0, 25.0, 1)
    s = f"全市规模以上文化企业{n}家,实现营业收入{x}亿元,比上年增长{p}%。"
    return s, [_fig(n, "count", "level"), _fig(x * 1e8, "CNY", "level"), _fig(p, "percent", "change")]


def _zh_clusters(r: random.Random, d: dt.date) -> tuple[str, list[Figure]]:
    n = r.choice([5, 10, 20, 30])
    s = f"打造一批特色鲜明的文创产业名园,形成{n}个千亿级产业集群。"
    return s, [_fig(n, "count", "level", "target")]


ZH_MAKERS: list[Maker] = [_zh_level, _zh_share, _zh_base_stations, _zh_target, _zh_firms, _zh_clusters]


# --------------------------------------------------------------------------- articles


def _article(i: int, r: random.Random) -> SynthArticle:
    lang = "zh-Hans" if r.random() < 1 / 3 else "en"
    day = START + dt.timedelta(days=r.randrange(DAYS + 1))
    published = dt.datetime(day.year, day.month, day.day, r.randrange(7, 23), r.randrange(60), tzinfo=CST)
    zh = lang != "en"
    reg_en, reg_zh = r.choice(REGIONS)
    sec_en, sec_zh = r.choice(SECTORS)
    if zh:
        title = r.choice(
            [
                f"{reg_zh}{sec_zh}产业高质量发展取得新进展",
                f"{reg_zh}发布{sec_zh}产业三年行动计划",
                f"{reg_zh}召开{day.year}年文化创意产业推进工作会议",
            ]
        )
    else:
        title = r.choice(
            [
                f"{reg_en} steps up support for {sec_en} industry",
                f"{reg_en} issues plan to boost {sec_en} industries",
                f"{sec_en.capitalize()} industry in {reg_en} shows resilience",
            ]
        )
    makers, filler, heads = (ZH_MAKERS, ZH_FILLER, ZH_HEADINGS) if zh else (EN_MAKERS, EN_FILLER, EN_HEADINGS)
    target = r.randint(MIN_BYTES + 200, MAX_BYTES - 500)
    paragraphs: list[str] = []
    figures: list[Figure] = []
    n_figs = r.randint(3, 6)
    size = 0
    while size < target or n_figs > 0:
        if paragraphs and r.random() < 0.12:
            para = r.choice(heads)
        else:
            sentences = []
            for _ in range(r.randint(2, 4)):
                if n_figs > 0 and r.random() < 0.5:
                    s, f = r.choice(makers)(r, day)
                    figures.extend(f)
                    n_figs -= 1
                else:
                    s = r.choice(filler)
                sentences.append(s)
            para = ("" if zh else " ").join(sentences)
        extra = len(para.encode("utf-8")) + 2
        if size + extra > MAX_BYTES and size >= MIN_BYTES:
            break
        paragraphs.append(para)
        size += extra
    while paragraphs[-1] in heads:
        paragraphs.pop()
    site = "gov" if i % 2 else "news"
    encoding = "gbk" if zh and site == "gov" and i % 3 == 0 else "utf-8"
    if site == "news":
        section = r.choice(["biz/economy", "feature/art-culture", "metro"])
        path = f"/news/{section}/{day:%y%m%d}{i:05d}/"
    else:
        path = f"/gov/{day:%Y-%m}/{day:%d}/c_{900000 + i}.htm"
    return SynthArticle(
        doc=f"synth-{i:06d}",
        lang=lang,
        title=title,
        published=published,
        paragraphs=paragraphs,
        figures=figures,
        site=site,
        encoding=encoding,
        path=path,
    )


def generate_articles(n: int, seed: int = 0) -> Iterator[SynthArticle]:
    """n synthetic articles, the same for the same (n, seed); article i does not depend on n."""
    for i in range(n):
        yield _article(i, random.Random(f"ccetl-synth:{seed}:{i}"))


def generate_texts(n: int, seed: int = 0) -> Iterator[tuple[str, str, dt.date]]:
    """(doc, text, pub_date) of the articles generate_site(out, n, seed) writes."""
    for a in generate_articles(n, seed):
        yield a.doc, a.text, a.published.date()


# --------------------------------------------------------------------------- rendering


def _paras_html(a: SynthArticle) -> str:
    heads = set(ZH_HEADINGS if a.lang != "en" else EN_HEADINGS)
    return "\n".join(
        f"<p><strong>{escape(p, quote=False)}</strong></p>"
        if p in heads
        else f"<p>{escape(p, quote=False)}</p>"
        for p in a.paragraphs
    )


def _news_html(a: SynthArticle) -> str:
    html_lang = "en" if a.lang == "en" else "zh-CN"
    return f"""<!DOCTYPE html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<title>{escape(a.title)} | SHINE News</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(a.title)}">
<meta property="article:published_time" content="{a.published.isoformat()}">
<link rel="canonical" href="{BASE}{a.path}">
<script>window.dataLayer = window.dataLayer || []; dataLayer.push({{"page": "article", "id": "{a.doc}"}});</script>
</head>
<body>
<header><a class="logo" href="/news/">SHINE</a>
<nav><a href="/news/">Home</a> <a href="/news/biz/">Business</a> <a href="/news/metro/">Metro</a> <a href="/news/feature/">Feature</a></nav></header>
<div class="breadcrumb"><a href="/news/">Home</a> &gt; <span>News</span></div>
<article>
<h1>{escape(a.title, quote=False)}</h1>
<div class="byline"><span class="author">SHINE</span> <span class="time">{a.published:%H:%M} UTC+8, {a.published:%Y-%m-%d}</span> <span class="share-count">0</span></div>
<div class="share-bar"><a href="https://twitter.com/intent/tweet">Tweet</a> <a href="https://service.weibo.com/share/share.php">Weibo</a></div>
<div class="content">
{_paras_html(a)}
</div>
</article>
<aside class="related"><h3>Related News</h3><ul>
<li><a href="/news/metro/2401010001/">Metro line extension opens</a> <span class="time">2024-01-01</span></li>
</ul></aside>
<footer><p>Copyright &copy; Shanghai Daily. Tel: 021-5292 0000</p><p>沪ICP备05050403号-1</p></footer>
</body>
</html>
"""


def _gov_html(a: SynthArticle) -> str:
    charset = "gb2312" if a.encoding == "gbk" else "utf-8"
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{escape(a.title)}</title>
<script type="text/javascript">var siteId = 901;</script>
</head>
<body>
<div class="nav"><ul><li><a href="/gov/">Home</a></li><li><a href="/gov/news/">News</a></li><li><a href="/gov/archive/index.html">Archive</a></li></ul></div>
<div class="location">You are here: <a href="/gov/">Home</a> &gt;&gt; <a href="/gov/news/">News</a></div>
<div class="article">
<h1>{escape(a.title, quote=False)}</h1>
<div class="info">By <span class="source">chinadaily.com.cn</span> | <span class="info-date">Updated: {a.published:%Y-%m-%d %H:%M}</span></div>
<div id="Content" class="content">
{_paras_html(a)}
</div>
<div class="share">Share: <a href="javascript:shareWeibo()">Weibo</a></div>
</div>
<div class="right"><h3>Latest</h3><ul><li><a href="/gov/2021-01/04/c_800001.htm">Provincial museum reopens</a> <span>2021-01-04</span></li></ul></div>
<div class="footer"><p>Registration Number: 京ICP备13028878号-6 &nbsp; Tel: 0351-7777 888</p></div>
</body>
</html>
"""


def _rfc822(d: dt.datetime) -> str:
    return d.strftime("%a, %d %b %Y %H:%M:%S %z")


def _rss(articles: list[SynthArticle], title: str) -> str:
    items = "\n".join(
        f"""<item><title>{escape(a.title)}</title><link>{BASE}{a.path}</link><guid isPermaLink="true">{BASE}{a.path}</guid><pubDate>{_rfc822(a.published)}</pubDate></item>"""
        for a in sorted(articles, key=lambda a: (a.published, a.doc), reverse=True)
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
<channel>
<title>{escape(title)}</title>
<link>{BASE}/</link>
<description>{escape(title)}</description>
{items}
</channel>
</rss>
"""


def _archive(entries: list[SynthArticle], page_no: int, n_pages: int) -> str:
    items = "\n".join(
        f'<li><span class="date">{a.published:%Y-%m-%d}</span><a href="{a.path}" target="_blank">{escape(a.title)}</a></li>'
        for a in entries
    )
    nav = []
    if page_no > 0:
        nav.append(
            f'<a class="prev" href="{"index.html" if page_no == 1 else f"index_{page_no - 1}.html"}">Previous</a>'
        )
    if page_no < n_pages - 1:
        nav.append(f'<a class="next" href="index_{page_no + 1}.html">Next</a>')
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>News Archive</title></head>
<body>
<div class="nav"><a href="/gov/">Home</a> <a href="/gov/archive/index.html">Archive</a></div>
<h2>News Archive</h2>
<ul class="archive-list">
{items}
</ul>
<div class="pagination">{" ".join(nav)} <span>Page {page_no + 1} of {n_pages}</span></div>
</body>
</html>
"""


ROBOTS = "User-agent: *\nDisallow: /admin/\nAllow: /\n"


def _write(out: Path, path: str, text: str, encoding: str = "utf-8") -> None:
    rel = path.lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.html"
    f = out / rel
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_bytes(text.encode(encoding, errors="xmlcharrefreplace"))


def generate_site(out: Path, n_articles: int = 1000, seed: int = 0) -> None:
    """Write a synthetic site of n_articles pages under `out` (see the module doc for the layout)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    articles = list(generate_articles(n_articles, seed))
    gov = sorted((a for a in articles if a.site == "gov"), key=lambda a: (a.published, a.doc), reverse=True)
    for a in articles:
        _write(out, a.path, _news_html(a) if a.site == "news" else _gov_html(a), a.encoding)
    pages = [gov[i : i + ARCHIVE_PAGE_SIZE] for i in range(0, len(gov), ARCHIVE_PAGE_SIZE)] or [[]]
    for k, entries in enumerate(pages):
        _write(
            out,
            "/gov/archive/index.html" if k == 0 else f"/gov/archive/index_{k}.html",
            _archive(entries, k, len(pages)),
        )
    _write(out, "/news/rss.xml", _rss(articles, "SHINE News (synthetic): all articles"))
    _write(out, "/robots.txt", ROBOTS)
    expected = {
        a.path: {
            "doc": a.doc,
            "published": a.published.date().isoformat(),
            "title": a.title,
            "lang": a.lang,
            "encoding": a.encoding,
            "site": a.site,
            "figures": a.figures,
        }
        for a in articles
    }
    (out / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )
