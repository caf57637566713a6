"""The subscription database (PostgreSQL) stopped under load and started again: every article alerted once.

The test runs a PostgreSQL server of its own (Debian's binaries, a throw-away data directory, its own port),
so that stopping it disturbs no one else; it needs the binaries and root (the server runs as `postgres`).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest

from tests.support.faults import Sender, alerted_articles, distinct_articles, send_and_wait_for_every_alert
from tests.support.smtp_server import free_port
from tests.support.pipeline import Pipeline, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.faults]

OUTAGE_S = 15.0


class OwnPostgres:
    """initdb + pg_ctl as the `postgres` user on a data directory of its own."""

    def __init__(self) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not bins or os.geteuid() != 0 or not shutil.which("runuser"):
            pytest.skip("needs Debian's PostgreSQL binaries (deploy/postgres/start-local.sh installs them) and root")
        self.bin = Path(bins[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="newsalert-pg-"))  # under /tmp: reachable by `postgres`
        shutil.chown(self.dir, "postgres", "postgres")
        self.port = free_port("127.0.0.1")
        self.url = f"postgresql+psycopg://newsalert@127.0.0.1:{self.port}/newsalert"
        self._as_postgres("initdb", "-D", str(self.dir / "data"), "-U", "newsalert", "--auth=trust", "-E", "UTF8")
        self.start()
        self._as_postgres("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "newsalert", "newsalert")

    def _as_postgres(self, tool: str, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", str(self.bin / tool), *args], check=True,
                       capture_output=True, timeout=120)

    def start(self) -> None:
        self._as_postgres("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w", "-o",
                          f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir}", "start")

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres("pg_ctl", "-D", str(self.dir / "data"), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    server = OwnPostgres()
    try:
        yield server
    finally:
        server.remove()


def test_postgres_restarted_under_load_every_article_alerted_once(kafka_bootstrap: str, tmp_path: Path,
                                                                   own_postgres: OwnPostgres):
    p = Pipeline(kafka_bootstrap, tmp_path, NEWSALERT_DATABASE_URL=own_postgres.url)
    p.cli("kafka", "start")
    p.cli("subscribe", "tariffs", "--console")
    articles = distinct_articles(60, "pg")
    sender = Sender(p.bootstrap, p.topics.articles)
    try:
        p.start_processor()
        p.start_alerts()
        sender.send(articles[:20])
        wait_for(lambda: len(alerted_articles(p.outbox())) >= 20, timeout=90, what="the first alerts")
        own_postgres.stop("immediate")  # as a crash: connections are cut, nothing is flushed politely
        down_at = time.monotonic()
        sender.send(articles[20:40])
        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - down_at)))
        own_postgres.start()
        up_at = time.monotonic()
        acknowledged, caught_up_s = send_and_wait_for_every_alert(
            p, sender, articles[40:], {a.id for a in articles}, since=up_at, timeout=120, interval=1.0)
        p.alerts_drained(timeout=60)
    finally:
        sender.close()
        p.stop_all()
    counts = alerted_articles(p.outbox())
    delivery_ids = [line["delivery_id"] for line in p.outbox()]
    print(f"database down {up_at - down_at:.0f} s; all {len(counts)} alerted {caught_up_s:.0f} s after it answered "
          f"again; {len(delivery_ids)} alert lines")
    assert set(counts) == acknowledged
    assert len(delivery_ids) == len(set(delivery_ids)) and all(n == 1 for n in counts.values())
