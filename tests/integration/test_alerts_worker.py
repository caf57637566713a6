"""The alert stage through the real broker: router + delivery workers, fed EventUpdates on `events`.

These tests drive the stage by its input contract (the `events` topic), so
they do not depend on what the detectors find.
"""

from __future__ import annotations

import collections
import signal
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsalert.kafka import make_producer, send_json
from newsalert.models import EventChange, EventUpdate, TariffAction
from tests.support.pipeline import Pipeline, wait_for

pytestmark = pytest.mark.integration
NOW = datetime(2025, 10, 27, tzinfo=timezone.utc)


def updates(n: int, tag: str) -> list[EventUpdate]:
    out = []
    for i in range(n):
        event = TariffAction(imposer="US", target="China", rate=f"{i + 1}%", goods=f"{tag} goods {i}",
                             status="announced", event_key=f"{tag}-{i}", confidence=0.9, evidence=[f"Sentence {i}."])
        out.append(EventUpdate(update_id=f"{tag}-u{i}", revision=1, event=event, change=EventChange(kind="new"),
                               article_id=f"a{i}", emitted_at=NOW))
    return out


def publish(pipeline: Pipeline, items: list[EventUpdate]) -> None:
    producer = make_producer(pipeline.bootstrap)
    for update in items:
        send_json(producer, pipeline.topics.events, update.event.event_key, update)
    producer.flush()
    producer.close()


@pytest.fixture
def pipeline(kafka_bootstrap: str, tmp_path: Path):
    p = Pipeline(kafka_bootstrap, tmp_path)
    p.cli("kafka", "start")  # creates this namespace's topics on the shared broker
    yield p
    p.stop_all()


def test_each_update_delivered_once_and_filters_apply(pipeline: Pipeline):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        metrics_port = sock.getsockname()[1]
    pipeline.env["NEWSALERT_METRICS_PORT"] = str(metrics_port)
    pipeline.cli("subscribe", "tariffs", "--console")
    pipeline.cli("subscribe", "tariffs", "--console", "--country", "Japan")  # excludes everything here
    pipeline.cli("subscribe", "leader-meetings", "--console")  # other channel: nothing
    items = updates(5, "once")
    publish(pipeline, items)
    pipeline.start_alerts()
    wait_for(lambda: len(pipeline.outbox()) >= 5, timeout=60, what="5 outbox lines")
    publish(pipeline, items)  # the same updates again (a replay): no second alert
    pipeline.alerts_drained()
    lines = pipeline.outbox()
    assert len(lines) == 5
    assert {line["subscription_id"] for line in lines} == {1}
    assert {line["event"]["event_key"] for line in lines} == {u.event.event_key for u in items}
    for line in lines:
        assert set(line) >= {"delivery_id", "notifier", "destination", "subscription_id", "channel", "event", "change", "text"}
        assert line["change"]["kind"] == "new" and "US" in line["text"]
    import httpx

    metrics = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics").text
    assert 'newsalert_deliveries_total{notifier="console",outcome="sent"} 5.0' in metrics
    assert 'newsalert_deliveries_total{notifier="console",outcome="duplicate"} 5.0' in metrics
    assert 'newsalert_routed_updates_total{type="tariff_action"} 10.0' in metrics


@pytest.mark.parametrize("kill_signal", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_restart_mid_stream_loses_nothing(pipeline: Pipeline, kill_signal: int):
    pipeline.cli("subscribe", "tariffs", "--console")
    total = 2000  # enough that the worker is still busy when it is stopped (400 were all sent first once the
    # delivery got faster, issue 9: the stop came too late to prove anything)
    items = updates(total, f"restart{int(kill_signal)}")
    publish(pipeline, items)
    pipeline.start_alerts()
    wait_for(lambda: len(pipeline.outbox()) >= 8, timeout=60, what="the first alerts")
    pipeline.stop("alerts", sig=kill_signal)
    before = len(pipeline.outbox())
    assert before < total, "the worker finished before it could be interrupted; the test proves nothing"
    pipeline.start_alerts("alerts-2")
    wait_for(lambda: len({l["delivery_id"] for l in pipeline.outbox()}) >= total, timeout=120, what="every alert")
    pipeline.alerts_drained()
    counts = collections.Counter(line["delivery_id"] for line in pipeline.outbox())
    repeats = sum(c - 1 for c in counts.values())
    assert len(counts) == total  # none lost
    if kill_signal == signal.SIGTERM:
        assert repeats == 0  # a clean stop repeats nothing
    else:
        assert repeats <= 1  # only the delivery in flight at the kill may repeat
    print(f"restart with {signal.Signals(kill_signal).name}: {total} deliveries, {before} before the stop, {repeats} repeated")


def test_invalid_event_record_goes_to_dlq(pipeline: Pipeline):
    pipeline.cli("subscribe", "tariffs", "--console")
    producer = make_producer(pipeline.bootstrap)
    producer.send(pipeline.topics.events, key=b"bad", value=b'{"not": "an update"}')
    producer.flush()
    publish(pipeline, updates(1, "afterbad"))
    producer.close()
    pipeline.start_alerts()
    wait_for(lambda: len(pipeline.outbox()) >= 1, timeout=60, what="the good update's alert")
    dead = wait_for(lambda: pipeline.read(pipeline.topics.events_dlq), timeout=30, what="a dead letter")
    assert dead[0]["stage"] == "router" and "invalid event update" in dead[0]["reason"]
    assert dead[0]["original"] == '{"not": "an update"}' and dead[0]["source_offset"] is not None
