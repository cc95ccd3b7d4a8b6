"""story_versions: prompt version, cost and provenance (who wrote it, with what, what it cost)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("story_versions") as batch:
        batch.add_column(sa.Column("prompt_version", sa.String(20), nullable=True))
        batch.add_column(sa.Column("cost_usd", sa.Float(), nullable=True))
        batch.add_column(sa.Column("provenance", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("story_versions") as batch:
        batch.drop_column("provenance")
        batch.drop_column("cost_usd")
        batch.drop_column("prompt_version")
