"""Issue 11: a fuzz suite per ingress (hypothesis), each bounded to a few seconds.

Over the REST API (bodies and paths), the Slack slash command (signed forms), the ingest endpoint
(bodies) and `produce`'s file reading, asserting: no 5xx and no exception, an answer within a timeout,
and nothing stored that the views (admin listing, `newsalert subscriptions`' rendering) cannot show.
Real servers on loopback: uvicorn for the API, the ingest endpoint's own HTTP server."""

from __future__ import annotations

import hashlib
import hmac
import json
import tempfile
import time
from pathlib import Path
from typing import Iterator, Sequence
from urllib.parse import quote, urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from alerts.api import create_app
from alerts.store import Store
from newsalert.ingest import parse_path
from newsalert.models import Article
from newsalert.settings import Settings
from newsalert.textsafe import printable
from producers.http_ingest import make_server, serve_in_thread
from tests.support.live_server import LiveServer

ADMIN = "admin-secret-token-0123456789"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40)  # surrogates and controls included
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
                           max_leaves=12)
fields = st.sampled_from(["subscriber", "channel", "notifier", "destination", "countries", "people", "statuses",
                          "min_confidence", "mode", "reminders", "muted_until", "extra"])
bodies = st.dictionaries(fields, json_values, max_size=6) | json_values


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[httpx.Client, str, Store]]:
    tmp = tmp_path_factory.mktemp("fuzz")
    s = Settings(home=tmp / "home", database_url=f"sqlite:///{tmp / 'db.sqlite'}", api_admin_token=ADMIN,
                 slack_signing_secret=SECRET, channels_file=tmp / "none.toml", _env_file=None)
    store = Store(s.db_url)
    with LiveServer(create_app(s, store)) as server, httpx.Client(base_url=server.url, timeout=10) as client:
        token = client.post("/tokens", json={"subscriber": "fuzz"}, headers={"Authorization": f"Bearer {ADMIN}"}).json()["token"]
        yield client, token, store
    store.close()


def views_still_work(client: httpx.Client, store: Store) -> None:
    listing = client.get("/subscriptions", headers={"Authorization": f"Bearer {ADMIN}"})
    assert listing.status_code == 200, listing.text
    for row in store.subscriptions():  # what `newsalert subscriptions` prints, and that it encodes
        for value in (row.subscriber, row.destination, *row.countries, *row.people, *row.statuses):
            printable(value).encode("utf-8")
            assert "\x1b" not in printable(value)


@FUZZ
@given(body=bodies)
def test_api_bodies(world: tuple[httpx.Client, str, Store], body: object):
    client, token, store = world
    started = time.monotonic()
    r = client.post("/subscriptions", content=json.dumps(body), headers={"Authorization": f"Bearer {token}",
                                                                           "Content-Type": "application/json"})
    assert r.status_code in (201, 409, 422), (body, r.status_code, r.text)
    assert time.monotonic() - started < 5
    if r.status_code == 201:
        patch = client.patch(f"/subscriptions/{r.json()['id']}", content=json.dumps(body),
                             headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        assert patch.status_code < 500, patch.text
    views_still_work(client, store)


@FUZZ
@given(segment=text | st.integers().map(str), method=st.sampled_from(["GET", "PATCH", "DELETE", "POST"]),
       suffix=st.sampled_from(["", "/verify", "/approve"]))
def test_api_paths(world: tuple[httpx.Client, str, Store], segment: str, method: str, suffix: str):
    client, token, _store = world
    path = f"/subscriptions/{quote(segment.encode('utf-8', 'surrogatepass'), safe='')}{suffix}"
    r = client.request(method, path, headers={"Authorization": f"Bearer {token}"},
                       json={} if method in ("PATCH", "POST") else None)
    assert r.status_code < 500, (method, path, r.status_code, r.text)


def signed(body: bytes, ts: str) -> dict[str, str]:
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
            "Content-Type": "application/x-www-form-urlencoded"}


@FUZZ
@given(words=st.lists(text | st.sampled_from(["subscribe", "tariffs", "--country", "--person", "--status",
                                                "--min-confidence", "unsubscribe", "list", "9" * 30, "--digest"]),
                      max_size=8),
       user=text, raw=st.booleans())
def test_slash_command_forms(world: tuple[httpx.Client, str, Store], words: list[str], user: str, raw: bool):
    client, _token, store = world
    command = " ".join(words)
    form = {"team_id": "T1", "user_id": user or "U1", "channel_id": "C0TRADE01", "text": command}
    body = urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in form.items()}).encode()
    if raw:
        body = command.encode("utf-8", "surrogatepass")
    r = client.post("/slack/commands", content=body, headers=signed(body, str(int(time.time()))))
    assert r.status_code == 200, (body, r.status_code, r.text)
    views_still_work(client, store)


class Sink:
    def __call__(self, articles: Sequence[Article]) -> None:
        for article in articles:
            article.model_dump_json().encode("utf-8")  # what the Kafka sender does: must be encodable


@pytest.fixture(scope="module")
def ingest_url() -> Iterator[tuple[str, httpx.Client]]:
    server = make_server("127.0.0.1", 0, Sink(), token="tok-0123456789", max_articles=20, timeout_s=2.0)
    serve_in_thread(server)
    with httpx.Client(timeout=5) as client:
        yield f"http://127.0.0.1:{server.server_address[1]}/articles", client
    server.shutdown()
    server.server_close()


@FUZZ
@given(body=json_values.map(lambda v: json.dumps(v).encode()) | st.binary(max_size=300)
       | st.lists(st.dictionaries(st.sampled_from(["id", "title", "text", "url", "published"]), json_values),
                  max_size=25).map(lambda rs: "\n".join(json.dumps(r) for r in rs).encode()))
def test_ingest_bodies(ingest_url: tuple[str, httpx.Client], body: bytes):
    url, client = ingest_url
    r = client.post(url, content=body, headers={"Authorization": "Bearer tok-0123456789"})
    assert r.status_code in (202, 400, 413), (body[:200], r.status_code, r.text)


@FUZZ
@given(content=st.binary(max_size=2000) | json_values.map(lambda v: json.dumps(v).encode())
       | st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * n))
def test_produce_files(content: bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.json"
        path.write_bytes(content)
        started = time.monotonic()
        items = list(parse_path(path))
        assert time.monotonic() - started < 5
    assert items and all((i.article is None) != (i.error is None) for i in items)
    for item in items:
        if item.article is not None:
            item.article.model_dump_json().encode("utf-8")
