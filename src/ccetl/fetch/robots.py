"""robots.txt rules per origin (scheme://host:port), parsed with protego.

The Fetcher downloads each origin's robots.txt once and stores the outcome
here: rules from a 2xx answer; "allow all" for 4xx (RFC 9309 2.3.1.3); "disallow
all" for 5xx/429 (RFC 9309 2.3.1.4), kept only `error_ttl_s` so that a later
run retries. A network failure (refused, timeout) is kept `error_ttl_s` too, so
the other URLs of an unreachable host fail fast instead of each timing out.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from protego import Protego

MAX_ROBOTS_BYTES = 500_000  # RFC 9309: parse at least 500 KiB


@dataclass(slots=True)
class RobotsEntry:
    rules: Protego | None  # None: no rules (allow all) or disallow all, see `disallow_all`
    disallow_all: bool
    stored_at: float
    ttl_s: float
    note: str = ""  # why: "HTTP 404", "HTTP 503", ...
    unreachable: str | None = None  # network failure reason: the host is skipped until expiry

    def fresh(self, now: float) -> bool:
        return now - self.stored_at < self.ttl_s


class RobotsCache:
    """Parsed robots.txt per origin, with expiry."""

    def __init__(self, user_agent: str, *, ttl_s: float = 86_400.0, error_ttl_s: float = 300.0) -> None:
        self.user_agent = user_agent
        self.ttl_s = ttl_s
        self.error_ttl_s = error_ttl_s
        self._entries: dict[str, RobotsEntry] = {}

    def get(self, origin: str) -> RobotsEntry | None:
        e = self._entries.get(origin)
        if e is None or not e.fresh(time.monotonic()):
            return None
        return e

    def store_text(self, origin: str, body: bytes) -> RobotsEntry:
        text = body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
        try:
            rules: Protego | None = Protego.parse(text)
        except Exception:  # a robots.txt protego cannot read counts as no rules
            rules = None
        e = RobotsEntry(rules, False, time.monotonic(), self.ttl_s, "parsed")
        self._entries[origin] = e
        return e

    def store_status(self, origin: str, status: int) -> RobotsEntry:
        if status == 429 or status >= 500:
            e = RobotsEntry(None, True, time.monotonic(), self.error_ttl_s, f"HTTP {status}")
        else:
            e = RobotsEntry(None, False, time.monotonic(), self.ttl_s, f"HTTP {status}")
        self._entries[origin] = e
        return e

    def store_unreachable(self, origin: str, reason: str) -> RobotsEntry:
        """A host that could not be reached: its other URLs fail fast until `error_ttl_s` passes."""
        e = RobotsEntry(None, True, time.monotonic(), self.error_ttl_s, reason, unreachable=reason)
        self._entries[origin] = e
        return e

    def allowed(self, entry: RobotsEntry, url: str) -> bool:
        if entry.disallow_all:
            return False
        if entry.rules is None:
            return True
        return bool(entry.rules.can_fetch(url, self.user_agent))

    def crawl_delay(self, origin: str) -> float | None:
        e = self._entries.get(origin)
        if e is None or e.rules is None:
            return None
        d = e.rules.crawl_delay(self.user_agent)
        rate = e.rules.request_rate(self.user_agent)
        delay = float(d) if d is not None else None
        if rate is not None and getattr(rate, "requests", None):
            per = float(rate.seconds) / float(rate.requests)
            delay = max(delay or 0.0, per)
        return delay

    def clear(self) -> None:
        self._entries.clear()
