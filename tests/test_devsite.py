"""The fixture site, the dev server that serves it, and the synthetic site generator."""

from __future__ import annotations

import copy
import hashlib
import json
import pickle
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from ccetl.devsite import SITE_DIR, DevSite, SiteURL, serve_site, site_dir
from ccetl.errors import ConfigError
from ccetl.synth import generate_site, generate_texts

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "tests" / "fixtures" / "site"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
EXPECTED: dict[str, dict[str, object]] = json.loads((SITE / "expected.json").read_text(encoding="utf-8"))
PORTAL = "/portal/news/show-2721.html"
ADVERT = [
    "免费咨询",
    "400-876-1589",
    "8万+套精品房源",
    "100+人专业顾问",
    "早9:00-晚21:00",
    "关注“优楼网”",
    "返回顶部",
]


@pytest.fixture(scope="module")
def base() -> Iterator[SiteURL]:
    with serve_site(SITE) as url:
        yield url


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as c:
        yield c


# --------------------------------------------------------------------------- fixture site files


def test_site_dir_is_the_fixture_site() -> None:
    assert site_dir() == SITE
    assert SITE_DIR == SITE


def test_site_dir_missing_is_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCETL_HOME", str(tmp_path))
    with pytest.raises(ConfigError, match="fixture site not found"):
        site_dir()
    with pytest.raises(ConfigError, match="site folder not found"):
        DevSite(tmp_path / "nope")


def test_expected_covers_the_five_seeds(seed_manifest: dict[str, dict[str, object]]) -> None:
    assert sorted(e["seed"] for e in EXPECTED.values()) == sorted(seed_manifest)  # type: ignore[type-var]
    for e in EXPECTED.values():
        m = seed_manifest[str(e["seed"])]
        assert e["published"] == m["pub_date"]
        assert e["lang"] == m["lang"]


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_article_paragraphs_are_the_seed_lines(path: str) -> None:
    e = EXPECTED[path]
    rel = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
    html = (SITE / rel).read_bytes().decode("gb18030" if e["encoding"] == "gbk" else "utf-8")
    tree = HTMLParser(html)
    body = tree.css_first("div.content")
    assert body is not None
    paras = [p.text(deep=True) for p in body.css("p")]
    assert len(paras) == e["paragraphs"]
    seed_lines = (SEEDS / str(e["seed"])).read_text(encoding="utf-8").split("\n")
    # the paragraphs are seed lines, byte for byte, in the seed's order (a subsequence of the lines)
    it = iter(seed_lines)
    assert all(any(line == p for line in it) for p in paras)
    # and every seed line with a figure in it is a paragraph
    missing = [ln for ln in seed_lines if any(c.isdigit() for c in ln) and ln not in paras]
    assert all(
        ln.strip() == "date 2024-11-25"
        or "UTC+8" in ln
        or "400-876" in ln
        or "早9:00" in ln
        or "8万+" in ln
        or "100+人" in ln
        for ln in missing
    ), missing
    h1 = tree.css_first("h1")
    assert h1 is not None and h1.text() == e["title"]


def test_rebuild_is_stable(tmp_path: Path) -> None:
    """build.py regenerates exactly the committed files (from ../shared/seeds or tests/fixtures/seeds)."""
    import runpy

    runpy.run_path(str(SITE / "build.py"))["main"](tmp_path)
    committed = {
        p.relative_to(SITE): p.read_bytes()
        for p in SITE.rglob("*")
        if p.is_file() and p.suffix in (".html", ".htm", ".xml", ".txt", ".json")
    }
    built = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert built == committed


# --------------------------------------------------------------------------- serving


def test_rss_lists_two_absolute_items(base: SiteURL, client: httpx.Client) -> None:
    r = client.get(base + "/news/rss.xml")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/rss+xml"
    assert "{{BASE}}" not in r.text
    items = ET.fromstring(r.content).findall("./channel/item")
    links = [i.findtext("link") for i in items]
    assert links == [base + "/news/feature/art-culture/2411257512/", base + "/news/biz/economy/2303297869/"]
    dates = [parsedate_to_datetime(i.findtext("pubDate") or "").date().isoformat() for i in items]
    assert dates == ["2024-11-25", "2023-03-29"]
    for link in links:
        assert link is not None
        page = client.get(link)
        assert page.status_code == 200
        assert EXPECTED[link.removeprefix(base)]["seed"] in (
            "000_42ff6c332e3f45bd.txt",
            "004_7749c8e8ce481760.txt",
        )


def test_news_page_carries_meta_date_and_byline(base: SiteURL, client: httpx.Client) -> None:
    r = client.get(base + "/news/feature/art-culture/2411257512/")
    tree = HTMLParser(r.text)
    meta = tree.css_first('meta[property="article:published_time"]')
    assert meta is not None and (meta.attributes.get("content") or "").startswith("2024-11-25T20:52")
    assert "20:52 UTC+8, 2024-11-25" in r.text
    canonical = tree.css_first('link[rel="canonical"]')
    assert (
        canonical is not None
        and canonical.attributes.get("href") == "https://www.shine.cn/feature/art-culture/2411257512/"
    )


def test_archive_pages_link_001_and_003(base: SiteURL, client: httpx.Client) -> None:
    url = base + "/gov/archive/index.html"
    found: list[tuple[str, str]] = []
    pages = 0
    while url:
        r = client.get(url)
        assert r.status_code == 200
        pages += 1
        tree = HTMLParser(r.text)
        for a in tree.css("ul.archive-list li a"):
            date = a.parent.css_first("span.date") if a.parent else None
            found.append(
                (str(httpx.URL(url).join(a.attributes.get("href") or "")), date.text() if date else "")
            )
        nxt = tree.css_first("a.next")
        url = str(httpx.URL(url).join(nxt.attributes.get("href") or "")) if nxt else ""
    assert pages == 2
    seeds = {EXPECTED[u.removeprefix(base)]["seed"]: d for u, d in found}
    assert seeds == {"001_63fe2621d196e869.txt": "2024-01-23", "003_cea5c7c41ca973f7.txt": "2023-07-05"}
    r = client.get(base + "/gov/2023-07/05/c_901572.htm")
    assert r.status_code == 200 and "Updated: 2023-07-05" in r.text


def test_portal_page_is_gbk_with_meta_charset_only(base: SiteURL, client: httpx.Client) -> None:
    r = client.get(base + PORTAL)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html"  # no charset parameter
    with pytest.raises(UnicodeDecodeError):
        r.content.decode("utf-8")
    text = r.content.decode("gb18030")
    assert '<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />' in text
    assert "20404.48亿元" in text
    assert "发布时间：2021-03-31 10:20" in text
    body_end = text.index("以实际行动和优异成绩庆祝建党100周年。")
    for piece in ADVERT:
        assert text.index(piece, body_end) > body_end  # the advert is furniture after the article body
    assert 'class="comment"' in text


def test_conditional_requests_get_304(base: SiteURL, client: httpx.Client) -> None:
    url = base + "/gov/2024-01/23/c_933810.htm"
    r = client.get(url)
    etag, last_modified = r.headers["etag"], r.headers["last-modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    r304 = client.get(url, headers={"If-Modified-Since": last_modified})
    assert r304.status_code == 304 and r304.content == b""
    assert client.get(url, headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status_code == 200


def test_etag_depends_on_the_served_bytes(base: SiteURL, client: httpx.Client) -> None:
    r = client.get(base + "/news/rss.xml", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in r.headers
    assert r.headers["etag"].strip('"') == hashlib.sha1(r.content).hexdigest()[:20]
    assert r.headers["content-length"] == str(len(r.content))


def test_robots_txt(base: SiteURL, client: httpx.Client) -> None:
    r = client.get(base + "/robots.txt")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/plain"
    assert "Disallow: /admin/" in r.text
    assert "crawl-delay" not in r.text.lower()


def test_redirects_missing_and_helpers(base: SiteURL, client: httpx.Client) -> None:
    r = client.get(base + "/news/biz/economy/2303297869")
    assert r.status_code == 301 and r.headers["location"] == "/news/biz/economy/2303297869/"
    assert client.get(base + "/news/nope.html").status_code == 404
    assert client.get(base + "/../../etc/passwd").status_code in (403, 404)
    assert client.get(base + "/__status/503").status_code == 503
    r = client.get(base + "/__redirect/robots.txt", follow_redirects=True)
    assert r.status_code == 200 and "Disallow" in r.text
    with pytest.raises(httpx.ReadTimeout):
        client.get(base + "/__slow/1000/robots.txt", timeout=0.2)
    assert client.head(base + "/robots.txt").content == b""


def test_access_log_counts_requests() -> None:
    with serve_site(SITE) as url, httpx.Client() as c:
        c.get(url + "/robots.txt")
        c.get(url + "/news/rss.xml?x=1", headers={"User-Agent": "ccetl-test"})
        c.get(url + "/news/rss.xml")
        assert [e.path for e in url.access_log] == ["/robots.txt", "/news/rss.xml?x=1", "/news/rss.xml"]
        t, method, path, headers = url.access_log[1]
        assert method == "GET" and headers["user-agent"] == "ccetl-test" and t > 0
        assert len(url.site.requests("/news/rss.xml")) == 2
        assert pickle.loads(pickle.dumps(url)) == str(url) == url
        assert type(copy.deepcopy(url)) is str
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/robots.txt", timeout=1)


def test_two_servers_get_different_ports() -> None:
    with serve_site(SITE) as a, serve_site(SITE) as b:
        assert a != b
        assert a.startswith("http://127.0.0.1:")
        assert httpx.get(a + "/robots.txt").status_code == httpx.get(b + "/robots.txt").status_code == 200


# --------------------------------------------------------------------------- synthetic site


def test_generate_texts_is_deterministic() -> None:
    a = list(generate_texts(30, seed=1))
    assert a == list(generate_texts(30, seed=1))
    assert a != list(generate_texts(30, seed=2))
    assert a[:10] == list(generate_texts(10, seed=1))  # article i does not depend on n
    langs = set()
    for doc, text, pub in a:
        assert doc.startswith("synth-")
        assert 2000 <= len(text.encode("utf-8")) <= 5000
        assert 2021 <= pub.year <= 2024
        langs.add("zh" if "亿元" in text or "。" in text else "en")
    assert langs == {"en", "zh"}


def test_generate_site_serves_n_articles(tmp_path: Path, client: httpx.Client) -> None:
    n = 45
    generate_site(tmp_path / "a", n_articles=n, seed=3)
    generate_site(tmp_path / "b", n_articles=n, seed=3)
    files_a = {
        p.relative_to(tmp_path / "a"): p.read_bytes() for p in (tmp_path / "a").rglob("*") if p.is_file()
    }
    files_b = {
        p.relative_to(tmp_path / "b"): p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()
    }
    assert files_a == files_b
    expected = json.loads((tmp_path / "a" / "expected.json").read_text(encoding="utf-8"))
    assert len(expected) == n
    assert all(e["figures"] for e in expected.values())
    texts = {doc: text for doc, text, _ in generate_texts(n, seed=3)}
    with serve_site(tmp_path / "a") as base:
        feed = ET.fromstring(client.get(base + "/news/rss.xml").content)
        links = [i.findtext("link") or "" for i in feed.findall("./channel/item")]
        assert len(links) == n and all(link.startswith(base + "/") for link in links)
        assert {link.removeprefix(base) for link in links} == set(expected)
        # the archive: 20 a page, "Next" until the last page
        url, listed = base + "/gov/archive/index.html", []
        while url:
            tree = HTMLParser(client.get(url).text)
            listed += [a.attributes.get("href") for a in tree.css("ul.archive-list li a")]
            nxt = tree.css_first("a.next")
            url = str(httpx.URL(url).join(nxt.attributes.get("href") or "")) if nxt else ""
        assert sorted(listed) == sorted(p for p, e in expected.items() if e["site"] == "gov")  # type: ignore[type-var]
        # one page's paragraphs are the generated text
        path, e = next((p, e) for p, e in expected.items() if e["encoding"] == "gbk")
        r = client.get(base + path)
        assert r.headers["content-type"] == "text/html"
        html = r.content.decode("gb18030")
        body = HTMLParser(html).css_first("div.content")
        assert body is not None
        assert "\n\n".join(p.text() for p in body.css("p")) == texts[e["doc"]]
