"""URL canonicalisation, the scheme/private-address checks and dates in URLs."""

from __future__ import annotations

import datetime as dt

import pytest

from ccetl.fetch.discover import parse_listing
from ccetl.fetch.urls import (
    canonicalize,
    check_url,
    date_from_url,
    host_is_private,
    is_tracking_param,
    origin,
)


@pytest.mark.parametrize(
    ("raw", "canon"),
    [
        ("HTTP://WWW.Example.COM:80/a/b.html?utm_source=x&id=3#top", "http://www.example.com/a/b.html?id=3"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/x", "https://example.com:8443/x"),
        ("https://e.cn/a?spm=a2c.b&from=timeline&isappinstalled=0&wfr=spider&for=pc", "https://e.cn/a?for=pc"),
        ("https://e.cn/a?fbclid=1&gclid=2&utm_medium=3&utm_campaign=4", "https://e.cn/a"),
        ("https://e.cn/a?b=2&a=1", "https://e.cn/a?b=2&a=1"),  # order of real parameters kept
        ("https://e.cn/a?q=%E6%96%87%E5%8C%96&utm_term=x", "https://e.cn/a?q=%E6%96%87%E5%8C%96"),
        ("  https://e.cn/a  ", "https://e.cn/a"),
        ("https://例子.中国/a", "https://xn--fsqu00a.xn--fiqs8s/a"),
        ("https://e.cn./a", "https://e.cn/a"),
    ],
)
def test_canonicalize(raw: str, canon: str) -> None:
    assert canonicalize(raw) == canon
    assert canonicalize(canon) == canon  # idempotent


def test_canonicalize_relative_and_odd() -> None:
    assert canonicalize("../b.html?utm_source=a", base="https://e.cn/x/y/a.html") == "https://e.cn/x/b.html"
    assert canonicalize("//cdn.e.cn/p", base="https://e.cn/") == "https://cdn.e.cn/p"
    assert canonicalize("javascript:void(0)", base="https://e.cn/") == "javascript:void(0)"
    assert canonicalize("http://[bad") == "http://[bad"
    assert is_tracking_param("UTM_Source") and not is_tracking_param("id")
    assert origin("HTTPS://E.cn:8443/a?b") == "https://e.cn:8443"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "refused scheme 'file:'"),
        ("data:text/html,<script>", "refused scheme 'data:'"),
        ("javascript:alert(1)", "refused scheme 'javascript:'"),
        ("ftp://e.cn/a", "refused scheme 'ftp:'"),
        ("gopher://e.cn/", "refused scheme 'gopher:'"),
        ("/relative/only", "refused scheme '(none):'"),
        ("http:///nohost", "URL has no host"),
        ("http://user:pw@e.cn/", "refused URL with credentials"),
        ("http://127.0.0.1/", "refused private address 127.0.0.1 (source not local)"),
        ("http://127.1/", "refused private address 127.1 (source not local)"),
        ("http://2130706433/", "refused private address 2130706433 (source not local)"),
        ("http://0x7f000001/", "refused private address 0x7f000001 (source not local)"),
        ("http://0.0.0.0/", "refused private address 0.0.0.0 (source not local)"),
        ("http://10.1.2.3/", "refused private address 10.1.2.3 (source not local)"),
        ("http://192.168.1.1/", "refused private address 192.168.1.1 (source not local)"),
        ("http://172.16.0.1/", "refused private address 172.16.0.1 (source not local)"),
        ("http://169.254.169.254/", "refused private address 169.254.169.254 (source not local)"),
        ("http://[::1]/", "refused private address ::1 (source not local)"),
        ("http://[fd00::1]/", "refused private address fd00::1 (source not local)"),
        ("http://[::ffff:127.0.0.1]/", "refused private address ::ffff:127.0.0.1 (source not local)"),
        ("http://localhost:8000/", "refused private address localhost (source not local)"),
        ("http://app.localhost/", "refused private address app.localhost (source not local)"),
    ],
)
def test_check_url_refuses(url: str, reason: str) -> None:
    assert check_url(url) == reason


def test_check_url_allows() -> None:
    assert check_url("https://www.stats.gov.cn/sj/zxfb/") is None
    assert check_url("http://8.8.8.8/") is None
    assert check_url("http://127.0.0.1:8000/", local=True) is None
    assert check_url("http://localhost/", local=True) is None
    assert check_url("file:///etc/passwd", local=True) == "refused scheme 'file:'"
    assert not host_is_private("example.org") and host_is_private("[::1]")


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://www.stats.gov.cn/sj/zxfb/202401/t20240130_1946970.html", dt.date(2024, 1, 30)),
        ("https://www.chinadaily.com.cn/a/202405/31/WS6659a1b2a31082fc043cabcd.html", dt.date(2024, 5, 31)),
        ("http://www.news.cn/culture/20240531/abc/c.html", dt.date(2024, 5, 31)),
        ("http://x.cn/2023-07/05/c_1129734.htm", dt.date(2023, 7, 5)),
        ("http://culture.people.com.cn/n1/2024/0531/c1013-40247000.html", dt.date(2024, 5, 31)),
        ("https://www.cgtn.com/news/2024-05-31/abc/index.html", dt.date(2024, 5, 31)),
        ("http://x.cn/2303297869/", None),
        ("http://x.cn/a/20241340.html", None),
        ("http://x.cn/about.html", None),
    ],
)
def test_date_from_url(url: str, day: dt.date | None) -> None:
    assert date_from_url(url) == day


def test_listing_parser_survives_deep_and_broken_html() -> None:
    deep = b"<html><body>" + b"<div>" * 30_000 + b"<ul><li><a href='/a/1.html'>x</a></li></ul>" + b"</span>" * 10
    # structure deeper than 400 levels is flattened (see htmlguard): the link stays, its <li> does not
    links, nxt = parse_listing(deep, "http://e.cn/list/", "a", "a.next")
    assert [lk.url for lk in links] == ["http://e.cn/a/1.html"] and nxt is None
    assert parse_listing(deep, "http://e.cn/list/", "li a", None) == ([], None)
    broken = b"<ul><li><a href='/b.html'>b<li><a href=javascript:x>j<li><a>no href<li><a href='#top'>t</ul><a class=next href='?p=2'>"
    links, nxt = parse_listing(broken, "http://e.cn/list/", "li a", "a.next")
    assert [lk.url for lk in links] == ["http://e.cn/b.html", "javascript:x"]  # refused later by discover
    assert nxt == "http://e.cn/list/?p=2"
    assert parse_listing(b"\xff\xfe\x00garbage", "http://e.cn/", "a", None) == ([], None)


def test_cap_depth_is_linear_and_keeps_normal_pages() -> None:
    import time

    from ccetl.fetch.htmlguard import cap_depth, max_depth

    normal = b"<html><body><div><ul>" + b"<li><a href='/x'>x</a>" * 5000 + b"</ul></div><p>a<p>b</body></html>"
    assert max_depth(normal) == 2 and cap_depth(normal) is normal
    for unit in (b"<div>", b"<ul><li>", b"<section><span>"):
        hostile = b"<html><body>" + unit * 20_000 + b"<a href='/deep.html'>deep</a>" + b"</div>" * 1000
        t0 = time.process_time()
        capped = cap_depth(hostile, 400)
        links, _ = parse_listing(hostile, "http://e.cn/", "a", None)
        assert time.process_time() - t0 < 5  # uncapped, lexbor needs minutes for this
        assert max_depth(capped) <= 400
        assert [lk.url for lk in links] == ["http://e.cn/deep.html"]


def test_listing_base_href() -> None:
    page = b"<html><head><base href='https://cdn.e.cn/news/'></head><body><a href='a.html'>a</a></body></html>"
    links, _ = parse_listing(page, "http://e.cn/list/", "a", None)
    assert [lk.url for lk in links] == ["https://cdn.e.cn/news/a.html"]


def test_listing_titles_in_gbk_and_big5() -> None:
    gbk = "<html><head><meta charset=gbk></head><body><ul><li><a href=/x>文化产业营收</a></li></ul></body></html>"
    links, _ = parse_listing(gbk.encode("gbk"), "http://e.cn/", "li a", None)
    assert links[0].title == "文化产业营收"
    big5 = "<ul><li><a href=/y>文化產業</a></li></ul>"
    links, _ = parse_listing(big5.encode("big5"), "http://e.hk/", "li a", None,
                             {"content-type": "text/html; charset=big5"})
    assert links[0].title == "文化產業" and links[0].url == "http://e.hk/y"
