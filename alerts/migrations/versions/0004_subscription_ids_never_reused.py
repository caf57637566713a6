"""Subscription ids are never reused after a delete: on SQLite the table is rebuilt with AUTOINCREMENT
(without it SQLite gives the next row max(id)+1, so deleting the newest subscription handed its id to the
next one, and an old "unsubscribe 8" or link removed someone else's). PostgreSQL's sequence never
reuses an id: nothing to do there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _has_autoincrement(bind: sa.engine.Connection) -> bool:
    sql = bind.execute(sa.text("SELECT sql FROM sqlite_master WHERE type='table' AND name='subscriptions'")).scalar()
    return "AUTOINCREMENT" in (sql or "").upper()


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite" or _has_autoincrement(bind):
        return
    # batch mode copies the table into a new one (rows, ids and indexes kept); sqlite_sequence then starts
    # after the largest id present
    with op.batch_alter_table("subscriptions", recreate="always",
                              table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.alter_column("id", existing_type=sa.Integer(), autoincrement=True)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    with op.batch_alter_table("subscriptions", recreate="always") as batch:
        batch.alter_column("id", existing_type=sa.Integer(), autoincrement=True)
