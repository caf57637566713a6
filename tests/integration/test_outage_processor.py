"""The processor SIGKILLed three times mid-stream: the tracked events equal those of a run without faults.

A run without faults is the processors' own pure functions folded over the articles in the order they
were sent (`detect_candidates` then `merge`, as the `detect` and `track` agents do). The articles come in
three waves, each event once per wave (threatened, the same again from another outlet, then announced with a
date), and each wave is tracked before the next is sent: a fault-free pipeline sees them in that order. The
processor is SIGKILLed in the middle of each wave and started again; what it had done but not committed is
read again, which the event table must absorb (no repeated source, no extra revision, nothing missing).
"""

from __future__ import annotations

import json
import signal
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from newsalert.models import Article
from newsalert.settings import Settings
from processors.app import APP_ID, EVENT_TABLE, detect_candidates
from processors.state import Episodes, base_key, merge
from tests.support.faults import COUNTRIES, Sender
from tests.support.pipeline import Pipeline, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.faults]

EVENTS = 40
PUBLISHED = datetime(2025, 10, 26, 8, tzinfo=timezone.utc)
WAVES = [  # (outlet, hours after PUBLISHED, text): one article per event per wave
    ("Fault Wire", 0, "{a} threatened a 25% tariff on imports from {b}."),
    ("Other Wire", 2, "{a} threatened a 25% tariff on imports from {b}, officials said."),
    ("Third Wire", 20, "{a} announced a 25% tariff on imports from {b}, effective November 1."),
]


def wave_articles(wave: int) -> list[Article]:
    outlet, hours, text = WAVES[wave]
    pairs = [(a, b) for a in COUNTRIES for b in COUNTRIES if a != b][:EVENTS]
    return [Article(id=f"kill-{wave}-{i:02d}", title=f"{a} tariff on {b}", source=outlet,
                    published=PUBLISHED + timedelta(hours=hours), text=text.format(a=a, b=b))
            for i, (a, b) in enumerate(pairs)]


def projection(episodes: list[Episodes]) -> dict[str, dict[str, Any]]:
    """What an operator means by the tracked events: each event's identity, revision, believed slots and
    sources (as a set), and whether it was alerted. Times of processing are left out."""
    events: dict[str, dict[str, Any]] = {}
    for state in episodes:
        for tracked in state.events:
            event = tracked.event.model_dump(mode="json", exclude={"sources", "evidence", "confidence"})
            events[tracked.event.event_key] = dict(
                event, revision=tracked.revision, alerted=tracked.alerted, held=sorted(tracked.pending),
                sources=sorted(s.article_id for s in tracked.event.sources))
    return events


def fault_free(articles: list[Article], settings: Settings) -> dict[str, dict[str, Any]]:
    table: dict[str, Episodes] = {}
    now = datetime.now(timezone.utc)
    for article in articles:
        for candidate in detect_candidates(article):
            key = base_key(candidate.event)
            table[key], _ = merge(table.get(key), candidate.event, candidate.source, now=now,
                                  budget=settings.alert_budget)
    return projection(list(table.values()))


def tracked_events(p: Pipeline) -> dict[str, dict[str, Any]]:
    """The event table as the processors left it: the last value of each key on its changelog topic."""
    from kafka import KafkaConsumer, TopicPartition

    topic = f"{p.topics.group(APP_ID)}-{EVENT_TABLE}-changelog"
    consumer = KafkaConsumer(bootstrap_servers=p.bootstrap, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, n) for n in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        latest: dict[bytes, bytes] = {}
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            for records in consumer.poll(timeout_ms=2000).values():
                for record in records:
                    latest[record.key] = record.value
    finally:
        consumer.close()
    return projection([Episodes.model_validate_json(value) for value in latest.values() if value])


def tracked_of_wave(p: Pipeline, wave: int) -> int:
    return sum(1 for line in p.log("processor").splitlines()
               if "candidate tracked" in line and f"article_id=kill-{wave}-" in line)


def test_processor_killed_three_times_mid_stream_tracks_what_a_fault_free_run_tracks(kafka_bootstrap: str,
                                                                                      tmp_path: Path):
    # DEBUG: the per-record lines this test counts ("article processed", "candidate tracked") are DEBUG lines
    p = Pipeline(kafka_bootstrap, tmp_path, NEWSALERT_LOG_LEVEL="DEBUG")
    p.cli("kafka", "start")
    sender = Sender(p.bootstrap, p.topics.articles)
    sent: list[Article] = []
    kills = 0
    try:
        p.start_processor()
        for wave in range(len(WAVES)):
            articles = wave_articles(wave)
            half = len(articles) // 2
            sender.send(articles[:half])
            # mid-stream: some of the wave tracked, some of it in flight in the processor
            wait_for(lambda: tracked_of_wave(p, wave) >= 5, timeout=90, what="the processor to track part of the wave")
            assert p.stop("processor", signal.SIGKILL, timeout=10) == -signal.SIGKILL
            kills += 1
            sender.send(articles[half:])
            with open(tmp_path / "processor.log", "a") as log:  # the restarted processor logs on after it
                log.write(f"--- SIGKILL {kills} ---\n")
            p.start_processor()
            sent += articles
            assert sender.acknowledged(60) >= {a.id for a in articles}
            p.processor_drained(timeout=120)  # the wave is tracked before the next one is sent
        expected = fault_free(sent, p.settings)
        actual = tracked_events(p)
    finally:
        sender.close()
        p.stop_all()
    assert len(expected) == EVENTS and all(e["status"] == "announced" and e["revision"] == 2 for e in expected.values())
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    differ = sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k])
    repeats = sum(1 for line in p.log("processor").splitlines()
                  if "candidate tracked" in line and "known=True" in line and "updates=0" in line)
    print(f"{kills} SIGKILLs, {len(actual)} tracked events, {repeats} candidates read again and absorbed")
    assert not missing and not extra, f"missing {missing[:5]}, extra {extra[:5]}"
    assert not differ, json.dumps({"expected": expected[differ[0]], "actual": actual[differ[0]]}, indent=1)
