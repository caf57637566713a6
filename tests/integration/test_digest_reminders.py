"""Digest mode (one email per period, grouped by channel) and deadline reminders (once, also across
a processor restart), through the real broker, the faust processors and an aiosmtpd server."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.integration.test_alerts_worker import publish, updates
from tests.support.pipeline import Pipeline, wait_for
from tests.support.smtp_server import SmtpServer

pytestmark = pytest.mark.integration


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


def test_digest_sends_one_email_per_period_grouped_by_channel(kafka_bootstrap: str, tmp_path: Path, smtp: SmtpServer):
    p = Pipeline(kafka_bootstrap, tmp_path, NEWSALERT_SMTP_HOST="127.0.0.1", NEWSALERT_SMTP_PORT=str(smtp.port),
                 NEWSALERT_DIGEST_PERIOD="6")
    try:
        p.cli("kafka", "start")
        p.cli("subscribe", "tariffs", "--email", "digest@example.com", "--digest")
        p.cli("subscribe", "tariffs", "--email", "now@example.com")
        publish(p, updates(4, "dig"))
        p.start_alerts()
        wait_for(lambda: len([m for m in smtp.received if m.rcpt_tos == ["now@example.com"]]) >= 4, timeout=60,
                 what="4 immediate emails")
        digests = wait_for(lambda: [m for m in smtp.received if m.rcpt_tos == ["digest@example.com"]], timeout=60,
                           what="the digest email")
        assert len(digests) == 1
        message = digests[0].message
        assert "Digest: 4 updates" in message["Subject"] and "tariffs" in message["Subject"]
        text = message.get_body(("plain",)).get_content()
        assert text.count("* US tariff") == 4 and "== tariffs (4) ==" in text
        html = message.get_body(("html",)).get_content()
        assert "<h3>tariffs (4)</h3>" in html
        publish(p, updates(1, "dig2"))  # the next period's update goes in the next digest, not at once
        wait_for(lambda: len([m for m in smtp.received if m.rcpt_tos == ["digest@example.com"]]) >= 2, timeout=60,
                 what="the second digest")
        second = [m for m in smtp.received if m.rcpt_tos == ["digest@example.com"]][1].message
        assert "Digest: 1 update " in second["Subject"] or "Digest: 1 update (" in second["Subject"]
    finally:
        p.stop_all()


def test_meeting_reminder_once_also_after_processor_restart(kafka_bootstrap: str, tmp_path: Path):
    p = Pipeline(kafka_bootstrap, tmp_path, NEWSALERT_REMINDER_CHECK_INTERVAL="1", NEWSALERT_REMINDER_LEAD_HOURS="48")
    try:
        p.cli("kafka", "start")
        p.cli("subscribe", "leader-meetings", "--console", "--reminders")
        p.cli("subscribe", "leader-meetings", "--console")
        now = datetime.now(timezone.utc)
        day = now + timedelta(days=1)
        article = tmp_path / "soon.json"
        article.write_text(json.dumps({
            "id": "reminder-article", "title": "Leaders to meet", "published": now.isoformat(),
            "text": f"Japanese Prime Minister Sanae Takaichi will meet South Korean President Lee Jae-myung in Seoul on "
                    f"{day:%B} {day.day}, {day.year}, officials said on {now:%A}.",
        }))
        p.start_processor()
        p.start_alerts()
        p.cli("produce", str(article))
        reminders = wait_for(lambda: [l for l in p.outbox() if l["change"]["kind"] == "reminder"], timeout=90,
                             what="the reminder")
        assert len(reminders) == 1 and reminders[0]["subscription_id"] == 1
        assert reminders[0]["change"]["fields"]["date"]["new"] == f"{day:%Y-%m-%d}"
        assert len([l for l in p.outbox() if l["change"]["kind"] == "new"]) == 2  # both got the event itself
        p.stop("processor")
        p.start_processor()
        p.processor_drained()
        import time

        time.sleep(5)  # several reminder checks of the restarted processor
        p.processor_drained()
        p.alerts_drained(("console",))
        assert len([l for l in p.outbox() if l["change"]["kind"] == "reminder"]) == 1
    finally:
        p.stop_all()
