"""Helpers for tests and benchmarks: throwaway PostgreSQL schemas.

``CCETL_TEST_PG_URL`` (default postgresql://postgres@127.0.0.1:5432/test) names
the server; each :func:`pg_schema_url` creates a schema with a random name and
drops it afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ccetl.models import Article, Indicator

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pg_admin_url() -> str:
    url = os.environ.get("CCETL_TEST_PG_URL", DEFAULT_PG_URL)
    u = make_url(url)
    if u.drivername in ("postgres", "postgresql"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def pg_unavailable_reason() -> str | None:
    """None if the test server answers, else why not (for pytest.skip).

    With CCETL_REQUIRE_POSTGRES=1 (set by .ci/run) an unreachable server is an
    error instead: CI must not go green by skipping the PostgreSQL half.
    """
    reason = _pg_probe()
    if reason and os.environ.get("CCETL_REQUIRE_POSTGRES") == "1":
        raise RuntimeError(f"CCETL_REQUIRE_POSTGRES=1 but {reason}")
    return reason


def _pg_probe() -> str | None:
    try:
        eng = create_engine(pg_admin_url(), connect_args={"connect_timeout": 3})
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
        eng.dispose()
        return None
    except Exception as e:  # noqa: BLE001 - any failure means: skip
        first = str(getattr(e, "orig", e)).strip().splitlines()
        return (
            f"PostgreSQL at {make_url(pg_admin_url()).render_as_string(hide_password=True)} unreachable: "
            + (first[0] if first else type(e).__name__)
        )


@contextmanager
def pg_schema_url(prefix: str = "ccetl_test_") -> Iterator[str]:
    """A warehouse URL whose search_path is a fresh schema; the schema is dropped on exit."""
    name = prefix + secrets.token_hex(6)
    admin = create_engine(pg_admin_url(), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("CREATE SCHEMA " + name))  # name is generated here, not input
        u = make_url(pg_admin_url()).update_query_dict({"options": f"-csearch_path={name}"})
        yield u.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS " + name + " CASCADE"))
        admin.dispose()


def make_article(
    n: int,
    *,
    source: str = "s1",
    text: str | None = None,
    published: dt.date = dt.date(2023, 5, 1),
    url: str | None = None,
) -> Article:
    body = (
        text
        if text is not None
        else f"Article {n}: Shanghai's creative design output reached 1.64 trillion yuan."
    )
    return Article(
        doc=f"doc{n}",
        text=body,
        title=f"Title {n}",
        published=published,
        lang="en",
        url=url or f"https://example.com/{source}/{n}",
        source=source,
        content_hash=hashlib.sha256(body.encode()).hexdigest(),
    )


def make_indicator(
    doc: str = "doc",
    value: float = 1.64e12,
    *,
    unit: str = "CNY",
    measure: str = "level",
    metric: str | None = "output",
    sector: str | None = "creative_design",
    region: str | None = "Shanghai",
    period: str | None = "2022",
    kind: str = "actual",
    bound: str = "eq",
    subject: str | None = None,
) -> Indicator:
    return Indicator(
        doc=doc,
        value=value,
        unit=unit,
        measure=measure,  # type: ignore[arg-type]
        metric=metric,
        subject=subject,
        sector=sector,
        region=region,
        period=period,
        kind=kind,  # type: ignore[arg-type]
        bound=bound,  # type: ignore[arg-type]
        quote="output reached 1.64 trillion yuan",
        start=10,
        end=20,
    )


def sample_items(n: int, per: int = 3, source: str = "s1") -> list[tuple[Article, list[Indicator]]]:
    out = []
    for i in range(n):
        a = make_article(i, source=source)
        inds = [make_indicator(a.doc, 1.0e9 * (i + 1) + k) for k in range(per)]
        out.append((a, inds))
    return out
