"""Partition ledger, HTTP validators and the consolidated indicator_consensus table.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "http_validator",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.String(length=100), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_http_validator")),
    )
    op.create_table(
        "indicator_consensus",
        sa.Column("fact_key", sa.Text(), nullable=False),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("sector", sa.String(length=100), nullable=True),
        sa.Column("metric", sa.String(length=100), nullable=True),
        sa.Column("measure", sa.String(length=10), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("period", sa.String(length=30), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("bound_class", sa.String(length=6), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("n_articles", sa.Integer(), nullable=False),
        sa.Column("n_facts", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.Date(), nullable=True),
        sa.Column("last_seen", sa.Date(), nullable=True),
        sa.Column("conflict", sa.Boolean(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("fact_key", name=op.f("pk_indicator_consensus")),
    )
    with op.batch_alter_table("indicator_consensus", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicator_consensus_metric_sector"), ["metric", "sector"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_indicator_consensus_n_sources"), ["n_sources"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_indicator_consensus_region_metric"), ["region", "metric"], unique=False
        )

    op.create_table(
        "partition_ledger",
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=False),
        sa.Column("window_end", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("code_version", sa.String(length=40), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("run_id", sa.BigInteger(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source", "window_start", "window_end", name=op.f("pk_partition_ledger")),
    )
    with op.batch_alter_table("partition_ledger", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partition_ledger_status"), ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("partition_ledger")
    op.drop_table("indicator_consensus")
    op.drop_table("http_validator")
