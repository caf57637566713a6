"""Baseline: subscriptions, deliveries (the ledger), threads.

These are the tables that `Base.metadata.create_all` made before the store had
migrations. A database made that way (tables present, no alembic_version) is
adopted: this revision creates only the tables that are missing and leaves the
existing ones, and their rows, as they are.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def _missing(name: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    if _missing("subscriptions"):
        op.create_table(
            "subscriptions",
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("subscriber", sa.String(length=200), nullable=False),
            sa.Column("channel", sa.String(length=100), nullable=False),
            sa.Column("notifier", sa.String(length=50), nullable=False),
            sa.Column("destination", sa.String(length=500), nullable=False),
            sa.Column("countries", sa.JSON(), nullable=False),
            sa.Column("people", sa.JSON(), nullable=False),
            sa.Column("statuses", sa.JSON(), nullable=False),
            sa.Column("min_confidence", sa.Float(), nullable=False),
            sa.Column("mode", sa.String(length=20), nullable=False),
            sa.Column("reminders", sa.Boolean(), nullable=False),
            sa.Column("muted_until", sa.DateTime(timezone=True), nullable=True),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index("ix_subscriptions_channel", "subscriptions", ["channel"], unique=False)
        op.create_index("ix_subscriptions_subscriber", "subscriptions", ["subscriber"], unique=False)

    if _missing("deliveries"):
        op.create_table(
            "deliveries",
            sa.Column("delivery_id", sa.String(length=64), nullable=False),
            sa.Column("subscription_id", sa.Integer(), nullable=False),
            sa.Column("update_id", sa.String(length=64), nullable=False),
            sa.Column("event_key", sa.String(length=64), nullable=False),
            sa.Column("notifier", sa.String(length=50), nullable=False),
            sa.Column("destination", sa.String(length=500), nullable=False),
            sa.Column("status", sa.String(length=20), nullable=False),
            sa.Column("attempts", sa.Integer(), nullable=False),
            sa.Column("last_error", sa.Text(), nullable=True),
            sa.Column("external_id", sa.String(length=100), nullable=True),
            sa.Column("payload", sa.JSON(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
            sa.PrimaryKeyConstraint("delivery_id"),
        )
        op.create_index("ix_deliveries_event_key", "deliveries", ["event_key"], unique=False)
        op.create_index("ix_deliveries_status", "deliveries", ["status"], unique=False)
        op.create_index("ix_deliveries_subscription_id", "deliveries", ["subscription_id"], unique=False)
        op.create_index("ix_deliveries_update_id", "deliveries", ["update_id"], unique=False)

    if _missing("threads"):
        op.create_table(
            "threads",
            sa.Column("event_key", sa.String(length=64), nullable=False),
            sa.Column("notifier", sa.String(length=50), nullable=False),
            sa.Column("destination", sa.String(length=500), nullable=False),
            sa.Column("external_id", sa.String(length=100), nullable=False),
            sa.PrimaryKeyConstraint("event_key", "notifier", "destination"),
        )


def downgrade() -> None:
    op.drop_table("threads")
    op.drop_index("ix_deliveries_update_id", table_name="deliveries")
    op.drop_index("ix_deliveries_subscription_id", table_name="deliveries")
    op.drop_index("ix_deliveries_status", table_name="deliveries")
    op.drop_index("ix_deliveries_event_key", table_name="deliveries")
    op.drop_table("deliveries")
    op.drop_index("ix_subscriptions_subscriber", table_name="subscriptions")
    op.drop_index("ix_subscriptions_channel", table_name="subscriptions")
    op.drop_table("subscriptions")
