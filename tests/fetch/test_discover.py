"""Discovery from rss/atom/sitemap/listing/urls sources served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import gzip

from faultserver import ENTITY_BOMB_RSS, FaultServer
from fetchkit import fast_settings, local_source

from ccetl.fetch.client import Fetcher
from ccetl.fetch.discover import Link, discover, parse_date, parse_feed
from ccetl.sources import SourceConfig

D = dt.date


def _fetcher() -> Fetcher:
    return Fetcher(fast_settings())


def rss(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Culture news</title>
<item><title>Box office up 12%</title><link>{base}/news/a1.html?utm_source=rss</link>
  <pubDate>Fri, 31 May 2024 08:00:00 +0800</pubDate></item>
<item><title>Same story again</title><link>{base}/news/a1.html?spm=x.y</link>
  <pubDate>Fri, 31 May 2024 08:00:00 +0800</pubDate></item>
<item><title>Tourism revenue</title><link>{base}/news/a2.html</link>
  <pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate></item>
<item><title>Old item</title><link>{base}/news/old.html</link>
  <pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>
<item><title>Video</title><link>{base}/video/v1.html</link></item>
<item><title>Evil</title><link>javascript:alert(1)</link></item>
<item><title>File</title><link>file:///etc/passwd</link></item>
<item><title>No date 文化产业</title><link>/news/rel.html</link></item>
</channel></rss>""".encode()


def test_rss_window_include_exclude_dedupe(server: FaultServer) -> None:
    server.fault("/feed.xml", "body", body=rss(server.base), ctype="application/rss+xml")
    src = local_source("feed", kind="rss", url=server.url("/feed.xml"), urls=[], exclude=[r"/video/"],
                       lang="en")
    res = discover(src, _fetcher())
    urls = [lk.url for lk in res.links]
    assert urls == [server.url("/news/a1.html"), server.url("/news/a2.html"), server.url("/news/old.html"),
                    server.url("/news/rel.html")]
    assert res.links[0] == Link(server.url("/news/a1.html"), D(2024, 5, 31), "Box office up 12%")
    assert any("refused scheme 'javascript:'" in e for e in res.errors)
    assert any("refused scheme 'file:'" in e for e in res.errors)
    # a window drops dated items outside it and keeps undated ones
    res2 = discover(src, _fetcher(), window=(D(2024, 5, 1), D(2024, 5, 31)))
    assert [lk.url.rsplit("/", 1)[1] for lk in res2.links] == ["a1.html", "a2.html", "rel.html"]
    # include patterns
    src3 = local_source("feed", kind="rss", url=server.url("/feed.xml"), urls=[], include=[r"/a\d\.html$"])
    assert len(discover(src3, _fetcher()).links) == 2
    # logs: robots.txt then the feed
    assert [lg.url for lg in res.logs] == [server.url("/robots.txt"), server.url("/feed.xml")]
    assert res.logs[-1].status == 200


def test_atom_feed(server: FaultServer) -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>文旅消费</title><link rel="alternate" href="{server.base}/zh/2024/0601.html"/>
<updated>2024-06-01T09:00:00+08:00</updated></entry>
</feed>""".encode()
    server.fault("/atom", "body", body=atom, ctype="application/atom+xml")
    src = local_source("atom", kind="atom", url=server.url("/atom"), urls=[])
    res = discover(src, _fetcher())
    assert res.links == [Link(server.url("/zh/2024/0601.html"), D(2024, 6, 1), "文旅消费")]


def test_rss_entity_bomb_is_refused_then_fixed(server: FaultServer) -> None:
    server.fault("/bomb.xml", "body", body=ENTITY_BOMB_RSS, ctype="application/rss+xml")
    src = local_source("bomb", kind="rss", url=server.url("/bomb.xml"), urls=[])
    res = discover(src, _fetcher())
    assert res.links == []
    assert any("entity" in e for e in res.errors)
    assert any(lg.error and "entity" in lg.error for lg in res.logs)
    server.fault("/bomb.xml", "body", body=rss(server.base), ctype="application/rss+xml")
    assert len(discover(src, _fetcher()).links) >= 4


def test_feed_errors_are_logged_not_raised(server: FaultServer) -> None:
    server.fault("/broken.xml", "body", body=b"this is not xml at all \x00\x01", ctype="text/xml")
    server.fault("/gone.xml", "status", code=410)
    for path in ("/broken.xml", "/gone.xml"):
        src = local_source("x", kind="rss", url=server.url(path), urls=[])
        res = discover(src, _fetcher())
        assert res.links == [] and res.errors
    assert parse_feed(rss("http://example.org"))[0].published == D(2024, 5, 31)


def _urlset(entries: list[tuple[str, str | None]]) -> bytes:
    rows = "".join(
        f"<url><loc>{u}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</url>" for u, m in entries
    )
    return (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'
            ).encode()


def test_sitemap_index_urlset_and_window(server: FaultServer) -> None:
    b = server.base
    index = f"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{b}/sm-2024-05.xml.gz</loc><lastmod>2024-05-31</lastmod></sitemap>
<sitemap><loc>{b}/sm-2023.xml</loc><lastmod>2023-12-31T10:00:00Z</lastmod></sitemap>
<sitemap><loc>{b}/sm-evil.xml</loc></sitemap>
</sitemapindex>""".encode()
    may = _urlset([(f"{b}/a/2024-05-02.html", "2024-05-02"), (f"{b}/a/2024-05-30.html", "2024-05-30T08:00:00+08:00"),
                   (f"{b}/a/2024-04-01.html", "2024-04-01"), (f"{b}/a/undated.html", None),
                   (f"{b}/a/edited-later.html", "2024-07-01")])
    server.fault("/sitemap.xml", "body", body=index, ctype="application/xml")
    server.fault("/sm-2024-05.xml.gz", "body", body=gzip.compress(may), ctype="application/gzip")
    server.fault("/sm-2023.xml", "body", body=_urlset([(f"{b}/a/2023.html", "2023-06-01")]), ctype="text/xml")
    server.fault("/sm-evil.xml", "body", body=ENTITY_BOMB_RSS.replace(b"rss", b"urlset"), ctype="text/xml")
    src = local_source("sm", kind="sitemap", url=server.url("/sitemap.xml"), urls=[])
    assert src.can_backfill
    res = discover(src, _fetcher(), window=(D(2024, 5, 1), D(2024, 5, 31)))
    assert [lk.url.rsplit("/", 1)[1] for lk in res.links] == [
        "2024-05-02.html", "2024-05-30.html", "undated.html", "edited-later.html"]
    assert res.links[1].lastmod == D(2024, 5, 30) and res.links[1].published is None
    assert server.hits_for("/sm-2023.xml") == []  # its lastmod is before the window
    assert any("sm-evil.xml" in e and "entity" in e for e in res.errors)
    everything = discover(src, _fetcher())
    assert len(everything.links) == 6


def test_news_sitemap_publication_date(server: FaultServer) -> None:
    news = f"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{server.base}/n/1.html</loc><lastmod>2024-06-20</lastmod><news:news>
<news:publication><news:name>X</news:name><news:language>zh</news:language></news:publication>
<news:publication_date>2024-05-31T10:00:00+08:00</news:publication_date><news:title>文化产业营收</news:title>
</news:news></url></urlset>""".encode()
    server.fault("/news-sitemap.xml", "body", body=news, ctype="application/xml")
    src = local_source("ns", kind="sitemap", url=server.url("/news-sitemap.xml"), urls=[])
    res = discover(src, _fetcher(), window=(D(2024, 5, 1), D(2024, 5, 31)))
    assert res.links == [Link(server.url("/n/1.html"), D(2024, 5, 31), "文化产业营收", D(2024, 6, 20))]
    assert discover(src, _fetcher(), window=(D(2024, 6, 1), D(2024, 6, 30))).links == []


def _listing_page(base: str, items: list[tuple[str, str]], next_href: str | None) -> bytes:
    lis = "".join(f'<li><a href="{href}">Title {href}</a><span>{day}</span></li>' for href, day in items)
    nxt = f'<a class="next" href="{next_href}">下一页</a>' if next_href else ""
    return f"<html><body><ul class='list'>{lis}</ul><div class='pager'>{nxt}</div></body></html>".encode()


def test_listing_next_links_stop_at_window(server: FaultServer) -> None:
    server.fault("/list/", "body", body=_listing_page(server.base, [
        ("/art/1.html?from=list", "2024-05-30"), ("/art/2.html", "2024-05-20")], "/list/p2.html"))
    server.fault("/list/p2.html", "body", body=_listing_page(server.base, [
        ("/art/3.html", "2024-05-02"), ("/art/4.html", "2024-04-28")], "/list/p3.html"))
    server.fault("/list/p3.html", "body", body=_listing_page(server.base, [
        ("/art/5.html", "2024-04-10"), ("/art/6.html", "2024-04-01")], "/list/p4.html"))
    server.fault("/list/p4.html", "body", body=_listing_page(server.base, [("/art/7.html", "2024-03-01")], None))
    src = local_source("lst", kind="listing", url=server.url("/list/"), urls=[],
                       listing={"link_selector": "ul.list li a", "next_selector": "a.next", "max_pages": 10})
    res = discover(src, _fetcher(), window=(D(2024, 5, 1), D(2024, 5, 31)))
    assert [lk.url for lk in res.links] == [server.url(f"/art/{i}.html") for i in (1, 2, 3)]
    assert res.links[0].published == D(2024, 5, 30) and res.links[0].title == "Title /art/1.html?from=list"
    assert server.hits_for("/list/p4.html") == []  # p3 only had older links: stop
    # without a window every page is read, up to max_pages
    src2 = src.model_copy(update={"listing": src.listing.model_copy(update={"max_pages": 2})})  # type: ignore[union-attr]
    assert len(discover(src2, _fetcher()).links) == 4


def test_listing_page_pattern_and_loop(server: FaultServer) -> None:
    server.fault("/l/index.html", "body", body=_listing_page(server.base, [("/a/202405/t20240530_1.html", "")], None))
    server.fault("/l/index_1.html", "body", body=_listing_page(server.base, [("/a/202405/t20240520_2.html", "")],
                                                               None))
    server.fault("/l/index_2.html", "status", code=404)
    src = local_source("pat", kind="listing", url=server.url("/l/index.html"), urls=[],
                       listing={"link_selector": "li > a", "page_url_pattern": server.url("/l/index_{page}.html"),
                                "first_page": 1, "max_pages": 6})
    res = discover(src, _fetcher())
    assert [lk.published for lk in res.links] == [D(2024, 5, 30), D(2024, 5, 20)]
    assert server.hits_for("/l/index_3.html") == []  # the first missing page ends the archive
    # a "next" link pointing back to a seen page ends pagination
    server.fault("/loop/", "body", body=_listing_page(server.base, [("/x.html", "2024-01-01")], "/loop/"))
    src2 = local_source("loop", kind="listing", url=server.url("/loop/"), urls=[],
                        listing={"link_selector": "li a", "next_selector": "a.next", "max_pages": 50})
    assert len(discover(src2, _fetcher()).links) == 1
    assert len(server.hits_for("/loop/")) == 1


def test_listing_date_pattern(server: FaultServer) -> None:
    for day in ("20240530", "20240531"):
        server.fault(f"/d/{day}/", "body", body=_listing_page(server.base, [(f"/d/{day}/story.html", "")], None))
    server.fault("/d/20240529/", "status", code=404)  # a day without a page does not stop the others
    src = local_source("daily", kind="listing", url=server.url("/d/"), urls=[],
                       listing={"link_selector": "li a", "page_url_pattern": server.url("/d/{date:%Y%m%d}/"),
                                "max_pages": 10})
    res = discover(src, _fetcher(), window=(D(2024, 5, 29), D(2024, 5, 31)))
    assert [lk.url for lk in res.links] == [server.url("/d/20240531/story.html"),
                                            server.url("/d/20240530/story.html")]
    assert any("20240529" in e and "HTTP 404" in e for e in res.errors)


def test_urls_source_and_private_hosts(server: FaultServer) -> None:
    src = local_source("fixed", urls=[server.url("/x?utm_campaign=a"), server.url("/x"), server.url("/y")])
    res = discover(src, _fetcher())
    assert [lk.url for lk in res.links] == [server.url("/x"), server.url("/y")]
    assert res.logs == []
    public = SourceConfig(name="pub", kind="urls", urls=(server.url("/x"), "https://example.org/a?fbclid=1"))
    res2 = discover(public, _fetcher())
    assert [lk.url for lk in res2.links] == ["https://example.org/a"]
    assert any("refused private address" in e for e in res2.errors)


def test_non_local_feed_on_loopback_is_refused(server: FaultServer) -> None:
    server.fault("/feed.xml", "body", body=rss(server.base), ctype="application/rss+xml")
    src = SourceConfig(name="pub", kind="rss", url=server.url("/feed.xml"))
    res = discover(src, _fetcher())
    assert res.links == [] and server.hits == []
    assert res.logs[0].error and "refused private address" in res.logs[0].error


def test_parse_date() -> None:
    assert parse_date("2024-05-31T08:00:00Z") == D(2024, 5, 31)
    assert parse_date("发布时间：2019年02月13日") == D(2019, 2, 13)
    assert parse_date("2024/5/3") == D(2024, 5, 3)
    assert parse_date("2024-13-40") is None and parse_date(None) is None
