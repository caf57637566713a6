"""Logging for every process: structlog to stderr, one line per event, secrets redacted on the way out.

`configure(level, secrets=...)` is called once when a command starts. Every line, ours (structlog) or a
library's (the standard `logging` module: kafka-python, slack-sdk, uvicorn, alembic), passes through
`redact()`: Slack webhook URLs keep only their host, `user:password@` in any URL is masked, Slack and
newsalert API tokens, `Bearer ...` credentials and every configured secret value become `***`. A
library that logs whole records (kafka-python at DEBUG logs each produced record, which may hold a
webhook URL) is also kept at INFO or quieter even when NEWSALERT_LOG_LEVEL=DEBUG.
"""

from __future__ import annotations

import logging
import re
import sys
import time
from typing import Any, Iterable

import structlog

# hosts whose URL path is the credential (Slack incoming webhooks and workflow triggers)
_WEBHOOK_URL = re.compile(r"(?i)\b(https?://)([^/\s\"'<>@]*@)?([A-Za-z0-9.-]*hooks\.slack(?:-gov)?\.com(?::\d+)?)"
                          r"(/[^\s\"'<>]*)")
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)([^/\s\"'<>@]+)@")
_SLACK_TOKEN = re.compile(r"\bxox[a-z]-[A-Za-z0-9-]+")
_API_TOKEN = re.compile(r"\bnat_[A-Za-z0-9_-]{8,}")
_BEARER = re.compile(r"(?i)\b(bearer\s+)[^\s\"',;]+")
_SECRETS: set[str] = set()


def add_secrets(values: Iterable[Any]) -> None:
    """Register secret values (str or SecretStr) that must never appear in a log line.

    Called by `configure` with the settings' secrets; values shorter than 4 characters are ignored
    (they would mask ordinary words)."""
    for value in values:
        if value is None:
            continue
        text = value.get_secret_value() if hasattr(value, "get_secret_value") else str(value)
        if len(text) >= 4:
            _SECRETS.add(text)


def redact(text: str) -> str:
    """`text` with every secret-bearing value masked (see the module docstring). Never raises."""
    if not text:
        return text
    # each pattern needs one of these literals: most log values have none and skip the five regexes
    if "://" in text or "xox" in text or "nat_" in text or "bearer" in text.lower():
        text = _redact_patterns(text)
    for secret in sorted(_SECRETS, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, "***")
    return text


def _redact_patterns(text: str) -> str:
    text = _WEBHOOK_URL.sub(lambda m: f"{m.group(1)}{m.group(3)}/…", text)
    text = _USERINFO.sub(lambda m: f"{m.group(1)}***@", text)
    text = _SLACK_TOKEN.sub(lambda m: m.group(0)[:5] + "***", text)
    text = _API_TOKEN.sub("nat_***", text)
    return _BEARER.sub(lambda m: f"{m.group(1)}***", text)


class RedactFilter(logging.Filter):
    """A handler filter: the record's final message is redacted (its arguments are folded in first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record: let logging report it as usual
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def _redact_event(_logger: Any, _name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: every value of the event is redacted as text."""
    for key, value in list(event_dict.items()):
        if isinstance(value, str):
            event_dict[key] = redact(value)
        elif value is not None and not isinstance(value, (int, float, bool)):
            text = str(value)
            cleaned = redact(text)
            if cleaned != text:
                event_dict[key] = cleaned
    return event_dict


_stamped: tuple[int, str] = (-1, "")


def _timestamp(_logger: Any, _name: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """structlog processor: local time as HH:MM:SS (structlog's TimeStamper), formatted once a second."""
    global _stamped
    second = int(time.time())
    stamped = _stamped
    if stamped[0] != second:
        stamped = _stamped = (second, time.strftime("%H:%M:%S", time.localtime(second)))
    event_dict["timestamp"] = stamped[1]
    return event_dict


# loggers that print whole records or request bodies at DEBUG: never below INFO
RECORD_LOGGERS = ("kafka", "aiokafka", "slack_sdk", "urllib3", "httpx", "httpcore")


def configure(level: str = "INFO", secrets: Iterable[Any] = ()) -> None:
    """Set up logging for this process at `level`; `secrets` are values to mask wherever they appear."""
    numeric = getattr(logging, str(level).upper(), logging.INFO)
    add_secrets(secrets)
    logging.basicConfig(level=numeric, stream=sys.stderr, format="%(message)s")
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RedactFilter) for f in handler.filters):
            handler.addFilter(RedactFilter())
    for noisy in ("aiokafka", "faust", "mode", "urllib3", "asyncio", "alembic", "httpx", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(max(numeric, logging.WARNING))
    # kafka-python logs every refused reconnect as an error; the clients retry by themselves and our
    # own code reports what finally failed, in one line. At DEBUG it shows its INFO lines, never its
    # DEBUG ones: those print every produced record, webhook URLs included.
    logging.getLogger("kafka").setLevel(logging.INFO if numeric <= logging.DEBUG else logging.CRITICAL)
    for name in RECORD_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.INFO:
            logger.setLevel(logging.INFO)
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            _timestamp,
            _redact_event,
            structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty()),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
