"""Failures surface where people look (issue 12, point 5): the alert worker prints a warning line (the
console of `newsalert run`) and logs WARNING with the reason; `deliveries` shows the whole error and
when; `redeliver` queues the delivery for the running worker instead of sending from the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.test_alerts_worker import publish, updates
from tests.support.pipeline import Pipeline, wait_for
from tests.support.slack_server import SlackServer

pytestmark = pytest.mark.integration


@pytest.fixture
def slack():
    with SlackServer(token="xoxb-visible") as server:
        yield server


@pytest.fixture
def pipeline(kafka_bootstrap: str, tmp_path: Path, slack: SlackServer):
    p = Pipeline(kafka_bootstrap, tmp_path, NEWSALERT_SLACK_BOT_TOKEN="xoxb-visible",
                 NEWSALERT_SLACK_BASE_URL=slack.base_url, NEWSALERT_MAX_ATTEMPTS="2")
    p.cli("kafka", "start")
    yield p
    p.stop_all()


def test_a_failed_delivery_is_said_logged_listed_and_requeued(pipeline: Pipeline, slack: SlackServer):
    slack.channels = {"C0OTHERCHAN"}  # C0LATERCHAN answers channel_not_found until the bot is invited
    pipeline.cli("subscribe", "tariffs", "--slack-channel", "C0LATERCHAN")
    publish(pipeline, updates(1, "vis"))
    pipeline.start_alerts()
    wait_for(lambda: "failed after" in pipeline.log("alerts"), timeout=60, what="the failure warning line")
    log = pipeline.log("alerts")
    assert "warning: slack delivery" in log and "channel_not_found" in log and "newsalert redeliver" in log, log
    assert any("delivery failed" in line and "warning" in line.lower() and "channel_not_found" in line
               for line in log.splitlines()), log  # the structured WARNING line with the reason
    listing = pipeline.cli("deliveries", "--failed").stdout
    assert "channel_not_found" in listing and "failed" in listing
    delivery_id = next(line.split("│")[2].strip() for line in listing.splitlines() if "channel_not_found" in line)
    slack.channels = {"C0OTHERCHAN", "C0LATERCHAN"}  # the bot was invited
    again = pipeline.cli("redeliver", delivery_id)
    assert f"delivery {delivery_id} queued for the slack workers" in again.stdout, again.stdout + again.stderr
    assert "channel_not_found" in again.stdout  # the previous error is still said
    wait_for(lambda: [m for m in slack.messages if m.channel == "C0LATERCHAN"], timeout=60,
             what="the requeued delivery sent by the worker")
    wait_for(lambda: "sent" in pipeline.cli("deliveries").stdout, timeout=30, what="the ledger row marked sent")


def test_a_parked_destination_is_listed_and_retried_now_by_the_running_worker(pipeline: Pipeline, slack: SlackServer):
    import time

    from tests.support.slack_server import Reply

    slack.script(Reply.server_error(503), Reply.server_error(503), kind="api")  # both quick attempts fail
    pipeline.cli("subscribe", "tariffs", "--slack-channel", "C0PARKCHAN1")
    publish(pipeline, updates(1, "park"))
    pipeline.start_alerts()
    wait_for(lambda: "C0PARKCHAN1" in pipeline.cli("deliveries", "--parked").stdout, timeout=60,
             what="the destination listed as parked")
    parked_at = time.monotonic()
    listing = pipeline.cli("deliveries", "--parked").stdout
    assert "503" in listing and not [m for m in slack.messages if m.channel == "C0PARKCHAN1"]
    retried = pipeline.cli("retry", "C0PARKCHAN1")
    assert "is due now (1 waiting)" in retried.stdout, retried.stdout + retried.stderr
    wait_for(lambda: [m for m in slack.messages if m.channel == "C0PARKCHAN1"], timeout=20,
             what="the parked delivery sent by the worker after `retry`")
    # its own schedule would have tried 30 s after the last quick attempt: this was the retry
    assert time.monotonic() - parked_at < 28
    wait_for(lambda: "no parked destinations" in pipeline.cli("deliveries", "--parked").stdout, timeout=30,
             what="nothing parked any more")
