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
