"""kafka-python clients configured the way every stage needs them."""

from __future__ import annotations

import json
from typing import Any, Iterable

from kafka import KafkaConsumer, KafkaProducer
from pydantic import BaseModel

from newsalert import topics
from newsalert.models import DeadLetter


def encode(model: BaseModel) -> bytes:
    return model.model_dump_json().encode("utf-8")


def make_producer(bootstrap: str, **overrides: Any) -> KafkaProducer:
    """An idempotent producer: acks from all in-sync replicas, no duplicates on retry."""
    config: dict[str, Any] = dict(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        retries=5,
        max_in_flight_requests_per_connection=5,
        client_id="newsalert",
    )
    config.update(overrides)
    return KafkaProducer(**config)


def make_consumer(bootstrap: str, group_id: str, subscribe: Iterable[str], **overrides: Any) -> KafkaConsumer:
    """A consumer that commits only when told to (after its effects are done)."""
    config: dict[str, Any] = dict(
        bootstrap_servers=bootstrap,
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=50,
        client_id=group_id,
        # a worker killed with SIGKILL leaves the group after 10 s, not 45 s: its partitions move on quickly
        session_timeout_ms=10_000,
        heartbeat_interval_ms=3_000,
    )
    config.update(overrides)
    consumer = KafkaConsumer(**config)
    consumer.subscribe(list(subscribe))
    return consumer


def dead_letter(
    stage: str,
    reason: str,
    raw: bytes | None,
    *,
    key: bytes | None = None,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
) -> DeadLetter:
    return DeadLetter(
        stage=stage,
        reason=reason[:2000],
        source_topic=topic,
        source_partition=partition,
        source_offset=offset,
        original=(raw or b"").decode("utf-8", errors="replace"),
        original_key=key.decode("utf-8", errors="replace") if key else None,
    )


def send_json(producer: KafkaProducer, topic: str, key: str | None, model: BaseModel) -> Any:
    return producer.send(topic, key=key.encode("utf-8") if key is not None else None, value=encode(model))


def read_all(bootstrap: str, topic: str, timeout_s: float = 5.0) -> list[dict[str, Any]]:
    """Every JSON record of a topic, from the start, without a group (for tools and tests)."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        consumer_timeout_ms=int(timeout_s * 1000),
        group_id=None,
    )
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        from kafka import TopicPartition

        tps = [TopicPartition(topic, p) for p in partitions]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        out: list[dict[str, Any]] = []
        if not any(ends.values()):
            return out
        for message in consumer:
            try:
                out.append(json.loads(message.value))
            except (ValueError, TypeError):
                out.append({"_raw": message.value.decode("utf-8", "replace")})
            if all(consumer.position(tp) >= ends[tp] for tp in tps):
                break
        return out
    finally:
        consumer.close()


__all__ = ["make_producer", "make_consumer", "dead_letter", "send_json", "read_all", "topics"]


def group_lag(bootstrap: str, group: str, topic: str) -> int:
    """Records of `topic` that consumer group `group` has not committed yet (read without joining it)."""
    from kafka import TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    try:
        tps = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or set()]
        ends = consumer.end_offsets(tps)
        return sum(max(0, ends[tp] - (consumer.committed(tp) or 0)) for tp in tps)
    finally:
        consumer.close(autocommit=False)


def wait_consumed(bootstrap: str, group: str, topic: str, timeout_s: float) -> bool:
    """Wait until the group has committed everything in the topic; False on timeout."""
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if group_lag(bootstrap, group, topic) == 0:
            return True
        time.sleep(0.3)
    return False
