"""A retriable failure parks the destination instead of dead-lettering it (issue 12, point 5): later
deliveries to it wait behind it in order, the parked step retries with a growing delay, and a delivery
still failing past the horizon is failed. Real Slack notifier against the loopback Slack server, real
SQLite ledger."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from alerts import parking
from alerts.deliver import RateLimiter, RetryPolicy, deliver_one
from alerts.notifiers.slack import SlackNotifier
from alerts.store import Store, utcnow
from newsalert.settings import Settings
from tests.support.slack_server import Reply, SlackServer
from tests.unit.test_deliver import delivery


@pytest.fixture
def env(tmp_path: Path):
    with SlackServer(token="xoxb-park") as slack:
        settings = Settings(home=tmp_path, slack_bot_token="xoxb-park", slack_base_url=slack.base_url, _env_file=None)
        store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
        yield slack, SlackNotifier(settings), store
        store.close()


def slack_delivery(update_id: str):
    d = delivery(update_id)
    return d.model_copy(update={"notifier": "slack", "destination": "C0PARKED01"})


def test_outage_parks_then_everything_goes_in_order(env):
    slack, notifier, store = env
    policy = RetryPolicy(max_attempts=2, horizon_s=3600)
    slack.script(*[Reply.server_error(503)] * 3, kind="api")  # two quick attempts of u1, one parked retry
    first = deliver_one(slack_delivery("u1"), notifier, store, policy, RateLimiter(None), sleep=lambda s: None)
    second = deliver_one(slack_delivery("u2"), notifier, store, policy, RateLimiter(None), sleep=lambda s: None)
    assert (first.outcome, second.outcome) == ("parked", "parked")
    assert len(slack.requests) == 2  # u2 waited behind u1, it did not hammer the failing channel
    assert parking.due(store, "slack", policy.max_attempts, utcnow()) == []  # not before 30 s

    def again(row):
        d = slack_delivery(row.payload["update"]["update_id"])
        return deliver_one(d, notifier, store, policy, RateLimiter(None), retrying_parked=True).outcome

    later = utcnow() + timedelta(seconds=31)
    assert parking.retry_parked(store, "slack", policy.max_attempts, timedelta(hours=1), again, now=later) == 1
    assert store.get_delivery(first_id := slack_delivery("u1").delivery_id).status == "parked"  # 3rd 503
    assert parking.due(store, "slack", policy.max_attempts, utcnow() + timedelta(seconds=45)) == []  # now 60 s
    much_later = utcnow() + timedelta(seconds=61)
    assert parking.retry_parked(store, "slack", policy.max_attempts, timedelta(hours=1), again, now=much_later) == 2
    assert store.get_delivery(first_id).status == "sent"
    assert store.get_delivery(slack_delivery("u2").delivery_id).status == "sent"
    sent = [r for r in slack.requests if r.ok]
    assert len(sent) == 2 and sent[0].arrived_monotonic <= sent[1].arrived_monotonic


def test_past_the_horizon_it_fails(env):
    import time

    slack, notifier, store = env
    policy = RetryPolicy(max_attempts=1, horizon_s=0.5)
    slack.script(*[Reply.server_error(500)] * 2, kind="api")
    parked = deliver_one(slack_delivery("h1"), notifier, store, policy, RateLimiter(None), sleep=lambda s: None)
    assert parked.outcome == "parked"
    time.sleep(0.6)  # the horizon passes
    outcomes = []

    def again(row):
        result = deliver_one(slack_delivery("h1"), notifier, store, policy, RateLimiter(None), retrying_parked=True)
        outcomes.append(result)
        return result.outcome

    parking.retry_parked(store, "slack", policy.max_attempts, timedelta(seconds=0.5), again,
                         now=utcnow() + timedelta(minutes=5))
    assert [r.outcome for r in outcomes] == ["failed"] and "500" in (outcomes[0].error or "")
    assert store.get_delivery(slack_delivery("h1").delivery_id).status == "failed"


def test_a_refused_destination_fails_at_once_even_with_a_horizon(env):
    slack, notifier, store = env
    slack.channels = {"C0SOMEOTHER"}
    result = deliver_one(slack_delivery("r1"), notifier, store, RetryPolicy(max_attempts=3, horizon_s=3600),
                         RateLimiter(None), sleep=lambda s: None)
    assert result.outcome == "failed" and "channel_not_found" in (result.error or "")
    assert len(slack.requests) == 1
