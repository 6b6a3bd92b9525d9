"""Politeness measured at the server: rate limit, concurrency, crawl-delay, conditional GET, User-Agent."""

from __future__ import annotations

import asyncio

from faultserver import FaultServer
from fetchkit import UA, fast_settings, local_source

from ccetl.fetch.client import Fetcher
from ccetl.sources import SourceConfig


def _gaps(times: list[float]) -> list[float]:
    times = sorted(times)
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def assert_spaced(times: list[float], interval: float, jitter: float = 0.03) -> None:
    """Arrival times at the server are at least `interval` apart, up to scheduling jitter
    (a request that arrived late makes one gap long and the next one short)."""
    t = sorted(times)
    for i in range(len(t)):
        for j in range(i + 1, len(t)):
            assert t[j] - t[i] >= (j - i) * interval - jitter, (i, j, _gaps(t))


def test_per_host_rate_limit(server: FaultServer, src: SourceConfig) -> None:
    fetcher = Fetcher(fast_settings(per_host_rate_per_s=20.0, per_host_concurrency=4))
    urls = [server.url(f"/p/{i}") for i in range(10)]
    res = fetcher.fetch_many(urls, source=src)
    assert all(r.page is not None for r in res)
    times = [h.at for h in server.hits]  # robots.txt counts too
    assert len(times) == 11
    assert_spaced(times, 0.05)  # 20/s


def test_source_rate_limit_is_stricter(server: FaultServer) -> None:
    src = local_source(rate_limit_per_s=8.0)
    fetcher = Fetcher(fast_settings(per_host_rate_per_s=1000.0))
    fetcher.fetch_many([server.url(f"/q/{i}") for i in range(5)], source=src)
    assert_spaced([h.at for h in server.hits], 0.125)


def test_rate_limit_holds_across_calls(server: FaultServer, src: SourceConfig) -> None:
    fetcher = Fetcher(fast_settings(per_host_rate_per_s=10.0))
    for i in range(4):
        fetcher.fetch_one(server.url(f"/r/{i}"), source=src)
    assert_spaced([h.at for h in server.hits], 0.1)


def test_per_host_concurrency(server: FaultServer, src: SourceConfig) -> None:
    for i in range(8):
        server.fault(f"/slow/{i}", "slow", delay=0.2)
    fetcher = Fetcher(fast_settings(per_host_concurrency=2, per_host_rate_per_s=1000.0))
    res = fetcher.fetch_many([server.url(f"/slow/{i}") for i in range(8)], source=src)
    assert all(r.page is not None for r in res)
    assert server.max_active == 2  # used, never exceeded
    src1 = local_source(concurrency=1)
    server.max_active = 0
    Fetcher(fast_settings(per_host_concurrency=4, per_host_rate_per_s=1000.0)).fetch_many(
        [server.url(f"/slow/{i}") for i in range(4)], source=src1)
    assert server.max_active == 1


def test_hosts_are_limited_separately(server: FaultServer, src: SourceConfig) -> None:
    with FaultServer() as other:
        for s in (server, other):
            for i in range(4):
                s.fault(f"/slow/{i}", "slow", delay=0.2)
        fetcher = Fetcher(fast_settings(per_host_concurrency=1, per_host_rate_per_s=1000.0))
        urls = [s.url(f"/slow/{i}") for s in (server, other) for i in range(4)]
        fetcher.fetch_many(urls, source=src)
        assert server.max_active == 1 and other.max_active == 1
        # the two hosts were served at the same time
        a = [h for h in server.hits if h.path.startswith("/slow")]
        b = [h for h in other.hits if h.path.startswith("/slow")]
        assert min(h.at for h in b) < max(h.end for h in a)


def test_crawl_delay_is_a_rate_limit(server: FaultServer, src: SourceConfig) -> None:
    server.robots_txt = b"User-agent: *\nCrawl-delay: 0.3\n"
    fetcher = Fetcher(fast_settings(per_host_rate_per_s=1000.0))
    fetcher.fetch_many([server.url(f"/c/{i}") for i in range(3)], source=src)
    page_times = [h.at for h in server.page_hits()]
    assert len(page_times) == 3
    assert_spaced(page_times, 0.3)


def test_conditional_get(server: FaultServer, src: SourceConfig) -> None:
    url = server.fault("/cond", "etag", etag='"v1"')
    first = Fetcher(fast_settings()).fetch_one(url, source=src)
    assert first.page is not None
    assert first.log.etag == '"v1"' and first.log.last_modified == "Mon, 01 Jan 2024 00:00:00 GMT"
    # the next run remembers the validators (from the fetch log) and gets a 304
    validators = {url: (first.log.etag, first.log.last_modified)}
    second = Fetcher(fast_settings(), validators=validators).fetch_one(url, source=src)
    assert second.page is None and second.log.error is None
    assert second.log.status == 304 and second.log.not_modified and second.log.bytes == 0
    assert second.log.etag == '"v1"'
    hits = server.hits_for("/cond")
    assert "if-none-match" not in hits[0].headers
    assert hits[1].headers["if-none-match"] == '"v1"'
    assert hits[1].headers["if-modified-since"] == "Mon, 01 Jan 2024 00:00:00 GMT"
    # the page changed: a full answer again
    server.fault("/cond", "etag", etag='"v2"')
    third = Fetcher(fast_settings(), validators=validators).fetch_one(url, source=src)
    assert third.page is not None and third.log.etag == '"v2"'


def test_user_agent_and_headers(server: FaultServer, fetcher: Fetcher, src: SourceConfig) -> None:
    fetcher.fetch_one(server.url("/ua"), source=src)
    assert [h.path for h in server.hits] == ["/robots.txt", "/ua"]
    for h in server.hits:
        assert h.headers["user-agent"] == UA
    assert server.hits[1].headers["accept-encoding"] == "gzip, deflate"


def test_async_api_inside_a_running_loop(server: FaultServer, src: SourceConfig) -> None:
    fetcher = Fetcher(fast_settings())

    async def main() -> tuple[int, int]:
        res = await fetcher.afetch_many([server.url("/a1"), server.url("/a2")], source=src)
        # the sync wrapper also works while a loop is running (it uses a worker thread)
        one = fetcher.fetch_one(server.url("/a3"), source=src)
        return sum(r.page is not None for r in res), int(one.page is not None)

    assert asyncio.run(main()) == (2, 1)


def test_many_pages_load_once_each(server: FaultServer, src: SourceConfig) -> None:
    fetcher = Fetcher(fast_settings(per_host_concurrency=4, per_host_rate_per_s=1000.0))
    urls = [server.url(f"/many/{i}") for i in range(120)]
    res = fetcher.fetch_many(urls + urls[:50], source=src)
    assert len(res) == 120 and all(r.page is not None for r in res)
    assert len(server.page_hits()) == 120


def test_rate_limit_is_shared_by_fetchers_and_threads(server: FaultServer, src: SourceConfig) -> None:
    """Two sources on one host (two Fetchers, run in two threads) share the host's pace."""
    import threading

    def run(tag: str) -> None:
        f = Fetcher(fast_settings(per_host_rate_per_s=20.0))
        f.fetch_many([server.url(f"/{tag}/{i}") for i in range(5)], source=src)

    threads = [threading.Thread(target=run, args=(t,)) for t in ("s1", "s2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(server.page_hits()) == 10
    assert_spaced([h.at for h in server.hits], 0.05)


def test_second_run_downloads_nothing_again(server: FaultServer, src: SourceConfig) -> None:
    """A synthetic site (300 pages here; bench/ runs 1,000+): the second run, given the
    validators of the first run's fetch log, downloads no page again: every answer is a 304."""
    server.etags = True
    settings = fast_settings(per_host_concurrency=8, per_host_rate_per_s=2000.0)
    urls = [server.url(f"/site/{i}.html") for i in range(300)]
    first = Fetcher(settings).fetch_many(urls, source=src)
    assert sum(r.page is not None for r in first) == 300
    validators = {r.log.url: (r.log.etag, r.log.last_modified) for r in first}
    second = Fetcher(settings, validators=validators).fetch_many(urls, source=src)
    assert all(r.page is None and r.log.not_modified and r.log.status == 304 for r in second)
    assert sum(r.log.bytes for r in second) == 0
    assert len(server.page_hits()) == 600
