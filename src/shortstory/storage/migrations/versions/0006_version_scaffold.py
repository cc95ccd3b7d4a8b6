"""story_versions.pov, .tense: the scaffold each version was written in (feedback groups by it)

A tense or POV revision changes the story's scaffold; feedback given on an earlier version must
stay counted under the scaffold that version was written in. Existing versions are filled in from
what their rows recorded (see ``_backfill``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_stories = sa.table("stories", sa.column("id", sa.String), sa.column("pov", sa.String),
                    sa.column("tense", sa.String))
_versions = sa.table(
    "story_versions", sa.column("id", sa.String), sa.column("story_id", sa.String),
    sa.column("number", sa.Integer), sa.column("parent_number", sa.Integer),
    sa.column("note", sa.String), sa.column("analysis", sa.JSON), sa.column("pov", sa.String),
    sa.column("tense", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("story_versions") as batch:
        batch.add_column(sa.Column("pov", sa.String(16), nullable=True))
        batch.add_column(sa.Column("tense", sa.String(16), nullable=True))
    _backfill(op.get_bind())


def _backfill(connection: sa.engine.Connection) -> None:
    """Each version's scaffold from what the rows recorded: a cliché or sharpen revision's
    analysis names the scaffold it was checked against (its own); an instruction revision's names
    the one it started from (its parent's), and its note says what it changed to; an edit or a
    version with no record takes its parent's; what nothing tells takes the story's."""
    stories = {row.id: (row.pov, row.tense) for row in connection.execute(sa.select(_stories))}
    rows = connection.execute(
        sa.select(_versions.c.id, _versions.c.story_id, _versions.c.number,
                  _versions.c.parent_number, _versions.c.note, _versions.c.analysis)
        .order_by(_versions.c.story_id, _versions.c.number)
    ).all()
    evidence: dict[tuple[str, int], tuple[str, str]] = {}
    for row in rows:
        recorded = _recorded_scaffold(row.analysis)
        if recorded is None:
            continue
        if _is_instruction(row.note):
            if row.parent_number is not None:
                evidence.setdefault((row.story_id, row.parent_number), recorded)
        else:
            evidence[(row.story_id, row.number)] = recorded
    known: dict[tuple[str, int], tuple[Any, Any]] = {}
    for row in rows:
        key = (row.story_id, row.number)
        parent = known.get((row.story_id, row.parent_number)) \
            if row.parent_number is not None else None
        if key in evidence:
            scaffold: tuple[Any, Any] = evidence[key]
        elif parent is not None and _is_instruction(row.note):
            scaffold = _instructed(parent, row.note)
        elif parent is not None:
            scaffold = parent
        else:
            scaffold = stories.get(row.story_id, (None, None))
        known[key] = scaffold
        connection.execute(
            sa.update(_versions).where(_versions.c.id == row.id)
            .values(pov=scaffold[0], tense=scaffold[1])
        )


_TENSE = re.compile(r"\b(past|present)\b(?: tense)?", re.IGNORECASE)
_POV = re.compile(r"\bpov to (first|close[ _-]third|second)\b", re.IGNORECASE)


def _recorded_scaffold(analysis: Any) -> tuple[str, str] | None:
    scaffold = analysis.get("scaffold") if isinstance(analysis, dict) else None
    if isinstance(scaffold, dict) and scaffold.get("pov") and scaffold.get("tense"):
        return str(scaffold["pov"]), str(scaffold["tense"])
    return None


def _is_instruction(note: str | None) -> bool:
    return bool(note) and str(note).startswith("instruction:")


def _instructed(parent: tuple[Any, Any], note: str) -> tuple[Any, Any]:
    """The parent's scaffold with what an instruction's note changed (POV, tense)."""
    pov, tense = parent
    if "tense" in note.lower() and (found := _TENSE.search(note)):
        tense = found.group(1).lower()
    if found_pov := _POV.search(note):
        pov = found_pov.group(1).lower().replace(" ", "_").replace("-", "_")
    return pov, tense


def downgrade() -> None:
    with op.batch_alter_table("story_versions") as batch:
        batch.drop_column("tense")
        batch.drop_column("pov")
