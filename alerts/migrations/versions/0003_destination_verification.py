"""Destination verification: a subscription a subscriber created for an email address or Slack
destination stays `pending` (nothing delivered) until the code sent there is confirmed or an admin
approves it. Existing subscriptions are `active` (they were made before the rule, by whoever could).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


COLUMNS = (
    ("verification", lambda: sa.Column("verification", sa.String(length=20), nullable=False, server_default="active")),
    ("verify_code_hash", lambda: sa.Column("verify_code_hash", sa.String(length=64), nullable=True)),
    ("verify_attempts", lambda: sa.Column("verify_attempts", sa.Integer(), nullable=False, server_default="0")),
)


def upgrade() -> None:
    # a database adopted from create_all (see 0001) may already have the columns: add only the missing ones
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("subscriptions")}
    missing = [make() for name, make in COLUMNS if name not in present]
    if missing:
        with op.batch_alter_table("subscriptions") as batch:
            for column in missing:
                batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("subscriptions") as batch:
        batch.drop_column("verify_attempts")
        batch.drop_column("verify_code_hash")
        batch.drop_column("verification")
