"""Issue 11 finding 7: the HTTP ingest endpoint authenticates, bounds and classifies every request.

The real server (producers.http_ingest) on a loopback port; its `send_batch` collects the batches it
is handed (the Kafka sender behind it is exercised by tests/integration/test_producers.py)."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
from typing import Iterator, Sequence

import httpx
import pytest

from newsalert.models import Article
from producers.http_ingest import make_server, serve_in_thread

TOKEN = "ingest-token-0123456789"
SECRET = "ingest-hmac-secret-abcdef"


class Batches:
    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.fail: Exception | None = None

    def __call__(self, articles: Sequence[Article]) -> None:
        if self.fail:
            raise self.fail
        self.batches.append([a.id for a in articles])


@pytest.fixture
def sink() -> Batches:
    return Batches()


def start(sink: Batches, **kw: object) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, sink, timeout_s=1.0, **kw)  # type: ignore[arg-type]
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def base(sink: Batches) -> Iterator[str]:
    yield from start(sink, token=TOKEN, max_articles=50)


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_requests_without_the_token_are_401_and_send_nothing(base: str, sink: Batches):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
        r = httpx.post(f"{base}/articles", json={"id": "x", "text": "t"}, headers=headers)
        assert r.status_code == 401 and "Bearer" in r.headers["WWW-Authenticate"], r.text
    assert sink.batches == []
    assert httpx.post(f"{base}/articles", json={"id": "x", "text": "t"}, headers=AUTH).status_code == 202
    assert sink.batches == [["x"]]


def test_hmac_signed_bodies(sink: Batches):
    for base in start(sink, hmac_secret=SECRET):
        body = json.dumps({"id": "s1", "text": "signed"}).encode()
        signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        assert httpx.post(f"{base}/articles", content=body, headers={"X-Newsalert-Signature": signature}).status_code == 202
        tampered = body.replace(b"signed", b"forged")
        r = httpx.post(f"{base}/articles", content=tampered, headers={"X-Newsalert-Signature": signature})
        assert r.status_code == 401
    assert sink.batches == [["s1"]]


def test_anonymous_only_when_allowed_and_on_loopback(sink: Batches):
    with pytest.raises(ValueError, match="NEWSALERT_INGEST_TOKEN"):
        make_server("127.0.0.1", 0, sink)
    with pytest.raises(ValueError, match="loopback"):
        make_server("0.0.0.0", 0, sink, allow_anonymous=True)
    for base in start(sink, allow_anonymous=True):
        assert httpx.post(f"{base}/articles", json={"id": "a1", "text": "t"}).status_code == 202


def test_article_cap_and_one_batch_per_request(base: str, sink: Batches):
    many = "\n".join(json.dumps({"id": f"m{i}", "text": "t"}) for i in range(51))
    r = httpx.post(f"{base}/articles", content=many, headers=AUTH)
    assert r.status_code == 413 and "at most 50" in r.json()["error"]
    fifty = "\n".join(json.dumps({"id": f"m{i}", "text": "t"}) for i in range(50))
    started = time.monotonic()
    assert httpx.post(f"{base}/articles", content=fifty, headers=AUTH).status_code == 202
    assert time.monotonic() - started < 5
    assert sink.batches == [[f"m{i}" for i in range(50)]]  # one send (one broker wait) for the request


def raw_request(base: str, head: bytes, body: bytes = b"", wait: float = 5.0) -> tuple[bytes, float]:
    port = int(base.rsplit(":", 1)[1])
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        sock.sendall(head + body)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except (TimeoutError, socket.timeout, ConnectionResetError):
            pass
    return data, time.monotonic() - started


def test_stalled_body_is_dropped_after_the_socket_timeout(base: str, sink: Batches):
    head = (b"POST /articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode() +
            b"\r\nContent-Length: 1000000\r\n\r\n")
    data, elapsed = raw_request(base, head, b'{"id": "slow"', wait=8.0)
    assert elapsed < 4.0, elapsed  # the server closed the connection (timeout 1 s); old code: held forever
    assert sink.batches == []


@pytest.mark.parametrize("length, status", [(b"-5", b"400"), (b"abc", b"400"), (b"9" * 30, b"400"),
                                            (b"99999999999", b"413")])
def test_bad_content_length_is_answered(base: str, length: bytes, status: bytes):
    head = (b"POST /articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN.encode() +
            b"\r\nContent-Length: " + length + b"\r\n\r\n")
    data, _ = raw_request(base, head)
    assert data.startswith(b"HTTP/1.0 " + status), data[:200]


@pytest.mark.parametrize("body", [b"null", b"42", b'"a string"', b"[1, 2]", b"plain text, not JSON",
                                  b'{"id": "s", "text": "lone \\ud800 surrogate"}'])
def test_records_that_can_never_be_valid_are_400_not_503(base: str, sink: Batches, body: bytes):
    r = httpx.post(f"{base}/articles", content=body, headers=AUTH)
    assert r.status_code == 400, (body, r.status_code, r.text)
    assert r.json()["errors"] and sink.batches == []


def test_broker_failure_is_503_and_says_retry(base: str, sink: Batches):
    sink.fail = TimeoutError("no ack")
    r = httpx.post(f"{base}/articles", json={"id": "b1", "text": "t"}, headers=AUTH)
    assert r.status_code == 503 and "retry" in r.json()["error"] and r.json()["accepted"] == []
