"""Destination verification: prove that an email address or Slack destination belongs to the subscriber.

When a subscriber token creates a subscription to an email address, a Slack channel or a Slack
webhook, the subscription is stored `pending` (the router delivers nothing to it) and `start()` sends
a one-time code to that destination through the notifier's own transport (SMTP, chat.postMessage, the
webhook). The subscriber reads the code there and confirms it with `POST /subscriptions/{id}/verify`;
only the code's SHA-256 is stored, and after five wrong codes only an admin's approval
(`POST /subscriptions/{id}/approve`, `newsalert approve ID`) activates it. A code that could not be
sent (no SMTP server or bot token configured, the server refused) leaves the subscription pending for
the admin; the answer says so.
"""

from __future__ import annotations

import secrets
from email.message import EmailMessage
from typing import Any

import structlog

from alerts.notifiers.base import SendError
from alerts.store import Store, SubscriptionRow

log = structlog.get_logger("alerts.api.verification")
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to copy by hand


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(10))


def message(row: SubscriptionRow, code: str) -> str:
    return (f"newsalert: {row.subscriber!s} asked to send alerts of channel {row.channel!s} here "
            f"(subscription {row.id}). If that is you, confirm with the code {code}:\n"
            f"POST /subscriptions/{row.id}/verify {{\"code\": \"{code}\"}}\n"
            "If it is not, ignore this message: nothing will be sent here.")


def start(store: Store, settings: Any, row: SubscriptionRow) -> str:
    """Make `row` pending on a fresh code and send the code to its destination.

    Called right after a subscriber token created the subscription. Returns what happened, for the
    answer ("a code was sent to ..." or why it was not); never raises on a failed send.
    """
    code = new_code()
    store.set_verification_code(row.id, code)
    try:
        send_code(settings, row, code)
    except (SendError, ValueError, OSError) as exc:
        log.warning("verification code not sent", subscription_id=row.id, notifier=row.notifier, error=str(exc))
        return (f"the verification code could not be sent ({exc}); the subscription stays pending "
                "until an admin approves it")
    return "a verification code was sent to the destination; confirm it with POST /subscriptions/{id}/verify"


def send_code(settings: Any, row: SubscriptionRow, code: str) -> None:
    """Send the code through the notifier of `row` (raises SendError / ValueError when it cannot)."""
    text = message(row, code)
    if row.notifier == "email":
        from alerts.notifiers.email import EmailNotifier, clean_header, normalise_address

        notifier = EmailNotifier(settings)
        if not getattr(settings, "smtp_host", None):
            raise ValueError("no SMTP server is configured")
        msg = EmailMessage()
        msg["Subject"] = "newsalert: confirm alerts to this address"
        msg["From"] = normalise_address(clean_header(getattr(settings, "email_from", "") or "newsalert@localhost"))
        msg["To"] = normalise_address(row.destination)
        msg.set_content(text)
        notifier._send_message(msg)  # the notifier's own SMTP session handling and error classification
        return
    if row.notifier == "slack":
        from alerts.notifiers.slack import SlackNotifier, is_webhook_url

        slack = SlackNotifier(settings)
        destination = slack.validate_destination(row.destination)
        blocks = [{"type": "section", "text": {"type": "plain_text", "text": text}}]
        if is_webhook_url(destination):
            slack._send_webhook(destination, text, blocks)
        else:
            slack._send_bot(destination, text, blocks, None, False)
        return
    raise ValueError(f"{row.notifier} destinations need no verification")
