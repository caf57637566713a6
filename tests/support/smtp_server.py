"""An aiosmtpd SMTP server on loopback that collects messages, for tests.

    with SmtpServer() as srv:
        srv.script("RCPT", "550 5.1.1 No such user")   # the next RCPT is refused
        ... send ...
        msg = srv.messages[0]          # email.message.EmailMessage (policy=default)
        srv.envelopes[0].rcpt_tos

Scriptable stages: "MAIL", "RCPT", "DATA" (answer given after the message was
read), and "CONNECT"-time behaviour via `hang` (the DATA answer is delayed).
Optional login: SmtpServer(user="u", password="p") offers and checks AUTH
(PLAIN/LOGIN) on the plain loopback connection; a wrong password → 535.
Optional STARTTLS with `tls_context` (an ssl.SSLContext with a cert loaded).

As a pytest fixture: `from tests.support.smtp_server import smtp_server`.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import ssl
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Iterator

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session, SMTP


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    message: email.message.EmailMessage
    arrived_at: float


class _Handler:
    def __init__(self, owner: "SmtpServer") -> None:
        self.owner = owner

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope, address: str, mail_options: list) -> str:  # noqa: N802
        scripted = self.owner._take("MAIL")
        if scripted:
            return scripted
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list) -> str:  # noqa: N802
        scripted = self.owner._take("RCPT")
        if scripted:
            return scripted
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        delay = self.owner._take_delay()
        if delay:
            await asyncio.sleep(delay)
        scripted = self.owner._take("DATA")
        if scripted:
            return scripted
        data = envelope.original_content or envelope.content or b""
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        message = email.message_from_bytes(data, policy=email.policy.default)
        self.owner._collect(Received(envelope.mail_from or "", list(envelope.rcpt_tos), data, message, time.time()))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(
        self,
        *,
        user: str | None = None,
        password: str | None = None,
        tls_context: ssl.SSLContext | None = None,
        host: str = "127.0.0.1",
        port: int | None = None,
    ) -> None:
        self.host = host
        self.port = port or free_port(host)  # `port`: the same address again, as a mail server back from an outage
        self.user = user
        self.password = password
        self.received: list[Received] = []
        self.auth_attempts: list[tuple[str, bool]] = []
        self._script: deque[tuple[str, str]] = deque()
        self._delays: deque[float] = deque()
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        kwargs: dict[str, Any] = {}
        if user is not None:
            kwargs.update(
                authenticator=self._authenticate,
                # AUTH is offered (and checked) on the plain loopback connection; it is
                # required only with TLS (aiosmtpd warns about requiring it without TLS).
                auth_required=tls_context is not None,
                auth_require_tls=tls_context is not None,
            )
        if tls_context is not None:
            kwargs.update(tls_context=tls_context, require_starttls=True)
        self.controller = Controller(_Handler(self), hostname=host, port=self.port, ready_timeout=10, **kwargs)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        try:
            self.controller.stop()
        except AssertionError:  # already stopped
            pass

    def __enter__(self) -> "SmtpServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ------------------------------------------------------------------ scripting

    def script(self, stage: str, answer: str, times: int = 1) -> None:
        """Answer the next `times` commands of `stage` (MAIL, RCPT, DATA) with `answer`,
        e.g. script("RCPT", "550 5.1.1 No such user") or script("DATA", "451 4.3.0 Try later")."""
        stage = stage.upper()
        if stage not in ("MAIL", "RCPT", "DATA"):
            raise ValueError("stage must be MAIL, RCPT or DATA")
        with self._lock:
            self._script.extend([(stage, answer)] * times)

    def clear_script(self) -> None:
        with self._lock:
            self._script.clear()
            self._delays.clear()

    def hang(self, seconds: float) -> None:
        """Delay the answer to the next DATA by `seconds` (client timeouts)."""
        with self._lock:
            self._delays.append(seconds)

    def _take(self, stage: str) -> str | None:
        with self._lock:
            for index, (want, answer) in enumerate(self._script):
                if want == stage:
                    del self._script[index]
                    return answer
        return None

    def _take_delay(self) -> float:
        with self._lock:
            return self._delays.popleft() if self._delays else 0.0

    def _authenticate(self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login = auth_data.login.decode("utf-8", "replace")
        ok = login == self.user and auth_data.password.decode("utf-8", "replace") == self.password
        with self._lock:
            self.auth_attempts.append((login, ok))
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 235 or 535

    # ------------------------------------------------------------------ records

    def _collect(self, item: Received) -> None:
        with self._cond:
            self.received.append(item)
            self._cond.notify_all()

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        with self._lock:
            return [r.message for r in self.received]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} emails, got {len(self.received)}")
                self._cond.wait(left)
            return list(self.received)


def smtp_server_fixture() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


try:
    import pytest

    smtp_server = pytest.fixture(smtp_server_fixture, name="smtp_server")
except ImportError:  # pragma: no cover
    pass
