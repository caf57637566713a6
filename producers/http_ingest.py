"""HTTP ingest endpoint: `POST /articles` with a JSON article, an array of them, or JSON Lines.

Every request is bounded before it costs anything:

* authentication first: `Authorization: Bearer <NEWSALERT_INGEST_TOKEN>`, or an HMAC-SHA256 of the
  body with NEWSALERT_INGEST_HMAC_SECRET in `X-Newsalert-Signature: sha256=<hex>` (checked after the
  bounded read, before parsing). Without either, only a loopback endpoint with
  NEWSALERT_INGEST_ALLOW_ANONYMOUS accepts requests; anything else answers 401;
* a Content-Length is required (411 without, 400 when malformed or negative), at most
  MAX_INPUT_BYTES (413), read with a socket timeout (a client that stops sending is dropped);
* at most `max_articles` articles per request (413), JSON objects only (400 for `null`, `42`, text);
* the accepted articles go to Kafka in one batch: one wait for the broker per request.

Status codes say what a client should do: 202 accepted (maybe with per-record errors), 400 a record
that can never be valid (do not retry), 401 authenticate, 413 send less, 503 the broker did not take
the batch (retry later; nothing was acknowledged).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Sequence

from newsalert.ingest import MAX_INPUT_BYTES, parse_bytes
from newsalert.models import Article

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class NotSendable(ValueError):
    """Raised by a batch sender for a record the broker could never take (a client error: 400)."""


def make_server(
    host: str,
    port: int,
    send_batch: Callable[[Sequence[Article]], None],
    *,
    token: str | None = None,
    hmac_secret: str | None = None,
    allow_anonymous: bool = False,
    max_articles: int = 500,
    timeout_s: float = 10.0,
    max_bytes: int = MAX_INPUT_BYTES,
) -> ThreadingHTTPServer:
    """A server that authenticates, bounds and validates each request, then calls `send_batch` once.

    `send_batch` must return only after the broker acknowledged every article (raise otherwise:
    NotSendable for records that can never be sent, anything else means the broker is unavailable).
    ValueError when the configuration would leave a non-loopback endpoint open to anyone.
    """
    if not token and not hmac_secret and not (allow_anonymous and host in LOOPBACK):
        raise ValueError("the ingest endpoint needs authentication: set NEWSALERT_INGEST_TOKEN (bearer token) or "
                         "NEWSALERT_INGEST_HMAC_SECRET (signed bodies); NEWSALERT_INGEST_ALLOW_ANONYMOUS=true is "
                         "accepted only on a loopback address")

    class Handler(BaseHTTPRequestHandler):
        server_version = "newsalert-ingest/0.2"
        timeout = timeout_s  # socket timeout for every read: a stalled client is dropped, not waited for
        protocol_version = "HTTP/1.0"  # one request per connection: no idle keep-alive threads

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if status == 401:
                self.send_header("WWW-Authenticate", 'Bearer realm="newsalert-ingest"')
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                self.wfile.write(data)
            except OSError:
                pass
            self.close_connection = True

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self.path == "/healthz":
                self._answer(200, {"ok": True})
            else:
                self._answer(404, {"error": "not found; POST articles to /articles"})

        def _bearer_ok(self) -> bool:
            if not token:
                return False
            given = self.headers.get("Authorization", "")
            scheme, _, value = given.partition(" ")
            return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())

        def _signature_ok(self, body: bytes) -> bool:
            if not hmac_secret:
                return False
            given = self.headers.get("X-Newsalert-Signature", "").strip()
            expected = "sha256=" + hmac.new(hmac_secret.encode(), body, hashlib.sha256).hexdigest()
            return hmac.compare_digest(given.encode(), expected.encode())

        def do_POST(self) -> None:  # noqa: N802
            if self.path.rstrip("/") != "/articles":
                self._answer(404, {"error": "not found; POST articles to /articles"})
                return
            anonymous = allow_anonymous and not token and not hmac_secret
            bearer = self._bearer_ok()
            if not (anonymous or bearer or hmac_secret):
                self._answer(401, {"error": "authenticate: send `Authorization: Bearer <NEWSALERT_INGEST_TOKEN>`"})
                return
            if self.headers.get("Transfer-Encoding"):
                self._answer(411, {"error": "send the body with a Content-Length (chunked bodies are not accepted)"})
                return
            declared = (self.headers.get("Content-Length") or "").strip()
            if not declared:
                self._answer(411, {"error": "a Content-Length header is required"})
                return
            if not declared.isascii() or not declared.isdigit() or len(declared) > 18:
                self._answer(400, {"error": f"bad Content-Length {declared[:20]!r}: a number of bytes"})
                return
            length = int(declared)
            if length > max_bytes:
                self._answer(413, {"error": f"body too large: {length} bytes, limit {max_bytes}"})
                return
            try:
                raw = self.rfile.read(length)
            except (socket.timeout, TimeoutError, OSError):
                self.close_connection = True  # the client stalled or went away: nobody to answer
                return
            if len(raw) < length:
                self._answer(400, {"error": f"the body ended after {len(raw)} of {length} bytes"})
                return
            if not (anonymous or bearer or self._signature_ok(raw)):
                self._answer(401, {"error": "authenticate: a bearer token, or X-Newsalert-Signature: "
                                            "sha256=<HMAC-SHA256 of the body>"})
                return
            accepted: list[Article] = []
            errors: list[str] = []
            for item in parse_bytes(raw, name="body", published=datetime.now(timezone.utc), json_only=True):
                if item.article is None:
                    errors.append(f"{item.origin}: {item.error}")
                else:
                    accepted.append(item.article)
                if len(accepted) + len(errors) > max_articles:
                    self._answer(413, {"error": f"too many articles: at most {max_articles} per request "
                                                "(NEWSALERT_INGEST_MAX_ARTICLES); split the batch"})
                    return
            if not accepted:
                self._answer(400, {"accepted": [], "errors": errors or ["body: no articles"]})
                return
            try:
                send_batch(accepted)
            except NotSendable as exc:
                self._answer(400, {"accepted": [], "errors": errors + [f"body: {exc}"]})
                return
            except Exception as exc:  # noqa: BLE001 - the broker did not take it: tell the client to retry
                self._answer(503, {"error": f"broker unavailable ({type(exc).__name__}); nothing was accepted, "
                                            "retry later", "accepted": []})
                return
            self._answer(202, {"accepted": [a.id for a in accepted], "errors": errors})

        def log_message(self, format: str, *args: object) -> None:  # quiet: structlog logs elsewhere
            return

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def kafka_batch_sender(producer: object, topic: str, timeout_s: float = 30.0) -> Callable[[Sequence[Article]], None]:
    """A `send_batch` for `make_server`: send every article, flush once, wait for every ack."""
    from producers.publish import send_article

    def send_batch(articles: Sequence[Article]) -> None:
        futures = []
        for article in articles:
            try:
                futures.append(send_article(producer, article, topic))  # type: ignore[arg-type]
            except (UnicodeError, TypeError, ValueError) as exc:
                raise NotSendable(f"article {article.id!r} cannot be encoded: {type(exc).__name__}") from None
        producer.flush(timeout=timeout_s)  # type: ignore[attr-defined]
        for future in futures:
            future.get(timeout=timeout_s)  # type: ignore[attr-defined]

    return send_batch


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="http-ingest", daemon=True)
    thread.start()
    return thread
