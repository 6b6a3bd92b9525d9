"""Faults injected for real by a server on 127.0.0.1: every one ends in a FetchLog reason,
the other pages of the same batch load, and the page loads once the server is fixed."""

from __future__ import annotations

import random
import socket
import time
import zlib
from typing import Any

import pytest
from faultserver import FaultServer, closed_port
from fetchkit import fast_settings, local_source

from ccetl.fetch.client import Fetcher
from ccetl.sources import SourceConfig

# mode, args, expected reason (substring), extra settings
CASES: list[tuple[str, dict[str, Any], str, dict[str, Any]]] = [
    ("status", {"code": 500}, "HTTP 500 after 3 attempts", {}),
    ("status", {"code": 503}, "HTTP 503 after 3 attempts", {}),
    ("status", {"code": 503, "retry_after": 0}, "HTTP 503", {}),
    ("status", {"code": 429}, "HTTP 429", {}),
    ("status", {"code": 404}, "HTTP 404", {}),
    ("reset", {}, "connection reset", {}),
    ("hang", {}, "timeout", {"max_retries": 0, "timeout_s": 0.5}),
    ("drip", {"interval": 0.2}, "timeout", {"max_retries": 0, "timeout_s": 0.8}),
    ("truncated", {}, "truncated body", {}),
    ("huge", {"size": 50_000_000}, "body over 1000000 bytes", {}),
    ("huge_cl", {"size": 50_000_000}, "body over 1000000 bytes", {}),
    ("gzip_bomb", {"size": 20_000_000}, "body over 1000000 bytes", {}),
    ("binary", {}, "binary content with text/html type", {}),
    ("body", {"body": b"%PDF-1.4 ...", "ctype": "application/pdf"}, "content type application/pdf skipped", {}),
    ("redirect", {"location": "file:///etc/passwd"}, "redirect refused: refused scheme 'file:'", {}),
    ("redirect", {"location": "javascript:alert(1)"}, "redirect refused: refused scheme 'javascript:'", {}),
    ("redirect", {"location": "data:text/html,<b>x</b>"}, "redirect refused: refused scheme 'data:'", {}),
]


@pytest.mark.parametrize(("mode", "args", "reason", "extra"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_fault_is_logged_others_load_and_fix_recovers(
    server: FaultServer, src: SourceConfig, mode: str, args: dict[str, Any], reason: str, extra: dict[str, Any]
) -> None:
    fetcher = Fetcher(fast_settings(**extra), max_retry_after_s=2.0)
    bad = server.fault("/bad", mode, **args)
    good = [server.url("/good1"), server.url("/good2")]
    t0 = time.monotonic()
    results = fetcher.fetch_many([good[0], bad, good[1]], source=src)
    elapsed = time.monotonic() - t0
    by_url = {r.url: r for r in results}
    assert len(results) == 3
    r = by_url[bad]
    assert r.page is None
    assert r.log.error is not None and reason in r.log.error, r.log
    assert r.log.url == bad and r.log.source == "fixture"
    for g in good:
        assert by_url[g].page is not None, by_url[g].log
        assert by_url[g].log.error is None and by_url[g].log.status == 200
        assert b"Culture and tourism" in by_url[g].page.body  # type: ignore[union-attr]
    assert elapsed < 8
    # the server is fixed: the same fetcher now loads the page
    server.fix("/bad")
    again = fetcher.fetch_one(bad, source=src)
    assert again.page is not None and again.log.error is None, again.log
    assert again.log.status == 200 and again.page.final_url == bad


def test_retry_after_is_honoured(server: FaultServer, fetcher: Fetcher, src: SourceConfig) -> None:
    url = server.fault("/busy", "status", code=429, retry_after=1, then_ok_after=1)
    r = fetcher.fetch_one(url, source=src)
    assert r.page is not None, r.log
    hits = server.hits_for("/busy")
    assert len(hits) == 2
    assert hits[1].at - hits[0].at >= 0.95  # waited for Retry-After, not the 10 ms backoff


def test_retry_after_over_cap_stops_retrying(server: FaultServer, src: SourceConfig) -> None:
    fetcher = Fetcher(fast_settings(), max_retry_after_s=5.0)
    url = server.fault("/later", "status", code=503, retry_after=3600)
    t0 = time.monotonic()
    r = fetcher.fetch_one(url, source=src)
    assert time.monotonic() - t0 < 2
    assert r.log.status == 503 and "Retry-After 3600 s over the 5 s cap" in (r.log.error or "")
    assert len(server.hits_for("/later")) == 1


def test_transient_500_then_ok_is_retried(server: FaultServer, fetcher: Fetcher, src: SourceConfig) -> None:
    url = server.fault("/flaky", "status", code=502, then_ok_after=2)
    r = fetcher.fetch_one(url, source=src)
    assert r.page is not None and r.log.status == 200
    assert len(server.hits_for("/flaky")) == 3


def test_huge_body_stops_reading_early(server: FaultServer, fetcher: Fetcher, src: SourceConfig) -> None:
    url = server.fault("/huge", "huge", size=50_000_000)
    r = fetcher.fetch_one(url, source=src)
    assert r.page is None and "body over 1000000 bytes" in (r.log.error or "")
    assert r.log.bytes < 3_000_000
    time.sleep(0.2)
    assert server.sent.get("/huge", 0) < 25_000_000  # the client hung up long before 50 MB


def test_gzip_page_is_decoded(server: FaultServer, fetcher: Fetcher, src: SourceConfig) -> None:
    url = server.fault("/gz", "gzip")
    r = fetcher.fetch_one(url, source=src)
    assert r.page is not None and r.page.body.startswith(b"<!doctype html>")
    assert "content-encoding" not in r.page.headers


def test_connection_refused_then_server_comes_up(src: SourceConfig) -> None:
    port = closed_port()
    fetcher = Fetcher(fast_settings(max_retries=1), robots_error_ttl_s=0.0)
    url = f"http://127.0.0.1:{port}/article"
    r = fetcher.fetch_one(url, source=src)
    assert r.page is None and r.log.status is None
    assert "connection refused" in (r.log.error or "")
    with FaultServer(port=port) as srv:
        r2 = fetcher.fetch_one(url, source=src)
        assert r2.page is not None, r2.log
        assert [h.path for h in srv.hits] == ["/robots.txt", "/article"]


def test_redirect_loop_and_limit(server: FaultServer, fetcher: Fetcher, src: SourceConfig) -> None:
    server.fault("/loop/a", "redirect", location="/loop/b")
    server.fault("/loop/b", "redirect", location="/loop/a")
    for i in range(10):
        server.fault(f"/chain/{i}", "redirect", location=f"/chain/{i + 1}", code=301)
    loop, chain = fetcher.fetch_many([server.url("/loop/a"), server.url("/chain/0")], source=src)
    assert loop.log.error == "redirect loop"
    assert chain.log.error == "too many redirects (over 5)"
    assert len(server.hits_for("/chain/6")) == 0
    server.fault("/loop/b", "redirect", location="/landing")
    ok = fetcher.fetch_one(server.url("/loop/a"), source=src)
    assert ok.page is not None and ok.page.final_url == server.url("/landing")
    assert ok.log.final_url == server.url("/landing")


def test_redirect_to_another_host(server: FaultServer, fetcher: Fetcher, src: SourceConfig) -> None:
    with FaultServer() as other:
        target = f"http://localhost:{other.port}/moved/story?utm_source=feed"
        url = server.fault("/old", "redirect", location=target, code=301)
        r = fetcher.fetch_one(url, source=src)
        assert r.page is not None, r.log
        assert r.page.final_url == f"http://localhost:{other.port}/moved/story"
        # each host's robots.txt is read before its first page
        assert [h.path for h in other.hits] == ["/robots.txt", "/moved/story"]
        # a source that is not local may not be redirected to loopback (nor fetch it at all)
        public = Fetcher(fast_settings())
        r2 = public.fetch_one(url)
        assert r2.page is None and "refused private address 127.0.0.1" in (r2.log.error or "")
        assert len(server.hits_for("/old")) == 1


def test_robots_disallow_means_no_request(server: FaultServer, src: SourceConfig) -> None:
    server.robots_txt = b"User-agent: *\nDisallow: /private/\n\nUser-agent: ccetl-test\nDisallow: /nobots/\n"
    fetcher = Fetcher(fast_settings())
    res = fetcher.fetch_many([server.url("/nobots/a"), server.url("/private/b"), server.url("/public/c")],
                             source=src)
    errors = [r.log.error for r in res]
    assert errors[0] == "robots.txt disallows"
    assert errors[1] is None  # the ccetl-test group applies, not '*'
    assert errors[2] is None
    assert len(server.hits_for("/robots.txt")) == 1  # fetched once per host
    assert server.hits_for("/nobots/a") == []
    aux = fetcher.pop_aux_logs()
    assert [a.url for a in aux] == [server.url("/robots.txt")] and aux[0].status == 200
    # fixed: robots.txt changes; a later run (new Fetcher) reads it again
    server.robots_txt = b"User-agent: *\nAllow: /\n"
    r = Fetcher(fast_settings()).fetch_one(server.url("/nobots/a"), source=src)
    assert r.page is not None


def test_robots_5xx_disallows_until_it_recovers(server: FaultServer, src: SourceConfig) -> None:
    server.robots_status = 503
    fetcher = Fetcher(fast_settings(max_retries=0), robots_error_ttl_s=0.0)
    r = fetcher.fetch_one(server.url("/a"), source=src)
    assert r.page is None and "robots.txt unavailable (HTTP 503)" in (r.log.error or "")
    assert server.hits_for("/a") == []
    server.robots_status = 200
    assert fetcher.fetch_one(server.url("/a"), source=src).page is not None


def test_robots_404_allows_everything(server: FaultServer, fetcher: Fetcher, src: SourceConfig) -> None:
    server.robots_txt = None
    assert fetcher.fetch_one(server.url("/private/x"), source=src).page is not None


def test_tracking_variants_are_fetched_once(server: FaultServer, fetcher: Fetcher, src: SourceConfig) -> None:
    variants = [
        server.url("/news/2024/05/31/story.html?id=7&utm_source=weibo&utm_medium=social"),
        server.url("/news/2024/05/31/story.html?id=7&spm=a2c4g.11186623&from=timeline"),
        server.url("/news/2024/05/31/story.html?fbclid=IwAR0abc&id=7#comments"),
        f"HTTP://127.0.0.1:{server.port}/news/2024/05/31/story.html?id=7&gclid=xyz",
    ]
    results = fetcher.fetch_many(variants, source=src)
    assert len(results) == 1
    assert results[0].url == server.url("/news/2024/05/31/story.html?id=7")
    assert results[0].page is not None
    assert [h.path for h in server.page_hits()] == ["/news/2024/05/31/story.html?id=7"]


def test_deeply_nested_html_is_served_fine(server: FaultServer, fetcher: Fetcher, src: SourceConfig) -> None:
    body = b"<html><body>" + b"<div>" * 50_000 + b"deep text" + b"</span>" * 3 + b"</div>" * 49_000
    url = server.fault("/deep", "body", body=body)
    r = fetcher.fetch_one(url, source=src)
    assert r.page is not None and r.page.body == body and r.log.bytes == len(body)


def test_non_local_source_never_touches_private_hosts(server: FaultServer) -> None:
    fetcher = Fetcher(fast_settings())
    public = SourceConfig(name="pub", kind="rss", url="https://example.org/feed")
    urls = [server.url("/x"), f"http://localhost:{server.port}/y", "http://10.0.0.1/z", "http://[::1]/w",
            "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd", "ftp://example.org/a"]
    res = fetcher.fetch_many(urls, source=public)
    assert all(r.page is None and r.log.status is None for r in res)
    assert all(("refused private address" in (r.log.error or "")) for r in res[:5])
    assert res[5].log.error == "refused scheme 'file:'" and res[6].log.error == "refused scheme 'ftp:'"
    assert server.hits == []


def test_unexpected_error_becomes_a_log_row(server: FaultServer, src: SourceConfig) -> None:
    fetcher = Fetcher(fast_settings())
    results = fetcher.fetch_many(["http://[bad", "", "not a url", server.url("/ok")], source=src)
    assert [r.page is not None for r in results] == [False, False, False, True]
    assert all(r.log.error for r in results[:3])


def test_host_name_resolving_to_loopback_is_refused(server: FaultServer) -> None:
    name = socket.gethostname()
    try:
        addrs = {str(i[4][0]) for i in socket.getaddrinfo(name, 80)}
    except OSError:
        pytest.skip("host name does not resolve")
    if not any(a.startswith("127.") or a == "::1" for a in addrs):
        pytest.skip("host name does not resolve to loopback here")
    url = f"http://{name}:{server.port}/page"
    r = Fetcher(fast_settings()).fetch_one(url)
    assert r.page is None and "resolves to it; source not local" in (r.log.error or "")
    assert server.hits == []
    assert Fetcher(fast_settings()).fetch_one(url, source=local_source()).page is not None


def test_random_faults_every_good_page_once(server: FaultServer, src: SourceConfig) -> None:
    rng = random.Random(7)
    modes: list[tuple[str, dict[str, Any]]] = [
        ("status", {"code": 500}), ("status", {"code": 503, "then_ok_after": 1}), ("reset", {}),
        ("truncated", {}), ("binary", {"size": 2000}), ("status", {"code": 404}),
        ("redirect", {"location": "file:///etc/passwd"}), ("huge_cl", {"size": 5_000_000}),
    ]
    urls, bad = [], set()
    for i in range(120):
        path = f"/soak/{i}"
        if rng.random() < 0.15:
            mode, args = rng.choice(modes)
            server.fault(path, mode, **args)
            if not args.get("then_ok_after"):
                bad.add(server.url(path))
        urls.append(server.url(path))
    fetcher = Fetcher(fast_settings(per_host_concurrency=8, max_retries=1))
    res = fetcher.fetch_many(urls, source=src)
    assert len(res) == 120
    for r in res:
        assert (r.page is None) == (r.url in bad), r.log
        assert r.page is not None or r.log.error
    good_paths = [u.removeprefix(server.base) for u in urls if u not in bad]
    counts: dict[str, int] = {}
    for h in server.page_hits():
        counts[h.path] = counts.get(h.path, 0) + 1
    for p in good_paths:
        f = server.faults.get(p)
        assert counts[p] == (2 if f is not None and f.args.get("then_ok_after") else 1), p


def test_unreachable_host_fails_fast_for_all_its_urls(src: SourceConfig) -> None:
    port = closed_port()
    fetcher = Fetcher(fast_settings(max_retries=1, per_host_concurrency=2), robots_error_ttl_s=60.0)
    t0 = time.monotonic()
    res = fetcher.fetch_many([f"http://127.0.0.1:{port}/p/{i}" for i in range(30)], source=src)
    assert time.monotonic() - t0 < 3
    assert all(r.log.error == "connection refused after 2 attempts (fetching robots.txt)" for r in res), res[0].log
    assert len(fetcher.pop_aux_logs()) == 1  # one robots.txt request for the host


def test_robots_that_hangs_times_out_once(server: FaultServer, src: SourceConfig) -> None:

    def hang(h: Any) -> None:
        server.stopping.wait(5)

    server.custom["/robots.txt"] = hang
    fetcher = Fetcher(fast_settings(max_retries=0, timeout_s=0.5), robots_error_ttl_s=60.0)
    t0 = time.monotonic()
    res = fetcher.fetch_many([server.url(f"/h/{i}") for i in range(10)], source=src)
    assert time.monotonic() - t0 < 2.5
    assert all("timeout" in (r.log.error or "") and "robots.txt" in (r.log.error or "") for r in res)
    assert server.page_hits() == [] and len(server.hits_for("/robots.txt")) == 1
    del server.custom["/robots.txt"]
    # a later run (or this fetcher after robots_error_ttl_s) reaches the host again
    assert Fetcher(fast_settings()).fetch_one(server.url("/h/0"), source=src).page is not None


def test_missing_content_type_binary_and_deflate(server: FaultServer, fetcher: Fetcher, src: SourceConfig) -> None:
    blob = bytes(range(256)) * 40

    def no_content_type(h: Any) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(len(blob)))
        h.end_headers()
        h.wfile.write(blob)

    server.custom["/noctype"] = no_content_type
    r = fetcher.fetch_one(server.url("/noctype"), source=src)
    assert r.page is None and r.log.error == "binary content with no type"
    raw = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = raw.compress(b"<html><body>deflated</body></html>") + raw.flush()
    server.fault("/deflate", "body", body=body, headers={"Content-Encoding": "deflate"})
    server.fault("/zlib", "body", body=zlib.compress(b"<html><body>zlib</body></html>"),
                 headers={"Content-Encoding": "deflate"})
    server.fault("/br", "body", body=b"xx", headers={"Content-Encoding": "br"})
    d, z, b = fetcher.fetch_many([server.url("/deflate"), server.url("/zlib"), server.url("/br")], source=src)
    assert d.page is not None and d.page.body == b"<html><body>deflated</body></html>"
    assert z.page is not None and z.page.body == b"<html><body>zlib</body></html>"
    assert b.page is None and b.log.error == "unsupported content-encoding 'br'"


def test_tls_error_is_not_retried(server: FaultServer, src: SourceConfig) -> None:
    fetcher = Fetcher(fast_settings(max_retries=3, backoff_base_s=0.5))
    t0 = time.monotonic()
    r = fetcher.fetch_one(f"https://127.0.0.1:{server.port}/page", source=src)  # the server speaks plain HTTP
    assert time.monotonic() - t0 < 1.5  # no backoff: retrying cannot fix a TLS failure
    assert r.page is None and (r.log.error or "").startswith("TLS error"), r.log
