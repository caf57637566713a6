"""The subscription database (the default SQLite file) held locked under load: every article alerted once.

Issue 13 (point 3): another process holds `$NEWSALERT_HOME/newsalert.db` with `BEGIN EXCLUSIVE` for longer
than the stages' busy timeout (30 s), as a long manual transaction or a backup would. The database is in WAL
mode, so reads go on and every write waits: the delivery workers' ledger writes block, then fail with
`database is locked`, which must be ridden through like an outage (back off, read the batch again) - no stage
exits, nothing is dead-lettered, nothing is lost or sent twice.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.faults import Sender, alerted_articles, distinct_articles, send_and_wait_for_every_alert
from tests.support.pipeline import Pipeline, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.faults]

LOCK_S = 35.0  # longer than the stages' busy timeout (30 s): a writer that waited gets `database is locked`

# another process: takes the write lock (waiting for a stage's transaction in flight), says so, holds it, lets go
LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("ROLLBACK")
db.close()
print("released", flush=True)
"""


def test_sqlite_locked_under_load_every_article_alerted_once(kafka_bootstrap: str, tmp_path: Path):
    p = Pipeline(kafka_bootstrap, tmp_path)  # the default store: SQLite in the home
    p.cli("kafka", "start")
    p.cli("subscribe", "tariffs", "--console")
    articles = distinct_articles(60, "lock")
    sender = Sender(p.bootstrap, p.topics.articles)
    locker: subprocess.Popen[str] | None = None
    try:
        p.start_processor()
        p.start_alerts()
        sender.send(articles[:20])
        wait_for(lambda: len(alerted_articles(p.outbox())) >= 20, timeout=90, what="the first alerts")
        locker = subprocess.Popen([sys.executable, "-c", LOCKER, str(tmp_path / "newsalert.db"), str(LOCK_S)],
                                  stdout=subprocess.PIPE, text=True)
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        locked_at = time.monotonic()
        sender.send(articles[20:40])
        assert locker.stdout.readline().strip() == "released"
        released_at = time.monotonic()
        assert locker.wait(timeout=10) == 0
        during = len(alerted_articles(p.outbox()))  # alerted while the ledger could not be written
        acknowledged, caught_up_s = send_and_wait_for_every_alert(
            p, sender, articles[40:], {a.id for a in articles}, since=released_at, timeout=90, interval=0.5)
        p.alerts_drained(timeout=60)
        dead = p.read(p.topics.deliveries_dlq, timeout=3.0) + p.read(p.topics.events_dlq, timeout=3.0)
        log = p.log("alerts")
    finally:
        if locker is not None and locker.poll() is None:
            locker.kill()
            locker.wait(timeout=10)
        sender.close()
        p.stop_all()
    counts = alerted_articles(p.outbox())
    delivery_ids = [line["delivery_id"] for line in p.outbox()]
    print(f"database locked {released_at - locked_at:.0f} s; {during} of 60 alerted by the end of the lock; all "
          f"{len(counts)} alerted {caught_up_s:.1f} s after it was released; {len(delivery_ids)} alert lines; "
          f"'database is locked' in the alerts log {log.count('database is locked')} times")
    assert dead == []
    assert set(counts) == acknowledged
    assert len(delivery_ids) == len(set(delivery_ids)) and all(n == 1 for n in counts.values())
