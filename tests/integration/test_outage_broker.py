"""The broker SIGKILLed under load and started again ~12 s later: every acknowledged article alerted once.

The test has a broker of its own (the project's localkafka on a separate home) so that it can kill it;
`newsalert run` points at it through NEWSALERT_KAFKA_BOOTSTRAP, as with an external cluster, so the
outage is the operator's to end (`newsalert kafka start`), as in issue 13.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from newsalert import localkafka
from newsalert.settings import Settings
from tests.support.faults import RunProcess, Sender, alerted_articles, distinct_articles, pid_alive
from tests.support.pipeline import Pipeline, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.faults]

OUTAGE_S = 12.0  # longer than the consumers' 10 s session timeout: their membership expires


@pytest.fixture
def own_broker(tmp_path: Path):
    if os.environ.get("NEWSALERT_KAFKA_BOOTSTRAP") or os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        pytest.skip("an external cluster is configured: this test needs a local broker it may kill")
    settings = Settings(home=tmp_path / "broker-home", topic_partitions=3)
    bootstrap = localkafka.start(settings, wait_s=120)
    yield settings, bootstrap
    localkafka.stop(settings)


def test_broker_killed_under_load_every_acknowledged_article_alerted_once(own_broker, tmp_path: Path):
    broker_settings, bootstrap = own_broker
    home = tmp_path / "home"
    home.mkdir()
    p = Pipeline(bootstrap, home)
    run = RunProcess(p.env, home, "--no-samples")
    articles = distinct_articles(120, "outage")
    sender = Sender(bootstrap, p.topics.articles)
    try:
        wait_for(lambda: "stages started" in run.output(), timeout=60, what="run to start its stages")
        sender.send(articles[:20])
        # every stage has joined its group and works: the outage hits a pipeline in its steady state
        wait_for(lambda: alerted_articles(p.outbox()), timeout=60, what="the first alert")
        sender.send(articles[20:40])  # then the broker dies with these in flight in every stage
        pid = localkafka.running_pid(broker_settings)
        assert pid_alive(pid)
        os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        sender.send(articles[40:80])  # sent during the outage: the producer holds and retries them
        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - killed_at)))
        assert localkafka.start(broker_settings, wait_s=90) == bootstrap  # same ports, same data
        back_at = time.monotonic()
        sender.send(articles[80:])
        acknowledged = sender.acknowledged(90)
        assert len(acknowledged) >= 80, f"only {len(acknowledged)} of 120 acknowledged"

        def all_alerted() -> bool:
            assert run.process.poll() is None, "run stopped:\n" + run.output()[-3000:]
            return set(alerted_articles(p.outbox())) >= acknowledged

        wait_for(all_alerted, timeout=120, interval=1.0, what="an alert for every acknowledged article")
        caught_up_s = time.monotonic() - back_at
        p.alerts_drained(timeout=60)
        counts = alerted_articles(p.outbox())
        delivery_ids = [line["delivery_id"] for line in p.outbox()]
    finally:
        sender.close()
        code = run.stop(signal.SIGINT)
        run.kill_leftovers()
    output = run.output()
    print(f"articles acknowledged {len(acknowledged)}/120, alerted {len(counts)}, alert lines {len(delivery_ids)}, "
          f"all alerted {caught_up_s:.0f}s after the broker answered again; run said:\n" + "\n".join(
              line for line in output.splitlines() if "stage" in line))
    assert set(counts) >= acknowledged  # nothing acknowledged is lost
    assert set(counts) <= {a.id for a in articles}
    assert len(delivery_ids) == len(set(delivery_ids))  # the ledger absorbed every repeat
    assert all(n == 1 for n in counts.values())
    # the alert workers ride through the outage by themselves; only a faust crash may need a restart
    assert "alerts stage exited" not in output
    assert code == 0 and "stopped cleanly" in output
