"""stories, story_versions, jobs and feedback

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Id = sa.String(36)
When = sa.DateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete="CASCADE"
    )


def _fk_indexes(table: str, *columns: str) -> None:
    for column in columns:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def upgrade() -> None:
    op.create_table(
        "stories",
        sa.Column("id", Id, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("title", sa.String(200), nullable=True),
        sa.Column("premise", sa.JSON(), nullable=False),
        sa.Column("genre", sa.String(40), nullable=False),
        sa.Column("structure", sa.String(40), nullable=False),
        sa.Column("pov", sa.String(16), nullable=False),
        sa.Column("tense", sa.String(16), nullable=False),
        sa.Column("tone", sa.String(16), nullable=True),
        sa.Column("style", sa.String(16), nullable=False),
        sa.Column("target_words", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=True),
        sa.Column("writer", sa.String(40), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("updated_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
        _fk("stories", "user_id", "users"),
    )
    _fk_indexes("stories", "user_id")
    op.create_index("ix_stories_user_created", "stories", ["user_id", "created_at", "id"])

    op.create_table(
        "story_versions",
        sa.Column("id", Id, nullable=False),
        sa.Column("story_id", Id, nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("title", sa.String(200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("writer", sa.String(40), nullable=True),
        sa.Column("model", sa.String(120), nullable=True),
        sa.Column("tokens_in", sa.Integer(), nullable=True),
        sa.Column("tokens_out", sa.Integer(), nullable=True),
        sa.Column("parent_number", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("analysis", sa.JSON(), nullable=True),
        sa.Column("created_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_versions")),
        _fk("story_versions", "story_id", "stories"),
        sa.UniqueConstraint("story_id", "number", name="uq_story_versions_number"),
    )
    _fk_indexes("story_versions", "story_id")

    op.create_table(
        "jobs",
        sa.Column("id", Id, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("story_id", Id, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("stage", sa.String(32), nullable=True),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=True),
        sa.Column("idempotency_key", sa.String(200), nullable=True),
        sa.Column("request_hash", sa.String(64), nullable=True),
        sa.Column("result_version", sa.Integer(), nullable=True),
        sa.Column("created_at", When, nullable=False),
        sa.Column("started_at", When, nullable=True),
        sa.Column("finished_at", When, nullable=True),
        sa.Column("heartbeat_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        _fk("jobs", "user_id", "users"),
        _fk("jobs", "story_id", "stories"),
        sa.UniqueConstraint("user_id", "idempotency_key", name="uq_jobs_user_idempotency_key"),
    )
    _fk_indexes("jobs", "user_id", "story_id")
    op.create_index("ix_jobs_status_heartbeat", "jobs", ["status", "heartbeat_at"])

    op.create_table(
        "feedback",
        sa.Column("id", Id, nullable=False),
        sa.Column("user_id", BigId, nullable=False),
        sa.Column("story_id", Id, nullable=False),
        sa.Column("version_id", Id, nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        _fk("feedback", "user_id", "users"),
        _fk("feedback", "story_id", "stories"),
        _fk("feedback", "version_id", "story_versions"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name=op.f("ck_feedback_rating_range")),
    )
    _fk_indexes("feedback", "user_id", "story_id", "version_id")


def downgrade() -> None:
    op.drop_table("feedback")
    op.drop_table("jobs")
    op.drop_table("story_versions")
    op.drop_table("stories")
