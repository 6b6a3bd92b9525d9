"""Helpers and fixtures of the fetch tests (a uniquely named module: `conftest` is ambiguous
when several test folders have one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from faultserver import FaultServer

from ccetl.fetch.client import Fetcher
from ccetl.settings import HttpSettings
from ccetl.sources import SourceConfig

UA = "ccetl-test/0.1 (+https://example.org/ccetl; test bot)"


def fast_settings(**kw: object) -> HttpSettings:
    base: dict[str, object] = dict(
        user_agent=UA, timeout_s=1.0, max_retries=2, backoff_base_s=0.01, max_body_bytes=1_000_000,
        max_redirects=5, per_host_concurrency=4, per_host_rate_per_s=1000.0,
    )
    base.update(kw)
    return HttpSettings(**base)  # type: ignore[arg-type]


def local_source(name: str = "fixture", **kw: object) -> SourceConfig:
    data: dict[str, object] = {"name": name, "kind": "urls", "urls": ["http://127.0.0.1/"], "local": True}
    data.update(kw)
    return SourceConfig.model_validate(data)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    srv = FaultServer().start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def fetcher() -> Fetcher:
    return Fetcher(fast_settings(), max_retry_after_s=2.0, robots_error_ttl_s=0.0)


@pytest.fixture
def src() -> SourceConfig:
    return local_source()
