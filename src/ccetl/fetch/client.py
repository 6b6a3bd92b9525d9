"""The polite HTTP client: one `FetchResult` (and one `FetchLog`) per URL, never an exception.

    fetcher = Fetcher(settings.http, validators={url: (etag, last_modified)})
    results = fetcher.fetch_many(urls, source=src)      # sync; `afetch_many` is the async one

What every request goes through, in order:
- canonical URL (tracking parameters dropped); URLs with the same canonical form
  are fetched once, and results come back one per distinct canonical URL in the
  order of first appearance;
- scheme check (http/https only) and private/loopback address check (allowed
  only for sources with `local: true`, or a Fetcher made with `local=True`);
- robots.txt of the origin (fetched once, cached; Disallow -> no request,
  "robots.txt disallows"; Crawl-delay/Request-rate -> per-host rate limit);
- per-host concurrency (asyncio.Semaphore) and minimum interval between requests;
- conditional GET from `validators` (304 -> page None, log.not_modified);
- retries with exponential backoff and jitter on 429/5xx, timeouts and
  connection errors; Retry-After honoured, and a Retry-After over
  `max_retry_after_s` ends the retries instead of hammering;
- redirects followed by hand (each hop re-checked: scheme, private address,
  robots.txt, loops, `max_redirects`);
- a total time limit per attempt (`timeout_s`, which also catches slow drips);
- a maximum body size, counted on the decoded body while streaming (gzip
  bombs stop at the limit); content types outside `accept` are recorded and not
  downloaded; binary bodies labelled text/html are refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import ipaddress
import logging
import random
import socket
import ssl
import threading
import time
import zlib
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

import httpx

from ccetl.fetch.robots import MAX_ROBOTS_BYTES, RobotsCache, RobotsEntry
from ccetl.fetch.urls import Link, address_is_private, canonicalize, check_url, origin
from ccetl.models import FetchLog, RawPage
from ccetl.settings import HttpSettings

log = logging.getLogger("ccetl.fetch")

HTML_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml")
FEED_TYPES: tuple[str, ...] = (
    "application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
    "application/rdf+xml", "application/x-rss+xml", "text/plain", "text/html",
    "application/gzip", "application/x-gzip", "application/octet-stream", "application/xhtml+xml",
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"
_BINARY_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF",
    b"RIFF", b"OggS", b"ID3", b"fLaC", b"wOFF", b"wOF2", b"\x00\x00\x01\x00", b"Rar!", b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0", b"MZ",
)


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome for one (canonical) URL: the page when it loaded, and always the log row."""

    url: str
    page: RawPage | None
    log: FetchLog

    @property
    def ok(self) -> bool:
        return self.page is not None


# ------------------------------------------------------------------ internals


class _Stop(Exception):
    """A terminal failure of one request: `reason` goes to the log, no retry."""

    def __init__(self, reason: str, status: int | None = None, nbytes: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.nbytes = nbytes


@dataclass(slots=True)
class _Answer:
    """What one hop produced (after retries)."""

    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    error: str | None = None
    location: str | None = None
    nbytes: int = 0


class _Decoder:
    """Content-Encoding decoder with a hard cap on the decoded size."""

    def __init__(self, encoding: str, limit: int) -> None:
        enc = encoding.strip().lower()
        self.room = limit
        self.limit = limit
        self._d: Any = None
        if enc in ("gzip", "x-gzip"):
            self._d = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self._d = zlib.decompressobj(wbits=zlib.MAX_WBITS)
            self._deflate_probe = True
        elif enc in ("", "identity"):
            self._d = None
        else:
            raise _Stop(f"unsupported content-encoding {enc!r}")
        self._enc = enc
        self._first = True

    def feed(self, chunk: bytes) -> bytes:
        if self._d is None:
            self.room -= len(chunk)
            if self.room < 0:
                raise _Stop(f"body over {self.limit} bytes")
            return chunk
        if self._first and self._enc == "deflate":
            self._first = False
            # some servers send raw deflate without the zlib header
            if len(chunk) >= 2 and (chunk[0] & 0x0F) != 8:
                self._d = zlib.decompressobj(wbits=-zlib.MAX_WBITS)
        out: list[bytes] = []
        buf = chunk
        try:
            while buf:
                piece = self._d.decompress(buf, self.room + 1)
                self.room -= len(piece)
                out.append(piece)
                if self.room < 0:
                    raise _Stop(f"decoded body over {self.limit} bytes (compression bomb?)")
                buf = self._d.unconsumed_tail
                if self._d.eof:
                    break
        except zlib.error as e:
            raise _Stop(f"bad {self._enc} encoding: {e}") from e
        return b"".join(out)


def _lower_headers(h: httpx.Headers) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in h.multi_items():
        k = k.lower()
        out[k] = f"{out[k]}, {v}" if k in out and k != "set-cookie" else v
    out.pop("set-cookie", None)
    return out


def _mime(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _looks_binary(body: bytes, content_type: str) -> bool:
    head = body[:4096]
    if head.startswith(_BINARY_MAGIC):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or "utf-16" in content_type.lower():
        return False
    if b"\x00" in head:
        return True
    if not head:
        return False
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 27 or 27 < b < 32)
    return ctrl / len(head) > 0.05


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _chain(e: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    x: BaseException | None = e
    while x is not None and len(out) < 10:
        out.append(x)
        x = x.__cause__ or x.__context__
    return out


def _exc_reason(e: BaseException, *, in_body: bool) -> str:
    chain = _chain(e)
    if any(isinstance(x, ConnectionRefusedError) for x in chain):
        return "connection refused"
    if any(isinstance(x, ConnectionResetError) for x in chain):
        return "connection reset" + (" mid-body" if in_body else "")
    tls = next((x for x in chain if isinstance(x, ssl.SSLError)), None)
    if tls is not None:
        return f"TLS error: {getattr(tls, 'reason', None) or str(tls)[:80]}"
    if isinstance(e, httpx.ConnectTimeout):
        return "connect timeout"
    if isinstance(e, httpx.TimeoutException):
        return "timeout"
    if isinstance(e, httpx.ConnectError):
        msg = str(e).lower()
        if "refused" in msg or "errno 111" in msg:
            return "connection refused"
        if "name or service" in msg or "nodename" in msg or "getaddrinfo" in msg or "name resolution" in msg:
            return "DNS lookup failed"
        return f"connect error: {str(e)[:80]}" if str(e) else "connect error"
    if isinstance(e, httpx.RemoteProtocolError):
        if in_body:
            return "truncated body (connection closed early)"
        return f"protocol error: {str(e)[:80]}"
    if isinstance(e, httpx.ReadError | httpx.WriteError):
        msg = str(e).lower()
        if "reset" in msg or "errno 104" in msg or not msg:
            return "connection reset" + (" mid-body" if in_body else "")
        return f"read error: {str(e)[:80]}"
    if isinstance(e, httpx.UnsupportedProtocol):
        return "unsupported protocol"
    if isinstance(e, httpx.InvalidURL):
        return "invalid URL"
    if isinstance(e, httpx.DecodingError):
        return f"decoding error: {str(e)[:80]}"
    if isinstance(e, httpx.TransportError):
        return f"transport error: {type(e).__name__}"
    return f"{type(e).__name__}: {str(e)[:80]}"


class _Session:
    """Per event loop state: the httpx client, per-host semaphores and locks."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.sems: dict[str, asyncio.Semaphore] = {}
        self.robots_locks: dict[str, asyncio.Lock] = {}
        self.users = 0

    def sem(self, key: str, n: int) -> asyncio.Semaphore:
        s = self.sems.get(key)
        if s is None:
            s = self.sems[key] = asyncio.Semaphore(max(1, n))
        return s

    def robots_lock(self, key: str) -> asyncio.Lock:
        lk = self.robots_locks.get(key)
        if lk is None:
            lk = self.robots_locks[key] = asyncio.Lock()
        return lk


class Pacer:
    """Minimum interval between requests per origin, shared by every Fetcher in the process
    (two sources on one host, or flows running in threads, do not add up their rates)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

        self._last: dict[str, float] = {}

    def reserve(self, key: str, interval: float) -> float:
        """Book the next request slot of `key`; returns how long to wait for it (seconds)."""
        with self._lock:
            now = time.monotonic()
            at = max(now, self._next.get(key, 0.0))
            self._next[key] = at + interval
            return at - now

    def start(self, key: str, interval: float) -> float:
        """Mark a request as starting now, or return how much longer to wait because the
        previous one started late (a busy event loop or thread woke it after its slot)."""
        with self._lock:
            now = time.monotonic()
            last = self._last.get(key)
            if last is not None and now - last < interval * 0.98:
                return last + interval - now
            self._last[key] = now
            self._next[key] = max(self._next.get(key, 0.0), now + interval)
            return 0.0


PACER = Pacer()


# ------------------------------------------------------------------ the Fetcher


class Fetcher:
    """Polite, fault-tolerant fetching of pages (see the module docstring)."""

    def __init__(
        self,
        settings: HttpSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        validators: Mapping[str, tuple[str | None, str | None]] | None = None,
        robots: bool = True,
        local: bool = False,
        max_retry_after_s: float = 60.0,
        max_backoff_s: float = 30.0,
        max_crawl_delay_s: float = 60.0,
        robots_error_ttl_s: float = 300.0,
        pacer: Pacer | None = None,
    ) -> None:
        self.settings = settings
        self.transport = transport
        self.validators: dict[str, tuple[str | None, str | None]] = dict(validators or {})
        self.obey_robots = robots
        self.local = local
        self.max_retry_after_s = max_retry_after_s
        self.max_backoff_s = max_backoff_s
        self.max_crawl_delay_s = max_crawl_delay_s
        self.robots = RobotsCache(settings.user_agent, error_ttl_s=robots_error_ttl_s)
        # Requests made on the side (robots.txt); drained by `pop_aux_logs`.
        self.aux_logs: list[FetchLog] = []
        self.pacer = pacer or PACER
        self._sessions: dict[int, _Session] = {}
        self._rng = random.Random()
        self._dns: dict[str, str | None] = {}  # host -> refusal reason (None: public)

    # -------------------------------------------------------------- public API

    def fetch_many(
        self,
        urls: Sequence[str | Link],
        *,
        source: Any | None = None,
        accept: Collection[str] | None = HTML_TYPES,
    ) -> list[FetchResult]:
        """Fetch URLs (or discovered Links) concurrently; one result per distinct canonical URL."""
        return _run_sync(self.afetch_many(urls, source=source, accept=accept))

    def fetch_one(
        self, url: str | Link, *, source: Any | None = None, accept: Collection[str] | None = HTML_TYPES
    ) -> FetchResult:
        """Fetch one URL; never raises for a bad page."""
        return _run_sync(self.afetch_one(url, source=source, accept=accept))

    async def afetch_many(
        self,
        urls: Sequence[str | Link],
        *,
        source: Any | None = None,
        accept: Collection[str] | None = HTML_TYPES,
    ) -> list[FetchResult]:
        seen: dict[str, str | Link] = {}
        for u in urls:
            raw = u.url if isinstance(u, Link) else u
            key = canonicalize(raw)
            if key not in seen:
                seen[key] = u
        async with self.session():
            tasks = [self.afetch_one(u, source=source, accept=accept) for u in seen.values()]
            return list(await asyncio.gather(*tasks))

    async def afetch_one(
        self, url: str | Link, *, source: Any | None = None, accept: Collection[str] | None = HTML_TYPES
    ) -> FetchResult:
        link = url if isinstance(url, Link) else None
        raw_url = link.url if link is not None else str(url)
        started = dt.datetime.now(dt.UTC)
        t0 = time.monotonic()
        canon = canonicalize(raw_url)
        name = getattr(source, "name", None)
        try:
            async with self.session():
                page, logrow = await self._fetch(canon, source, accept, started, t0)
        except Exception as e:  # never raise for a bad page
            log.exception("fetch of %s failed unexpectedly", canon)
            logrow = FetchLog(
                url=canon, requested_at=started, status=None, source=name,
                duration_ms=(time.monotonic() - t0) * 1000, error=f"internal error: {type(e).__name__}: {e}"[:200],
            )
            page = None
        if page is not None and link is not None and (link.published or link.title):
            page = replace(page, hint_published=link.published or page.hint_published)
        return FetchResult(url=canon, page=page, log=logrow)

    def pop_aux_logs(self) -> list[FetchLog]:
        """The log rows of side requests (robots.txt) since the last call."""
        out, self.aux_logs = self.aux_logs, []
        return out

    @contextlib.asynccontextmanager
    async def session(self) -> AsyncIterator[None]:
        """Share one httpx client across calls made inside this context (per event loop)."""
        loop_id = id(asyncio.get_running_loop())
        sess = self._sessions.get(loop_id)
        if sess is None:
            client = httpx.AsyncClient(
                transport=self.transport,
                follow_redirects=False,
                timeout=httpx.Timeout(self.settings.timeout_s),
                limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
                headers={"User-Agent": self.settings.user_agent, "Accept": ACCEPT,
                         "Accept-Encoding": "gzip, deflate"},
                trust_env=False,
                event_hooks={"response": [_redirect_hook]},
            )
            sess = self._sessions[loop_id] = _Session(client)
        sess.users += 1
        try:
            yield
        finally:
            sess.users -= 1
            if sess.users == 0:
                del self._sessions[loop_id]
                await sess.client.aclose()

    def _sess(self) -> _Session:
        return self._sessions[id(asyncio.get_running_loop())]

    # -------------------------------------------------------------- one URL

    async def _fetch(
        self, canon: str, source: Any | None, accept: Collection[str] | None, started: dt.datetime, t0: float
    ) -> tuple[RawPage | None, FetchLog]:
        name = getattr(source, "name", None)
        local = bool(getattr(source, "local", False)) or self.local

        def done(ans: _Answer | None, error: str | None, final: str | None = None,
                 not_modified: bool = False) -> FetchLog:
            headers = ans.headers if ans else {}
            return FetchLog(
                url=canon, requested_at=started, status=ans.status if ans else None,
                bytes=ans.nbytes if ans else 0, duration_ms=round((time.monotonic() - t0) * 1000, 1),
                error=error, source=name, final_url=final, etag=headers.get("etag"),
                last_modified=headers.get("last-modified"), not_modified=not_modified,
            )

        reason = check_url(canon, local=local)
        if reason:
            return None, done(None, reason)

        current = canon
        visited = {canon}
        ans: _Answer | None = None
        for hop in range(self.settings.max_redirects + 1):
            if not local:
                why = await self._resolves_private(current)
                if why:
                    return None, done(ans, why if hop == 0 else f"redirect refused: {why}",
                                      final=current if hop else None)
            if self.obey_robots:
                verdict = await self._robots_check(current, source, local)
                if verdict:
                    return None, done(ans, verdict, final=current if hop else None)
            headers: dict[str, str] = {}
            # validators were stored under the requested URL; after a redirect they belong to the target
            etag, lm = self.validators.get(current) or self.validators.get(canon) or (None, None)
            if etag:
                headers["If-None-Match"] = etag
            if lm:
                headers["If-Modified-Since"] = lm
            ans = await self._request(current, headers, source, accept, limit=self.settings.max_body_bytes)
            if ans.location is not None:
                nxt = canonicalize(ans.location, base=current)
                why = check_url(nxt, local=local)
                if why:
                    return None, done(ans, f"redirect refused: {why}", final=nxt)
                if nxt in visited:
                    return None, done(ans, "redirect loop", final=nxt)
                visited.add(nxt)
                current = nxt
                continue
            break
        else:
            return None, done(ans, f"too many redirects (over {self.settings.max_redirects})", final=current)

        assert ans is not None
        final = current
        if ans.status == 304:
            et = ans.headers.get("etag") or (self.validators.get(canon, (None, None))[0])
            lm2 = ans.headers.get("last-modified") or (self.validators.get(canon, (None, None))[1])
            row = done(ans, None, final=final, not_modified=True)
            return None, replace(row, etag=et, last_modified=lm2)
        if ans.error or ans.body is None:
            return None, done(ans, ans.error or "no body", final=final)
        row = done(ans, None, final=final)
        if row.etag or row.last_modified:
            self.validators[canon] = (row.etag, row.last_modified)
        page = RawPage(
            url=canon, body=ans.body, status=ans.status or 200, headers=ans.headers,
            final_url=final, fetched_at=started, source=name,
            hint_lang=getattr(source, "lang", None),
        )
        return page, row

    async def _resolves_private(self, url: str) -> str | None:
        """A reason when the URL's host name resolves to a private/loopback address.

        Names that do not resolve are left to the request (which then fails with
        a DNS error). The answer is cached per host for the Fetcher's lifetime.
        """
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if not host:
            return None
        try:
            ipaddress.ip_address(host.strip("[]"))
            return None  # literal addresses were checked by check_url
        except ValueError:
            pass
        if host in self._dns:
            return self._dns[host]
        try:
            async with asyncio.timeout(self.settings.timeout_s):
                infos = await asyncio.get_running_loop().getaddrinfo(
                    host, parts.port or 443, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError, TimeoutError):
            return None
        verdict = None
        for info in infos:
            addr = str(info[4][0]).split("%", 1)[0]
            try:
                ip = ipaddress.ip_address(addr)
            except ValueError:
                continue
            if address_is_private(ip):
                verdict = f"refused private address {addr} ({host} resolves to it; source not local)"
                break
        self._dns[host] = verdict
        return verdict

    # -------------------------------------------------------------- robots.txt

    async def _robots_check(self, url: str, source: Any | None, local: bool) -> str | None:
        key = origin(url)
        entry = self.robots.get(key)
        if entry is None:
            async with self._sess().robots_lock(key):
                entry = self.robots.get(key)
                if entry is None:
                    entry = await self._load_robots(key, source, local)
        if entry.unreachable:
            return f"{entry.unreachable} (fetching robots.txt)"
        if not self.robots.allowed(entry, url):
            return "robots.txt disallows" if not entry.disallow_all else f"robots.txt unavailable ({entry.note})"
        return None

    async def _load_robots(
        self, key: str, source: Any | None, local: bool
    ) -> RobotsEntry:
        url = key + "/robots.txt"
        started = dt.datetime.now(dt.UTC)
        t0 = time.monotonic()
        ans: _Answer | None = None
        current = url
        seen = {url}
        for _ in range(5):
            ans = await self._request(current, {}, source, None, limit=MAX_ROBOTS_BYTES * 2, retries=1,
                                      truncate=True)
            if ans.location is None:
                break
            nxt = canonicalize(ans.location, base=current)
            if check_url(nxt, local=local) or nxt in seen:
                ans = _Answer(status=404)  # unusable redirect: no rules
                break
            seen.add(nxt)
            current = nxt
        assert ans is not None
        self.aux_logs.append(FetchLog(
            url=url, requested_at=started, status=ans.status, bytes=ans.nbytes,
            duration_ms=round((time.monotonic() - t0) * 1000, 1), error=ans.error,
            source=getattr(source, "name", None), final_url=current,
        ))
        if ans.status is None:
            return self.robots.store_unreachable(key, ans.error or "unreachable")
        if 200 <= ans.status < 300 and ans.body is not None:
            return self.robots.store_text(key, ans.body)
        if 200 <= ans.status < 300:
            return self.robots.store_status(key, 404)
        return self.robots.store_status(key, ans.status)

    # -------------------------------------------------------------- politeness

    def _interval(self, key: str, source: Any | None) -> float:
        rates = [self.settings.per_host_rate_per_s]
        src_rate = getattr(source, "rate_limit_per_s", None)
        if src_rate:
            rates.append(float(src_rate))
        interval = max((1.0 / r for r in rates if r and r > 0), default=0.0)
        delay = self.robots.crawl_delay(key) if self.obey_robots else None
        if delay:
            interval = max(interval, min(delay, self.max_crawl_delay_s))
        return interval

    @contextlib.asynccontextmanager
    async def _slot(self, url: str, source: Any | None) -> AsyncIterator[None]:
        key = origin(url)
        sess = self._sess()
        n = self.settings.per_host_concurrency
        src_conc = getattr(source, "concurrency", None)
        if src_conc:
            n = min(n, int(src_conc))
        async with sess.sem(key, n):
            interval = self._interval(key, source)
            wait = self.pacer.reserve(key, interval)
            if wait > 0:
                await asyncio.sleep(wait)
            while (late := self.pacer.start(key, interval)) > 0:
                await asyncio.sleep(late)
            yield

    def _backoff(self, attempt: int) -> float:
        base = self.settings.backoff_base_s * (2**attempt)
        return float(min(self.max_backoff_s, base * self._rng.uniform(0.5, 1.5)))

    # -------------------------------------------------------------- one hop, with retries

    async def _request(
        self,
        url: str,
        headers: dict[str, str],
        source: Any | None,
        accept: Collection[str] | None,
        *,
        limit: int,
        retries: int | None = None,
        truncate: bool = False,
    ) -> _Answer:
        max_retries = self.settings.max_retries if retries is None else min(retries, self.settings.max_retries)
        attempt = 0
        while True:
            retry_wait: float | None = None
            async with self._slot(url, source):
                try:
                    async with asyncio.timeout(self.settings.timeout_s):
                        ans = await self._attempt(url, headers, accept, limit, truncate)
                except TimeoutError:
                    ans = _Answer(status=None, error=f"timeout (over {self.settings.timeout_s:g} s)")
                    retry_wait = self._backoff(attempt)
                except _Stop as e:
                    return _Answer(status=e.status, error=e.reason, nbytes=e.nbytes)
                except _Retry as e:
                    ans = e.answer
                    retry_wait = e.wait if e.wait is not None else self._backoff(attempt)
                    if e.wait is not None and e.wait > self.max_retry_after_s:
                        ans.error = (f"{ans.error} (Retry-After {e.wait:g} s over the "
                                     f"{self.max_retry_after_s:g} s cap)")
                        return ans
            if retry_wait is None:
                return ans
            if attempt >= max_retries:
                if attempt:
                    ans.error = f"{ans.error} after {attempt + 1} attempts"
                return ans
            attempt += 1
            log.debug("retry %d for %s in %.2fs: %s", attempt, url, retry_wait, ans.error)
            await asyncio.sleep(retry_wait)

    async def _attempt(
        self, url: str, headers: dict[str, str], accept: Collection[str] | None, limit: int, truncate: bool
    ) -> _Answer:
        client = self._sess().client
        in_body = False
        nbytes = 0
        try:
            async with client.stream("GET", url, headers=headers) as resp:
                status = resp.status_code
                hdrs = _lower_headers(resp.headers)
                if status in REDIRECT_STATUSES:
                    loc = resp.headers.get("location")
                    if not loc:
                        raise _Stop(f"HTTP {status} redirect without Location", status)
                    return _Answer(status=status, headers=hdrs, location=loc)
                if status == 304:
                    return _Answer(status=status, headers=hdrs)
                if status in RETRY_STATUSES:
                    wait = _retry_after(resp.headers.get("retry-after"))
                    raise _Retry(_Answer(status=status, headers=hdrs, error=f"HTTP {status}"), wait)
                if status >= 300:
                    return _Answer(status=status, headers=hdrs, error=f"HTTP {status}")
                mime = _mime(hdrs)
                if accept is not None and mime and mime not in accept:
                    raise _Stop(f"content type {mime} skipped", status)
                clen = hdrs.get("content-length", "")
                if clen.isdigit() and int(clen) > limit and not truncate:
                    raise _Stop(f"body over {limit} bytes (Content-Length {clen})", status)
                decoder = _Decoder(hdrs.get("content-encoding", ""), limit)
                parts: list[bytes] = []
                in_body = True
                try:
                    async for chunk in resp.aiter_raw():
                        nbytes += len(chunk)
                        parts.append(decoder.feed(chunk))
                except _Stop as e:
                    if not truncate:
                        e.status = status
                        e.nbytes = nbytes
                        raise
                body = b"".join(parts)
                if truncate:
                    body = body[:limit]
                hdrs.pop("content-encoding", None)
                if accept is not None and (mime in HTML_TYPES or not mime) \
                        and set(accept) <= set(HTML_TYPES) and _looks_binary(body, hdrs.get("content-type", "")):
                    raise _Stop(f"binary content with {mime or 'no'} type", status, nbytes)
                return _Answer(status=status, headers=hdrs, body=body, nbytes=len(body))
        except (_Stop, _Retry):
            raise
        except _RedirectSignal as r:
            return r.answer
        except httpx.InvalidURL as e:
            raise _Stop(f"invalid URL: {str(e)[:80]}") from e
        except httpx.HTTPError as e:
            reason = _exc_reason(e, in_body=in_body)
            if reason.startswith(("TLS error", "invalid URL", "unsupported protocol")):
                raise _Stop(reason, None, nbytes) from e  # retrying cannot help
            raise _Retry(_Answer(status=None, error=reason, nbytes=nbytes), None) from e
        except OSError as e:
            raise _Retry(_Answer(status=None, error=f"network error: {e.strerror or e}", nbytes=nbytes), None) from e


class _RedirectSignal(Exception):
    """Raised from the response hook so that httpx never parses a hostile Location itself."""

    def __init__(self, status: int, location: str, headers: dict[str, str]) -> None:
        super().__init__(location)
        self.answer = _Answer(status=status, headers=headers, location=location)


async def _redirect_hook(response: httpx.Response) -> None:
    if response.status_code in REDIRECT_STATUSES and response.headers.get("location"):
        raise _RedirectSignal(response.status_code, response.headers["location"], _lower_headers(response.headers))


class _Retry(Exception):
    def __init__(self, answer: _Answer, wait: float | None) -> None:
        super().__init__(answer.error)
        self.answer = answer
        self.wait = wait


def _run_sync(coro: Any) -> Any:
    """Run a coroutine to completion, also when called from inside a running event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = asyncio.run(coro)
        except BaseException as e:  # re-raised in the caller's thread
            box["error"] = e

    t = threading.Thread(target=target, name="ccetl-fetch")
    t.start()
    t.join()
    if "error" in box:
        raise box["error"]
    return box["value"]


__all__ = ["FEED_TYPES", "HTML_TYPES", "FetchResult", "Fetcher", "Link"]
