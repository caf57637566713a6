"""Email notifier against a real aiosmtpd server on loopback."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from alerts.notifiers import get_notifier  # noqa: E402
from alerts.notifiers.base import SendError  # noqa: E402
from alerts.notifiers.email import EmailNotifier  # noqa: E402
from tests.support.samples import make_delivery, make_update, meeting_event, settings_for, status_change  # noqa: E402
from tests.support.smtp_server import SmtpServer, smtp_server  # noqa: E402,F401


def _notifier(server: SmtpServer, tmp_path: Path, **overrides: Any) -> EmailNotifier:
    values: dict[str, Any] = dict(smtp_host="127.0.0.1", smtp_port=server.port, email_from="alerts@news.example.org")
    values.update(overrides)
    return get_notifier("email", settings_for(tmp_path, **values))  # type: ignore[return-value]


def test_email_has_subject_recipient_message_id_and_both_parts(smtp_server: SmtpServer, tmp_path: Path) -> None:
    delivery = make_delivery(notifier="email", destination="Bob@Example.ORG")
    receipt = _notifier(smtp_server, tmp_path).send(delivery)
    [received] = smtp_server.received
    msg = received.message
    assert received.rcpt_tos == ["Bob@example.org"]
    assert received.mail_from == "alerts@news.example.org"
    assert msg["To"] == "Bob@example.org"
    assert "US tariff 100% on China" in msg["Subject"] and "2025-11-01" in msg["Subject"]
    assert msg["Message-ID"] == f"<{delivery.delivery_id}.newsalert@news.example.org>"
    assert receipt.external_id == msg["Message-ID"]
    # the signed link of the web page (no mailto nobody reads); plain http here, so no one-click header
    assert msg["List-Unsubscribe"].startswith("<http://127.0.0.1:8080/unsubscribe?t=")
    assert msg["List-Unsubscribe-Post"] is None
    assert msg["Date"] and msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_content() for part in msg.iter_parts()}
    assert set(parts) == {"text/plain", "text/html"}
    assert "Rate: 100%" in parts["text/plain"] and "Effective date: 2025-11-01" in parts["text/plain"]
    assert "<td style=\"padding: 2px 0;\">100%</td>" in parts["text/html"]
    assert 'href="https://news.example.com/us-china-talks"' in parts["text/html"]
    assert "newsalert unsubscribe" not in parts["text/plain"]
    assert "To stop: " + msg["List-Unsubscribe"][1:-1] in parts["text/plain"]


def test_list_unsubscribe_is_one_click_and_signed_for_its_subscription(smtp_server: SmtpServer, tmp_path: Path) -> None:
    from alerts.web import read_unsubscribe_token

    notifier = _notifier(smtp_server, tmp_path, public_url="https://alerts.example.org/")
    notifier.send(make_delivery(notifier="email", destination="bob@example.org", subscription_id=7))
    notifier.send(make_delivery(notifier="email", destination="bob@example.org", subscription_id=8))
    first, second = smtp_server.messages
    assert first["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"  # RFC 8058
    link = first["List-Unsubscribe"]
    assert link.startswith("<https://alerts.example.org/unsubscribe?t=") and link.endswith(">")
    settings = settings_for(tmp_path, public_url="https://alerts.example.org/")
    token = link[1:-1].split("?t=", 1)[1]
    assert read_unsubscribe_token(settings, token) == 7
    assert read_unsubscribe_token(settings, second["List-Unsubscribe"][1:-1].split("?t=", 1)[1]) == 8
    # The last base64 character of the signature carries padding bits, so tamper with its first one.
    payload, signature = token.rsplit(".", 1)
    tampered = payload + "." + ("A" if signature[0] != "A" else "B") + signature[1:]
    assert read_unsubscribe_token(settings, tampered) is None
    html = next(p for p in first.iter_parts() if p.get_content_type() == "text/html").get_content()
    assert f'href="{link[1:-1].replace("&", "&amp;")}"' in html


def test_message_id_is_stable_for_a_redelivery(smtp_server: SmtpServer, tmp_path: Path) -> None:
    notifier = _notifier(smtp_server, tmp_path)
    delivery = make_delivery(notifier="email", destination="bob@example.org")
    notifier.send(delivery)
    notifier.send(delivery)
    ids = [m["Message-ID"] for m in smtp_server.messages]
    assert ids[0] == ids[1]
    other = make_delivery(notifier="email", destination="bob@example.org", subscription_id=8)
    notifier.send(other)
    assert smtp_server.messages[2]["Message-ID"] != ids[0]


def test_updates_reply_to_the_first_email(smtp_server: SmtpServer, tmp_path: Path) -> None:
    notifier = _notifier(smtp_server, tmp_path)
    first = notifier.send(make_delivery(make_update(meeting_event()), notifier="email", destination="bob@example.org"))
    update = make_update(meeting_event(status="confirmed"), status_change("expected", "confirmed"), 2)
    notifier.send(make_delivery(update, notifier="email", destination="bob@example.org"), thread_ref=first.external_id)
    second = smtp_server.messages[1]
    assert second["In-Reply-To"] == first.external_id and second["References"] == first.external_id
    assert second["Subject"].startswith("[newsalert] Update: Meeting Donald Trump")


def test_a_hostile_thread_ref_is_ignored(tmp_path: Path) -> None:
    notifier = EmailNotifier(settings_for(tmp_path, smtp_host="127.0.0.1"))
    msg = notifier.build_message(make_delivery(notifier="email", destination="bob@example.org"), thread_ref="<a@b>\r\nBcc: evil@example.com")
    assert msg["In-Reply-To"] is None and msg["Bcc"] is None


def test_login_with_user_and_password(tmp_path: Path) -> None:
    with SmtpServer(user="mailer", password="s3cret") as server:
        _notifier(server, tmp_path, smtp_user="mailer", smtp_password="s3cret").send(
            make_delivery(notifier="email", destination="bob@example.org")
        )
        assert server.auth_attempts == [("mailer", True)]
        with pytest.raises(SendError) as info:
            _notifier(server, tmp_path, smtp_user="mailer", smtp_password="wrong").send(
                make_delivery(notifier="email", destination="bob@example.org")
            )
        assert info.value.retryable is False and "535" in str(info.value)
        assert len(server.received) == 1


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
def test_starttls_then_login(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=str(cert))
    settings = settings_for(
        tmp_path, smtp_host="127.0.0.1", smtp_starttls=True, smtp_user="mailer", smtp_password="s3cret",
        email_from="alerts@news.example.org",
    )
    with SmtpServer(user="mailer", password="s3cret", tls_context=server_ctx) as server:
        settings.smtp_port = server.port
        EmailNotifier(settings, ssl_context=client_ctx).send(make_delivery(notifier="email", destination="bob@example.org"))
        assert len(server.received) == 1 and server.auth_attempts == [("mailer", True)]
        # the system trust store does not know the self-signed certificate: a configuration error
        with pytest.raises(SendError) as info:
            EmailNotifier(settings).send(make_delivery(notifier="email", destination="bob@example.org"))
        assert info.value.retryable is False and "certificate" in str(info.value)
        # without STARTTLS the server refuses to go on (530): not retryable
        settings.smtp_starttls = False
        with pytest.raises(SendError) as plain:
            EmailNotifier(settings).send(make_delivery(notifier="email", destination="bob@example.org"))
        assert plain.value.retryable is False


@pytest.mark.parametrize(
    "given,expected",
    [
        ("bob@example.org", "bob@example.org"),
        ("  Bob.Smith+news@Example.ORG ", "Bob.Smith+news@example.org"),
        ("Alice <alice@example.org>", "alice@example.org"),
        ("ops@bücher.example", "ops@xn--bcher-kva.example"),
        ("root@localhost", "root@localhost"),
    ],
)
def test_valid_addresses(tmp_path: Path, given: str, expected: str) -> None:
    assert EmailNotifier(settings_for(tmp_path)).validate_destination(given) == expected


@pytest.mark.parametrize(
    "given",
    ["", "bob", "bob@", "@example.org", "a@b@c.org", "bob@example.org\r\nBcc: evil@x.org", "bob smith@example.org", "bob@-example.org", "bob@example"],
)
def test_invalid_addresses_explain(tmp_path: Path, given: str) -> None:
    with pytest.raises(ValueError, match="not an email address"):
        EmailNotifier(settings_for(tmp_path)).validate_destination(given)


def test_invalid_recipient_at_send_is_not_retryable(smtp_server: SmtpServer, tmp_path: Path) -> None:
    with pytest.raises(SendError) as info:
        _notifier(smtp_server, tmp_path).send(make_delivery(notifier="email", destination="no-at-sign"))
    assert info.value.retryable is False
    assert smtp_server.received == []
