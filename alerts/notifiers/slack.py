"""Slack notifier: Block Kit messages through the bot token (chat.postMessage)
or through an incoming webhook, depending on the destination.

Destinations (validated at subscribe time by `validate_destination`):

* a channel for the bot: a conversation id (`C0123456789`, `G…`, `D…`, a user
  id `U…`/`W…` for a DM) or a channel name (`#alerts`); needs
  `NEWSALERT_SLACK_BOT_TOKEN`; the API root is `NEWSALERT_SLACK_BASE_URL`.
* an incoming-webhook URL: `https://hooks.slack.com/services/T…/B…/…`
  (https only, to a host of NEWSALERT_WEBHOOK_HOSTS: hooks.slack.com and
  hooks.slack-gov.com by default; http, loopback hosts and the host of
  `slack_base_url` only with NEWSALERT_WEBHOOK_ALLOW_INSECURE, for tests). The URL is a secret: it never appears in errors or logs.

This module only sends and classifies failures. It never sleeps or retries:
slack-sdk's own retry handlers are switched off (`retry_handlers=[]`), the
delivery worker's retry step owns backoff and honours `SendError.retry_after`
(from `Retry-After` on HTTP 429) and `limits.per_destination_per_second`.
"""

from __future__ import annotations

import email.utils
import http.client
import logging
import re
import socket
import time
from typing import Any, Mapping
from urllib.error import URLError
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.webhook import WebhookClient

from alerts.notifiers.base import NotifierLimits, SendError, SendReceipt, redact
from alerts.render import slack_blocks, slack_text
from newsalert.models import Delivery

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 10.0
WEBHOOK_HOSTS = ("hooks.slack.com", "hooks.slack-gov.com")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
_CONVERSATION_ID = re.compile(r"^[CGDUW][A-Z0-9]{6,}$")
_CHANNEL_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")

# ok:false error codes (HTTP 200) after which another attempt may succeed.
RETRYABLE_API_ERRORS = frozenset(
    {"ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


def parse_retry_after(headers: Mapping[str, Any] | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not headers:
        return None
    value: Any = None
    for key, val in headers.items():
        if str(key).lower() == "retry-after":
            value = val
            break
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    if value is None:
        return None
    text = str(value).strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def is_webhook_url(destination: str) -> bool:
    return destination.strip().lower().startswith(("https://", "http://"))


def _short_code(value: Any, limit: int = 80) -> str:
    """An error code from a server answer, reduced to harmless characters."""
    text = re.sub(r"[^A-Za-z0-9_.:\- ]+", " ", str(value or "")).strip()
    text = re.sub(r"\s+", " ", text)
    return (text[:limit] or "unknown_error")


def classify_http(status: int, error: str, retry_after: float | None) -> tuple[bool, float | None]:
    """(retryable, retry_after) for an HTTP status and Slack error code."""
    if status == 429 or error in ("ratelimited", "rate_limited"):
        return True, retry_after
    if status >= 500 or status == 408:
        return True, retry_after
    if 400 <= status < 500:
        return False, None
    return (error in RETRYABLE_API_ERRORS), (retry_after if error in RETRYABLE_API_ERRORS else None)


class _RedactFilter(logging.Filter):
    def __init__(self, secrets: list[str | None]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # pragma: no cover - malformed record
            return True
        cleaned = redact(message, self.secrets)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def _sdk_logger(secrets: list[str | None]) -> logging.Logger:
    """A private logger for slack-sdk clients: level INFO (slack-sdk's debug
    logging prints the webhook URL) and a filter that redacts the secrets."""
    logger = logging.Logger("alerts.notifiers.slack.sdk", level=logging.INFO)
    logger.parent = logging.getLogger("alerts.notifiers.slack")
    logger.addFilter(_RedactFilter(secrets))
    return logger


class SlackNotifier:
    name = "slack"
    limits = NotifierLimits(per_destination_per_second=1.0, max_text_chars=3000)

    def __init__(self, settings: Any, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        token = getattr(settings, "slack_bot_token", None)
        self._token: str | None = token.get_secret_value() if hasattr(token, "get_secret_value") else token
        base_url = getattr(settings, "slack_base_url", None) or "https://slack.com/api/"
        self._base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._timeout = timeout
        self._client: WebClient | None = None
        self._webhook_hosts: list[str] = list(getattr(settings, "webhook_hosts", None) or WEBHOOK_HOSTS)
        self._allow_insecure: bool = bool(getattr(settings, "webhook_allow_insecure", False))
        self._settings = settings
        self._render_cache: dict[str, tuple[str, list[dict]]] = {}

    # ------------------------------------------------------------------ destinations

    def _webhook_allowed_hosts(self) -> set[str]:
        hosts = {h.strip().lower() for h in self._webhook_hosts if h.strip()}
        if self._allow_insecure:  # tests and local stand-ins only: loopback and the API host's stand-in
            hosts |= set(LOOPBACK_HOSTS)
            api_host = urlsplit(self._base_url).hostname
            if api_host and api_host != "slack.com":
                hosts.add(api_host.lower())
        return hosts

    def validate_destination(self, destination: str) -> str:
        """Normalise a destination; ValueError says what is wrong. Webhook URLs must be https to a host of
        NEWSALERT_WEBHOOK_HOSTS (no user info, no other port): alerts are never POSTed anywhere else.
        http:// and loopback hosts only with NEWSALERT_WEBHOOK_ALLOW_INSECURE (tests)."""
        value = (destination or "").strip()
        if is_webhook_url(value):
            try:
                parts = urlsplit(value)
                host = (parts.hostname or "").lower()
                port = parts.port
            except ValueError:
                raise ValueError("not a valid Slack webhook URL: it cannot be read as a URL") from None
            shown = f"{parts.scheme}://{host}/…"  # never echo the secret path
            if any(c in value for c in "\r\n\t ") or not host:
                raise ValueError(f"not a valid Slack webhook URL ({shown}): it contains spaces or has no host")
            if parts.username is not None or parts.password is not None:
                raise ValueError(f"not a Slack incoming-webhook URL ({shown}): it may not carry a user or password")
            if host not in self._webhook_allowed_hosts():
                raise ValueError(
                    f"not a Slack incoming-webhook URL ({shown}): expected "
                    "https://hooks.slack.com/services/T…/B…/… (from your Slack app's Incoming Webhooks page); "
                    f"allowed hosts: {', '.join(sorted(h for h in self._webhook_hosts))} (NEWSALERT_WEBHOOK_HOSTS)"
                )
            if not self._allow_insecure and (parts.scheme.lower() != "https" or port not in (None, 443)):
                raise ValueError(f"not a Slack incoming-webhook URL ({shown}): it must be https on the default port, "
                                 f"e.g. https://{host}/services/T…/B…/…")
            if host in WEBHOOK_HOSTS and (
                parts.scheme != "https" or not parts.path.startswith(("/services/", "/workflows/", "/triggers/"))
            ):
                raise ValueError(
                    f"not a Slack incoming-webhook URL ({shown}): expected https://{host}/services/T…/B…/…"
                )
            return value
        if _CONVERSATION_ID.match(value):
            return value
        if re.match(r"^[CGD][A-Z0-9]*[0-9][A-Z0-9]*$", value):  # "C1": an id cut short, not a channel named c1
            raise ValueError(
                f"{value[:20]!r} looks like a Slack channel id, but ids are 9 to 11 characters (C0123456789: "
                f"channel details, bottom of the About tab); for a channel named {value.lower()} write #{value.lower()}"
            )
        name = value[1:] if value.startswith("#") else value
        if _CHANNEL_NAME.match(name.lower()) and name:
            return "#" + name.lower()
        raise ValueError(
            f"not a Slack destination: {value[:80]!r}. Use a channel id (C0123456789), a channel name "
            "(#alerts; the bot must be invited), or an incoming-webhook URL (https://hooks.slack.com/services/T…/B…/…)"
        )

    # ------------------------------------------------------------------ sending

    def send(self, delivery: Delivery, *, thread_ref: str | None = None) -> SendReceipt:
        try:
            destination = self.validate_destination(delivery.destination)
        except ValueError as exc:
            raise SendError(str(exc), retryable=False) from None
        update = delivery.update
        text, blocks = self._rendered(update)
        from alerts.api.slack_interactivity import action_block

        actions = action_block(self._settings, delivery.subscription_id, update.event.event_key)
        if actions is not None:  # "Mute this event" and "Unsubscribe" (POST /slack/interactivity)
            blocks = [*blocks[:49], actions]
        if is_webhook_url(destination):
            return self._send_webhook(destination, text, blocks)
        change = update.change
        broadcast = bool(thread_ref) and change.kind == "changed" and bool({"status", "action"} & set(change.fields))
        return self._send_bot(destination, text, blocks, thread_ref, broadcast)

    def _rendered(self, update: Any) -> tuple[str, list[dict]]:
        """The update's text and blocks, rendered once per update: a fan-out sends the same message to
        every subscriber (only the buttons differ), and rendering is most of a post's CPU time. The
        cache holds the last few updates, keyed by their whole content (a tenth of a render's time)."""
        key = update.model_dump_json()
        found = self._render_cache.get(key)
        if found is None:
            found = (slack_text(update), slack_blocks(update))
            if len(self._render_cache) >= 64:
                self._render_cache.clear()
            self._render_cache[key] = found
        return found

    def _web_client(self) -> WebClient:
        if self._client is None:
            self._client = WebClient(
                token=self._token,
                base_url=self._base_url,
                timeout=self._timeout,  # type: ignore[arg-type]  # passed to urlopen: a float is fine
                retry_handlers=[],  # retries are the delivery worker's job
                logger=_sdk_logger([self._token]),
            )
        return self._client

    def _send_bot(
        self, channel: str, text: str, blocks: list[dict], thread_ref: str | None, broadcast: bool
    ) -> SendReceipt:
        if not self._token:
            raise SendError(
                "Slack bot token not configured (set NEWSALERT_SLACK_BOT_TOKEN) for channel " + channel,
                retryable=False,
            )
        kwargs: dict[str, Any] = dict(
            channel=channel, text=text, blocks=blocks, unfurl_links=False, unfurl_media=False
        )
        if thread_ref:
            kwargs["thread_ts"] = thread_ref
            if broadcast:
                kwargs["reply_broadcast"] = True
        where = f"Slack chat.postMessage to {channel}"
        try:
            response = self._web_client().chat_postMessage(**kwargs)
        except SlackApiError as exc:
            resp = exc.response
            status = int(getattr(resp, "status_code", 0) or 0)
            data = getattr(resp, "data", None)
            error = _short_code(data.get("error") if isinstance(data, dict) else "unexpected_response")
            retryable, retry_after = classify_http(status, error, parse_retry_after(getattr(resp, "headers", None)))
            raise self._error(f"{where} failed: HTTP {status} {error}", retryable, retry_after) from None
        except SlackClientError as exc:  # request could not be built: a bug or bad input, not transient
            raise self._error(f"{where} failed: {type(exc).__name__}", False, None) from None
        except (URLError, OSError, http.client.HTTPException, socket.timeout) as exc:
            raise self._error(f"{where} failed: {_describe_network_error(exc)}", True, None) from None
        ts = response.get("ts") if hasattr(response, "get") else None
        log.debug("slack message posted to %s ts=%s", channel, ts)
        return SendReceipt(external_id=str(ts) if ts else None)

    def _send_webhook(self, url: str, text: str, blocks: list[dict]) -> SendReceipt:
        host = urlsplit(url).hostname or "?"
        where = f"Slack incoming webhook ({host})"
        client = WebhookClient(
            url,
            timeout=self._timeout,  # type: ignore[arg-type]
            retry_handlers=[],  # retries are the delivery worker's job
            logger=_sdk_logger([url, urlsplit(url).path]),
        )
        try:
            response = client.send(text=text, blocks=blocks, unfurl_links=False, unfurl_media=False)
        except (URLError, OSError, http.client.HTTPException, socket.timeout) as exc:
            raise self._error(f"{where} failed: {_describe_network_error(exc)}", True, None, [url]) from None
        except SlackClientError as exc:
            raise self._error(f"{where} failed: {type(exc).__name__}", False, None, [url]) from None
        status = int(response.status_code or 0)
        if status == 200:
            return SendReceipt(external_id=None)  # webhooks return no ts: no threading
        error = _short_code(response.body if status != 429 else (response.body or "rate_limited"))
        retryable, retry_after = classify_http(status, error, parse_retry_after(response.headers))
        raise self._error(f"{where} failed: HTTP {status} {error}", retryable, retry_after, [url])

    def _error(
        self, message: str, retryable: bool, retry_after: float | None, extra_secrets: list[str] | None = None
    ) -> SendError:
        secrets: list[str | None] = [self._token, *(extra_secrets or [])]
        for url in extra_secrets or []:
            secrets.append(urlsplit(url).path)
        return SendError(redact(message, secrets), retryable=retryable, retry_after=retry_after)


def _describe_network_error(exc: BaseException) -> str:
    reason: Any = getattr(exc, "reason", None) if isinstance(exc, URLError) else exc
    if isinstance(reason, BaseException):
        name = type(reason).__name__
        detail = getattr(reason, "strerror", None) or ("timed out" if isinstance(reason, (socket.timeout, TimeoutError)) else "")
        return f"{name}{': ' + detail if detail else ''}"
    return f"{type(exc).__name__}: {_short_code(reason)}"
