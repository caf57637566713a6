"""Read the tracked events back from the event table's changelog (for `newsalert events`)."""

from __future__ import annotations

from datetime import datetime

from kafka import KafkaConsumer, TopicPartition

from newsalert.settings import Settings
from processors.app import changelog_topic_name
from processors.state import Episodes, TrackedEvent


def changelog_topic(settings: Settings) -> str:
    return changelog_topic_name(settings)


def tracked_events(settings: Settings, bootstrap: str, timeout_s: float = 10.0) -> list[TrackedEvent]:
    """The latest state of every tracked event (the changelog compacts to the last value per key)."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                             consumer_timeout_ms=int(timeout_s * 1000))
    latest: dict[bytes, bytes | None] = {}
    try:
        topic = changelog_topic(settings)
        tps = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or set()]
        if not tps:
            return []
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        remaining = {tp for tp in tps if ends[tp] > 0}
        while remaining:
            batch = consumer.poll(timeout_ms=int(timeout_s * 1000))
            if not batch:
                break
            for tp, records in batch.items():
                for record in records:
                    latest[record.key] = record.value
                if consumer.position(tp) >= ends[tp]:
                    remaining.discard(tp)
    finally:
        consumer.close()
    events = []
    for raw in latest.values():
        if raw:
            events.extend(Episodes.model_validate_json(raw).events)
    return sorted(events, key=lambda t: t.last_seen, reverse=True)


def select(events: list[TrackedEvent], *, event_type: str | None, since: datetime | None) -> list[TrackedEvent]:
    out = []
    for tracked in events:
        if event_type and tracked.event.type != event_type:
            continue
        if since and tracked.last_seen < since:
            continue
        out.append(tracked)
    return out
