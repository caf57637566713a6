"""Slack failures through the real broker and a loopback Slack server: 429 with Retry-After, 5xx,
404 channel_not_found; and two alert workers in one group with one of them SIGKILLed."""

from __future__ import annotations

import collections
import signal
import time
from pathlib import Path

import pytest

from tests.integration.test_alerts_worker import publish, updates
from tests.support.pipeline import Pipeline, wait_for
from tests.support.slack_server import Reply, SlackServer

pytestmark = pytest.mark.integration


@pytest.fixture
def slack():
    with SlackServer(token="xoxb-fail") as server:
        yield server


@pytest.fixture
def pipeline(kafka_bootstrap: str, tmp_path: Path, slack: SlackServer):
    p = Pipeline(kafka_bootstrap, tmp_path, NEWSALERT_SLACK_BOT_TOKEN="xoxb-fail",
                 NEWSALERT_SLACK_BASE_URL=slack.base_url, NEWSALERT_MAX_ATTEMPTS="4")
    p.cli("kafka", "start")
    yield p
    p.stop_all()


def test_rate_limited_then_delivered_once_none_early(pipeline: Pipeline, slack: SlackServer):
    pipeline.cli("subscribe", "tariffs", "--slack-channel", "C0RATELIMIT")
    slack.script(Reply.rate_limited(2), Reply.rate_limited(2), kind="api")
    publish(pipeline, updates(3, "rl"))
    pipeline.start_alerts()
    wait_for(lambda: len(slack.messages) >= 3, timeout=60, what="3 delivered messages")
    pipeline.alerts_drained(("slack",))
    calls = slack.requests
    assert [r.status for r in calls[:2]] == [429, 429]
    assert calls[1].arrived_monotonic - calls[0].arrived_monotonic >= 2.0  # waited Retry-After
    assert calls[2].arrived_monotonic - calls[1].arrived_monotonic >= 2.0
    ok = [r for r in calls if r.ok]
    assert len(ok) == 3 and len({r.text for r in ok}) == 3  # all delivered, none twice
    gaps = [b.arrived_monotonic - a.arrived_monotonic for a, b in zip(ok, ok[1:])]
    assert all(gap >= 0.95 for gap in gaps), gaps  # at most one message per second per channel
    print(f"429 x2 with Retry-After 2: {len(calls)} requests, 3 delivered, gaps {[round(g, 2) for g in gaps]}")


def test_server_errors_are_retried(pipeline: Pipeline, slack: SlackServer):
    pipeline.cli("subscribe", "tariffs", "--slack-channel", "C0FIVEXX01")
    slack.script(Reply.server_error(500), Reply.server_error(503), kind="api")
    publish(pipeline, updates(1, "5xx"))
    pipeline.start_alerts()
    wait_for(lambda: slack.messages, timeout=60, what="the message after two 5xx answers")
    pipeline.alerts_drained(("slack",))
    assert [r.status for r in slack.requests] == [500, 503, 200]
    rows = pipeline.cli("deliveries").stdout
    assert "sent" in rows and " 3 " in rows


def test_channel_not_found_fails_to_dlq_and_others_are_unaffected(pipeline: Pipeline, slack: SlackServer):
    slack.channels = {"C0GOODCHAN1"}  # any other channel answers channel_not_found
    pipeline.cli("subscribe", "tariffs", "--slack-channel", "C0GONECHAN1")
    pipeline.cli("subscribe", "tariffs", "--slack-channel", "C0GOODCHAN1")
    publish(pipeline, updates(2, "404"))
    pipeline.start_alerts()
    dead = wait_for(lambda: len(pipeline.read(pipeline.topics.deliveries_dlq)) >= 2 and pipeline.read(pipeline.topics.deliveries_dlq),
                    timeout=60, what="two dead-lettered deliveries")
    wait_for(lambda: len(slack.messages) >= 2, timeout=30, what="the good channel's messages")
    pipeline.alerts_drained(("slack",))
    assert {m.channel for m in slack.messages} == {"C0GOODCHAN1"} and len(slack.messages) == 2
    assert all("channel_not_found" in d["reason"] for d in dead)
    failed = pipeline.cli("deliveries", "--failed").stdout
    assert len([line for line in failed.splitlines() if "channel_not_found" in line]) == 2
    assert len([r for r in slack.requests if r.channel == "C0GONECHAN1"]) == 2  # not retried


def test_two_workers_one_killed_every_delivery_once(pipeline: Pipeline, slack: SlackServer):
    pipeline.cli("subscribe", "tariffs", "--console")
    total = 400
    publish(pipeline, updates(total, "two"))
    pipeline.start_alerts("worker-a")
    pipeline.start_alerts("worker-b")
    wait_for(lambda: len(pipeline.outbox()) >= 10, timeout=60, what="the first alerts")
    pipeline.stop("worker-a", sig=signal.SIGKILL)
    killed_at = len(pipeline.outbox())
    wait_for(lambda: len({l["delivery_id"] for l in pipeline.outbox()}) >= total, timeout=120, what="every delivery")
    pipeline.alerts_drained(("console",))
    counts = collections.Counter(l["delivery_id"] for l in pipeline.outbox())
    repeated = sum(c - 1 for c in counts.values())
    assert len(counts) == total and repeated <= 1
    print(f"two workers, one SIGKILLed after {killed_at}/{total} alerts: {len(counts)} delivered, {repeated} repeated")
