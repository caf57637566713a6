"""Parked destinations can be listed (`newsalert deliveries --parked`) and tried now (`newsalert retry`).

Deliveries are parked the real way: the Slack notifier against the loopback Slack server answering 503,
into the SQLite ledger of a home; the commands run as subprocesses on that home."""

from __future__ import annotations

import os
import subprocess
import sys
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

POLICY = RetryPolicy(max_attempts=2, horizon_s=6 * 3600)


def to(channel: str, update_id: str):
    return delivery(update_id).model_copy(update={"notifier": "slack", "destination": channel})


@pytest.fixture
def home(tmp_path: Path):
    """A home whose ledger has C0OUTAGE01 parked with two deliveries waiting and C0OUTAGE02 with one."""
    with SlackServer(token="xoxb-park") as slack:
        settings = Settings(home=tmp_path, slack_bot_token="xoxb-park", slack_base_url=slack.base_url,
                            _env_file=None)
        store = Store(settings.db_url)
        slack.script(*[Reply.server_error(503)] * 4, kind="api")  # two quick attempts for each first delivery
        notifier = SlackNotifier(settings)
        for channel, update_id in (("C0OUTAGE01", "u1"), ("C0OUTAGE01", "u2"), ("C0OUTAGE02", "u3")):
            result = deliver_one(to(channel, update_id), notifier, store, POLICY, RateLimiter(None), sleep=lambda s: None)
            assert result.outcome == "parked"
        yield tmp_path, slack, notifier, store
        store.close()


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSALERT_")}
    return subprocess.run([sys.executable, "-m", "newsalert.cli", *args], env=dict(env, NEWSALERT_HOME=str(home)),
                          capture_output=True, text=True, timeout=60, cwd=home)


def test_parked_list_groups_by_destination(home):
    _, _, _, store = home
    found = {p.destination: p for p in parking.parked_list(store, POLICY.max_attempts, timedelta(hours=6))}
    assert set(found) == {"C0OUTAGE01", "C0OUTAGE02"}
    first = found["C0OUTAGE01"]
    assert first.waiting == 2 and first.oldest_id == to("C0OUTAGE01", "u1").delivery_id
    assert first.attempts == 2 and "503" in (first.last_error or "")
    assert first.next_try > utcnow() + timedelta(seconds=20)  # 30 s after the last try
    assert first.gives_up is not None and first.gives_up - first.since == timedelta(hours=6)


def test_retry_now_makes_the_oldest_due_and_the_rest_follow_in_order(home):
    _, slack, notifier, store = home
    assert parking.due(store, "slack", POLICY.max_attempts, utcnow()) == []
    [made] = parking.retry_now(store, "C0OUTAGE01", POLICY.max_attempts)
    assert made.destination == "C0OUTAGE01" and made.waiting == 2
    due = parking.due(store, "slack", POLICY.max_attempts, utcnow())
    assert [r.delivery_id for r in due] == [to("C0OUTAGE01", "u1").delivery_id]  # only that destination

    def again(row):
        d = to(row.destination, row.payload["update"]["update_id"])
        return deliver_one(d, notifier, store, POLICY, RateLimiter(None), retrying_parked=True).outcome

    assert parking.retry_parked(store, "slack", POLICY.max_attempts, timedelta(hours=6), again) == 2
    sent = [r for r in slack.requests if r.ok]
    assert [r.channel for r in sent] == ["C0OUTAGE01", "C0OUTAGE01"]  # u1 then u2; C0OUTAGE02 still waits
    assert store.get_delivery(to("C0OUTAGE02", "u3").delivery_id).status == "parked"
    # by a delivery id, too; and nothing parked -> nothing made due
    assert [p.destination for p in parking.retry_now(store, to("C0OUTAGE02", "u3").delivery_id, 2)] == ["C0OUTAGE02"]
    assert parking.retry_now(store, "C0OUTAGE01", 2) == []


def test_deliveries_parked_and_retry_commands(home):
    path, _, _, _ = home
    listed = cli(path, "deliveries", "--parked")
    assert listed.returncode == 0, listed.stderr
    rows = [line for line in listed.stdout.splitlines() if "C0OUTAGE0" in line]
    assert len(rows) == 2 and "C0OUTAGE01" in rows[0] and " 2 " in rows[0]  # the longest parked first, 2 waiting
    assert "503" in listed.stdout and "newsalert retry" in listed.stderr

    retried = cli(path, "retry", "C0OUTAGE01")
    assert retried.returncode == 0, retried.stderr
    assert f"slack C0OUTAGE01: delivery {to('C0OUTAGE01', 'u1').delivery_id} is due now (2 waiting)" in retried.stdout

    nothing = cli(path, "retry", "C0NOTHING1")
    assert nothing.returncode == 1 and "nothing parked for 'C0NOTHING1'" in nothing.stderr

    parked_id = to("C0OUTAGE02", "u3").delivery_id
    redeliver = cli(path, "redeliver", parked_id)
    assert redeliver.returncode == 1 and f"`newsalert retry {parked_id}`" in redeliver.stderr

    both = cli(path, "deliveries", "--parked", "--failed")
    assert both.returncode == 2 and "not both" in both.stderr
    assert "Traceback" not in listed.stderr + retried.stderr + nothing.stderr + redeliver.stderr + both.stderr


def test_no_parked_destinations_is_said(tmp_path: Path):
    shown = cli(tmp_path, "deliveries", "--parked")
    assert shown.returncode == 0 and "no parked destinations" in shown.stdout
