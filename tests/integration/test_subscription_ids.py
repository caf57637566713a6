"""Subscription ids are never given again after a delete (issue 10): an old "unsubscribe 8", a one-click
unsubscribe link or a Slack button for a deleted subscription must not act on someone else's newer one."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from alerts import migrations
from alerts.store import Store


def _add(store: Store, who: str, dest: str):
    return store.add_subscription(subscriber=who, channel="tariffs", notifier="console", destination=dest)


def test_deleting_the_newest_subscription_does_not_hand_its_id_to_the_next(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'ids.db'}")
    first = _add(store, "alice", "console")
    newest = _add(store, "alice", "stdout")
    assert store.remove_subscription(newest.id)
    after = _add(store, "bob", "console")
    assert after.id > newest.id, f"id {newest.id} was reused for bob's subscription"
    assert store.get_subscription(newest.id) is None
    assert first.id < newest.id
    store.close()


def test_a_database_at_0003_keeps_its_rows_and_ids_and_stops_reusing(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create_engine(url)
    migrations.upgrade(engine, "0003")
    with engine.begin() as conn:
        for sub_id in (3, 7):
            conn.execute(text(
                "INSERT INTO subscriptions (id, subscriber, channel, notifier, destination, countries, people, "
                "statuses, min_confidence, mode, reminders, created_at, verification, verify_attempts) VALUES "
                f"({sub_id}, 'alice', 'tariffs', 'console', 'console', '[]', '[]', '[]', 0, 'immediate', 0, "
                "'2026-01-01 00:00:00', 'active', 0)"))
        conn.execute(text("DELETE FROM subscriptions WHERE id = 7"))
    engine.dispose()
    store = Store(url)  # migrates to head
    assert [row.id for row in store.subscriptions()] == [3]
    assert _add(store, "bob", "console").id == 4  # the copy restarted after the largest id present
    newest = _add(store, "bob", "stdout")
    store.remove_subscription(newest.id)
    assert _add(store, "carol", "console").id == newest.id + 1
    with store.engine.connect() as conn:
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'subscriptions'")).scalar()
        indexes = {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'subscriptions'"))}
    assert "AUTOINCREMENT" in sql.upper()
    assert {"ix_subscriptions_subscriber", "ix_subscriptions_channel"} <= indexes
    store.close()
