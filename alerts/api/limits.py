"""Request-size limit for the REST API and the slash command, enforced while the body is read.

`BodyLimitMiddleware` wraps the whole ASGI application, so it runs before authentication, routing and
parsing: a request whose `Content-Length` is over the limit is answered 413 without reading a byte of
it, and a chunked (or lying) body is counted as it arrives and cut off with 413 at the first chunk
past the limit. Either way the connection is closed, so a client that keeps streaming is not read.
"""

from __future__ import annotations

import json
from typing import Any, Awaitable, Callable

from fastapi import HTTPException

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class BodyTooLarge(HTTPException):
    """Raised from `receive` when the body passes the limit: an HTTP 413 wherever it surfaces."""

    def __init__(self, limit: int) -> None:
        message = json.loads(too_large_body(limit))["message"]
        super().__init__(413, detail=message, headers={"Connection": "close"})


def too_large_body(limit: int) -> bytes:
    message = (f"the request body is larger than {limit} bytes; send a smaller body "
               "(the limit is NEWSALERT_MAX_BODY_BYTES)")
    return json.dumps({"detail": message, "message": message}).encode("utf-8")


class BodyLimitMiddleware:
    """ASGI middleware: at most `limit` bytes of request body, else 413 and the connection closed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared == "bad":
            await _answer(send, 400, b'{"detail": "bad Content-Length header", "message": "bad Content-Length header"}')
            return
        if isinstance(declared, int) and declared > self.limit:
            await _answer(send, 413, too_large_body(self.limit))
            return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge(self.limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _answer(send, 413, too_large_body(self.limit))


def _content_length(scope: Scope) -> int | str | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            if not text.isdigit() or len(text) > 18:
                return "bad"
            return int(text)
    return None


async def _answer(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
