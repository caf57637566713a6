"""The delivery pipeline's steps (alerts/deliver.py): dedup, retry with backoff, ledger."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from alerts.deliver import RateLimiter, RetryPolicy, deliver_one
from alerts.notifiers.base import NotifierLimits, SendError, SendReceipt
from alerts.store import Store
from newsalert.models import Delivery, EventChange, EventUpdate, TariffAction

NOW = datetime(2025, 10, 27, tzinfo=timezone.utc)


class ScriptedNotifier:
    """Answers each send with the next scripted outcome (an exception or a receipt)."""

    name = "scripted"
    limits = NotifierLimits(per_destination_per_second=None, max_text_chars=1000)

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls: list[tuple[str, str | None]] = []

    def validate_destination(self, destination: str) -> str:
        return destination

    def send(self, delivery, *, thread_ref=None):
        self.calls.append((delivery.delivery_id, thread_ref))
        outcome = self.outcomes.pop(0) if self.outcomes else SendReceipt("ts-1")
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def delivery(update_id: str = "u1", revision: int = 1) -> Delivery:
    update = EventUpdate(update_id=update_id, revision=revision, event=TariffAction(imposer="US", event_key="k1"),
                         change=EventChange(kind="new"), article_id="a", emitted_at=NOW)
    return Delivery(delivery_id=Delivery.make_id(update_id, 7), subscription_id=7, subscriber="ana", channel="tariffs",
                    notifier="scripted", destination="C1", update=update)


@pytest.fixture
def store(tmp_path: Path):
    s = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    yield s
    s.close()


def test_sent_once_then_duplicate(store):
    notifier, sleeps = ScriptedNotifier(), []
    first = deliver_one(delivery(), notifier, store, RetryPolicy(), RateLimiter(None), sleep=sleeps.append)
    second = deliver_one(delivery(), notifier, store, RetryPolicy(), RateLimiter(None), sleep=sleeps.append)
    assert (first.outcome, second.outcome) == ("sent", "duplicate")
    assert len(notifier.calls) == 1
    row = store.get_delivery(delivery().delivery_id)
    assert row.status == "sent" and row.attempts == 1 and row.external_id == "ts-1"


def test_retry_after_is_honoured_and_backoff_grows(store):
    notifier, sleeps = ScriptedNotifier(
        SendError("rate limited", retryable=True, retry_after=2.0),
        SendError("HTTP 500", retryable=True),
        SendError("HTTP 503", retryable=True),
    ), []
    result = deliver_one(delivery(), notifier, store, RetryPolicy(base_delay_s=0.5), RateLimiter(None), sleep=sleeps.append)
    assert result.outcome == "sent" and result.attempts == 4
    assert sleeps[0] >= 2.0 and 1.0 <= sleeps[1] < 1.2 and 2.0 <= sleeps[2] < 2.3


def test_non_retryable_fails_at_once(store):
    notifier = ScriptedNotifier(SendError("channel_not_found", retryable=False))
    result = deliver_one(delivery(), notifier, store, RetryPolicy(), RateLimiter(None), sleep=lambda s: None)
    assert result.outcome == "failed" and result.attempts == 1 and "channel_not_found" in result.error
    row = store.get_delivery(delivery().delivery_id)
    assert row.status == "failed" and row.last_error == "channel_not_found"
    again = deliver_one(delivery(), notifier, store, RetryPolicy(), RateLimiter(None), sleep=lambda s: None)
    assert again.outcome == "settled_failed" and len(notifier.calls) == 1


def test_gives_up_after_max_attempts(store):
    notifier = ScriptedNotifier(*[SendError("HTTP 502", retryable=True)] * 10)
    result = deliver_one(delivery(), notifier, store, RetryPolicy(max_attempts=3), RateLimiter(None), sleep=lambda s: None)
    assert result.outcome == "failed" and len(notifier.calls) == 3
    assert store.get_delivery(delivery().delivery_id).attempts == 3


def test_updates_of_an_event_thread_under_the_first_message(store):
    notifier = ScriptedNotifier(SendReceipt("111.1"), SendReceipt("222.2"))
    deliver_one(delivery("u1", 1), notifier, store, RetryPolicy(), RateLimiter(None), sleep=lambda s: None)
    deliver_one(delivery("u2", 2), notifier, store, RetryPolicy(), RateLimiter(None), sleep=lambda s: None)
    assert notifier.calls[0][1] is None and notifier.calls[1][1] == "111.1"


def test_rate_limiter_spaces_sends_per_destination():
    slept: list[float] = []
    limiter = RateLimiter(per_second=1.0)
    limiter.wait("C1", slept.append)
    limiter.wait("C2", slept.append)
    limiter.wait("C1", slept.append)
    assert len(slept) == 1 and 0.9 < slept[0] <= 1.0


def test_open_batch_reads_and_writes_what_the_three_queries_did(store):
    """Store.open_batch (one connection per polled batch): new rows pending and written, rows that exist as they
    are, parked destinations, threads (what threads_of gives)."""
    from alerts import parking
    from alerts.deliver import ledger_fields

    sent, parked_one, fresh = delivery("u-sent"), delivery("u-parked"), delivery("u-new")
    parked_one = parked_one.model_copy(update={"destination": "C2"})
    store.begin_delivery(sent.delivery_id, **ledger_fields(sent))
    store.mark_sent(sent.delivery_id, "ts-9")
    store.begin_delivery(parked_one.delivery_id, **ledger_fields(parked_one))
    parking.park(store, parked_one.delivery_id, "down")
    store.remember_thread("k1", "scripted", "C1", "ts-9")
    items = [(d.delivery_id, ledger_fields(d)) for d in (sent, parked_one, fresh, fresh)]  # a repeat in the batch
    keys = [("k1", "scripted", "C1"), ("k1", "scripted", "C2"), ("k2", "scripted", "C1")]
    opened = store.open_batch(items, "scripted", parked=True, thread_keys=keys)
    assert store.get_delivery(fresh.delivery_id).status == "pending"  # written in the batch's transaction
    stored = {d.delivery_id: store.get_delivery(d.delivery_id) for d in (sent, parked_one, fresh)}  # every row exists
    assert set(opened.rows) == set(stored) == {sent.delivery_id, parked_one.delivery_id, fresh.delivery_id}
    assert opened.rows[sent.delivery_id].status == "sent" and opened.rows[sent.delivery_id].external_id == "ts-9"
    assert opened.rows[parked_one.delivery_id].status == "parked"
    new = opened.rows[fresh.delivery_id]
    assert (new.status, new.attempts, new.destination) == ("pending", 0, "C1")
    assert stored[fresh.delivery_id].status == "pending" and stored[fresh.delivery_id].payload == new.payload
    assert opened.parked == {"C2"} and parking.destination_parked(store, "scripted", "C2") and \
        not parking.destination_parked(store, "scripted", "C1")
    assert opened.threads == store.threads_of(keys) == {("k1", "scripted", "C1"): "ts-9"}
    assert store.open_batch(items[:1], "scripted", parked=False, thread_keys=[]).parked == set()


def _records(*deliveries: Delivery) -> list:
    from types import SimpleNamespace

    return [SimpleNamespace(value=d.model_dump_json().encode(), key=b"7", topic="deliveries.scripted", partition=0,
                            offset=i) for i, d in enumerate(deliveries)]


def _to(destination: str, update_id: str) -> Delivery:
    return delivery(update_id).model_copy(update={"destination": destination})


@pytest.mark.parametrize("destinations", [["C1"], ["C1", "C2"]])
def test_a_batch_sends_each_destination_in_order_and_records_every_send(store, destinations):
    """One destination's lane runs in the worker's thread, several on lane threads: same sends, same ledger."""
    from concurrent.futures import ThreadPoolExecutor

    from alerts.deliver import deliver_batch

    batch = [_to(destinations[i % len(destinations)], f"u{i}") for i in range(6)]
    notifier = ScriptedNotifier()
    with ThreadPoolExecutor(max_workers=4) as lanes:
        assert deliver_batch(_records(*batch), notifier, store, RetryPolicy(), RateLimiter(None), None, "dlq", lanes)
    for destination in destinations:
        sent = [call[0] for call in notifier.calls if call[0] in {d.delivery_id for d in batch if d.destination == destination}]
        assert sent == [d.delivery_id for d in batch if d.destination == destination]
    assert all(store.get_delivery(d.delivery_id).status == "sent" for d in batch)


class BreaksOn(ScriptedNotifier):
    """Sends everything but the one delivery it breaks on (a bug: not a SendError)."""

    def __init__(self, broken_id: str) -> None:
        super().__init__()
        self.broken_id = broken_id

    def send(self, delivery, *, thread_ref=None):
        if delivery.delivery_id == self.broken_id:
            raise RuntimeError("a bug")
        return super().send(delivery, thread_ref=thread_ref)


@pytest.mark.parametrize("destinations", [["C1"], ["C1", "C2"]])
def test_a_lane_that_breaks_raises_after_what_was_sent_is_in_the_ledger(store, destinations):
    """A bug in a send (not a SendError) stops its lane and the batch raises it, once the sends made before it
    (and the other lanes' sends) are recorded: the batch is read again and those are duplicates, not repeats."""
    from concurrent.futures import ThreadPoolExecutor

    from alerts.deliver import deliver_batch

    first, broken, after = _to("C1", "u1"), _to("C1", "u2"), _to("C1", "u3")
    others = [_to(d, f"o{i}") for i, d in enumerate(destinations[1:])]
    notifier = BreaksOn(broken.delivery_id)
    with ThreadPoolExecutor(max_workers=4) as lanes, pytest.raises(RuntimeError, match="a bug"):
        deliver_batch(_records(first, broken, after, *others), notifier, store, RetryPolicy(), RateLimiter(None), None,
                      "dlq", lanes)
    assert [store.get_delivery(d.delivery_id).status for d in (first, broken, after)] == ["sent", "pending", "pending"]
    assert all(store.get_delivery(d.delivery_id).status == "sent" for d in others)
