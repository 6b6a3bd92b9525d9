"""config/sources*.yaml: validation with line-numbered ConfigErrors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ccetl.errors import ConfigError
from ccetl.sources import SourceConfig, get_source, load_sources, parse_sources

ROOT = Path(__file__).resolve().parents[1]

GOOD = """\
# the fixture site's sources
defaults:
  rate_limit_per_s: 5
sources:
  - name: fixture-news
    kind: rss
    url: ${CCETL_TEST_SITE}/feed.xml
    lang: en
    group: news
    local: true
    include: ['/news/']
    exclude: ['/video/', '\\?print=1']
    selectors: {title: h1, body: article, date: time}
  - name: fixture-stats
    kind: listing
    url: ${CCETL_TEST_SITE}/stats/
    lang: zh-Hans
    group: official
    local: true
    listing:
      link_selector: "ul.list li a"
      next_selector: "a.next"
      page_url_pattern: "${CCETL_TEST_SITE}/stats/index_{page}.html"
      first_page: 1
      max_pages: 3
  - name: fixture-sitemap
    kind: sitemap
    url: ${CCETL_TEST_SITE}/sitemap.xml
    enabled: false
    local: true
    rate_limit_per_s: 2
    concurrency: 1
  - name: fixture-pages
    kind: urls
    urls:
      - ${CCETL_TEST_SITE}/a.html
      - ${CCETL_TEST_SITE}/b.html
    verified: true
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "sources.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def error(tmp_path: Path, text: str) -> str:
    p = write(tmp_path, text)
    with pytest.raises(ConfigError) as exc:
        load_sources(p)
    msg = str(exc.value)
    assert msg.startswith(f"{p}:"), msg
    assert "\n" not in msg
    return msg.removeprefix(f"{p}:")


def test_good_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCETL_TEST_SITE", "http://127.0.0.1:8765")
    srcs = load_sources(write(tmp_path, GOOD))
    assert [s.name for s in srcs] == ["fixture-news", "fixture-stats", "fixture-sitemap", "fixture-pages"]
    news, stats, sm, pages = srcs
    assert news.url == "http://127.0.0.1:8765/feed.xml" and news.local and news.lang == "en"
    assert news.rate_limit_per_s == 5 and news.enabled and not news.can_backfill
    assert news.selectors is not None and news.selectors.body == "article"
    assert news.matches("http://x/news/1.html") and not news.matches("http://x/news/video/1.html")
    assert not news.matches("http://x/sport/1.html") and not news.matches("http://x/news/1.html?print=1")
    assert stats.listing is not None and stats.listing.page_url_pattern == "http://127.0.0.1:8765/stats/index_{page}.html"
    assert stats.listing.first_page == 1 and stats.can_backfill and stats.group == "official"
    assert sm.rate_limit_per_s == 2 and sm.concurrency == 1 and not sm.enabled and sm.can_backfill
    assert pages.urls == ("http://127.0.0.1:8765/a.html", "http://127.0.0.1:8765/b.html")
    assert pages.verified is True and not pages.local and pages.group == "news"
    assert get_source(srcs, "fixture-pages") is pages
    with pytest.raises(ConfigError, match="unknown source 'nope' \\(known: fixture-news"):
        get_source(srcs, "nope")


def test_unknown_kind_line(tmp_path: Path) -> None:
    text = "sources:\n  - name: a\n    kind: rss\n    url: https://a/f\n  - name: x\n    kind: rs\n    url: https://x/\n"
    assert error(tmp_path, text) == (
        "6: source 'x': unknown kind 'rs' (expected rss, atom, sitemap, listing, urls)"
    )


def test_missing_url(tmp_path: Path) -> None:
    text = "sources:\n  - name: a\n    kind: rss\n    url: https://a/f\n\n  - name: b\n    kind: sitemap\n"
    assert error(tmp_path, text) == "6: source 'b': kind 'sitemap' needs 'url'"
    text2 = "sources:\n  - name: u\n    kind: urls\n"
    assert error(tmp_path, text2) == "2: source 'u': kind 'urls' needs a non-empty 'urls' list"


def test_duplicate_names(tmp_path: Path) -> None:
    text = ("sources:\n  - name: a\n    kind: rss\n    url: https://a/f\n"
            "  - name: b\n    kind: rss\n    url: https://b/f\n"
            "  - name: a\n    kind: atom\n    url: https://c/f\n")
    assert error(tmp_path, text) == "8: source 'a': duplicate name (first defined at line 2)"


def test_unset_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CCETL_NOT_SET_ANYWHERE", raising=False)
    text = "sources:\n  - name: a\n    kind: rss\n    url: ${CCETL_NOT_SET_ANYWHERE}/feed\n"
    assert error(tmp_path, text) == "4: environment variable CCETL_NOT_SET_ANYWHERE is not set"
    monkeypatch.setenv("CCETL_NOT_SET_ANYWHERE", "https://example.org")
    assert load_sources(write(tmp_path, text))[0].url == "https://example.org/feed"
    # $${ is a literal ${
    esc = "sources:\n  - name: a\n    kind: rss\n    url: https://e.org/f\n    notes: 'cost $${X}'\n"
    assert load_sources(write(tmp_path, esc))[0].notes == "cost ${X}"


def test_bad_yaml_line(tmp_path: Path) -> None:
    text = "sources:\n  - name: a\n    kind: rss\n    url: [unclosed\n  - name: b\n"
    msg = error(tmp_path, text)
    assert msg.split(":", 1)[0].isdigit() and "not valid YAML" in msg
    assert error(tmp_path, "sources:\n  - name: a\n\tkind: rss\n").startswith("3: not valid YAML")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("  - name: a\n    kind: rss\n    url: https://a/f\n    colour: red\n",
         "5: source 'a': unknown field 'colour'"),
        ("  - name: a\n    kind: rss\n    url: ftp://a/f\n", "4: source 'a': url: not an http(s) URL: 'ftp://a/f'"),
        ("  - name: a\n    kind: rss\n    url: https://a/f\n    lang: fr\n", "5: source 'a': lang: Input should be"),
        ("  - name: a\n    kind: rss\n    url: https://a/f\n    include: ['(unclosed']\n",
         "5: source 'a': include: bad regex '(unclosed'"),
        ("  - name: a\n    kind: listing\n    url: https://a/\n",
         "2: source 'a': kind 'listing' needs a 'listing' block"),
        ("  - name: a\n    kind: listing\n    url: https://a/\n    listing: {link_selector: a, page_url_pattern: 'https://a/p.html'}\n",
         "5: source 'a': listing.page_url_pattern: must contain {page} or {date:FORMAT}"),
        ("  - name: a\n    kind: rss\n    url: https://a/f\n    rate_limit_per_s: 0\n",
         "5: source 'a': rate_limit_per_s: Input should be greater than 0"),
        ("  - kind: rss\n    url: https://a/f\n", "2: source: missing 'name'"),
        ("  - name: a\n    url: https://a/f\n", "2: source 'a': missing 'kind'"),
        ("  - just a string\n", "2: each source must be a mapping"),
        ("  - name: 'a b'\n    kind: rss\n    url: https://a/f\n", "2: source 'a b': name: name must be"),
        ("  - name: a\n    kind: rss\n    url: https://a/f\n    enabled: maybe\n",
         "5: source 'a': enabled: Input should be a valid boolean"),
    ],
)
def test_field_errors_have_lines(tmp_path: Path, body: str, expected: str) -> None:
    msg = error(tmp_path, "sources:\n" + body)
    assert msg.startswith(expected), msg


def test_top_level_shapes(tmp_path: Path) -> None:
    assert error(tmp_path, "source:\n  - name: a\n").startswith("1: unknown top-level key 'source'")
    assert error(tmp_path, "sources: {a: 1}\n") == "1: 'sources' must be a list"
    assert load_sources(write(tmp_path, "")) == []
    assert load_sources(write(tmp_path, "sources:\n")) == []
    # a bare list works too
    assert [s.name for s in load_sources(write(tmp_path, "- name: a\n  kind: rss\n  url: https://a/f\n"))] == ["a"]
    with pytest.raises(ConfigError, match="cannot read sources file"):
        load_sources(tmp_path / "missing.yaml")


def test_defaults_cannot_set_name(tmp_path: Path) -> None:
    assert error(tmp_path, "defaults:\n  name: x\nsources: []\n") == "2: 'defaults' cannot set name or kind"


def test_parse_sources_text() -> None:
    srcs = parse_sources("sources:\n  - {name: a, kind: urls, urls: ['https://a/1']}\n", "inline")
    assert srcs == [SourceConfig(name="a", kind="urls", urls=("https://a/1",))]


def test_live_sources_file_is_valid() -> None:
    srcs = load_sources(ROOT / "config" / "sources.live.yaml")
    assert len(srcs) >= 15
    assert all(not s.enabled and s.verified is False and not s.local for s in srcs)
    langs = {s.lang for s in srcs}
    assert {"en", "zh-Hans", "zh-Hant"} <= langs
    assert {s.group for s in srcs} == {"news", "official"}
    hosts = " ".join(s.url or "" for s in srcs)
    for host in ("stats.gov.cn", "mct.gov.cn", "chinadaily.com.cn", "en.people.cn", "shine.cn", "sh.gov.cn"):
        assert host in hosts


def test_project_sources_file_is_valid_when_present(monkeypatch: pytest.MonkeyPatch) -> None:
    path = ROOT / "config" / "sources.yaml"
    if not path.is_file():
        pytest.skip("config/sources.yaml not written yet")
    monkeypatch.setenv("CCETL_FIXTURE_SITE", "http://127.0.0.1:1")
    assert load_sources(path)
