"""HTTP ingest endpoint: `POST /articles` with a JSON article, an array, or JSON Lines."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from newsalert.ingest import MAX_INPUT_BYTES, parse_bytes
from newsalert.models import Article


def make_server(host: str, port: int, send: Callable[[Article], None]) -> ThreadingHTTPServer:
    """A server whose handler validates each article and calls `send` (which waits for the broker's ack)."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "newsalert-ingest/0.1"

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            if self.path == "/healthz":
                self._answer(200, {"ok": True})
            else:
                self._answer(404, {"error": "not found; POST articles to /articles"})

        def do_POST(self) -> None:  # noqa: N802
            if self.path.rstrip("/") != "/articles":
                self._answer(404, {"error": "not found; POST articles to /articles"})
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                self._answer(400, {"error": "bad Content-Length"})
                return
            if length > MAX_INPUT_BYTES:
                self._answer(413, {"error": f"body too large: {length} bytes, limit {MAX_INPUT_BYTES}"})
                return
            raw = self.rfile.read(length)
            accepted, errors = [], []
            for item in parse_bytes(raw, name="body", published=datetime.now(timezone.utc)):
                if item.article is None:
                    errors.append(f"{item.origin}: {item.error}")
                    continue
                try:
                    send(item.article)
                except Exception as exc:  # the broker did not take it: tell the client to retry
                    self._answer(503, {"error": f"broker unavailable: {exc}", "accepted": accepted})
                    return
                accepted.append(item.article.id)
            status = 202 if accepted else 400
            self._answer(status, {"accepted": accepted, "errors": errors})

        def log_message(self, format: str, *args: object) -> None:  # quiet: structlog logs elsewhere
            return

    return ThreadingHTTPServer((host, port), Handler)


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="http-ingest", daemon=True)
    thread.start()
    return thread
