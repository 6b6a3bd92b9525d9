"""Main-text extraction on lxml: page furniture removal, content scoring, block walk.

The generic extractor scores text-bearing elements (length, punctuation, link
density, class/id hints) and propagates the scores to their ancestors, picks the
best container and walks it into blocks: paragraphs (str) and data tables
(TableBlock). Per-source CSS selectors replace the scoring when given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ccetl.parse.tables import TableBlock, build_table, is_data_table, text_of

Element = Any  # lxml.etree._Element (kept loose for mypy without stubs)

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "iframe",
    "svg",
    "object",
    "embed",
    "select",
    "button",
    "textarea",
    "input",
    "template",
    "canvas",
    "map",
    "video",
    "audio",
    "link",
    "meta",
)
_STRUCT_DROP = ("nav", "footer", "aside", "menu", "dialog")

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "blockquote",
        "pre",
        "header",
        "footer",
        "nav",
        "aside",
        "form",
        "center",
        "main",
        "figure",
        "figcaption",
        "caption",
        "hr",
        "address",
        "fieldset",
        "details",
        "summary",
        "body",
        "html",
    ]
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Elements whose own text counts as a paragraph for scoring. <li> is left out: link lists and
# thread lists (title, author, date per item) would otherwise win over the article.
_PARA_TAGS = frozenset(
    [
        "p",
        "pre",
        "td",
        "th",
        "blockquote",
        "dd",
        "div",
        "section",
        "article",
        "center",
        "font",
        "span",
        "main",
    ]
)

# Class/id hints: substrings anywhere, and whole words (split on space, _ and -).
_NEG_SUB = re.compile(
    r"comment|share|sharing|social|footer|navbar|sidebar|related|recommend|breadcrumb|crumb|advert|adsense|"
    r"banner|sponsor|promo|popup|modal|cookie|subscribe|newsletter|signup|copyright|pagination|pager|widget|"
    r"toolbar|masthead|hotnews|hotlist|ranking|xgyd|xgxw|xgwz|fenxiang|bdshare|jiathis|bshare|disclaimer|"
    r"outbrain|taboola|morestories|readmore|authorbio|topbar|topnav|friendlink|flink|popular|trending|"
    r"mostread|most-read|most_read|readnext|read-next|alsoread|also-read|dontmiss|dont-miss|newsletter|"
    r"slideshow|gallery|signature|postsign|usersign|caption|byline|credit|photo-?meta"
)
_NEG_WORDS = frozenset(
    [
        "sign",
        "sig",
        "nav",
        "menu",
        "foot",
        "ad",
        "ads",
        "tag",
        "tags",
        "hot",
        "rel",
        "pos",
        "location",
        "ticker",
        "links",
        "print",
        "search",
        "login",
        "share",
        "rank",
    ]
)
_STRONG_NEG = re.compile(r"comment|disqus|respond|copyright|related|recommend|share|social|outbrain|taboola")
_POS_SUB = re.compile(r"article|content|entry|story|detail|zhengwen|artibody|trs_editor|pagecontent|blog")
_POS_WORDS = frozenset(["body", "main", "post", "text", "con", "news"])
_SPLIT = re.compile(r"[\s_\-]+")


_PUNCT = re.compile(r"[,，。、；;！？!?]|\.\s")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f \t\r\f\v\u00a0\u2000-\u200b\u3000\ufeff]+")
_CJK_NL = re.compile(
    r"(?<=[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])[ \t]*\n\s*(?=[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])"
)
_CTRL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_TITLE_SPLIT = re.compile(r"\s*(?:_|\s[-|–—»:]\s|\|)\s*")

_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)


@dataclass
class Extracted:
    """What the HTML stage found: blocks of the main text and page metadata."""

    blocks: list[str | TableBlock]
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    jsonld: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    html_lang: str | None = None
    byline_texts: list[str] = field(default_factory=list)  # text of the date selector's matches
    time_strong: list[str] = field(default_factory=list)  # <time datetime> marked as the publication time
    time_other: list[str] = field(default_factory=list)  # other <time datetime> values, in order
    content_start: Element = None  # the first content container (for byline look-ups)
    _around: tuple[list[str], list[str]] | None = None
    spam: list[str] = field(default_factory=list)  # injected link texts left out of the text
    body: Element = None  # the cleaned page body (for lazy look-ups)
    _page_texts: list[str] | None = None
    title_tag: str | None = None  # the <title> as written (site names ride on it)

    def _texts(self) -> tuple[list[str], list[str]]:
        if self._around is None:
            if self.body is None or self.content_start is None:
                self._around = ([], [])
            else:
                self._around = _texts_around(self.body, self.content_start)
        return self._around

    @property
    def pre_texts(self) -> list[str]:
        """Text chunks before the content start, nearest first (outside links and list items)."""
        return self._texts()[0]

    @property
    def head_texts(self) -> list[str]:
        """The first text chunks of the content."""
        return self._texts()[1]

    def page_texts(self) -> list[str]:
        """Visible text chunks of the page in order, outside links and list items."""
        if self._page_texts is None:
            self._page_texts = _visible_texts(self.body) if self.body is not None else []
        return self._page_texts


def norm_ws(s: str) -> str:
    """Collapse white space; join CJK lines broken by the source's line wrapping."""
    if "\n" in s:
        s = _CJK_NL.sub("", s)
    return " ".join(_WS.sub(" ", s).split())


def _attr_str(el: Element) -> str:
    c = el.get("class")
    i = el.get("id")
    if c and i:
        return c + " " + i
    return c or i or ""


_HINT_CACHE: dict[str, tuple[bool, bool]] = {}


def _hints(s: str) -> tuple[bool, bool]:
    """(negative, positive) class/id hints of an attribute string, cached."""
    r = _HINT_CACHE.get(s)
    if r is None:
        low = s.lower()
        words = set(_SPLIT.split(low))
        r = (
            bool(_NEG_SUB.search(low)) or not words.isdisjoint(_NEG_WORDS),
            bool(_POS_SUB.search(low)) or not words.isdisjoint(_POS_WORDS),
        )
        if len(_HINT_CACHE) > 50000:
            _HINT_CACHE.clear()
        _HINT_CACHE[s] = r
    return r


def _class_weight(el: Element) -> int:
    s = _attr_str(el)
    if not s:
        return 0
    neg, pos = _hints(s)
    return (25 if pos else 0) - (25 if neg else 0)


def parse_tree(html: str) -> Element | None:
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        root = etree.fromstring(html, _PARSER)
    except (etree.ParserError, ValueError):
        return None
    return root


def _head_info(root: Element, out: Extracted) -> str | None:
    title_tag: str | None = None
    for el in root.iter("title", "meta", "link", "script", "html", "time"):
        tag = el.tag
        if tag == "time":
            v = el.get("datetime") or el.get("content")
            if v:
                strong = (
                    el.get("pubdate") is not None
                    or (el.get("itemprop") or "").lower() in ("datepublished", "datecreated")
                    or "publish" in (el.get("class") or "").lower()
                )
                (out.time_strong if strong else out.time_other).append(v)
        elif tag == "title":
            if title_tag is None and el.text:
                title_tag = norm_ws(el.text)
        elif tag == "meta":
            key = el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv")
            content = el.get("content")
            if key and content:
                k = key.strip().lower()
                if k not in out.meta:
                    out.meta[k] = content.strip()
        elif tag == "link":
            if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
                out.canonical_url = el.get("href").strip()
        elif tag == "script":
            if (el.get("type") or "").lower() == "application/ld+json" and el.text:
                out.jsonld.append(el.text)
        elif tag == "html":
            lang = el.get("lang") or el.get("xml:lang")
            if lang:
                out.html_lang = lang.strip()
    return title_tag


def _clean_tree(root: Element) -> None:
    etree.strip_elements(root, *_DROP_TAGS, with_tail=False)
    head = root.find("head")
    if head is not None:
        head.getparent().remove(head)
    # Hidden elements.
    for el in root.xpath("//*[@style or @hidden or @aria-hidden]"):
        st = el.get("style")
        if st:
            st = st.replace(" ", "").lower()
            if "display:none" in st or "visibility:hidden" in st:
                _drop(el)
                continue
        if el.get("hidden") is not None or el.get("aria-hidden") == "true":
            _drop(el)


def _drop(el: Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        try:
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        except ValueError:  # control characters lxml will not store
            tail = _CTRL_CHARS.sub("", tail)
            if prev is not None:
                prev.tail = _CTRL_CHARS.sub("", prev.tail or "") + tail
            else:
                parent.text = _CTRL_CHARS.sub("", parent.text or "") + tail
    parent.remove(el)


def _is_unlikely(el: Element) -> bool:
    tag = el.tag
    if tag in ("body", "html", "a", "table", "tbody", "tr", "td", "th", "article", "main"):
        return False
    s = _attr_str(el)
    if not s:
        return False
    neg, pos = _hints(s)
    return neg and not pos


def _remove_unlikely(root: Element) -> None:
    for el in list(root.iter(*_STRUCT_DROP)):
        if el.getparent() is not None and not (el.tag == "footer" and _has_long_text(el)):
            _drop(el)
    for el in root.xpath(".//*[@class or @id]"):
        if _is_unlikely(el) and el.getparent() is not None:
            # Keep a container holding most of the page's running text (some sites
            # put the article in a class="side-main-news" box).
            if _has_long_text(el) and not _STRONG_NEG.search(_attr_str(el).lower()):
                continue
            _drop(el)
    for el in list(root.iter("figcaption")):
        _drop(el)


def _has_long_text(el: Element) -> bool:
    n = 0
    for p in el.iter("p"):
        t = text_of(p)
        n += len(t)
        if n > 600:
            return True
    return False


@dataclass(slots=True)
class _Stats:
    tl: int = 0  # text length
    ll: int = 0  # link text length
    score: float = 0.0
    scored: bool = False
    punct: int = 0


def _init_score(el: Element, st: _Stats) -> None:
    tag = el.tag
    if tag in ("div", "article", "main"):
        s = 5.0
    elif tag in ("pre", "td", "blockquote"):
        s = 3.0
    elif tag in ("address", "ol", "ul", "dl", "dd", "dt", "li", "form"):
        s = -3.0
    elif tag in _HEADINGS or tag == "th":
        s = -5.0
    else:
        s = 0.0
    st.score = s + _class_weight(el)
    st.scored = True


def _score(root: Element) -> tuple[dict[Element, _Stats], Element | None]:
    stats: dict[Element, _Stats] = {}
    for _ev, el in etree.iterwalk(root, events=("end",)):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        st = stats.get(el)
        if st is None:
            st = _Stats()
            stats[el] = st
        own = len(el.text.strip()) if el.text else 0
        para_len = own
        para_links = 0
        punct = len(_PUNCT.findall(el.text)) if el.text and own else 0
        tl = own
        ll = 0
        for c in el:
            cs = stats.get(c)
            tail = c.tail
            if tail:
                t = tail.strip()
                if t:
                    tl += len(t)
                    para_len += len(t)
                    punct += len(_PUNCT.findall(t))
            if cs is None:
                continue
            tl += cs.tl
            ll += cs.ll
            if c.tag not in BLOCK_TAGS:
                para_len += cs.tl
                para_links += cs.ll
                punct += cs.punct
        if tag == "a":
            ll = tl
            para_links = para_len
        st.tl = tl
        st.ll = ll
        st.punct = punct if tag not in BLOCK_TAGS else 0
        if tag in _PARA_TAGS and para_len >= 20 and para_links * 2 < para_len:
            s = 1.0 + punct + min(para_len / 60.0, 4.0)
            anc = el.getparent()
            level = 0
            while anc is not None and level < 5:
                ast = stats.get(anc)
                if ast is None:
                    ast = _Stats()
                    stats[anc] = ast
                if not ast.scored:
                    _init_score(anc, ast)
                div = 1.0 if level == 0 else (2.0 if level == 1 else level * 3.0)
                ast.score += s / div
                anc = anc.getparent()
                level += 1
            if tag in (
                "td",
                "div",
                "pre",
                "blockquote",
                "dd",
                "section",
                "article",
                "font",
                "span",
                "center",
                "main",
            ):
                # text written straight into a container (br-separated): the container itself is content
                if not st.scored:
                    _init_score(el, st)
                st.score += s * 0.5
    best: Element | None = None
    best_score = 0.0
    for el, st in stats.items():
        if not st.scored:
            continue
        tl = st.tl
        ld = st.ll / tl if tl else 0.0
        st.score *= 1.0 - ld
        if st.score > best_score:
            best_score = st.score
            best = el
    return stats, best


def _select_candidate(root: Element, stats: dict[Element, _Stats], top: Element) -> list[Element]:
    top_score = stats[top].score
    top_tl = stats[top].tl
    # Alternative candidates (with comparable text) sharing an ancestor.
    alts = sorted(
        (
            el
            for el, st in stats.items()
            if st.scored and el is not top and st.score >= 0.75 * top_score and st.tl >= 0.3 * top_tl
        ),
        key=lambda e: -stats[e].score,
    )[:4]
    if len(alts) >= 3:
        alt_anc = [set(_ancestors(a)) | {a} for a in alts]
        parent = top.getparent()
        while parent is not None and parent.tag not in ("body", "html"):
            if sum(1 for s in alt_anc if parent in s) >= 3:
                top = parent
                break
            parent = parent.getparent()
    # Climb while the parent scores better.
    last = stats[top].score
    parent = top.getparent()
    while parent is not None and parent.tag not in ("body", "html"):
        pst = stats.get(parent)
        if pst is None or not pst.scored:
            parent = parent.getparent()
            continue
        if pst.score < last / 3:
            break
        if pst.score > last:
            top = parent
            last = pst.score
        parent = parent.getparent()
    while True:
        parent = top.getparent()
        if parent is None or parent.tag in ("body", "html") or len(parent) != 1:
            break
        top = parent
    # Siblings worth including.
    parent = top.getparent()
    if parent is None:
        return [top]
    tst = stats[top]
    threshold = max(10.0, tst.score * 0.2)
    out: list[Element] = []
    for sib in parent:
        if not isinstance(sib.tag, str):
            continue
        if sib is top:
            out.append(sib)
            continue
        sst = stats.get(sib)
        if sst is None:
            continue
        bonus = 0.0
        if _attr_str(sib) and _attr_str(sib) == _attr_str(top):
            bonus = tst.score * 0.2
        if sst.scored and sst.score + bonus >= threshold:
            out.append(sib)
        elif sib.tag == "p" and sst.tl:
            ld = sst.ll / sst.tl
            if sst.tl > 80 and ld < 0.25 or sst.tl >= 20 and ld == 0 and sst.punct:
                out.append(sib)
    return out or [top]


def _add_split_chunks(
    body: Element, stats: dict[Element, _Stats], top: Element, containers: list[Element]
) -> list[Element]:
    """Articles split into several same-class boxes (ads between chunks): add the other chunks."""
    key = _attr_str(top)
    if not key:
        return containers
    tscore = stats[top].score
    extra = [
        el
        for el, st in stats.items()
        if st.scored
        and el.tag == top.tag
        and st.score >= 0.15 * tscore
        and el not in containers
        and _attr_str(el) == key
    ]
    if not extra:
        return containers
    chosen = set(containers)
    keep = []
    for el in extra:
        anc = set(_ancestors(el))
        if anc & chosen:
            continue
        if any(el in set(_ancestors(c)) for c in containers):
            continue
        keep.append(el)
    if not keep:
        return containers
    order = {el: i for i, el in enumerate(body.iter())}
    return sorted(containers + keep, key=lambda e: order.get(e, 0))


def _ancestors(el: Element) -> Iterable[Element]:
    p = el.getparent()
    while p is not None:
        yield p
        p = p.getparent()


def spam_anchor_texts(containers: list[Element], title: str | None, keywords: str | None) -> frozenset[str]:
    """Link texts that spam sites inject into sentences: short anchors inside running text,
    repeated in the article and named in the page title or keywords (the SEO target)."""
    target = (title or "") + " " + (keywords or "")
    if not target.strip():
        return frozenset()
    counts: dict[str, int] = {}
    for c in containers:
        for a in c.iter("a"):
            t = norm_ws(text_of(a))
            if not (2 <= len(t) <= 20) or t not in target:
                continue
            parent = a.getparent()
            if parent is None:
                continue
            # Inline in a sentence: the paragraph has text of its own around the link.
            own = len((parent.text or "").strip()) + sum(len((k.tail or "").strip()) for k in parent)
            if own < 20:
                continue
            counts[t] = counts.get(t, 0) + 1
    return frozenset(t for t, n in counts.items() if n >= 2)


class _Walker:
    """Turns a content subtree into blocks (paragraphs and tables)."""

    def __init__(
        self, stats: dict[Element, _Stats] | None, conditional: bool = True, keep: Element | None = None
    ) -> None:
        self.stats = stats or {}
        self.keep: set[Element] = set()
        if keep is not None:
            self.keep.add(keep)
            self.keep.update(_ancestors(keep))
        self.blocks: list[str | TableBlock] = []
        self.buf: list[str] = []
        self.conditional = conditional
        self.spam: frozenset[str] = frozenset()

    def flush(self) -> None:
        if self.buf:
            t = norm_ws("".join(self.buf))
            self.buf = []
            if t:
                self.blocks.append(t)

    def _skip(self, el: Element) -> bool:
        if not self.conditional or el in self.keep:
            return False
        tag = el.tag
        if (
            tag
            not in (
                "div",
                "ul",
                "ol",
                "section",
                "table",
                "dl",
                "form",
                "p",
                "li",
                "span",
                "center",
                "header",
            )
            and tag not in _HEADINGS
        ):
            return False
        st = self.stats.get(el)
        if st is None or st.tl == 0:
            return False
        ld = st.ll / st.tl
        if tag in _HEADINGS:
            return ld > 0.5
        if tag in ("p", "span", "li"):
            return ld > 0.6 and st.tl < 200
        if ld > 0.5:
            return True
        return bool(ld > 0.3 and st.tl < 300)

    def walk(self, root: Element) -> None:
        stack: list[tuple[Element, int]] = [(root, 0)]
        # 0 = enter, 1 = exit
        while stack:
            el, phase = stack.pop()
            tag = el.tag
            if phase == 1:
                if tag in BLOCK_TAGS:
                    self.flush()
                if el is not root and el.tail:
                    self.buf.append(el.tail)
                continue
            if not isinstance(tag, str):
                if el is not root and el.tail:
                    self.buf.append(el.tail)
                continue
            if el is not root and self._skip(el):
                if el.tail:
                    self.buf.append(el.tail)
                continue
            if tag == "a" and self.spam and norm_ws(text_of(el)) in self.spam:
                if el.tail:
                    self.buf.append(el.tail)
                continue
            if tag == "br":
                self.flush()
                if el.tail:
                    self.buf.append(el.tail)
                continue
            if tag == "table" and is_data_table(el):
                self.flush()
                tb = build_table(el, norm_ws)
                if tb is not None:
                    self.blocks.append(tb)
                if el is not root and el.tail:
                    self.buf.append(el.tail)
                continue
            if tag in ("td", "th") and self.buf:
                self.buf.append(" ")
            if tag in BLOCK_TAGS:
                self.flush()
            if tag == "img":
                if el.tail and el is not root:
                    self.buf.append(el.tail)
                continue
            stack.append((el, 1))
            if el.text:
                self.buf.append(el.text)
            for c in reversed(el):
                stack.append((c, 0))
        self.flush()


def _title(root: Element, title_tag: str | None, meta: dict[str, str]) -> str | None:
    h1 = None
    for el in root.iter("h1"):
        t = norm_ws(text_of(el))
        if 2 <= len(t) <= 300:
            h1 = t
            break
    og = meta.get("og:title")
    if h1 and (not title_tag or h1[:8] in title_tag or (og and h1[:8] in og)):
        return h1
    if og:
        return norm_ws(og)
    if title_tag:
        parts = [p for p in _TITLE_SPLIT.split(title_tag) if p]
        if parts:
            first = parts[0]
            if len(first) >= 4 or len(parts) == 1:
                return first
            return max(parts, key=len)
    return h1


_SOURCE_LINE = re.compile(r"(?:信息来源|信息來源|文章来源|文章來源|来源|來源|發布單位|发布单位|Source)\s*[:：]\s*"
                          r"([^\s|｜:：]{2,40}(?:\s[^\s|｜:：]{2,20}){0,3})", re.IGNORECASE)
_SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title", "publisher", "article:publisher",
              "source", "site_name", "sitename")


def find_site(ex: Extracted) -> str | None:
    """Who publishes the page (site name, the title's suffix, a "来源：" line), joined with " | ".

    A statistics bureau's page often names its city only here ("全市…" in the body)."""
    parts: list[str] = []
    for k in _SITE_META:
        v = ex.meta.get(k)
        if v and len(v) <= 80 and "://" not in v:
            parts.append(norm_ws(v))
    if ex.title_tag:
        parts.extend(p for p in _TITLE_SPLIT.split(ex.title_tag)[1:] if p and len(p) <= 60)
    for t in ex.pre_texts[:20] + ex.head_texts[:5]:
        m = _SOURCE_LINE.search(t)
        if m:
            parts.append(m.group(1))
    seen: list[str] = []
    for p in parts:
        if p not in seen:
            seen.append(p)
    return " | ".join(seen)[:300] or None


def _select(root: Element, selector: str) -> list[Element]:
    try:
        from lxml.cssselect import CSSSelector
    except ImportError:  # pragma: no cover
        return []
    try:
        return list(CSSSelector(selector)(root))
    except Exception:  # noqa: BLE001 - a bad selector means "not found"
        return []


def _texts_around(
    root: Element, start: Element, before: int = 40, after: int = 15
) -> tuple[list[str], list[str]]:
    """Text chunks just before `start` (nearest first) and the first ones inside it (outside links/list items)."""
    pre: list[str] = []
    head: list[str] = []
    inside = False
    skip_depth = 0
    for ev, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag
        if ev == "start":
            if el is start:
                inside = True
            if tag in ("a", "li", "option"):
                skip_depth += 1
            elif skip_depth == 0 and el.text:
                t = el.text.strip()
                if t:
                    (head if inside else pre).append(t[:1000])
        else:
            if tag in ("a", "li", "option"):
                skip_depth -= 1
            if el is start:
                inside = False
                break
            if skip_depth == 0 and el.tail:
                t = el.tail.strip()
                if t:
                    (head if inside else pre).append(t[:1000])
        if len(head) >= after:
            break
    pre = pre[-before:]
    pre.reverse()
    return pre, head


def _visible_texts(root: Element) -> list[str]:
    """Text chunks of the page in order, outside links and list items (for byline dates)."""
    out: list[str] = []
    for ev, el in etree.iterwalk(root, events=("start", "end")):
        if ev == "start":
            if el.text and el.tag not in ("a", "li", "option"):
                t = el.text.strip()
                if t:
                    out.append(t)
        else:
            if el.tail:
                t = el.tail.strip()
                if t:
                    out.append(t)
    return out


def extract(
    html: str,
    body_selector: str | None = None,
    title_selector: str | None = None,
    date_selector: str | None = None,
) -> Extracted:
    """Extract the main text blocks and metadata of a decoded HTML page."""
    out = _extract(html, body_selector, title_selector, date_selector, remove_unlikely=True)
    if (
        not body_selector
        and out.body is not None
        and sum(len(b) for b in out.blocks if isinstance(b, str)) < 250
    ):
        # The furniture filter may have thrown away the article's container: try without it.
        again = _extract(html, None, title_selector, date_selector, remove_unlikely=False)
        if _text_len(again.blocks) > _text_len(out.blocks) * 2:
            return again
    return out


def _text_len(blocks: list[str | TableBlock]) -> int:
    return sum(len(b) if isinstance(b, str) else sum(len(c) for r in b.rows for c in r) for b in blocks)


def _extract(
    html: str,
    body_selector: str | None = None,
    title_selector: str | None = None,
    date_selector: str | None = None,
    remove_unlikely: bool = True,
) -> Extracted:
    root = parse_tree(html)
    out = Extracted(blocks=[])
    if root is None:
        return out
    title_tag = _head_info(root, out)
    out.title_tag = title_tag
    _clean_tree(root)
    body = root.find("body")
    if body is None:
        body = root
    if date_selector:
        for el in _select(root, date_selector):
            out.byline_texts.append(norm_ws(text_of(el)))
    out.title = None
    if title_selector:
        found = _select(root, title_selector)
        if found:
            out.title = norm_ws(text_of(found[0])) or None
    if out.title is None:
        out.title = _title(root, title_tag, out.meta)
    containers: list[Element] = []
    if body_selector:
        containers = _select(root, body_selector)
    out.body = body
    stats: dict[Element, _Stats] = {}
    if containers:
        walker = _Walker(None, conditional=False)
        for c in containers:
            walker.walk(c)
        out.blocks = walker.blocks
        return out
    if remove_unlikely:
        _remove_unlikely(body)
    stats, top = _score(body)
    containers = [body] if top is None else _select_candidate(body, stats, top)
    if top is not None:
        containers = _add_split_chunks(body, stats, top, containers)
    out.content_start = containers[0]
    walker = _Walker(stats, keep=top)
    walker.spam = spam_anchor_texts(containers, title_tag, out.meta.get("keywords"))
    out.spam = sorted(walker.spam)
    for c in containers:
        walker.walk(c)
    out.blocks = walker.blocks
    return out
