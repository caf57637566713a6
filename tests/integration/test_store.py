"""The subscription store and delivery ledger on SQLite and on PostgreSQL (same code)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from alerts.store import Store



@pytest.fixture
def store(db_url: str):
    s = Store(db_url)
    yield s
    s.close()


def test_subscriptions_round_trip(store: Store):
    row = store.add_subscription(subscriber="ana", channel="tariffs", notifier="email", destination="a@b.co",
                                 countries=["China"], people=[], statuses=["announced"], min_confidence=0.5)
    store.add_subscription(subscriber="bo", channel="trade-talks", notifier="console", destination="console")
    assert [s.id for s in store.subscriptions("ana")] == [row.id]
    fetched = store.get_subscription(row.id)
    assert fetched.countries == ["China"] and fetched.statuses == ["announced"] and fetched.min_confidence == 0.5
    assert store.remove_subscription(row.id) and not store.remove_subscription(row.id)
    assert [s.subscriber for s in store.subscriptions()] == ["bo"]


def test_ledger_begin_is_idempotent_under_concurrency(store: Store):
    rows = []

    def begin() -> None:
        rows.append(store.begin_delivery("d1", subscription_id=1, update_id="u1", event_key="k", notifier="console",
                                         destination="console", payload={"x": 1}))

    threads = [threading.Thread(target=begin) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(rows) == 8 and {r.delivery_id for r in rows} == {"d1"}
    store.mark_sent("d1", "ts-9")
    row = store.get_delivery("d1")
    assert row.status == "sent" and row.external_id == "ts-9" and row.attempts == 1
    assert store.begin_delivery("d1", subscription_id=1, update_id="u1", event_key="k", notifier="console",
                                destination="console", payload={}).status == "sent"


def test_failed_deliveries_listed_and_reset(store: Store):
    store.begin_delivery("d2", subscription_id=1, update_id="u2", event_key="k", notifier="slack", destination="C1",
                         payload={})
    store.record_attempt("d2", "HTTP 500")
    store.mark_failed("d2", "channel_not_found")
    assert [r.delivery_id for r in store.deliveries("failed")] == ["d2"]
    row = store.reset_delivery("d2")
    assert row.status == "pending" and store.get_delivery("d2").attempts == 0


def test_threads_remembered_once(store: Store):
    store.remember_thread("k", "slack", "C1", "111.1")
    store.remember_thread("k", "slack", "C1", "222.2")
    assert store.thread_of("k", "slack", "C1") == "111.1" and store.thread_of("k", "slack", "C2") is None


def test_every_subscription_change_moves_the_revision_and_reads_do_not(store: Store):
    seen = [store.subscriptions_revision()]

    def moved() -> bool:
        seen.append(store.subscriptions_revision())
        return seen[-1] != seen[-2]

    row = store.add_subscription(subscriber="ana", channel="tariffs", notifier="console", destination="console")
    assert moved() and seen[-1][1:] == (1, row.id)
    store.subscriptions(), store.get_subscription(row.id), store.create_token("ana")
    assert not moved()
    store.update_subscription(row.id, countries=["China"])
    assert moved()
    store.mute_event(row.id, "k1")
    assert moved()
    store.mute_event(row.id, "k1")  # already muted: nothing changed
    assert not moved()
    store.set_verification_code(row.id, "ABC123")
    assert moved()
    assert store.confirm_subscription(row.id, "WRONG") == "wrong" and not moved()
    assert store.confirm_subscription(row.id, "abc123") == "active" and moved()
    assert store.remove_subscription(row.id) and moved()
    assert seen[-1][1:] == (0, None) and seen[-1][0] == seen[0][0] + 6
