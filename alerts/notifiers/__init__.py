"""Notifiers, one module per channel, behind one small interface (base.Notifier).

Adding a channel is adding one module and one entry in NOTIFIERS.
"""

from __future__ import annotations

from typing import Any

from alerts.notifiers.base import Notifier, NotifierLimits, SendError, SendReceipt
from alerts.notifiers.console import ConsoleNotifier
from alerts.notifiers.email import EmailNotifier
from alerts.notifiers.slack import SlackNotifier

NOTIFIERS: dict[str, type] = {
    "console": ConsoleNotifier,
    "slack": SlackNotifier,
    "email": EmailNotifier,
}


def get_notifier(name: str, settings: Any = None, **kwargs: Any) -> Notifier:
    """The notifier called `name`, built from settings (default: get_settings())."""
    try:
        cls = NOTIFIERS[name]
    except KeyError:
        raise ValueError(f"unknown notifier {name!r}; known: {', '.join(sorted(NOTIFIERS))}") from None
    if settings is None:
        from newsalert.settings import get_settings

        settings = get_settings()
    return cls(settings, **kwargs)


__all__ = [
    "NOTIFIERS",
    "ConsoleNotifier",
    "EmailNotifier",
    "Notifier",
    "NotifierLimits",
    "SendError",
    "SendReceipt",
    "SlackNotifier",
    "get_notifier",
]
