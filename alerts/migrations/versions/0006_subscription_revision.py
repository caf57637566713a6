"""A revision counter of the subscriptions: every change to a subscription adds one to it in the same
transaction, so the router sees a change with one cheap query and re-reads (and re-indexes) the
subscriptions only then.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    bind = op.get_bind()
    if "subscription_revision" not in sa.inspect(bind).get_table_names():
        op.create_table(
            "subscription_revision",
            sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
            sa.Column("revision", sa.BigInteger(), nullable=False, server_default="0"),
            sa.PrimaryKeyConstraint("id"),
        )
    if bind.execute(sa.text("SELECT count(*) FROM subscription_revision WHERE id = 1")).scalar() == 0:
        bind.execute(sa.text("INSERT INTO subscription_revision (id, revision) VALUES (1, 0)"))


def downgrade() -> None:
    op.drop_table("subscription_revision")
