"""Per-subscription muted events: "Mute this event" on a Slack alert adds the event's key here and the
router sends that subscription nothing more about it (other events still go).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("subscriptions")}
    if "muted_events" not in present:
        with op.batch_alter_table("subscriptions", table_kwargs={"sqlite_autoincrement": True}) as batch:
            batch.add_column(sa.Column("muted_events", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("subscriptions", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("muted_events")
