"""Email notifier: one multipart/alternative message (text + HTML) per delivery over SMTP.

Settings: `smtp_host`, `smtp_port` (465 means implicit TLS), `smtp_starttls`,
`smtp_user` / `smtp_password` (login when a user is set), `email_from`.

Headers: a subject that says the event, `Message-ID` derived from the delivery
id (a re-sent delivery keeps its id, so mail systems can drop duplicates),
`In-Reply-To`/`References` when a `thread_ref` (the Message-ID of the event's
first email, from its SendReceipt) is given, `List-Unsubscribe`. Every header
value is stripped of CR/LF and control characters; article text never reaches
a header unescaped.

Failure classes: SMTP 4xx, disconnections, timeouts, refused connections →
retryable; SMTP 5xx (rejected recipient, failed login, ...) and TLS
certificate failures → not retryable. It never sleeps or retries.
"""

from __future__ import annotations

import base64
import re
import smtplib
import socket
import ssl
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from alerts.notifiers.base import NotifierLimits, SendError, SendReceipt, redact
from alerts.render import clean_header, email_parts, one_line
from newsalert.models import Delivery

DEFAULT_TIMEOUT = 20.0

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"^({_LOCAL})@({_LABEL}(?:\.{_LABEL})*)$")
_MSGID = re.compile(r"^<[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+>$")


def normalise_address(value: str) -> str:
    """`name@domain` (domain lowercased, IDNA-encoded); ValueError with a helpful message."""
    raw = (value or "").strip()
    if any(ch in raw for ch in "\r\n\x00"):
        raise ValueError("not an email address: it contains a line break")
    match = re.fullmatch(r"[^<>]*<([^<>]+)>", raw)  # "Alice <alice@example.org>"
    if match:
        raw = match.group(1).strip()
    if raw.count("@") != 1:
        raise ValueError(f"not an email address: {raw[:80]!r} (expected name@example.org)")
    local, domain = raw.split("@")
    try:
        domain = domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise ValueError(f"not an email address: {raw[:80]!r} (the domain is not valid)") from None
    address = f"{local}@{domain}"
    if len(address) > 254 or len(local) > 64 or not _ADDRESS.match(address) or "." not in domain and domain != "localhost":
        raise ValueError(f"not an email address: {raw[:80]!r} (expected name@example.org)")
    return address


def _domain_of(address: str) -> str:
    domain = address.rpartition("@")[2]
    domain = re.sub(r"[^A-Za-z0-9.-]", "", domain).strip(".")[:60].strip(".")
    return domain or "localhost"


def message_id_for(delivery_id: str, email_from: str) -> str:
    token = re.sub(r"[^A-Za-z0-9._-]", "", delivery_id)[:64] or "delivery"
    return f"<{token}.newsalert@{_domain_of(email_from)}>"


class EmailNotifier:
    name = "email"
    limits = NotifierLimits(per_destination_per_second=None, max_text_chars=1_000_000)

    def __init__(
        self,
        settings: Any,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self._host: str | None = getattr(settings, "smtp_host", None)
        self._port: int = int(getattr(settings, "smtp_port", 25) or 25)
        self._user: str | None = getattr(settings, "smtp_user", None)
        password = getattr(settings, "smtp_password", None)
        self._password: str | None = (
            password.get_secret_value() if hasattr(password, "get_secret_value") else password
        )
        self._starttls: bool = bool(getattr(settings, "smtp_starttls", False))
        self._from: str = clean_header(getattr(settings, "email_from", None) or "newsalert@localhost")
        self._settings = settings
        self._timeout = timeout
        self._ssl_context = ssl_context  # None: the system's default trust store

    def validate_destination(self, destination: str) -> str:
        return normalise_address(destination)

    def unsubscribe_link(self, subscription_id: int) -> str | None:
        """The web page's signed one-click unsubscribe link (None with settings that have no page)."""
        if not hasattr(self._settings, "web_signing_key"):
            return None
        from alerts.web import unsubscribe_url

        return unsubscribe_url(self._settings, subscription_id)

    @staticmethod
    def _list_unsubscribe(msg: EmailMessage, link: str | None) -> None:
        """RFC 2369 List-Unsubscribe with the signed link; RFC 8058 one-click (List-Unsubscribe-Post) when
        the link is https, as that RFC requires (a plain http page link still works by hand)."""
        if not link:
            return
        msg["List-Unsubscribe"] = f"<{clean_header(link, 900)}>"
        if link.startswith("https://"):
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"

    # ------------------------------------------------------------------ message

    def build_message(self, delivery: Delivery, *, thread_ref: str | None = None) -> EmailMessage:
        """The complete message (without sending it)."""
        to = normalise_address(delivery.destination)
        link = self.unsubscribe_link(delivery.subscription_id)
        subject, text, html = email_parts(delivery, link)
        from_addr = normalise_address(self._from)
        msg = EmailMessage()
        msg["Subject"] = clean_header(subject, 200)
        try:
            msg["From"] = Address(display_name="newsalert", addr_spec=from_addr)
        except (ValueError, IndexError):  # pragma: no cover - defensive
            msg["From"] = from_addr
        msg["To"] = to
        msg["Date"] = formatdate(localtime=False, usegmt=True)
        msg["Message-ID"] = message_id_for(delivery.delivery_id, from_addr)
        if thread_ref and _MSGID.match(thread_ref.strip()):
            ref = thread_ref.strip()
            msg["In-Reply-To"] = ref
            msg["References"] = ref
        self._list_unsubscribe(msg, link)
        msg["List-Id"] = f"newsalert {_list_token(delivery.channel)} <{_list_token(delivery.channel)}.newsalert.{_domain_of(from_addr)}>"
        msg["Auto-Submitted"] = "auto-generated"
        msg["X-Newsalert-Delivery-Id"] = clean_header(delivery.delivery_id, 100)
        event_key = clean_header(delivery.update.event.event_key, 200)
        if event_key:
            msg["X-Newsalert-Event-Key"] = event_key
        msg.set_content(text, subtype="plain", charset="utf-8")
        msg.add_alternative(html, subtype="html", charset="utf-8")
        return msg

    def build_digest_message(self, deliveries: list[Delivery], digest_id: str, since: str) -> EmailMessage:
        """One message with every update of a digest period (all deliveries share a subscription)."""
        from alerts.render import email_digest_parts

        first = deliveries[0]
        to = normalise_address(first.destination)
        link = self.unsubscribe_link(first.subscription_id)
        subject, text, html = email_digest_parts(deliveries, since, link)
        from_addr = normalise_address(self._from)
        msg = EmailMessage()
        msg["Subject"] = clean_header(subject, 200)
        msg["From"] = Address(display_name="newsalert", addr_spec=from_addr)
        msg["To"] = to
        msg["Date"] = formatdate(localtime=False, usegmt=True)
        msg["Message-ID"] = message_id_for(digest_id, from_addr)
        self._list_unsubscribe(msg, link)
        msg["Auto-Submitted"] = "auto-generated"
        msg["X-Newsalert-Digest-Id"] = clean_header(digest_id, 100)
        msg.set_content(text, subtype="plain", charset="utf-8")
        msg.add_alternative(html, subtype="html", charset="utf-8")
        return msg

    def send_digest(self, deliveries: list[Delivery], digest_id: str, since: str) -> SendReceipt:
        """Send one digest email; called by the digest step, failures classified as for `send`."""
        if not self._host:
            raise SendError("SMTP not configured (set NEWSALERT_SMTP_HOST)", retryable=False)
        try:
            msg = self.build_digest_message(deliveries, digest_id, since)
        except ValueError as exc:
            raise SendError(f"digest not sent: {exc}", retryable=False) from None
        return self._send_message(msg)

    # ------------------------------------------------------------------ sending

    def send(self, delivery: Delivery, *, thread_ref: str | None = None) -> SendReceipt:
        if not self._host:
            raise SendError("SMTP not configured (set NEWSALERT_SMTP_HOST)", retryable=False)
        try:
            msg = self.build_message(delivery, thread_ref=thread_ref)
        except ValueError as exc:
            raise SendError(f"email not sent: {exc}", retryable=False) from None
        return self._send_message(msg)

    def _send_message(self, msg: EmailMessage) -> SendReceipt:
        """Hand one built message to the SMTP server; raise SendError saying whether to retry."""
        to = str(msg["To"])
        where = f"SMTP {self._host}:{self._port}"
        try:
            self._deliver(msg, normalise_address(self._from), to)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()), (550, b"recipient refused"))
            raise self._smtp_error(f"{where} refused recipient {to}", code, text) from None
        except smtplib.SMTPResponseException as exc:  # includes sender refused, auth, data errors
            raise self._smtp_error(f"{where} failed", exc.smtp_code, exc.smtp_error) from None
        except smtplib.SMTPServerDisconnected as exc:  # also wraps read timeouts
            detail = one_line(exc)[:120]
            raise self._error(f"{where} failed: server disconnected{' (' + detail + ')' if detail else ''}", True) from None
        except smtplib.SMTPNotSupportedError as exc:
            raise self._error(f"{where} failed: {one_line(exc)[:200]}", False) from None
        except smtplib.SMTPException as exc:  # e.g. no suitable auth mechanism: configuration
            raise self._error(f"{where} failed: {type(exc).__name__}: {one_line(exc)[:200]}", False) from None
        except ssl.SSLCertVerificationError as exc:
            raise self._error(f"{where} failed: TLS certificate not trusted ({exc.verify_message})", False) from None
        except (OSError, socket.timeout) as exc:  # refused, reset, timeout, DNS, TLS hiccups
            detail = getattr(exc, "strerror", None) or ("timed out" if isinstance(exc, (socket.timeout, TimeoutError)) else "")
            raise self._error(f"{where} failed: {type(exc).__name__}{': ' + detail if detail else ''}", True) from None
        return SendReceipt(external_id=str(msg["Message-ID"]))

    def _deliver(self, msg: EmailMessage, from_addr: str, to: str) -> None:
        context = self._ssl_context or ssl.create_default_context()
        smtp: smtplib.SMTP
        if self._port == 465:
            smtp = smtplib.SMTP_SSL(self._host, self._port, timeout=self._timeout, context=context)
        else:
            smtp = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
        try:
            smtp.ehlo_or_helo_if_needed()
            if self._starttls and self._port != 465:
                smtp.starttls(context=context)
                smtp.ehlo()
            if self._user:
                smtp.login(self._user, self._password or "")
            smtp.send_message(msg, from_addr=from_addr, to_addrs=[to])
        finally:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def _smtp_error(self, prefix: str, code: int, text: Any) -> SendError:
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        detail = one_line(text)[:200]
        retryable = 400 <= int(code) < 500 or int(code) == -1
        return self._error(f"{prefix}: {code} {detail}".rstrip(), retryable)

    def _error(self, message: str, retryable: bool) -> SendError:
        secrets: list[str | None] = [self._password]
        if self._password and self._user:
            secrets.append(base64.b64encode(f"\0{self._user}\0{self._password}".encode()).decode())
            secrets.append(base64.b64encode(self._password.encode()).decode())
        return SendError(redact(message, secrets), retryable=retryable)


def _list_token(channel: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", channel.lower())[:40].strip("-") or "channel"
