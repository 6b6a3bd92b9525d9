"""Initial schema: runs, fetch log, raw pages, articles, dimensions, facts.

Revision ID: 0001
Revises: -
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "dim_metric",
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("en", sa.Text(), nullable=True),
        sa.Column("zh", sa.Text(), nullable=True),
        sa.Column("unit_hint", sa.String(length=20), nullable=True),
        sa.Column("synonyms", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_dim_metric")),
    )
    op.create_table(
        "dim_region",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("zh", sa.String(length=100), nullable=True),
        sa.Column("zh_hant", sa.String(length=100), nullable=True),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("parent", sa.String(length=100), nullable=True),
        sa.Column("admin_code", sa.String(length=6), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=True),
        sa.Column("members", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_dim_region")),
    )
    op.create_table(
        "dim_region_closure",
        sa.Column("ancestor", sa.String(length=100), nullable=False),
        sa.Column("descendant", sa.String(length=100), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("ancestor", "descendant", name=op.f("pk_dim_region_closure")),
    )
    with op.batch_alter_table("dim_region_closure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dim_region_closure_descendant"), ["descendant"], unique=False)

    op.create_table(
        "dim_sector",
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("en", sa.Text(), nullable=True),
        sa.Column("zh", sa.Text(), nullable=True),
        sa.Column("parent", sa.String(length=100), nullable=True),
        sa.Column("nbs_code", sa.String(length=10), nullable=True),
        sa.Column("synonyms", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_dim_sector")),
    )
    op.create_table(
        "dim_sector_closure",
        sa.Column("ancestor", sa.String(length=100), nullable=False),
        sa.Column("descendant", sa.String(length=100), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("ancestor", "descendant", name=op.f("pk_dim_sector_closure")),
    )
    with op.batch_alter_table("dim_sector_closure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dim_sector_closure_descendant"), ["descendant"], unique=False)

    op.create_table(
        "load_run",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("flow", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=True),
        sa.Column("window_end", sa.Date(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("code_version", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_load_run")),
    )
    op.create_table(
        "raw_page",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("compression", sa.String(length=10), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("hint_published", sa.Date(), nullable=True),
        sa.Column("hint_lang", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_raw_page")),
    )
    with op.batch_alter_table("raw_page", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_raw_page_source_fetched_at"), ["source", "fetched_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_raw_page_url"), ["url"], unique=False)

    op.create_table(
        "source",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_source")),
    )
    op.create_table(
        "warehouse_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_warehouse_meta")),
    )
    op.create_table(
        "article",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("canonical_url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("lang", sa.String(length=20), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("dup_group", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("raw_hash", sa.String(length=64), nullable=True),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column("n_indicators", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["load_run.id"], name=op.f("fk_article_run_id_load_run"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article")),
        sa.UniqueConstraint("key", name=op.f("uq_article_key")),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_dup_group"), ["dup_group"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_published"), ["published"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_article_source_published"), ["source", "published"], unique=False
        )

    op.create_table(
        "fetch_log",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("bytes", sa.BigInteger(), nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("not_modified", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["load_run.id"], name=op.f("fk_fetch_log_run_id_load_run"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetch_log")),
        sa.UniqueConstraint("url", "requested_at", name=op.f("uq_fetch_log_url_requested_at")),
    )
    with op.batch_alter_table("fetch_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fetch_log_run_id"), ["run_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fetch_log_source_requested_at"), ["source", "requested_at"], unique=False
        )

    op.create_table(
        "fact_indicator",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False
        ),
        sa.Column("article_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("doc", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("measure", sa.String(length=10), nullable=False),
        sa.Column("metric", sa.String(length=100), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("sector", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("period", sa.String(length=30), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("bound", sa.String(length=6), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("alt_value", sa.Float(), nullable=True),
        sa.Column("alt_unit", sa.String(length=20), nullable=True),
        sa.Column("fact_key", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("extractor_version", sa.String(length=40), nullable=False),
        sa.Column("run_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_fact_indicator_article_id_article"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["load_run.id"], name=op.f("fk_fact_indicator_run_id_load_run"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_indicator")),
        sa.UniqueConstraint("article_id", "ordinal", name=op.f("uq_fact_indicator_article_id_ordinal")),
    )
    with op.batch_alter_table("fact_indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fact_indicator_fact_key"), ["fact_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fact_indicator_metric_sector"), ["metric", "sector"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fact_indicator_period_start"), ["period_start"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fact_indicator_region_metric"), ["region", "metric"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fact_indicator_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fact_indicator_sector"), ["sector"], unique=False)
        batch_op.create_index(batch_op.f("ix_fact_indicator_source"), ["source"], unique=False)


def downgrade() -> None:
    op.drop_table("fact_indicator")
    op.drop_table("fetch_log")
    op.drop_table("article")
    op.drop_table("warehouse_meta")
    op.drop_table("source")
    op.drop_table("raw_page")
    op.drop_table("load_run")
    op.drop_table("dim_sector_closure")
    op.drop_table("dim_sector")
    op.drop_table("dim_region_closure")
    op.drop_table("dim_region")
    op.drop_table("dim_metric")
