"""The Slack slash command endpoint over real HTTP, signed like Slack signs, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import hmac
import os
import socket
import threading
import time
import uuid
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

import httpx
import pytest
import uvicorn
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from alerts.api import create_app
from alerts.store import Store
from newsalert.settings import Settings

from tests.support.live_server import LiveServer  # noqa: E402
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TEAM, USER, CHANNEL = "T0001", "U0ANA", "C0TRADE01"






def make_settings(db_url: str, tmp_path: Path, secret: str | None = SECRET) -> Settings:
    return Settings(home=tmp_path / "home", database_url=db_url, slack_signing_secret=secret,
                    channels_file=tmp_path / "none.toml", _env_file=None)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def client(db_url: str, tmp_path: Path, store: Store) -> Iterator[httpx.Client]:
    with LiveServer(create_app(make_settings(db_url, tmp_path), store)) as server, \
            httpx.Client(base_url=server.url, timeout=10) as c:
        yield c


def sign(body: bytes, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


def form(text_: str, user: str = USER, channel: str = CHANNEL, **extra: str) -> bytes:
    fields = {"token": "legacy-unused", "team_id": TEAM, "team_domain": "acme", "channel_id": channel,
              "channel_name": "trade", "user_id": user, "user_name": "ana", "command": "/newsalert",
              "text": text_, "api_app_id": "A0001", "response_url": "https://hooks.slack.com/commands/T/1/x",
              "trigger_id": "1.2.3"}
    fields.update(extra)
    return urlencode(fields).encode()


def command(client: httpx.Client, text_: str, **kw: str) -> dict:
    body = form(text_, **kw)
    r = client.post("/slack/commands", content=body, headers=sign(body))
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["response_type"] == "ephemeral" and isinstance(answer["text"], str)
    return answer


# -- happy paths -------------------------------------------------------------------------------------------------


def test_subscribe_list_unsubscribe(client: httpx.Client, store: Store):
    answer = command(client, "subscribe tariffs --country China --status announced --status in_effect")
    assert answer["text"].startswith("Subscribed: #")
    [row] = store.subscriptions(f"slack:{TEAM}:{USER}")
    assert (row.channel, row.notifier, row.destination) == ("tariffs", "slack", CHANNEL)
    assert row.countries == ["China"] and row.statuses == ["announced", "in_effect"] and row.mode == "immediate"
    assert f"#{row.id} tariffs" in answer["text"] and f"<#{CHANNEL}>" in answer["text"]

    listed = command(client, "list")["text"]
    assert f"#{row.id} tariffs" in listed and "country China" in listed

    again = command(client, "subscribe tariffs --country China --status announced --status in_effect")
    assert "already have" in again["text"] and len(store.subscriptions()) == 1

    gone = command(client, f"unsubscribe {row.id}")
    assert gone["text"].startswith("Unsubscribed") and store.subscriptions() == []
    assert "no subscriptions" in command(client, "list")["text"]


def test_subscribe_with_names_quotes_and_options(client: httpx.Client, store: Store):
    refused = command(client, "subscribe leader-meetings --digest")  # Slack cannot digest: said, not stored
    assert "digest works with email only" in refused["text"] and store.subscriptions() == []
    command(client, 'subscribe leader-meetings --person "Xi Jinping" --person=Trump --country "United States",China '
                    "--min-confidence 0.7 --reminders")
    command(client, "sub trade-truces --person “Ursula von der Leyen”", channel="C0OTHER01")  # curly quotes from a phone
    first, second = store.subscriptions(f"slack:{TEAM}:{USER}")
    assert first.people == ["Xi Jinping", "Trump"] and first.countries == ["US", "China"]
    assert (first.min_confidence, first.mode, first.reminders) == (0.7, "immediate", True)
    assert second.people == ["Ursula von der Leyen"] and second.destination == "C0OTHER01"


def test_help_and_channels(client: httpx.Client):
    for text_ in ("help", "", "  "):
        assert "/newsalert subscribe CHANNEL" in command(client, text_)["text"]
    channels = command(client, "channels")["text"]
    assert "`tariffs`" in channels and "`trade-truces`" in channels


def test_users_cannot_unsubscribe_each_other(client: httpx.Client, store: Store):
    command(client, "subscribe tariffs")
    [row] = store.subscriptions()
    other = command(client, f"unsubscribe {row.id}", user="U0BO")
    assert f"no subscription #{row.id}" in other["text"] and store.get_subscription(row.id) is not None
    assert "no subscriptions" in command(client, "list", user="U0BO")["text"]
    # a user of another workspace with the same user id is another subscriber too
    assert "no subscriptions" in command(client, "list", team_id="T0OTHER")["text"]


# -- bad input: ephemeral help, never an error status -----------------------------------------------------------------


@pytest.mark.parametrize("text_, words", [
    ("frobnicate", ["unknown command `frobnicate`"]),
    ("subscribe", ["say which channel"]),
    ("subscribe --country China", ["say which channel"]),
    ("subscribe tarifs", ["unknown channel 'tarifs'", "tariffs", "trade-truces"]),
    ("subscribe tariffs --country", ["`--country` needs a value"]),
    ("subscribe tariffs --colour red", ["unknown option `--colour`"]),
    ("subscribe tariffs China", ["unexpected `China`"]),
    ("subscribe tariffs --min-confidence lots", ["between 0 and 1"]),
    ("subscribe tariffs --min-confidence 7", ["between 0 and 1"]),
    ("subscribe tariffs --status confirmed", ["'confirmed' is not a status of channel 'tariffs'"]),
    ('subscribe tariffs --person "Xi', ["could not read the command"]),
    ("unsubscribe", ["unsubscribe ID"]),
    ("unsubscribe abc", ["unsubscribe ID"]),
    ("unsubscribe 99999", ["no subscription #99999"]),
])
def test_malformed_commands_answer_with_help(client: httpx.Client, store: Store, text_: str, words: list[str]):
    answer = command(client, text_)
    for word in words:
        assert word in answer["text"], answer["text"]
    if "no subscription" not in words[0]:
        assert "/newsalert subscribe CHANNEL" in answer["text"]  # the help text comes along
    assert store.subscriptions() == []


def test_echoed_input_pings_nobody(client: httpx.Client, store: Store):
    answer = command(client, "subscribe <!channel> --country <@U123>")
    assert "<!channel>" not in answer["text"] and "&lt;!channel&gt;" in answer["text"]
    answer = command(client, "subscribe tariffs --country <!here>")  # no such country: refused, echoed escaped
    assert "<!here>" not in answer["text"] and "unknown country" in answer["text"] and store.subscriptions() == []
    answer = command(client, "subscribe tariffs --person <!here>")
    assert "<!here>" not in answer["text"]
    [row] = store.subscriptions()
    assert row.people == ["<!here>"]  # stored as typed; escaped wherever it is shown


def test_missing_user_or_channel_is_answered(client: httpx.Client):
    body = urlencode({"text": "list", "team_id": TEAM}).encode()
    r = client.post("/slack/commands", content=body, headers=sign(body))
    assert r.status_code == 200 and r.json()["response_type"] == "ephemeral" and "who you are" in r.json()["text"]
    assert "channel_id missing" in command(client, "subscribe tariffs", channel="")["text"]


def test_ssl_check_is_acknowledged(client: httpx.Client):
    body = urlencode({"ssl_check": "1", "token": "x"}).encode()
    assert client.post("/slack/commands", content=body, headers=sign(body)).status_code == 200


# -- signatures ---------------------------------------------------------------------------------------------------------


def test_bad_signatures_and_old_timestamps_are_401(client: httpx.Client, store: Store):
    body = form("subscribe tariffs")
    now = int(time.time())
    cases = {
        "wrong secret": sign(body, secret="not-the-secret"),
        "five minutes and a bit old": sign(body, timestamp=now - 301),
        "an hour old": sign(body, timestamp=now - 3600),
        "from the future": sign(body, timestamp=now + 600),
        "no signature": {k: v for k, v in sign(body).items() if k != "X-Slack-Signature"},
        "no timestamp": {k: v for k, v in sign(body).items() if k != "X-Slack-Request-Timestamp"},
        "garbage signature": {**sign(body), "X-Slack-Signature": "v0=00"},
        "timestamp not a number": {**sign(body), "X-Slack-Request-Timestamp": "yesterday"},
    }
    for name, headers in cases.items():
        r = client.post("/slack/commands", content=body, headers=headers)
        assert r.status_code == 401, (name, r.status_code, r.text)
    tampered = form("subscribe trade-talks")
    r = client.post("/slack/commands", content=tampered, headers=sign(body))  # signature of another body
    assert r.status_code == 401
    assert store.subscriptions() == []
    # a request signed four minutes ago is still fine
    r = client.post("/slack/commands", content=body, headers=sign(body, timestamp=now - 240))
    assert r.status_code == 200 and r.json()["text"].startswith("Subscribed")


def test_unconfigured_secret_refuses(db_url: str, tmp_path: Path, store: Store):
    with LiveServer(create_app(make_settings(db_url, tmp_path, secret=None), store)) as server:
        body = form("list")
        r = httpx.post(server.url + "/slack/commands", content=body, headers=sign(body))
        assert r.status_code == 503 and "NEWSALERT_SLACK_SIGNING_SECRET" in r.json()["detail"]
