"""Indexes for freshness checks: article.loaded_at and indicator_consensus.updated_at.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_loaded_at"), ["loaded_at"], unique=False)
    with op.batch_alter_table("indicator_consensus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_consensus_updated_at"), ["updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("indicator_consensus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_consensus_updated_at"))
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_loaded_at"))
