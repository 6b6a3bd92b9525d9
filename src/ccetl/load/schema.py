"""The warehouse schema: SQLAlchemy 2 declarative models.

The migrations under ``ccetl/load/migrations/versions`` create exactly these
tables; a test checks that the migrated schema and these models agree.
Every table and column is documented in ``warehouse/README.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-increments INTEGER PRIMARY KEY; BigInteger elsewhere.
BigId = BigInteger().with_variant(Integer(), "sqlite")

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class WarehouseMeta(Base):
    """Key/value facts about the warehouse itself (e.g. the taxonomy hash)."""

    __tablename__ = "warehouse_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Source(Base):
    __tablename__ = "source"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    kind: Mapped[str | None] = mapped_column(String(40))
    url: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class LoadRun(Base):
    __tablename__ = "load_run"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    flow: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20))  # running|success|failed|...
    window_start: Mapped[dt.date | None] = mapped_column(Date)
    window_end: Mapped[dt.date | None] = mapped_column(Date)
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    counts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    code_version: Mapped[str | None] = mapped_column(String(40))


class FetchLogRow(Base):
    __tablename__ = "fetch_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("load_run.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[int | None] = mapped_column(Integer)
    bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    duration_ms: Mapped[float] = mapped_column(Float, default=0.0)
    error: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    final_url: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    not_modified: Mapped[bool] = mapped_column(Boolean, default=False)
    __table_args__ = (
        UniqueConstraint("url", "requested_at"),
        Index(None, "source", "requested_at"),
        Index(None, "run_id"),
    )


class HttpValidator(Base):
    """Conditional-GET state per URL, kept between runs."""

    __tablename__ = "http_validator"
    url: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class RawPageRow(Base):
    __tablename__ = "raw_page"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)  # of the uncompressed body
    body: Mapped[bytes] = mapped_column(LargeBinary)  # compressed
    compression: Mapped[str] = mapped_column(String(10))  # zlib
    size: Mapped[int] = mapped_column(BigInteger)  # uncompressed bytes
    status: Mapped[int] = mapped_column(Integer)
    headers: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(200))
    fetched_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    hint_published: Mapped[dt.date | None] = mapped_column(Date)
    hint_lang: Mapped[str | None] = mapped_column(String(20))
    __table_args__ = (Index(None, "source", "fetched_at"), Index(None, "url"))


class ArticleRow(Base):
    __tablename__ = "article"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(Text, unique=True)  # canonical URL, else URL, else doc
    doc: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    lang: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    dup_group: Mapped[str] = mapped_column(String(64))  # near-duplicate group id
    source: Mapped[str | None] = mapped_column(String(200))
    raw_hash: Mapped[str | None] = mapped_column(String(64))  # raw_page.sha256 (no FK: pages may be pruned)
    extractor_version: Mapped[str] = mapped_column(String(40))
    n_indicators: Mapped[int] = mapped_column(Integer)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("load_run.id", ondelete="SET NULL"))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        Index(None, "source", "published"),
        Index(None, "dup_group"),
        Index(None, "content_hash"),
        Index(None, "published"),
        Index(None, "loaded_at"),  # revision 0003
    )


class DimRegion(Base):
    __tablename__ = "dim_region"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    zh: Mapped[str | None] = mapped_column(String(100))
    zh_hant: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(20))
    parent: Mapped[str | None] = mapped_column(String(100))
    admin_code: Mapped[str | None] = mapped_column(String(6))
    aliases: Mapped[list[Any] | None] = mapped_column(JSON)
    members: Mapped[list[Any] | None] = mapped_column(JSON)


class DimRegionClosure(Base):
    """Every (ancestor, descendant) pair, incl. (r, r) at depth 0: parents and macro-region/group membership."""

    __tablename__ = "dim_region_closure"
    ancestor: Mapped[str] = mapped_column(String(100), primary_key=True)
    descendant: Mapped[str] = mapped_column(String(100), primary_key=True)
    depth: Mapped[int] = mapped_column(Integer)
    __table_args__ = (Index(None, "descendant"),)


class DimSector(Base):
    __tablename__ = "dim_sector"
    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    en: Mapped[str | None] = mapped_column(Text)
    zh: Mapped[str | None] = mapped_column(Text)
    parent: Mapped[str | None] = mapped_column(String(100))
    nbs_code: Mapped[str | None] = mapped_column(String(10))
    synonyms: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class DimSectorClosure(Base):
    __tablename__ = "dim_sector_closure"
    ancestor: Mapped[str] = mapped_column(String(100), primary_key=True)
    descendant: Mapped[str] = mapped_column(String(100), primary_key=True)
    depth: Mapped[int] = mapped_column(Integer)
    __table_args__ = (Index(None, "descendant"),)


class DimMetric(Base):
    __tablename__ = "dim_metric"
    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    en: Mapped[str | None] = mapped_column(Text)
    zh: Mapped[str | None] = mapped_column(Text)
    unit_hint: Mapped[str | None] = mapped_column(String(20))
    synonyms: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class FactIndicator(Base):
    __tablename__ = "fact_indicator"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)  # position in the article's record list
    doc: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    measure: Mapped[str] = mapped_column(String(10))
    metric: Mapped[str | None] = mapped_column(String(100))
    subject: Mapped[str | None] = mapped_column(Text)
    sector: Mapped[str | None] = mapped_column(String(100))
    region: Mapped[str | None] = mapped_column(String(100))
    period: Mapped[str | None] = mapped_column(String(30))
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    bound: Mapped[str] = mapped_column(String(6))
    quote: Mapped[str] = mapped_column(Text)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    alt_value: Mapped[float | None] = mapped_column(Float)
    alt_unit: Mapped[str | None] = mapped_column(String(20))
    fact_key: Mapped[str] = mapped_column(Text)  # the consensus grouping key
    source: Mapped[str | None] = mapped_column(String(200))  # copied from the article
    published: Mapped[dt.date | None] = mapped_column(Date)  # copied from the article
    extractor_version: Mapped[str] = mapped_column(String(40))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("load_run.id", ondelete="SET NULL"))
    __table_args__ = (
        UniqueConstraint("article_id", "ordinal"),
        Index(None, "region", "metric"),
        Index(None, "metric", "sector"),
        Index(None, "sector"),
        Index(None, "fact_key"),
        Index(None, "period_start"),
        Index(None, "source"),
        Index(None, "run_id"),
    )


class IndicatorConsensus(Base):
    """One row per fact stated by one or more articles; rebuilt by Warehouse.consolidate()."""

    __tablename__ = "indicator_consensus"
    fact_key: Mapped[str] = mapped_column(Text, primary_key=True)
    region: Mapped[str | None] = mapped_column(String(100))
    sector: Mapped[str | None] = mapped_column(String(100))
    metric: Mapped[str | None] = mapped_column(String(100))
    measure: Mapped[str] = mapped_column(String(10))
    unit: Mapped[str] = mapped_column(String(20))
    period: Mapped[str | None] = mapped_column(String(30))
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10))
    bound_class: Mapped[str] = mapped_column(String(6))  # point|lower|upper
    value: Mapped[float] = mapped_column(Float)  # the agreed value
    n_sources: Mapped[int] = mapped_column(Integer)
    n_articles: Mapped[int] = mapped_column(Integer)  # near-duplicate groups
    n_facts: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[dt.date | None] = mapped_column(Date)
    last_seen: Mapped[dt.date | None] = mapped_column(Date)
    conflict: Mapped[bool] = mapped_column(Boolean)
    values: Mapped[list[Any]] = mapped_column(JSON)  # [{value, n_sources, n_articles, sources}]
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (
        Index(None, "region", "metric"),
        Index(None, "metric", "sector"),
        Index(None, "n_sources"),
        Index(None, "updated_at"),  # revision 0003
    )


class PartitionLedger(Base):
    __tablename__ = "partition_ledger"
    source: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    window_end: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(20))  # pending|running|success|failed|quarantined
    counts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    code_version: Mapped[str | None] = mapped_column(String(40))
    error: Mapped[str | None] = mapped_column(Text)
    run_id: Mapped[int | None] = mapped_column(BigInteger)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (Index(None, "status"),)


LEDGER_STATUSES = ("pending", "running", "success", "failed", "quarantined")
