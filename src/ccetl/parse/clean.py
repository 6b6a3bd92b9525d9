"""Cleaning of the paragraphs a generic extractor keeps: share bars, view counters,
related-link lists, advert blocks with phone numbers, forum signatures,
copyright lines and repeated paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ccetl.parse.tables import TableBlock

Block = str | TableBlock

# Whole paragraphs that are page furniture (matched on short paragraphs only).
_FURNITURE = re.compile(
    r"^(?:"
    r"分享到|分享至|分享：|分享:|一键分享|收藏本文|打印本页|打印本文|关闭窗口|【打印】|\[打印\]|【关闭】|【字体|字号[:：]|"
    r"上一篇|下一篇|上一條|下一條|上一条|下一条|返回顶部|返回首页|相关阅读|相关新闻|相关文章|相关链接|延伸阅读|推荐阅读|热门推荐|"
    r"Share this|Share:|Follow us|You may also like|Copyright ©|All rights reserved|©|版权所有|"
    r"责任编辑|責任編輯|编辑[:：]|編輯[:：]|Editor[:：]|来源[:：]|來源[:：]|"
    r"查看[:：]\s*\d+|点击[:：]?\s*\d+|點擊[:：]?\s*\d+|阅读[:：]\s*\d+|浏览[:：]?\s*\d+|瀏覽[:：]?\s*\d+|"
    r"浏览次数|阅读次数|点击数|人参与|条评论|发表评论|發表評論|网友评论|我要评论|"
    r"扫一扫|扫描二维码|微信扫|关注我们|关注微信|"
    r"Advertisement|ADVERTISEMENT|Advert$|Leave a comment|Tags?$|Tags?:|DON'T MISS|Don't miss|Most read|"
    r"Tell us what you think|This slideshow requires JavaScript|Read next|Also read|More on this|"
    r"Close$|Back to Gallery|Image \d+ of \d+|Photo \d+ of \d+|Like this:|Like Loading|Sharing is caring|More:$|"
    r"Highlights$|Loading\.\.\.|Skip Ad|Continue reading"
    r")",
    re.IGNORECASE,
)
# Button and brand words that also start real sentences ("Twitter said...", "注册资本..."):
# furniture only on a short line without sentence punctuation.
_FURNITURE_LOOSE = re.compile(
    r"^(?:Share|Tweet|Email|E-mail|Print|Facebook|Twitter|WhatsApp|LinkedIn|Reddit|Pinterest|Comments?|"
    r"Related|Read more|More from|Recommended|Sponsored|Sign up|Subscribe|Log ?in|Register|Trending|"
    r"Most popular|Click here|Follow|Copyright|登录|注册|評論|评论)\b",
    re.IGNORECASE,
)
_SENTENCE_PUNCT = re.compile(r"[，,；;]|[^.][.!?。！？]$")


def _is_sentence(p: str) -> bool:
    """Ends like a sentence (not an ellipsis) or has clause punctuation."""
    return bool(_SENTENCE_PUNCT.search(p.rstrip()))


_SUMMARY = re.compile(r"^(?:摘要|内容摘要|內容摘要|导读|導讀|Summary|Abstract)\s*[:：]", re.IGNORECASE)
_CAPTION = re.compile(
    r"\((?:Image|Images|Photo|Photos|Picture|Pictures|Credit|Source|Video)s?\s*:[^)]{0,80}\)\s*$"
    r"|^(?:Photo|Image|Picture)s?\s*:\s*\S.{0,80}$",
    re.IGNORECASE,
)
_PAGER = re.compile(
    r"上一页|下一页|上一頁|下一頁|第\s*\d+\s*页\s*/\s*共\s*\d+\s*页|<<\s*上一|Next page|Previous page"
)
_COUNTER = re.compile(
    r"(?:阅读|閱讀|评论|評論|点击|點擊|浏览|瀏覽|访问|訪問|访问统计|查看|人气|人氣|Views?|Comments?)\s*[（(:：]?\s*\d+",
    re.IGNORECASE,
)
_END_MARKER = re.compile(
    r"^(?:评论|評論|相关内容|相關內容|相关阅读|相關閱讀|相关新闻|相關新聞|相关文章|相關文章|相关链接|相關鏈接|延伸阅读|推荐阅读|"
    r"热门推荐|熱門推薦|猜你喜欢|文章评论|網友評論|网友评论|发表评论|發表評論|反侵权公告|版权声明|版權聲明|免责声明|"
    r"Related (?:Articles|Stories|News|Posts|Content)|More from|Most read|Comments|Leave a (?:comment|reply)|"
    r"You may also like|Recommended for you|More stories|网友留言|網友留言|读者留言|讀者留言|留言板|最新留言|全部评论|全部評論|"
    r"Reader comments|User comments)\s*(?:[（(]\s*\d+\s*[)）])?\s*[:：]?\s*$",
    re.IGNORECASE,
)
_ICP = re.compile(r"ICP[备備证證]|京公网安备|公网安备|网安备")
_PHONE = re.compile(
    r"(?<!\d)(?:1[3-9]\d[- ]?\d{4}[- ]?\d{4}|400[- ]?\d{3}[- ]?\d{4}|0\d{2,3}[- ]\d{7,8})(?!\d)"
)
_AD_WORDS = re.compile(
    r"咨询|热线|熱線|客服|加微信|微信号|微信[:：]|QQ[:：]|代理|加盟|招商|优惠|優惠|免费|免費|注册送|日赚|兼职|兼職|"
    r"回收|热卖|熱賣|订购|訂購|联系电话|聯繫電話|联系我们|电话[:：]|電話[:：]|手机[:：]|Call now|WhatsApp",
    re.IGNORECASE,
)
_SIGNATURE_START = re.compile(r"^(?:-{2,}|_{3,}|={3,}|签名|簽名|个性签名|本帖最后由|——+\s*$)")
_BYLINE_ONLY = re.compile(
    r"^(?:(?:发布时间|發佈時間|发布日期|时间|日期|来源|來源|作者|编辑|浏览|Updated|Published|By)\s*[:：]?.{0,80})$"
)
_DATE_ONLY = re.compile(r"^[\d\s:：/.\-年月日号时分秒()（）|UTC+]{6,40}$")


def is_furniture(p: str) -> bool:
    """A paragraph that is page furniture rather than article text."""
    n = len(p)
    if n <= 60 and _FURNITURE.match(p):
        return True
    if n <= 60 and _FURNITURE_LOOSE.match(p) and not _is_sentence(p):
        return True
    if n <= 100 and _PAGER.search(p) and not _is_sentence(p):
        return True
    if n <= 120 and _COUNTER.search(p) and (_HAS_DATE.search(p) or n <= 40) and not _is_sentence(p):
        return True
    if n <= 250 and _CAPTION.search(p):
        return True
    if n <= 200 and _ICP.search(p):
        return True
    if n <= 300 and _PHONE.search(p) and _AD_WORDS.search(p):
        return True
    return bool(n <= 40 and _DATE_ONLY.match(p))


_HEAD_LINE = re.compile(
    r"^(?:By\b|BY\b|Photo|Credit|Updated|Published|Posted|Last updated|Share|Caption|Close|Back to|Source:|"
    r"作者|来源|來源|记者|記者|编辑|編輯|责编|發佈|发布|时间|時間|日期|字号|字體|字体|点击|浏览|图片|圖片)",
    re.IGNORECASE,
)
_HAS_DATE = re.compile(
    r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}|\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d\d|\b\d{1,2}:\d\d\b"
)
_FULL_STOP = re.compile(r"[。！？]|[a-z]{3}\. [A-Z]")
_SENT_PUNCT = re.compile(r"[。！？；，,.!?;]")


def _norm_key(s: str) -> str:
    return "".join(s.split()).lower()


def trim_head(blocks: list[Block], title: str | None) -> list[Block]:
    """Drop the headline, bylines and dates written before the first real paragraph."""
    tkey = _norm_key(title) if title else ""
    i = 0
    n = len(blocks)
    while i < n - 1:
        b = blocks[i]
        if not isinstance(b, str) or len(b) > 120:
            break
        k = _norm_key(b)
        if tkey and len(k) >= 4 and (k in tkey or tkey in k):
            i += 1
            continue
        if (_HEAD_LINE.match(b) or _HAS_DATE.search(b)) and len(b) < 80 and not _FULL_STOP.search(b):
            i += 1
            continue
        if len(b) < 30 and not _SENT_PUNCT.search(b):
            i += 1
            continue
        break
    return blocks[i:]


def _short_line(b: Block) -> bool:
    return isinstance(b, str) and len(b) <= 25 and not _FULL_STOP.search(b)


def drop_advert_clusters(blocks: list[Block]) -> list[Block]:
    """Drop a phone-number line together with the run of short advert lines around it."""
    drop: set[int] = set()
    for i, b in enumerate(blocks):
        if isinstance(b, str) and len(b) <= 40 and _PHONE.search(b):
            drop.add(i)
            j = i - 1
            while j >= 0 and _short_line(blocks[j]):
                drop.add(j)
                j -= 1
            j = i + 1
            while j < len(blocks) and _short_line(blocks[j]):
                drop.add(j)
                j += 1
    if not drop:
        return blocks
    return [b for i, b in enumerate(blocks) if i not in drop]


# A forum reply's header after the article: "沙发 发表于 2024-5-10 10:02", "5# 发表于 …", "#2 Posted on …"
_POST_HEADER = re.compile(
    r"^(?:沙发|沙發|板凳|地板|地下室|\d+\s*#|#\s*\d+|\d+\s*楼|\d+\s*樓)?\s*[^\s，。,]{0,24}\s*(?:发表于|發表於|回复于|回覆於|"
    r"posted\s+(?:on|at))\s*\d{2,4}[-/年.]\d{1,2}[-/月.]\d{1,2}",
    re.IGNORECASE,
)


def cut_at_end_marker(blocks: list[Block]) -> list[Block]:
    """Cut at a "相关阅读"/"Related articles"/"Comments" heading in the second half of the text."""
    total = sum(len(b) for b in blocks if isinstance(b, str))
    seen = 0
    for i, b in enumerate(blocks):
        if isinstance(b, str):
            if i > 0 and seen >= 0.4 * total and (
                    (len(b) <= 40 and _END_MARKER.match(b)) or (len(b) <= 80 and _POST_HEADER.match(b))):
                return blocks[:i]
            seen += len(b)
    return blocks


def clean_blocks(blocks: Sequence[Block], title: str | None = None) -> list[Block]:
    """Drop furniture, signatures and repeated paragraphs; keep tables."""
    blocks = cut_at_end_marker(trim_head(list(blocks), title))
    out: list[Block] = []
    seen: set[str] = set()
    for b in blocks:
        if isinstance(b, TableBlock):
            out.append(b)
            continue
        p = b
        if is_furniture(p):
            continue
        if _SIGNATURE_START.match(p) and len(p) < 200:
            # A forum signature: the separator line and what follows it in this post.
            continue
        key = "".join(p.split())
        if len(key) >= 10 and key in seen:
            continue
        seen.add(key)
        out.append(p)
    out = drop_advert_clusters(out)
    # Trailing furniture after the article (short lines with no sentence punctuation).
    while out and isinstance(out[-1], str) and _is_trailing_junk(out[-1]):
        out.pop()
    return out


_SENT_END = re.compile(r"[。！？.!?」”\"')）]$")


def _is_trailing_junk(p: str) -> bool:
    if len(p) > 40:
        return False
    return bool(_BYLINE_ONLY.match(p))
