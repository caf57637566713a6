"""Slack notifier against the loopback Slack server: content, threading, webhooks, destinations."""

from __future__ import annotations

import json
import sys
import urllib.request
from email.utils import formatdate
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import time  # noqa: E402

import pytest  # noqa: E402

from alerts.notifiers import get_notifier  # noqa: E402
from alerts.notifiers.base import SendError  # noqa: E402
from alerts.notifiers.slack import SlackNotifier, parse_retry_after  # noqa: E402
from alerts.render import slack_text_fields  # noqa: E402
from tests.support.samples import (  # noqa: E402
    make_delivery,
    make_update,
    meeting_event,
    settings_for,
    status_change,
    tariff_event,
)
from tests.support.slack_server import Reply, SlackServer, slack_server  # noqa: E402,F401

TOKEN = "xoxb-test-token"


@pytest.fixture
def notifier(slack_server: SlackServer, tmp_path: Path) -> SlackNotifier:
    settings = settings_for(tmp_path, slack_bot_token=TOKEN, slack_base_url=slack_server.base_url)
    return get_notifier("slack", settings)  # type: ignore[return-value]


def _all_text(request: Any) -> str:
    return "\n".join(slack_text_fields(request.blocks))


def test_tariff_blocks_name_rate_date_and_status(notifier: SlackNotifier, slack_server: SlackServer) -> None:
    receipt = notifier.send(make_delivery(notifier="slack", destination="C0ALERTS01"))
    [request] = slack_server.requests
    assert request.channel == "C0ALERTS01"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert receipt.external_id == request.answer["ts"]
    text = _all_text(request)
    assert "100%" in text and "2025-11-01" in text and "threatened" in text
    assert "US" in text and "China" in text
    assert request.blocks[0]["type"] == "header"
    assert "US tariff 100% on China" in request.blocks[0]["text"]["text"]
    assert "> Trump threatened to impose a new 100% tariff" in text  # the evidence, quoted
    assert "<https://news.example.com/us-china-talks|US-China trade talks resume" in text  # source link
    assert "New event" in text
    assert request.text and "US tariff 100%" in request.text  # notification fallback text
    assert request.payload.get("unfurl_links") is False


def test_meeting_blocks_name_participants_place_and_date(notifier: SlackNotifier, slack_server: SlackServer) -> None:
    update = make_update(meeting_event(status="confirmed"), status_change("expected", "confirmed"), revision=2)
    notifier.send(make_delivery(update, notifier="slack", destination="#Leaders"))
    [request] = slack_server.requests
    assert request.channel == "#leaders"
    text = _all_text(request)
    for expected in ("Donald Trump", "Xi Jinping", "South Korea", "2025-10-30", "confirmed (was expected)"):
        assert expected in text
    assert "Confirmed (was expected)" in text  # the change that triggered it, worded by the change


def test_update_threads_and_broadcasts_status_changes(notifier: SlackNotifier, slack_server: SlackServer) -> None:
    first = notifier.send(make_delivery(make_update(meeting_event()), notifier="slack", destination="C0ALERTS01"))
    assert first.external_id
    status_update = make_update(meeting_event(status="confirmed"), status_change("expected", "confirmed"), 2)
    second = notifier.send(make_delivery(status_update, notifier="slack", destination="C0ALERTS01"), thread_ref=first.external_id)
    date_update = make_update(
        meeting_event(status="confirmed", date="2025-10-31"), status_change("2025-10-30", "2025-10-31", "date"), 3
    )
    notifier.send(make_delivery(date_update, notifier="slack", destination="C0ALERTS01"), thread_ref=first.external_id)
    truce = make_update(
        tariff_event(), status_change("agreed", "extended", "action"), 4
    )
    notifier.send(make_delivery(truce, notifier="slack", destination="C0ALERTS01"), thread_ref=first.external_id)

    r1, r2, r3, r4 = slack_server.requests
    assert r1.thread_ts is None and not r1.reply_broadcast
    assert r2.thread_ts == first.external_id and r2.reply_broadcast  # status change: channel-visible
    assert r3.thread_ts == first.external_id and not r3.reply_broadcast  # date moved: thread only
    assert "reply_broadcast" not in r3.payload
    assert r4.reply_broadcast  # a truce's `action` is its status
    assert second.external_id and second.external_id != first.external_id


def test_webhook_destination_posts_blocks_without_threading(notifier: SlackNotifier, slack_server: SlackServer) -> None:
    url = slack_server.webhook_url("/services/T1/B2/abc")
    receipt = notifier.send(make_delivery(notifier="slack", destination=url), thread_ref="1700000000.000100")
    [request] = slack_server.requests
    assert request.kind == "webhook" and request.path == "/services/T1/B2/abc"
    assert "Authorization" not in request.headers  # the webhook URL is the credential
    assert "100%" in _all_text(request) and request.text
    assert request.thread_ts is None
    assert receipt.external_id is None  # webhooks return no ts


def test_webhook_works_without_a_bot_token(slack_server: SlackServer, tmp_path: Path) -> None:
    notifier = get_notifier("slack", settings_for(tmp_path, slack_base_url=slack_server.base_url))
    notifier.send(make_delivery(notifier="slack", destination=slack_server.webhook_url()))
    assert slack_server.messages[0].kind == "webhook"


def test_no_sdk_retries_one_request_per_send(notifier: SlackNotifier, slack_server: SlackServer) -> None:
    slack_server.script(Reply.rate_limited(3), Reply.server_error(503))
    for _ in range(2):
        with pytest.raises(SendError):
            notifier.send(make_delivery(notifier="slack", destination="C0ALERTS01"))
    assert len(slack_server.requests) == 2
    assert notifier._web_client().retry_handlers == []


def test_retry_after_as_http_date() -> None:
    later = formatdate(time.time() + 30, usegmt=True)
    assert 25 <= (parse_retry_after({"retry-after": later}) or 0) <= 31
    assert parse_retry_after({"Retry-After": ["4"]}) == 4.0
    assert parse_retry_after({"Retry-After": "soon"}) is None
    assert parse_retry_after({}) is None


def test_slack_limits(notifier: SlackNotifier) -> None:
    assert notifier.limits.per_destination_per_second == 1.0
    assert notifier.limits.max_text_chars <= 3000


@pytest.mark.parametrize(
    "given,expected",
    [
        ("C0123456789", "C0123456789"),
        ("  G0123ABCD ", "G0123ABCD"),
        ("U0123ABCDE", "U0123ABCDE"),
        ("#alerts", "#alerts"),
        ("Trade-News", "#trade-news"),
        ("https://hooks.slack.com/services/T000/B000/XXXX", "https://hooks.slack.com/services/T000/B000/XXXX"),
    ],
)
def test_valid_destinations(notifier: SlackNotifier, given: str, expected: str) -> None:
    assert notifier.validate_destination(given) == expected


@pytest.mark.parametrize(
    "given",
    ["", "#", "has space", "<!channel>", "https://evil.example.com/services/T/B/SECRETX", "http://hooks.slack.com/services/T/B/SECRETX", "https://hooks.slack.com/api/SECRETX", "ftp://x"],
)
def test_invalid_destinations_explain_and_hide_the_webhook_path(notifier: SlackNotifier, given: str) -> None:
    with pytest.raises(ValueError) as info:
        notifier.validate_destination(given)
    message = str(info.value)
    assert "SECRETX" not in message
    assert "hooks.slack.com/services" in message or "channel" in message


def test_invalid_destination_at_send_is_not_retryable(notifier: SlackNotifier, slack_server: SlackServer) -> None:
    with pytest.raises(SendError) as info:
        notifier.send(make_delivery(notifier="slack", destination="not a channel"))
    assert info.value.retryable is False
    assert slack_server.requests == []


def test_server_accepts_form_encoded_posts(slack_server: SlackServer) -> None:
    body = "channel=C1&text=hi&blocks=" + urllib.request.quote(json.dumps([{"type": "divider"}]))
    request = urllib.request.Request(
        slack_server.base_url + "chat.postMessage",
        data=body.encode(),
        headers={"Authorization": "Bearer xoxb-test-token", "Content-Type": "application/x-www-form-urlencoded"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        answer = json.loads(response.read())
    assert answer["ok"] is True and answer["ts"]
    recorded = slack_server.wait_for(1)[0]
    assert recorded.channel == "C1" and recorded.blocks == [{"type": "divider"}]


def test_server_checks_the_token(slack_server: SlackServer, tmp_path: Path) -> None:
    notifier = get_notifier("slack", settings_for(tmp_path, slack_bot_token="xoxb-other", slack_base_url=slack_server.base_url))
    with pytest.raises(SendError, match="invalid_auth") as info:
        notifier.send(make_delivery(notifier="slack", destination="C0ALERTS01"))
    assert info.value.retryable is False
    assert "xoxb-other" not in str(info.value)
