"""The Slack slash command: `/newsalert subscribe tariffs --country China`, `list`, `unsubscribe ID`, `help`.

Slack POSTs a form to /slack/commands. The request's signature (v0, HMAC-SHA256
with the app's signing secret over `v0:{timestamp}:{body}`) is checked first, and
requests older than five minutes are refused (401), so a captured request cannot
be replayed. The subscriber is `slack:{team_id}:{user_id}`; the destination is
the channel the command was typed in (notifier `slack`, through the bot token).
Every answer is ephemeral (only the person who typed it sees it), and any input
error answers with help text instead of an error status.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool

from alerts.api.service import Conflict, FieldError, create_subscription
from alerts.channels import ChannelConfigError, load_channels
from alerts.store import MAX_ID, Store

MAX_BODY = 64 * 1024
COMMAND = "/newsalert"

HELP = f"""*newsalert* — news-event alerts in this channel
• `{COMMAND} subscribe CHANNEL [--country C] [--person "P"] [--status S] [--min-confidence 0.7] [--digest] [--reminders]`
   e.g. `{COMMAND} subscribe tariffs --country China` (options repeat: `--country China --country EU`)
• `{COMMAND} list` — your subscriptions
• `{COMMAND} unsubscribe ID` — remove one of them
• `{COMMAND} channels` — the channels you can subscribe to
• `{COMMAND} help` — this text"""

router = APIRouter(tags=["slack"])


def escape(text: Any) -> str:
    """Text for a Slack message: `&`, `<`, `>` escaped, so echoed input pings nobody."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ephemeral(text: str) -> JSONResponse:
    return JSONResponse({"response_type": "ephemeral", "text": text})


class UsageError(ValueError):
    pass


@dataclass
class SubscribeArgs:
    channel: str
    countries: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    min_confidence: float = 0.0
    mode: str = "immediate"
    reminders: bool = False


_LIST_OPTIONS = {"--country": "countries", "--countries": "countries", "--person": "people", "--people": "people",
                 "--status": "statuses", "--statuses": "statuses"}


def split_text(text: str) -> list[str]:
    """The command's words. Slack sends `&`, `<`, `>` escaped and phones type curly quotes."""
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = text.translate(str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\u2014": "--"}))
    try:
        return shlex.split(text)
    except ValueError as exc:
        raise UsageError(f"could not read the command: {exc}") from None


def parse_subscribe(words: list[str]) -> SubscribeArgs:
    if not words or words[0].startswith("-"):
        raise UsageError("say which channel: `subscribe CHANNEL`, e.g. `subscribe tariffs --country China`")
    args = SubscribeArgs(channel=words[0])
    i = 1
    while i < len(words):
        word = words[i]
        name, eq, inline = word.partition("=")
        name = name.lower()
        if name in _LIST_OPTIONS or name == "--min-confidence":
            if eq:
                value = inline
            else:
                if i + 1 >= len(words) or words[i + 1].startswith("--"):
                    raise UsageError(f"`{name}` needs a value")
                i += 1
                value = words[i]
            if name == "--min-confidence":
                try:
                    args.min_confidence = float(value)
                except ValueError:
                    raise UsageError(f"`--min-confidence` takes a number between 0 and 1, not `{value}`") from None
            else:
                getattr(args, _LIST_OPTIONS[name]).extend(v.strip() for v in value.split(",") if v.strip())
        elif name == "--digest" and not eq:
            args.mode = "digest"
        elif name == "--reminders" and not eq:
            args.reminders = True
        else:
            raise UsageError(f"unknown option `{word}`" if word.startswith("-") else
                             f"unexpected `{word}`: put it after an option such as `--country` "
                             "(quote names with spaces: `--person \"Xi Jinping\"`)")
        i += 1
    return args


def _describe(row: Any) -> str:
    filters = []
    for label, values in (("country", row.countries), ("person", row.people), ("status", row.statuses)):
        if values:
            filters.append(f"{label} {', '.join(values)}")
    if row.min_confidence:
        filters.append(f"confidence ≥ {row.min_confidence:g}")
    if row.mode != "immediate":
        filters.append(row.mode)
    if row.reminders:
        filters.append("reminders")
    where = f"<#{row.destination}>" if row.notifier == "slack" and row.destination[:1] in "CG" else "elsewhere"
    return escape(f"#{row.id} {row.channel}") + (" — " + escape("; ".join(filters)) if filters else "") + f" → {where}"


def run_command(store: Store, settings: Any, form: dict[str, str]) -> str:
    """The answer to one slash command (text for Slack's mrkdwn)."""
    team, user, channel_id = form.get("team_id", ""), form.get("user_id", ""), form.get("channel_id", "")
    if not team or not user:
        return "Slack did not say who you are (team_id/user_id missing).\n\n" + HELP
    subscriber = f"slack:{team}:{user}"
    try:
        words = split_text(form.get("text", ""))
        verb = words[0].lower() if words else "help"
        rest = words[1:]
        if verb in ("help", "-h", "--help", "?"):
            return HELP
        if verb in ("list", "ls", "subscriptions"):
            rows = store.subscriptions(subscriber)
            if not rows:
                return f"You have no subscriptions. Try `{COMMAND} subscribe tariffs --country China`."
            return "Your subscriptions:\n" + "\n".join("• " + _describe(row) for row in rows)
        if verb == "channels":
            channels = load_channels(settings.channels_path)
            return "Channels:\n" + "\n".join(f"• `{escape(c.name)}` — {escape(c.description or c.filter.describe())}"
                                             for c in channels.values())
        if verb in ("subscribe", "sub"):
            args = parse_subscribe(rest)
            if not channel_id:
                raise UsageError("Slack did not say which channel this is (channel_id missing)")
            channels = load_channels(settings.channels_path)
            try:
                row = create_subscription(
                    store, settings, channels, subscriber=subscriber, channel=args.channel, notifier="slack",
                    destination=channel_id, countries=args.countries, people=args.people, statuses=args.statuses,
                    min_confidence=args.min_confidence, mode=args.mode, reminders=args.reminders,
                )
            except Conflict as exc:
                return f"You already have this subscription: {_describe(exc.existing)}"
            return f"Subscribed: {_describe(row)}"
        if verb in ("unsubscribe", "unsub", "remove", "delete"):
            if len(rest) != 1 or not rest[0].lstrip("#").isdigit() or not rest[0].lstrip("#").isascii():
                raise UsageError(f"say which subscription: `unsubscribe ID` (`{COMMAND} list` shows the ids)")
            digits = rest[0].lstrip("#")
            if len(digits) > 19 or not 1 <= int(digits) <= MAX_ID:
                return f"You have no subscription #{escape(digits[:20])}. `{COMMAND} list` shows yours."
            sub_id = int(digits)
            row = store.get_subscription(sub_id)
            if row is None or row.subscriber != subscriber or not store.remove_subscription(sub_id):
                return f"You have no subscription #{sub_id}. `{COMMAND} list` shows yours."
            return f"Unsubscribed: {_describe(row)}"
        raise UsageError(f"unknown command `{escape(verb)}`")
    except UsageError as exc:
        return f"{escape(exc)}\n\n{HELP}"
    except FieldError as exc:
        return f"{escape(exc.message)}\n\n{HELP}"
    except ChannelConfigError as exc:
        return f"The channel configuration is broken, tell the operator: {escape(exc)}"


async def read_capped(request: Request, limit: int) -> bytes | None:
    """The request body, read chunk by chunk; None as soon as it passes `limit` (the rest is never read)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and len(declared) < 19 and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def verified_body(request: Request) -> bytes | Response:
    """The body of a request Slack signed (v0 HMAC over `v0:{timestamp}:{body}`, at most five minutes old),
    or the error answer: 503 not configured, 413 too large, 401 bad signature or stale timestamp. Used by
    the slash command and the interactivity endpoint alike."""
    settings = request.app.state.settings
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    if not secret:
        return JSONResponse({"detail": "Slack requests are not configured: set NEWSALERT_SLACK_SIGNING_SECRET",
                             "message": "slash command not configured"}, status_code=503)
    body = await read_capped(request, MAX_BODY)
    if body is None:
        detail = f"request too large: a Slack request is at most {MAX_BODY} bytes"
        return JSONResponse({"detail": detail, "message": detail}, status_code=413, headers={"Connection": "close"})
    verifier = SignatureVerifier(secret)
    timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
    signature = request.headers.get("X-Slack-Signature", "")
    try:  # a Unix time has at most 10 digits for centuries: a longer one is refused before any arithmetic
        valid = bool(timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12 and signature
                     and verifier.is_valid(body, timestamp, signature))
    except (ValueError, TypeError, OverflowError):  # slack-sdk raises on a malformed timestamp
        valid = False
    if not valid:
        detail = "bad Slack signature or a request older than 5 minutes"
        return JSONResponse({"detail": detail, "message": detail}, status_code=401)
    return body


@router.post("/slack/commands", summary="Slack slash command endpoint (signed by Slack)",
             responses={401: {"description": "bad or missing signature, or a timestamp older than 5 minutes"}})
async def slack_command(request: Request) -> Response:
    settings = request.app.state.settings
    body = await verified_body(request)
    if isinstance(body, Response):
        return body
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return ephemeral("Could not read the request.\n\n" + HELP)
    form = {key: values[-1] for key, values in parsed.items()}
    if form.get("ssl_check") == "1":
        return Response(status_code=200)
    text = await run_in_threadpool(run_command, request.app.state.store, settings, form)
    return ephemeral(text)
