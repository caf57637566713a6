"""Slack interactivity: the "Mute this event" and "Unsubscribe" buttons on alert messages.

Every alert sent through Slack ends with an actions block of two buttons whose values are signed with
the web page's key (itsdangerous: subscription id and event key), so a value is only ever one this
system put in one of its own messages. Slack POSTs a press to /slack/interactivity as a form with one
`payload` field (JSON, type `block_actions`); the request's signature and five-minute timestamp are
checked exactly as for the slash command (`slack_command.verified_body`). The answer updates the
message through the press's `response_url` (replace_original: the buttons give way to a line saying
what was done and by whom), posted only to a Slack host (NEWSALERT_WEBHOOK_HOSTS; loopback only with
NEWSALERT_WEBHOOK_ALLOW_INSECURE, for tests).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import structlog
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.concurrency import run_in_threadpool

from alerts.store import MAX_ID, Store

log = structlog.get_logger("alerts.slack_interactivity")
router = APIRouter(tags=["slack"])
MUTE, UNSUBSCRIBE = "newsalert_mute_event", "newsalert_unsubscribe"


def _signer(settings: Any) -> URLSafeSerializer:
    return URLSafeSerializer(settings.web_signing_key(), salt="newsalert-slack-action")


def action_block(settings: Any, subscription_id: int, event_key: str) -> dict[str, Any] | None:
    """The actions block of an alert (None with settings that have no signing key)."""
    if not hasattr(settings, "web_signing_key"):
        return None
    value = _signer(settings).dumps({"s": int(subscription_id), "e": event_key[:200]})
    return {
        "type": "actions", "block_id": "newsalert_actions",
        "elements": [
            {"type": "button", "action_id": MUTE, "text": {"type": "plain_text", "text": "Mute this event"},
             "value": value},
            {"type": "button", "action_id": UNSUBSCRIBE, "style": "danger",
             "text": {"type": "plain_text", "text": "Unsubscribe"}, "value": value,
             "confirm": {"title": {"type": "plain_text", "text": "Unsubscribe?"},
                         "text": {"type": "plain_text", "text": "No more alerts of this subscription here."},
                         "confirm": {"type": "plain_text", "text": "Unsubscribe"},
                         "deny": {"type": "plain_text", "text": "Keep"}}},
        ],
    }


def read_value(settings: Any, value: str) -> tuple[int, str] | None:
    try:
        data = _signer(settings).loads(str(value)[:2000])
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    sub_id, key = data.get("s"), data.get("e")
    if not isinstance(sub_id, int) or not 1 <= sub_id <= MAX_ID or not isinstance(key, str):
        return None
    return sub_id, key


def _slack_escape(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def act(store: Store, settings: Any, payload: dict[str, Any]) -> str:
    """Carry out one button press; the line that replaces the buttons."""
    actions = payload.get("actions") or []
    action = actions[0] if actions and isinstance(actions[0], dict) else {}
    decoded = read_value(settings, action.get("value", ""))
    if decoded is None:
        return ":warning: This button is not one of newsalert's (or was changed); nothing was done."
    sub_id, event_key = decoded
    user = (payload.get("user") or {}).get("id", "") if isinstance(payload.get("user"), dict) else ""
    by = f" by <@{_slack_escape(user)}>" if user else ""
    row = store.get_subscription(sub_id)
    if row is None:
        return f"Subscription #{sub_id} no longer exists; nothing to do."
    if action.get("action_id") == MUTE:
        store.mute_event(sub_id, event_key)
        return f":mute: Event `{_slack_escape(event_key)}` muted for subscription #{sub_id}{by}: no more alerts about it here."
    if action.get("action_id") == UNSUBSCRIBE:
        store.remove_subscription(sub_id)
        return f":no_bell: Unsubscribed{by}: subscription #{sub_id} ({_slack_escape(row.channel)}) sends nothing more."
    return ":warning: Unknown button; nothing was done."


def _response_url_allowed(settings: Any, url: str) -> bool:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" and host in {h.lower() for h in getattr(settings, "webhook_hosts", [])}:
        return True
    return bool(getattr(settings, "webhook_allow_insecure", False)) and parts.scheme in ("http", "https") and \
        host in ("127.0.0.1", "localhost", "::1")


def update_message(settings: Any, payload: dict[str, Any], line: str) -> bool:
    """Replace the alert's buttons with `line` through the press's response_url (False: not done)."""
    url = str(payload.get("response_url") or "")
    if not _response_url_allowed(settings, url):
        log.warning("response_url refused", host=urlsplit(url).hostname)
        return False
    message = payload.get("message") if isinstance(payload.get("message"), dict) else {}
    blocks = [b for b in (message.get("blocks") or []) if isinstance(b, dict) and b.get("type") != "actions"]
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": line[:3000]}]})
    body = {"replace_original": True, "text": message.get("text") or line, "blocks": blocks[:50]}
    try:
        answer = httpx.post(url, json=body, timeout=10)
    except httpx.HTTPError as exc:
        log.warning("response_url failed", error=type(exc).__name__)
        return False
    return answer.status_code == 200


@router.post("/slack/interactivity", summary="Slack interactivity endpoint: alert buttons (signed by Slack)",
             responses={401: {"description": "bad or missing signature, or a timestamp older than 5 minutes"}})
async def slack_interactivity(request: Request) -> Response:
    from alerts.api.slack_command import verified_body

    body = await verified_body(request)
    if isinstance(body, Response):
        return body
    try:
        raw = parse_qs(body.decode("utf-8"), keep_blank_values=True).get("payload", [""])[-1]
        payload = json.loads(raw)
    except (UnicodeDecodeError, ValueError):
        detail = "the request carries no readable `payload` (a JSON object)"
        return JSONResponse({"detail": detail, "message": detail}, status_code=400)
    if not isinstance(payload, dict) or payload.get("type") != "block_actions":
        return Response(status_code=200)  # other interaction types: nothing to do, Slack wants a 200
    settings = request.app.state.settings
    line = await run_in_threadpool(act, request.app.state.store, settings, payload)
    await run_in_threadpool(update_message, settings, payload, line)
    return Response(status_code=200)
