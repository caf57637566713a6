"""The one small interface every notifier implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from newsalert.models import Delivery


@dataclass(frozen=True)
class NotifierLimits:
    """What a channel accepts: the retry step and renderer honour these."""

    per_destination_per_second: float | None  # None: no rate limit
    max_text_chars: int


class SendError(Exception):
    """A failed send. `retryable` says whether another attempt may succeed.

    The message must never contain a secret (token, password, webhook URL).
    """

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass(frozen=True)
class SendReceipt:
    """What the channel gave back: e.g. the Slack message `ts` used for threading."""

    external_id: str | None = None


@runtime_checkable
class Notifier(Protocol):
    """Sends one rendered delivery to one destination.

    `send` is called by the delivery worker's retry step, once per attempt.
    It only sends: it never sleeps or retries; it raises SendError saying
    whether a retry is worth it.
    """

    name: str
    limits: NotifierLimits

    def validate_destination(self, destination: str) -> str:
        """Normalise a destination given at subscribe time; raise ValueError with a helpful message."""
        ...

    def send(self, delivery: Delivery, *, thread_ref: str | None = None) -> SendReceipt:
        ...


def redact(text: str, secrets: "list[str | None] | tuple[str | None, ...]") -> str:
    """`text` with every non-empty secret replaced by `***` (belt and braces for error messages)."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text
