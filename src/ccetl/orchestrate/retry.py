"""Which failures are worth retrying: transient fetch errors only (429, 5xx, timeouts, dropped connections).

The Fetcher already retries single pages; this is for a whole source whose listing
(feed, sitemap, archive page) could not be read: the fetch task raises
``SourceUnavailable`` and Prefect retries it with backoff only when it is transient.
"""

from __future__ import annotations

import re
from typing import Any

from ccetl.errors import FetchError

_TRANSIENT = re.compile(
    r"\b(?:HTTP (?:429|5\d\d)|time(?:d )?out|timeout|connect(?:ion)? (?:error|refused|reset)|"
    r"remote ?protocol|server disconnected|temporar)",
    re.IGNORECASE,
)


def is_transient_reason(reason: str | None) -> bool:
    return bool(reason and _TRANSIENT.search(reason))


class SourceUnavailable(FetchError):
    """The source could not be listed at all (not one link found, and its index failed)."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


def check_discovery(source: str, fetched: Any) -> None:
    """Raise SourceUnavailable when discovery failed outright; a source with some links is fine."""
    stats = fetched.stats
    if stats.discovered:
        return
    reasons = [f.reason for f in stats.failures if f.stage == "discover"]
    if not reasons:
        return
    raise SourceUnavailable(f"{source}: cannot list the source: {reasons[0]}",
                            transient=any(is_transient_reason(r) for r in reasons))


def is_transient(exc: BaseException) -> bool:
    import httpx

    if isinstance(exc, SourceUnavailable):
        return exc.transient
    if isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError):
        return True
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code == 429 or exc.response.status_code >= 500
    return False


def retry_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect ``retry_condition_fn``: retry only transient fetch failures."""
    try:
        state.result()
    except Exception as e:
        return is_transient(e)
    return False
