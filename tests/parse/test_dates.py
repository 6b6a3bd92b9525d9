"""Publication dates: meta, JSON-LD, <time>, bylines in each written form, URLs; article date over related links."""

from __future__ import annotations

import datetime as dt

import pytest

from ccetl.parse import parse_html
from ccetl.parse.dates import dates_in, labelled_date, parse_date, url_date

BODY = "<p>" + "Cultural industries grew quickly, the bureau said, and revenue rose 5 percent. " * 4 + "</p>"
ZH_BODY = "<p>" + "全国规模以上文化及相关产业企业实现营业收入增长，比上年增长百分之五。" * 4 + "</p>"


def _page(head: str = "", before: str = "", body: str = BODY, after: str = "") -> str:
    return (
        f"<html><head><title>Title</title>{head}</head><body><div class='header'><a href='/'>Home</a></div>"
        f"<div class='main'><h1>Title of the article</h1>{before}<div class='article-content'>{body}</div>{after}</div>"
        "</body></html>"
    )


@pytest.mark.parametrize(
    ("head", "want"),
    [
        (
            '<meta property="article:published_time" content="2024-05-31T08:00:00+08:00">',
            dt.date(2024, 5, 31),
        ),
        ('<meta name="pubdate" content="2019-02-13 10:00">', dt.date(2019, 2, 13)),
        ('<meta name="PubDate" content="2021-08-27">', dt.date(2021, 8, 27)),
        (
            '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2023-07-05T10:00:00Z"}</script>',
            dt.date(2023, 7, 5),
        ),
    ],
)
def test_meta_and_jsonld(head: str, want: dt.date) -> None:
    assert parse_html(_page(head=head), doc="x").published == want


@pytest.mark.parametrize(
    ("byline", "want"),
    [
        ("Updated: 2024-05-31", dt.date(2024, 5, 31)),
        ("发布时间：2019年02月13日", dt.date(2019, 2, 13)),
        ("發佈時間：2020年3月4日 10:20", dt.date(2020, 3, 4)),
        ("2024-11-25 20:52", dt.date(2024, 11, 25)),
        ("20:52 UTC+8, 2024-11-25", dt.date(2024, 11, 25)),
        ("By Li Wei | Updated: May 31, 2024", dt.date(2024, 5, 31)),
        ("Published 31 May 2024", dt.date(2024, 5, 31)),
        ("时间：2021-01-31 09:50:05 来源：国家统计局", dt.date(2021, 1, 31)),
    ],
)
def test_bylines(byline: str, want: dt.date) -> None:
    html = _page(before=f"<div class='info'>{byline}</div>")
    assert parse_html(html, doc="x").published == want


def test_time_element() -> None:
    html = _page(before='<time datetime="2022-12-30T09:00:00+08:00">Dec 30</time>')
    assert parse_html(html, doc="x").published == dt.date(2022, 12, 30)


def test_article_date_beats_related_links() -> None:
    related = (
        "<div class='rel'><h3>相关阅读</h3><ul>"
        "<li><a href='/a.html'>旧闻一</a> 2024-07-14</li><li><a href='/b.html'>旧闻二</a> 2024-07-13</li></ul></div>"
    )
    html = _page(before="<div class='meta'>2024-07-15 09:12 来源：南方+</div>", body=ZH_BODY, after=related)
    assert parse_html(html, doc="x").published == dt.date(2024, 7, 15)
    # Related links before the article do not win either.
    html = _page(before=related + "<div class='meta'>发布时间：2024-07-15</div>", body=ZH_BODY)
    assert parse_html(html, doc="x").published == dt.date(2024, 7, 15)


@pytest.mark.parametrize(
    ("url", "want"),
    [
        ("http://www.gov.cn/xinwen/2023-07/05/content_5690000.htm", dt.date(2023, 7, 5)),
        ("https://en.ndrc.gov.cn/news/pressreleases/202108/t20210827_1294877.html", dt.date(2021, 8, 27)),
        ("https://www.shine.cn/biz/economy/2303297869/", dt.date(2023, 3, 29)),
        ("https://www.shine.cn/news/nation/2212304553/", dt.date(2022, 12, 30)),
        ("https://example.com/2019/11/18/story/", dt.date(2019, 11, 18)),
        ("https://example.com/news/12345.html", None),
        (None, None),
    ],
)
def test_url_dates(url: str | None, want: dt.date | None) -> None:
    assert url_date(url) == want


def test_url_date_used_when_page_has_none() -> None:
    html = "<html><body><div><p>" + "Culture grew. " * 20 + "</p></div></body></html>"
    art = parse_html(html, doc="x", url="https://en.ndrc.gov.cn/news/202108/t20210827_1.html")
    assert art.published == dt.date(2021, 8, 27)


def test_hint_used_when_page_has_none() -> None:
    html = "<html><body><div><p>" + "Culture grew. " * 20 + "</p></div></body></html>"
    assert parse_html(html, doc="x", published_hint=dt.date(2020, 1, 2)).published == dt.date(2020, 1, 2)


def test_parse_date_forms() -> None:
    assert parse_date("2024年5月31日") == dt.date(2024, 5, 31)
    assert parse_date("Nov. 25, 2024") == dt.date(2024, 11, 25)
    assert parse_date("2024/11/25") == dt.date(2024, 11, 25)
    assert parse_date("2024-13-45") is None
    assert parse_date("1850-01-01") is None
    assert parse_date("发布日期： 9/17/2004 5:54:13 AM") == dt.date(2004, 9, 17)
    assert parse_date("17/9/2004") == dt.date(2004, 9, 17)
    assert labelled_date("发布日期：2022年01月28日") == dt.date(2022, 1, 28)
    assert dates_in("1998年3月") == [(0, dt.date(1998, 3, 1))]
