"""The mail server goes away under load and comes back: deliveries wait (parked), then all go, once each.

Issue 13: an SMTP outage shorter than the retry horizon dead-letters nothing and loses nothing. The quick
attempts are cut to 2 (NEWSALERT_MAX_ATTEMPTS) so that the deliveries park within seconds; a parked
destination is tried again 30 s after its last try (alerts/parking.py), so the test waits about that long.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.support.faults import Sender, distinct_articles
from tests.support.pipeline import Pipeline, wait_for
from tests.support.smtp_server import SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.faults]

RECIPIENT = "analyst@example.com"
OUTAGE_S = 20.0  # shorter than the first parked retry (30 s): the destination is tried again once, and it goes


def ledger(home: Path) -> dict[str, int]:
    """Email deliveries in the ledger, by status."""
    with sqlite3.connect(home / "newsalert.db") as db:
        return dict(db.execute("SELECT status, count(*) FROM deliveries WHERE notifier = 'email' GROUP BY status"))


def test_smtp_down_then_up_deliveries_wait_and_resume_none_lost_none_dead_lettered(kafka_bootstrap: str,
                                                                                      tmp_path: Path):
    smtp = SmtpServer().start()
    p = Pipeline(kafka_bootstrap, tmp_path, NEWSALERT_SMTP_HOST="127.0.0.1", NEWSALERT_SMTP_PORT=str(smtp.port),
                 NEWSALERT_EMAIL_FROM="alerts@newsalert.test", NEWSALERT_MAX_ATTEMPTS="2")
    p.cli("kafka", "start")
    p.cli("subscribe", "tariffs", "--email", RECIPIENT)
    articles = distinct_articles(30, "smtp")
    sender = Sender(p.bootstrap, p.topics.articles)
    try:
        p.start_processor()
        p.start_alerts()
        sender.send(articles[:10])
        wait_for(lambda: len(smtp.received) >= 10, timeout=90, what="the first ten emails")
        smtp.stop()  # the mail server goes away: connections are refused
        down_at = time.monotonic()
        sender.send(articles[10:30])
        assert sender.acknowledged(60) == {a.id for a in articles}
        wait_for(lambda: ledger(tmp_path).get("parked", 0) >= 20, timeout=90,
                 what="the deliveries made during the outage to park")
        assert ledger(tmp_path).get("failed", 0) == 0
        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - down_at)))
        smtp = SmtpServer(port=smtp.port).start()  # back on the same address
        up_at = time.monotonic()
        wait_for(lambda: ledger(tmp_path).get("sent", 0) >= 30, timeout=120, interval=1.0,
                 what="every parked delivery to go through")
        resumed_s = time.monotonic() - up_at
        p.alerts_drained(("email",), timeout=60)
        dead = p.read(p.topics.deliveries_dlq, timeout=3.0)
        statuses = ledger(tmp_path)
    finally:
        sender.close()
        p.stop_all()
        smtp.stop()
    subjects = [m["Subject"] for m in smtp.messages]
    print(f"outage {up_at - down_at:.0f} s; 20 deliveries parked; all sent {resumed_s:.0f} s after the mail "
          f"server answered again; ledger {statuses}")
    assert statuses == {"sent": 30}
    assert dead == []
    assert len(subjects) == 20 and len(set(subjects)) == 20  # the twenty parked ones, each once, after the outage
