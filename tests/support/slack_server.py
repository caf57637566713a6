"""A real HTTP server on loopback that speaks enough of Slack for tests.

* Web API `chat.postMessage` under `base_url` (form or JSON body; the
  `Authorization: Bearer` token is checked → `invalid_auth`; unknown channels
  → `channel_not_found` when `channels` is given).
* Incoming webhooks: any POST under `/services/…` (see `webhook_url()`).
* Interaction response URLs: any POST under `/actions/…` (`response_url()`), answered `{"ok": true}`.

Every request is recorded (`requests`, `messages`) with its arrival time.
Answers can be scripted with a queue of `Reply`s, taken in order by the next
requests (of any kind, or only of one kind with `script(..., kind="api")`):

    with SlackServer(token="xoxb-test") as srv:
        srv.script(Reply.rate_limited(2), Reply.server_error(500))
        client = WebClient(token="xoxb-test", base_url=srv.base_url)
        ...
        assert srv.messages[-1].channel == "C123"

As a pytest fixture: `from tests.support.slack_server import slack_server`.
"""

from __future__ import annotations

import itertools
import json
import socket
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit

API_PREFIX = "/api/"
DEFAULT_WEBHOOK_PATH = "/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"


@dataclass
class Reply:
    """A scripted answer. `body` dict → JSON, str → text/plain.
    `drop=True` closes the connection without answering; `delay` sleeps first."""

    status: int = 200
    body: dict[str, Any] | str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False

    @classmethod
    def ok(cls) -> "Reply":
        return cls(200, None)  # the default answer: ok with a fresh ts / "ok"

    @classmethod
    def rate_limited(cls, retry_after: float | int = 1) -> "Reply":
        return cls(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})

    @classmethod
    def server_error(cls, status: int = 500, error: str = "internal_error") -> "Reply":
        return cls(status, {"ok": False, "error": error})

    @classmethod
    def error(cls, status: int, error: str) -> "Reply":
        """An HTTP error answer, e.g. error(404, "channel_not_found")."""
        return cls(status, {"ok": False, "error": error})

    @classmethod
    def api_error(cls, error: str) -> "Reply":
        """Slack's usual failure: HTTP 200 with {"ok": false, "error": ...}."""
        return cls(200, {"ok": False, "error": error})

    @classmethod
    def hang(cls, seconds: float) -> "Reply":
        return cls(200, None, delay=seconds)

    @classmethod
    def disconnect(cls) -> "Reply":
        return cls(drop=True)


@dataclass
class RecordedRequest:
    kind: str  # "api" or "webhook"
    path: str
    method: str  # API method (chat.postMessage) or "webhook"
    headers: dict[str, str]
    payload: dict[str, Any]
    arrived_at: float  # time.time()
    arrived_monotonic: float
    status: int = 0  # what the server answered (0: not yet, or connection dropped)
    answer: Any = None

    @property
    def channel(self) -> str | None:
        return self.payload.get("channel")

    @property
    def text(self) -> str | None:
        return self.payload.get("text")

    @property
    def blocks(self) -> list[dict[str, Any]]:
        return self.payload.get("blocks") or []

    @property
    def thread_ts(self) -> str | None:
        return self.payload.get("thread_ts")

    @property
    def reply_broadcast(self) -> bool:
        value = self.payload.get("reply_broadcast")
        return value in (True, "true", "1", 1, "True")

    @property
    def ok(self) -> bool:
        return self.status == 200 and (
            self.answer == "ok" or (isinstance(self.answer, dict) and self.answer.get("ok") is True)
        )


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # silence stderr
        pass

    def do_POST(self) -> None:  # noqa: N802
        self.server.owner._handle(self)

    def do_GET(self) -> None:  # noqa: N802
        self._send(404, {"ok": False, "error": "unknown_method"})

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        if isinstance(body, (dict, list)):
            data = json.dumps(body).encode()
            ctype = "application/json; charset=utf-8"
        else:
            data = str(body if body is not None else "").encode()
            ctype = "text/plain; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        try:
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up (timeout test): nothing to answer to
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: "SlackServer"

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # clients that hang up (timeouts, dropped connections) are part of the tests
        super().handle_error(request, client_address)


class SlackServer:
    def __init__(
        self,
        token: str | None = "xoxb-test-token",
        *,
        channels: set[str] | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self.token = token
        self.channels = channels
        self.host = host
        self.requests: list[RecordedRequest] = []
        self._script: deque[tuple[str | None, Reply]] = deque()
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._ts = itertools.count(1)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> "SlackServer":
        self._server = _Server((self.host, 0), _Handler)
        self._server.owner = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="slack-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> "SlackServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return self._server.server_address[1]

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What to give WebClient(base_url=...) / NEWSALERT_SLACK_BASE_URL."""
        return self.root_url + API_PREFIX

    def response_url(self, path: str = "/actions/T00000000/1234567890/abcdefABCDEF") -> str:
        return self.root_url + path

    def webhook_url(self, path: str = DEFAULT_WEBHOOK_PATH) -> str:
        return self.root_url + path

    # ------------------------------------------------------------------ scripting

    def script(self, *replies: Reply, kind: str | None = None) -> None:
        """Queue answers for the next requests (`kind`: None, "api" or "webhook")."""
        with self._lock:
            self._script.extend((kind, reply) for reply in replies)

    def clear_script(self) -> None:
        with self._lock:
            self._script.clear()

    def _next_scripted(self, kind: str) -> Reply | None:
        with self._lock:
            for index, (want, reply) in enumerate(self._script):
                if want is None or want == kind:
                    del self._script[index]
                    return reply
        return None

    # ------------------------------------------------------------------ records

    @property
    def messages(self) -> list[RecordedRequest]:
        """Requests that were answered ok (the messages Slack would show)."""
        with self._lock:
            return [r for r in self.requests if r.ok]

    def wait_for(self, count: int, timeout: float = 10.0, *, ok_only: bool = True) -> list[RecordedRequest]:
        """Block until `count` (ok) requests arrived; returns them. AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [r for r in self.requests if r.ok or not ok_only]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} Slack requests, got {len(found)}")
                self._cond.wait(left)

    # ------------------------------------------------------------------ handling

    def _handle(self, handler: _Handler) -> None:
        arrived, arrived_mono = time.time(), time.monotonic()
        path = urlsplit(handler.path).path
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        headers = {k: v for k, v in handler.headers.items()}
        payload = _parse_body(raw, handler.headers.get("Content-Type", ""))
        if path.startswith(API_PREFIX):
            kind, method = "api", path[len(API_PREFIX):]
        elif path.startswith(("/services/", "/workflows/", "/triggers/")):
            kind, method = "webhook", "webhook"
        elif path.startswith("/actions/"):  # an interaction's response_url (hooks.slack.com/actions/...)
            kind, method = "response_url", "response_url"
        else:
            kind, method = "unknown", path
        record = RecordedRequest(kind, path, method, headers, payload, arrived, arrived_mono)
        self._record(record)  # recorded on arrival; status/answer filled in below

        reply = self._next_scripted(kind)
        if reply is not None and reply.delay:
            time.sleep(reply.delay)
        if reply is not None and reply.drop:
            self._answered(record, 0, None)
            handler.close_connection = True
            try:
                handler.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return

        if reply is not None and (reply.status != 200 or reply.body is not None):
            status, body, extra = reply.status, reply.body, dict(reply.headers)
            if kind == "webhook" and isinstance(body, dict) and "error" in body:
                body = body["error"]  # webhooks answer plain text
        else:
            status, body, extra = self._default_answer(kind, method, headers, payload)
        self._answered(record, status, body)
        handler._send(status, body, extra)

    def _record(self, record: RecordedRequest) -> None:
        with self._cond:
            self.requests.append(record)
            self._cond.notify_all()

    def _answered(self, record: RecordedRequest, status: int, answer: Any) -> None:
        with self._cond:
            record.status, record.answer = status, answer
            self._cond.notify_all()

    def _default_answer(
        self, kind: str, method: str, headers: dict[str, str], payload: dict[str, Any]
    ) -> tuple[int, Any, dict[str, str]]:
        if kind == "webhook":
            if not payload.get("text") and not payload.get("blocks"):
                return 400, "invalid_payload", {}
            return 200, "ok", {}
        if kind == "response_url":
            if not payload.get("text") and not payload.get("blocks"):
                return 400, {"ok": False, "error": "invalid_payload"}, {}
            return 200, {"ok": True}, {}
        if kind != "api":
            return 404, "not found", {}
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        token = auth[7:] if auth.startswith("Bearer ") else payload.get("token")
        if not token:
            return 200, {"ok": False, "error": "not_authed"}, {}
        if self.token is not None and token != self.token:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        if method != "chat.postMessage":
            return 200, {"ok": False, "error": "unknown_method"}, {}
        channel = payload.get("channel")
        if not channel:
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        if self.channels is not None and channel not in self.channels:
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        if not payload.get("text") and not payload.get("blocks"):
            return 200, {"ok": False, "error": "no_text"}, {}
        ts = f"{int(time.time())}.{next(self._ts):06d}"
        message = {"type": "message", "text": payload.get("text"), "ts": ts, "blocks": payload.get("blocks")}
        if payload.get("thread_ts"):
            message["thread_ts"] = payload["thread_ts"]
        return 200, {"ok": True, "channel": channel, "ts": ts, "message": message}, {}


def _parse_body(raw: bytes, content_type: str) -> dict[str, Any]:
    text = raw.decode("utf-8", "replace")
    if "json" in content_type or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
            return data if isinstance(data, dict) else {"_": data}
        except json.JSONDecodeError:
            return {"_raw": text}
    form = {k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()}
    for key in ("blocks", "attachments", "metadata"):
        if isinstance(form.get(key), str):
            try:
                form[key] = json.loads(form[key])
            except json.JSONDecodeError:
                pass
    return form


def slack_server_fixture() -> Iterator[SlackServer]:
    with SlackServer() as server:
        yield server


try:  # a ready-made pytest fixture when pytest is around
    import pytest

    slack_server = pytest.fixture(slack_server_fixture, name="slack_server")
except ImportError:  # pragma: no cover
    pass
