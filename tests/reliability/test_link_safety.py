"""Links to file:, data:, javascript: and private addresses are refused unless the source is local,
end to end: the refusal reaches the warehouse fetch log, nothing is requested, the good pages load."""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import FaultServer
from relkit import fast_settings

from ccetl.pipeline import ingest_direct, totals
from ccetl.sources import SourceConfig

HOSTILE = [
    ("file:///etc/passwd", "refused scheme 'file:'"),
    ("data:text/html;base64,PGgxPng8L2gxPg==", "refused scheme 'data:'"),
    ("javascript:alert(1)", "refused scheme 'javascript:'"),
    ("ftp://127.0.0.1/pub/x", "refused scheme 'ftp:'"),
]


@pytest.fixture
def server() -> Iterator[FaultServer]:
    srv = FaultServer().start()
    try:
        yield srv
    finally:
        srv.stop()


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>t{i}</title><link>{u.replace('&', '&amp;')}</link></item>"
                    for i, u in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'.encode()


def _listing(links: list[str]) -> bytes:
    lis = "".join(f'<li><a href="{u}">t{i}</a></li>' for i, u in enumerate(links))
    return f"<html><body><ul class='list'>{lis}</ul></body></html>".encode()


def _fetch_log(db: Path) -> list[tuple[str, str | None, str | None]]:
    con = sqlite3.connect(db)
    try:
        return [(r[0], r[1], r[2]) for r in con.execute("SELECT url, error, source FROM fetch_log ORDER BY id")]
    finally:
        con.close()


def _articles(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT url FROM article ORDER BY url")]
    finally:
        con.close()


def test_non_local_source_on_loopback_is_refused_with_a_fetch_log_reason(server: FaultServer, tmp_path: Path) -> None:
    server.fault("/feed.xml", "body", body=_rss([server.url("/a.html")]), ctype="application/rss+xml")
    sources = [SourceConfig(name="public-feed", kind="rss", url=server.url("/feed.xml")),
               SourceConfig(name="public-urls", kind="urls", urls=(server.url("/b.html"),))]
    host = socket.gethostname()
    try:  # a name that is not "localhost" but resolves to a loopback address (DNS-rebinding style)
        resolves_to_loopback = socket.gethostbyname(host).startswith("127.")
    except OSError:
        resolves_to_loopback = False
    if resolves_to_loopback:
        sources.append(SourceConfig(name="public-name", kind="rss", url=f"http://{host}:{server.port}/feed.xml"))
    db = tmp_path / "w.sqlite"
    stats = ingest_direct(fast_settings(), sources, f"sqlite:///{db}")
    assert server.hits == []  # nothing was requested, not even robots.txt
    assert totals(stats)["articles_loaded"] == 0
    log = {(src, url): err for url, err, src in _fetch_log(db)}
    assert log[("public-feed", server.url("/feed.xml"))] == "refused private address 127.0.0.1 (source not local)"
    assert log[("public-urls", server.url("/b.html"))] == "refused private address 127.0.0.1 (source not local)"
    if resolves_to_loopback:
        err = log[("public-name", f"http://{host}:{server.port}/feed.xml")]
        assert err is not None and err.startswith("refused private address 127.") and "resolves to it" in err
    by_source = {s.source: s for s in stats}
    assert by_source["public-feed"].failures[0].stage == "discover"
    assert "refused private address" in by_source["public-feed"].failures[0].reason


@pytest.mark.parametrize("kind", ["rss", "listing"])
def test_local_source_still_refuses_other_schemes(kind: str, server: FaultServer, tmp_path: Path) -> None:
    links = [server.url("/good.html"), "http://10.255.255.1/private-ok-for-local.html", *(u for u, _ in HOSTILE)]
    if kind == "rss":
        server.fault("/feed", "body", body=_rss(links), ctype="application/rss+xml")
        src = SourceConfig(name="loc", kind="rss", url=server.url("/feed"), local=True)
    else:
        server.fault("/feed", "body", body=_listing(links))
        src = SourceConfig.model_validate({"name": "loc", "kind": "listing", "url": server.url("/feed"), "local": True,
                                           "listing": {"link_selector": "ul.list li a", "max_pages": 1}})
    db = tmp_path / "w.sqlite"
    settings = fast_settings()
    settings = settings.model_copy(update={"http": settings.http.model_copy(update={"timeout_s": 0.5,
                                                                                     "max_retries": 0})})
    stats = ingest_direct(settings, [src], f"sqlite:///{db}")
    assert _articles(db) == [server.url("/good.html")]
    assert sorted({h.path for h in server.hits}) == ["/feed", "/good.html", "/robots.txt"]
    log = {url: err for url, err, _ in _fetch_log(db)}
    for url, reason in HOSTILE:
        scheme = url.split(":", 1)[0] + ":"  # feed parsers may tidy the rest (file:///x -> file://x)
        assert [err for u, err in log.items() if u.startswith(scheme)] == [reason], (url, log)
    # a private address is allowed for a local source: it was requested (and failed: nothing listens there)
    assert "http://10.255.255.1/private-ok-for-local.html" in log
    assert not (log["http://10.255.255.1/private-ok-for-local.html"] or "").startswith("refused")
    assert totals(stats)["articles_loaded"] == 1
