"""Cleaning: share bars, related links, adverts with phone numbers, signatures, counters, repeats."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccetl.parse import parse_html
from ccetl.parse.clean import clean_blocks, is_furniture

P1 = "2023年，广东规模以上文化及相关产业企业实现营业收入2.25万亿元，同比增长6.0%，占全国的比重为17.36%。"
P2 = (
    "目前，全省拥有规模以上文化及相关产业企业1.08万家，约占全国的七分之一；国家文化产业示范基地和园区共29家。"
)
P3 = "广东文化产品和服务出口额约占全国的2/5，出口覆盖160多个国家和地区，形成以数字出版为优势的出口格局。"


def test_page_furniture_removed() -> None:
    html = f"""<html><head><title>广东文化产业_新闻中心</title></head><body>
    <div class="nav"><a href="/">首页</a> <a href="/news">新闻</a> <a href="/app">APP下载</a></div>
    <div class="content"><h1>广东文化产业</h1>
    <div class="info">2024-07-15 09:12 来源：南方+ 查看: 2014</div>
    <div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
    <div class="article"><p>{P1}</p><p>{P2}</p><p>{P2}</p><p>{P3}</p>
    <p>查看: 2014</p>
    <p>欢迎加盟代理，咨询热线：400-123-4567，加微信 ag88866 日赚3000+</p></div>
    <div class="related"><h3>相关阅读</h3><ul><li><a href="/1">另一篇新闻标题一</a> 2024-07-14</li>
    <li><a href="/2">另一篇新闻标题二</a> 2024-07-13</li></ul></div>
    <div class="comments"><p>网友评论：写得好，文化产业就是要大力发展，支持支持支持！！！</p></div>
    </div>
    <div class="footer">Copyright © 2024 版权所有 客服热线：181-2345-6789 粤ICP备2024012345号</div>
    </body></html>"""
    art = parse_html(html.encode("utf-8"), doc="p.html")
    text = art.text
    for p in (P1, P2, P3):
        assert p in text
    assert text.count(P2) == 1  # repeated paragraph kept once
    for noise in (
        "分享到",
        "查看",
        "400-123-4567",
        "相关阅读",
        "另一篇新闻",
        "网友评论",
        "ICP",
        "APP下载",
        "首页",
    ):
        assert noise not in text, noise
    assert art.title == "广东文化产业"
    assert art.published is not None and art.published.isoformat() == "2024-07-15"


def test_forum_signature_and_english_share_bar() -> None:
    body = "Cultural and creative industries in Beijing generated revenue of 1.2 trillion yuan in 2017, officials said."
    html = f"""<html><body><div id="post"><p>{body}</p><p>{body.replace("Beijing", "Shanghai")}</p>
    <p>Share this: Facebook Twitter Email</p>
    <p>----------</p><p>Advertisement</p></div></body></html>"""
    text = parse_html(html, doc="f.html").text
    assert body in text
    assert "Share this" not in text and "Advertisement" not in text and "-----" not in text


def test_is_furniture() -> None:
    assert is_furniture("分享到：")
    assert is_furniture("查看: 2014")
    assert is_furniture("Copyright © 2024 Example Ltd")
    assert is_furniture("联系电话：010-12345678 欢迎咨询")
    assert not is_furniture(P1)
    # Sentences that start like buttons or carry counters stay.
    assert not is_furniture("Twitter declined to comment.")
    assert not is_furniture("Facebook shares fell 5% on Monday.")
    assert not is_furniture("注册企业数量增长12%。")
    assert not is_furniture("今年春节期间（2023年1月），相关视频浏览1.2亿次。")
    assert is_furniture("作者:zboygirl 阅读(1660) 评论(5) 编辑 发表于:2005-07-31 12:30")
    assert is_furniture("第1页/共1页 << 上一页 | 下一页 >>")
    assert not is_furniture("The company's hotline received 400 calls a day in 2023, the report said.")


def test_clean_blocks_keeps_order_and_drops_repeats() -> None:
    blocks = clean_blocks([P1, "分享到：微信", P2, P1, P3])
    assert blocks == [P1, P2, P3]


def test_property_advert_cluster_and_comment_box() -> None:
    article = [P1, P2, P3]
    advert = [
        "评论",
        "评论:",
        "免费",
        "咨询",
        "免费咨询",
        "400-876-1589",
        "8万+套精品房源",
        "100+人专业顾问",
        "返回顶部",
    ]
    html = (
        "<html><body><div class='article'>"
        + "".join(f"<p>{p}</p>" for p in article + advert)
        + "</div></body></html>"
    )
    assert parse_html(html, doc="a.html").text == "\n\n".join(article)


SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not present")
def test_seed_articles_wrapped_in_html_keep_their_text() -> None:
    for f in sorted(SEEDS.glob("*.txt")):
        paras = [p for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
        html = (
            "<html><body><div class='article'>"
            + "".join(f"<p>{p}</p>" for p in paras)
            + "</div></body></html>"
        )
        kept = parse_html(html, doc=f.name).text.split("\n\n")
        dropped = [p for p in paras if " ".join(p.split()) not in kept]
        # Only page furniture goes: the property advert after seed 002 and a bare date line.
        assert all(len(p) <= 25 for p in dropped), (f.name, dropped)


def test_discuz_forum_post_signature_and_counters() -> None:
    post = (
        "江苏文化企业营业收入8847.2亿元，同比增长20.5%，两年平均增长7.9%，九大行业营业收入全部实现同比增长。"
    )
    html = f"""<html><body><table class="plhin"><tr><td class="pls">楼主 <em>查看: 2014</em>|<em>回复: 5</em></td>
    <td class="plc"><div class="pi">发表于 2021-12-08 10:21</div>
    <div class="t_fsz"><table><tr><td class="t_f" id="postmessage_1">{post}<br><br>{post.replace("江苏", "浙江")}</td></tr></table></div>
    <div class="sign">人生如戏，全靠演技 —— 我的小店 www.example.com 欢迎光临</div></td></tr></table></body></html>"""
    text = parse_html(html, doc="forum.html").text
    assert post in text
    assert "人生如戏" not in text and "查看" not in text and "回复" not in text


def test_injected_spam_links_removed_but_single_site_link_kept() -> None:
    spam = "<a href='http://x.a899.cn/'>AG超玩会入口</a>"
    html = f"""<html><head><title>广东文化产业_AG超玩会入口_新闻中心</title></head><body><div class="article">
    <p>{P1[:20]}{spam}{P1[20:]}</p><p>{P2[:10]}{spam}{P2[10:]}</p><p>{P3}</p></div></body></html>"""
    text = parse_html(html, doc="s.html").text
    assert "AG超玩会入口" not in text and P1 in text and P2 in text
    own = f"""<html><head><title>广东文化产业_南方网</title></head><body><div class="article">
    <p>据<a href="http://www.southcn.com/">南方网</a>报道，{P1}</p><p>{P2}</p><p>{P3}</p></div></body></html>"""
    assert "据南方网报道" in parse_html(own, doc="o.html").text
