"""The REST API for subscriptions and channels, and the Slack slash command endpoint.

    serve(settings, host, port)            run it with uvicorn (`newsalert api`)
    create_app(settings, store=None)       the FastAPI application (OpenAPI at /docs and /openapi.json)
    create_token(settings, subscriber)     a new API token for a subscriber (`newsalert token create`)
"""

from __future__ import annotations

from typing import Any

from alerts.api.app import create_app


def serve(settings: Any, host: str | None = None, port: int | None = None) -> None:
    """Serve the API until interrupted (host/port default to settings.api_host/api_port)."""
    import uvicorn

    app = create_app(settings)
    uvicorn.run(app, host=host or settings.api_host, port=settings.api_port if port is None else port,
                log_level=_uvicorn_level(getattr(settings, "log_level", "info")), proxy_headers=True,
                log_config=None,  # uvicorn's lines go through our handlers and their secret redaction
                timeout_keep_alive=5, h11_max_incomplete_event_size=16 * 1024)


def _uvicorn_level(level: object) -> str:
    name = str(level or "info").strip().lower()
    name = {"warn": "warning", "fatal": "critical", "10": "debug", "20": "info", "30": "warning"}.get(name, name)
    return name if name in ("critical", "error", "warning", "info", "debug", "trace") else "info"


def create_token(settings: Any, subscriber: str, label: str = "") -> str:
    """Create an API token for `subscriber` and return it. Only its SHA-256 is stored: show it once."""
    from alerts.store import Store

    subscriber = subscriber.strip()
    if not subscriber or any(ch in subscriber for ch in "\r\n\x00") or len(subscriber) > 200:
        raise ValueError("the subscriber must be 1 to 200 characters on one line")
    store = Store(settings.db_url)
    try:
        token, _row = store.create_token(subscriber, label)
    finally:
        store.close()
    return token


def list_tokens(settings: Any, subscriber: str | None = None) -> list[dict[str, Any]]:
    """The API tokens (id, subscriber, label, created_at), never the tokens themselves."""
    from alerts.store import Store

    store = Store(settings.db_url)
    try:
        return [{"id": r.id, "subscriber": r.subscriber, "label": r.label, "created_at": r.created_at}
                for r in store.tokens(subscriber)]
    finally:
        store.close()


def revoke_token(settings: Any, token_id: int) -> bool:
    from alerts.store import Store

    store = Store(settings.db_url)
    try:
        return store.revoke_token(token_id)
    finally:
        store.close()


__all__ = ["create_app", "create_token", "list_tokens", "revoke_token", "serve"]
