"""One table-driven conformance test for every notifier that talks to a server
(Slack bot token, Slack incoming webhook, email), against real loopback servers.

Every response class → delivered, or SendError(retryable=…, retry_after=…);
the secret (bot token, webhook URL path, SMTP password) never appears in the
error nor in any log record, even at DEBUG.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # tests.support importable without a pythonpath setting
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402

from alerts.notifiers import NOTIFIERS, get_notifier  # noqa: E402
from alerts.notifiers.base import Notifier, NotifierLimits, SendError, SendReceipt  # noqa: E402
from tests.support.samples import make_delivery, settings_for  # noqa: E402
from tests.support.slack_server import Reply, SlackServer  # noqa: E402
from tests.support.smtp_server import SmtpServer, free_port  # noqa: E402

TOKEN = "xoxb-SECRET-TOKEN-4242"
WEBHOOK_PATH = "/services/T0SECRET/B0SECRET/SECRETHOOKPATH42"
SMTP_USER = "mailer"
SMTP_PASSWORD = "pw-SECRET-PASSWORD-77"
SECRETS = (TOKEN, WEBHOOK_PATH, "SECRETHOOKPATH42", SMTP_PASSWORD)
CHANNEL = "C0TEST0001"
RECIPIENT = "bob@example.org"
TIMEOUT = 0.6  # client timeout for the "server hangs" case

KINDS = ("slack_bot", "slack_webhook", "email")
OK = "ok"


@dataclass(frozen=True)
class Case:
    id: str
    slack: Reply | None  # what the Slack server answers (bot and webhook); None: not applicable
    smtp: tuple[str, str] | None  # (stage, answer) of the SMTP server; None: not applicable
    expect: Any  # OK, or (retryable, retry_after_for_slack)
    only: tuple[str, ...] = KINDS


CASES: tuple[Case, ...] = (
    Case("200-ok", Reply.ok(), ("NONE", ""), OK),
    Case("429-retry-after", Reply.rate_limited(7), ("MAIL", "421 4.7.0 Too many messages, slow down"), (True, 7.0)),
    Case("500", Reply.server_error(500), ("DATA", "451 4.3.0 Local error in processing"), (True, None)),
    Case("502", Reply.server_error(502, "bad_gateway"), ("RCPT", "452 4.2.2 Mailbox full"), (True, None)),
    Case("503", Reply.server_error(503, "service_unavailable"), ("MAIL", "450 4.7.1 Greylisted, try later"), (True, None)),
    Case("400", Reply.error(400, "invalid_payload"), ("MAIL", "501 5.1.7 Bad sender address syntax"), (False, None)),
    Case("401-invalid_auth", Reply.error(401, "invalid_auth"), ("RCPT", "530 5.7.0 Authentication required"), (False, None)),
    Case("403-invalid_auth", Reply.error(403, "invalid_auth"), ("DATA", "554 5.7.1 Message rejected"), (False, None)),
    Case("404-channel_not_found", Reply.error(404, "channel_not_found"), ("RCPT", "550 5.1.1 No such user"), (False, None)),
    # Slack's usual failure shape for the Web API: HTTP 200 {"ok": false, "error": ...}
    Case("200-okfalse-channel_not_found", Reply.api_error("channel_not_found"), None, (False, None), ("slack_bot",)),
    Case("200-okfalse-not_in_channel", Reply.api_error("not_in_channel"), None, (False, None), ("slack_bot",)),
    Case("200-okfalse-internal_error", Reply.api_error("internal_error"), None, (True, None), ("slack_bot",)),
    Case("410-channel_is_archived", Reply.error(410, "channel_is_archived"), ("RCPT", "551 5.1.6 User has moved"), (False, None)),
    Case("disconnect", Reply.disconnect(), None, (True, None), ("slack_bot", "slack_webhook")),
    Case("timeout", Reply.hang(TIMEOUT * 3), ("HANG", ""), (True, None)),
    Case("connection-refused", None, None, (True, None)),
    Case("wrong-credentials", None, None, (False, None), ("slack_bot", "email")),
)


def _params() -> list[Any]:
    params = []
    for case in CASES:
        for kind in case.only:
            if kind == "email" and case.smtp is None and case.id not in ("connection-refused", "wrong-credentials"):
                continue
            params.append(pytest.param(kind, case, id=f"{kind}-{case.id}"))
    return params


@pytest.fixture(scope="module")
def slack() -> Any:
    with SlackServer(token=TOKEN) as server:
        yield server


@pytest.fixture(scope="module")
def smtp() -> Any:
    with SmtpServer(user=SMTP_USER, password=SMTP_PASSWORD) as server:
        yield server


def _notifier(kind: str, case: Case, slack: SlackServer, smtp: SmtpServer, tmp_path: Path) -> tuple[Any, str]:
    refused = case.id == "connection-refused"
    wrong = case.id == "wrong-credentials"
    if kind in ("slack_bot", "slack_webhook"):
        root = f"http://127.0.0.1:{free_port()}" if refused else slack.root_url
        settings = settings_for(
            tmp_path, slack_bot_token=("xoxb-wrong-token" if wrong else TOKEN), slack_base_url=root + "/api/"
        )
        destination = CHANNEL if kind == "slack_bot" else root + WEBHOOK_PATH
        return get_notifier("slack", settings, timeout=TIMEOUT), destination
    settings = settings_for(
        tmp_path,
        smtp_host="127.0.0.1",
        smtp_port=free_port() if refused else smtp.port,
        smtp_user=SMTP_USER,
        smtp_password=("wrong-password" if wrong else SMTP_PASSWORD),
        email_from="alerts@example.org",
    )
    return get_notifier("email", settings, timeout=TIMEOUT), RECIPIENT


@pytest.mark.parametrize("kind,case", _params())
def test_response_class(kind: str, case: Case, slack: SlackServer, smtp: SmtpServer, tmp_path: Path, caplog: Any) -> None:
    caplog.set_level(logging.DEBUG)
    slack.clear_script()
    smtp.clear_script()
    if kind != "email" and case.slack is not None:
        slack.script(case.slack)
    if kind == "email" and case.smtp is not None:
        stage, answer = case.smtp
        if stage == "HANG":
            smtp.hang(TIMEOUT * 3)
        elif stage != "NONE":
            smtp.script(stage, answer)
    notifier, destination = _notifier(kind, case, slack, smtp, tmp_path)
    delivery = make_delivery(notifier=notifier.name, destination=destination)
    slack_before, smtp_before = len(slack.requests), len(smtp.received)

    if case.expect == OK:
        receipt = notifier.send(delivery)
        assert isinstance(receipt, SendReceipt)
        if kind == "slack_bot":
            assert receipt.external_id and slack.requests[-1].channel == CHANNEL
        elif kind == "slack_webhook":
            assert slack.requests[-1].kind == "webhook" and slack.requests[-1].ok
        else:
            assert len(smtp.received) == smtp_before + 1
            assert smtp.received[-1].rcpt_tos == [RECIPIENT]
        error_text = ""
    else:
        with pytest.raises(SendError) as info:
            notifier.send(delivery)
        err = info.value
        retryable, retry_after = case.expect
        assert err.retryable is retryable, str(err)
        if kind == "email":
            assert err.retry_after is None
        else:
            assert err.retry_after == retry_after
        assert str(err).strip()
        # nothing was delivered
        if kind == "email":
            assert len(smtp.received) == smtp_before
        elif case.id not in ("connection-refused",):
            assert len(slack.requests) == slack_before + 1 and not slack.requests[-1].ok
        error_text = " ".join([str(err), repr(err), *map(str, err.args)])

    for secret in SECRETS:
        assert secret not in error_text, f"secret in error: {error_text}"
        assert secret not in caplog.text, "secret in logs"


def test_every_registered_notifier_has_the_interface(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    assert {"console", "slack", "email"} <= set(NOTIFIERS)
    for name in NOTIFIERS:
        notifier = get_notifier(name, settings)
        assert isinstance(notifier, Notifier)  # runtime check of the methods
        assert notifier.name == name
        assert isinstance(notifier.limits, NotifierLimits)


def test_unknown_notifier_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="console, email, slack"):
        get_notifier("carrier-pigeon", settings_for(tmp_path))


def test_server_notifiers_fail_clearly_when_not_configured(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)  # no token, no SMTP host
    with pytest.raises(SendError, match="NEWSALERT_SLACK_BOT_TOKEN") as slack_err:
        get_notifier("slack", settings).send(make_delivery(notifier="slack", destination=CHANNEL))
    assert slack_err.value.retryable is False
    with pytest.raises(SendError, match="NEWSALERT_SMTP_HOST") as mail_err:
        get_notifier("email", settings).send(make_delivery(notifier="email", destination=RECIPIENT))
    assert mail_err.value.retryable is False
