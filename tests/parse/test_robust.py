"""Bad input: arbitrary HTML/unicode/bytes, malformed and deeply nested markup, empty and giant pages."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccetl.errors import InputError
from ccetl.models import RawPage
from ccetl.parse import parse_html, parse_page, parse_path

TAGS = [
    "p",
    "div",
    "table",
    "tr",
    "td",
    "th",
    "span",
    "a",
    "br",
    "h1",
    "li",
    "ul",
    "script",
    "meta",
    "time",
    "caption",
]

html_fragment = st.recursive(
    st.text(max_size=40),
    lambda children: st.builds(
        lambda tag, attrs, kids: f"<{tag} {attrs}>{''.join(kids)}</{tag}>",
        st.sampled_from(TAGS),
        st.sampled_from(
            ["", "class='content'", "colspan='3'", "rowspan='x'", "charset='gbk'", "style='display:none'"]
        ),
        st.lists(children, max_size=4),
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_fragment)
def test_arbitrary_html_str(fragment: str) -> None:
    art = parse_html(f"<html><body>{fragment}</body></html>", doc="h.html")
    assert isinstance(art.text, str)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        art = parse_html(data, doc="b.html")
    except InputError as e:
        assert str(e) and "\n" not in str(e)
    else:
        assert art.content_hash == hashlib.sha256(art.text.encode("utf-8")).hexdigest()
        assert not any(ord(ch) < 9 for ch in art.text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=500))
def test_arbitrary_unicode(s: str) -> None:
    parse_html(s, doc="u.html")
    with contextlib.suppress(InputError):
        parse_html(s.encode("utf-8", "replace"), doc="u.html")


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html>",
        "</div></div><p>unclosed <b><i>tags",
        "<?xml version='1.0' encoding='gbk'?><html><body><p>文化产业</p></body></html>",
        "<div>" * 5000 + "deep text" + "</div>" * 5000,
        "<table>" + "<tr><td>" * 3000 + "x",
        "<p>" + "a" * 2_000_000 + "</p>",
        "<html><body><p>\x00\x01 nul bytes</p></body></html>",
    ],
)
def test_malformed(html: str) -> None:
    art = parse_html(html, doc="m.html")
    assert art.content_hash


def test_parse_path_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        parse_path(tmp_path / "missing.html")
    bad = tmp_path / "bad.html.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(InputError, match="gzip"):
        parse_path(bad)
    binary = tmp_path / "img.html"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(InputError, match="img.html"):
        parse_path(binary)


def test_parse_path_forms(tmp_path: Path) -> None:
    page = "<html><body><div class='content'><p>" + "文化产业增长。" * 10 + "</p></div></body></html>"
    (tmp_path / "a.htm").write_bytes(page.encode("gbk"))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(page.encode("utf-8")))
    (tmp_path / "c.txt").write_text("First para.\n\nSecond   para.\n", encoding="utf-8")
    assert "文化产业增长" in parse_path(tmp_path / "a.htm").text
    assert "文化产业增长" in parse_path(tmp_path / "b.html.gz").text
    t = parse_path(tmp_path / "c.txt")
    assert t.text == "First para.\n\nSecond para." and t.lang == "en"


def test_parse_page_uses_hints_and_headers() -> None:
    body = "<html><body><p>" + "文化產業營業收入增長，這是發展的結果。" * 5 + "</p></body></html>"
    raw = RawPage(
        url="https://example.hk/news/1.html",
        body=body.encode("big5"),
        headers={"content-type": "text/html; charset=big5"},
        hint_lang="zh-Hant",
        source="hk",
    )
    art = parse_page(raw)
    assert "文化產業" in art.text and art.lang == "zh-Hant" and art.source == "hk"
