"""Slack alert buttons (issue 10): an alert sent by the real Slack notifier to the loopback Slack API
carries "Mute this event" and "Unsubscribe"; pressing them is a signed POST to /slack/interactivity
(same signature and five-minute check as the slash command) that acts on the store and replaces the
message's buttons through the press's response_url on the loopback server."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlencode

import httpx
import pytest

from alerts.api import create_app
from alerts.notifiers.slack import SlackNotifier
from alerts.router import route
from alerts.channels import load_channels
from alerts.store import Store
from tests.support.live_server import LiveServer
from tests.support.samples import make_delivery, make_update, settings_for, status_change, tariff_event
from tests.support.slack_server import SlackServer, slack_server  # noqa: F401  (fixture)

SECRET = "slack-signing-secret-for-tests"


@pytest.fixture
def setup(tmp_path: Path, slack_server: SlackServer) -> Iterator[dict[str, Any]]:
    settings = settings_for(tmp_path, slack_bot_token="xoxb-test-token", slack_base_url=slack_server.base_url,
                            slack_signing_secret=SECRET, web_secret="web-secret-for-tests",
                            database_url=f"sqlite:///{tmp_path / 'buttons.db'}")
    store = Store(settings.db_url)
    with LiveServer(create_app(settings, store)) as server, httpx.Client(base_url=server.url, timeout=10) as client:
        yield {"settings": settings, "store": store, "client": client}
    store.close()


def sign(body: bytes, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


def send_alert(setup: dict[str, Any], slack_server: SlackServer, sub_id: int) -> dict[str, Any]:
    SlackNotifier(setup["settings"]).send(make_delivery(notifier="slack", destination="C0123456789",
                                                        subscription_id=sub_id))
    message = slack_server.messages[-1]
    assert message.method == "chat.postMessage"
    return {"text": message.text, "blocks": message.blocks, "ts": "1.1"}


def press(setup: dict[str, Any], slack_server: SlackServer, message: dict[str, Any], action_id: str,
          **sign_args: Any) -> httpx.Response:
    [actions] = [b for b in message["blocks"] if b["type"] == "actions"]
    button = next(e for e in actions["elements"] if e["action_id"] == action_id)
    payload = {"type": "block_actions", "team": {"id": "T0001"}, "user": {"id": "U0001"},
               "channel": {"id": "C0123456789"}, "message": message, "response_url": slack_server.response_url(),
               "actions": [{"action_id": action_id, "block_id": actions["block_id"], "value": button["value"],
                            "type": "button"}]}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return setup["client"].post("/slack/interactivity", content=body, headers=sign(body, **sign_args))


def _sub(store: Store) -> Any:
    return store.add_subscription(subscriber="slack:T0001:U0001", channel="tariffs", notifier="slack",
                                  destination="C0123456789")


def test_alert_carries_both_buttons(setup: dict[str, Any], slack_server: SlackServer):
    message = send_alert(setup, slack_server, _sub(setup["store"]).id)
    [actions] = [b for b in message["blocks"] if b["type"] == "actions"]
    labels = [e["text"]["text"] for e in actions["elements"]]
    assert labels == ["Mute this event", "Unsubscribe"]
    assert message["blocks"][-1]["type"] == "actions"


def test_mute_this_event_stops_that_event_only_and_updates_the_message(setup: dict[str, Any], slack_server: SlackServer):
    store = setup["store"]
    row = _sub(store)
    message = send_alert(setup, slack_server, row.id)
    answer = press(setup, slack_server, message, "newsalert_mute_event")
    assert answer.status_code == 200
    assert store.get_subscription(row.id).muted_events == [tariff_event().event_key]
    update = slack_server.messages[-1]
    assert update.kind == "response_url" and update.payload["replace_original"] is True
    assert not [b for b in update.payload["blocks"] if b["type"] == "actions"]  # the buttons gave way
    assert "muted for subscription" in json.dumps(update.payload["blocks"]) and "<@U0001>" in json.dumps(update.payload)
    assert update.payload["blocks"][0] == message["blocks"][0]  # the alert itself stays
    # the router sends this subscription no more of that event, but still other events
    channels = load_channels(setup["settings"].channels_path)
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    again = make_update(tariff_event(status="in_effect"), status_change("threatened", "in_effect"), revision=2)
    other = make_update(tariff_event(event_key="tariff_action:us:eu:goods", target="EU"))
    rows = store.subscriptions()
    assert route(again, rows, channels, now=now) == []
    assert [d.subscription_id for d in route(other, rows, channels, now=now)] == [row.id]


def test_unsubscribe_button_removes_the_subscription(setup: dict[str, Any], slack_server: SlackServer):
    store = setup["store"]
    row = _sub(store)
    keep = store.add_subscription(subscriber="slack:T0001:U0002", channel="tariffs", notifier="slack",
                                  destination="C0123456789", countries=["China"])
    message = send_alert(setup, slack_server, row.id)
    assert press(setup, slack_server, message, "newsalert_unsubscribe").status_code == 200
    assert store.get_subscription(row.id) is None and store.get_subscription(keep.id) is not None
    assert "Unsubscribed" in json.dumps(slack_server.messages[-1].payload)
    # pressing again (another user, a stale message): says so, changes nothing
    assert press(setup, slack_server, message, "newsalert_unsubscribe").status_code == 200
    assert "no longer exists" in json.dumps(slack_server.messages[-1].payload)
    assert store.get_subscription(keep.id) is not None


def test_unsigned_stale_or_forged_presses_do_nothing(setup: dict[str, Any], slack_server: SlackServer):
    store = setup["store"]
    row = _sub(store)
    message = send_alert(setup, slack_server, row.id)
    before = len(slack_server.requests)
    assert press(setup, slack_server, message, "newsalert_unsubscribe",
                 timestamp=int(time.time()) - 6 * 60).status_code == 401  # older than five minutes
    body = urlencode({"payload": "{}"}).encode()
    assert setup["client"].post("/slack/interactivity", content=body,
                                headers={**sign(body), "X-Slack-Signature": "v0=00"}).status_code == 401
    assert store.get_subscription(row.id) is not None and len(slack_server.requests) == before
    # a correctly signed press whose button value was not made by newsalert (tampered id)
    [actions] = [b for b in message["blocks"] if b["type"] == "actions"]
    for element in actions["elements"]:
        element["value"] = element["value"][:-2] + "xx"
    assert press(setup, slack_server, message, "newsalert_unsubscribe").status_code == 200
    assert store.get_subscription(row.id) is not None
    assert "not one of newsalert's" in json.dumps(slack_server.messages[-1].payload)
    # junk payload: a clear 400, not a traceback
    body = urlencode({"payload": "not json"}).encode()
    answer = setup["client"].post("/slack/interactivity", content=body, headers=sign(body))
    assert answer.status_code == 400 and "payload" in answer.json()["message"]


def test_response_url_outside_slack_is_not_called(setup: dict[str, Any], slack_server: SlackServer):
    from alerts.api.slack_interactivity import update_message

    strict = setup["settings"].model_copy(update={"webhook_allow_insecure": False})
    assert update_message(strict, {"response_url": slack_server.response_url(), "message": {}}, "x") is False
    assert update_message(strict, {"response_url": "https://evil.example.com/actions/1", "message": {}}, "x") is False
    assert not [r for r in slack_server.requests if r.kind == "response_url"]
