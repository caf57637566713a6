"""The local Kafka broker (newsalert.localkafka) against a real broker: topics, round trip, lifecycle."""

from __future__ import annotations

import socket
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newsalert import localkafka
from newsalert.settings import Settings
from newsalert.topics import ALL_TOPICS

from tests.integration.conftest_broker_fixture import session_settings, start_session_broker, stop_session_broker

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, str]]:
    # The lead will provide a session-scoped `kafka_bootstrap` in tests/conftest.py built on the same helpers.
    settings, bootstrap = start_session_broker(tmp_path_factory.mktemp("home-a"))
    yield settings, bootstrap
    stop_session_broker(settings)


@pytest.fixture
def admin(broker: tuple[Settings, str]) -> Iterator[object]:
    from kafka.admin import KafkaAdminClient

    client = KafkaAdminClient(bootstrap_servers=broker[1], request_timeout_ms=10000)
    yield client
    client.close()


def _local_only(settings: Settings) -> None:
    if settings.kafka_bootstrap:
        pytest.skip("an external cluster is configured: the local broker lifecycle is not under test")


def test_topics_exist_with_partitions(broker: tuple[Settings, str], admin) -> None:
    settings, _ = broker
    topics = set(admin.list_topics())
    wanted = settings.topics.all()
    assert len(wanted) == len(ALL_TOPICS)
    assert set(wanted) <= topics
    for described in admin.describe_topics(list(wanted)):
        assert described["error_code"] == 0, described
        assert len(described["partitions"]) == settings.topic_partitions, described["name"]


def test_create_topics_is_idempotent(broker: tuple[Settings, str], admin) -> None:
    _, bootstrap = broker
    assert localkafka.create_topics(bootstrap, 3, broker[0].topics.all()) == []  # all exist already
    name = f"test.idem.{uuid.uuid4().hex[:8]}"
    assert localkafka.create_topics(bootstrap, 2, names=[name]) == [name]
    assert localkafka.create_topics(bootstrap, 2, names=[name]) == []
    (described,) = admin.describe_topics([name])
    assert len(described["partitions"]) == 2


def test_round_trip_kafka_python(broker: tuple[Settings, str]) -> None:
    from kafka import KafkaConsumer, KafkaProducer, TopicPartition

    settings, bootstrap = broker
    topic = settings.topics.articles
    tag = uuid.uuid4().hex
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    sent = {f"{tag}-{i}".encode() for i in range(20)}
    futures = [producer.send(topic, key=f"k{i}".encode(), value=value) for i, value in enumerate(sorted(sent))]
    producer.flush()
    for future in futures:
        future.get(timeout=10)
    producer.close()

    group = f"test-{tag}"
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=15000,
    )
    received = set()
    for message in consumer:
        if message.value in sent:
            received.add(message.value)
        if received == sent:
            break
    consumer.commit()
    committed = [consumer.committed(TopicPartition(topic, p)) for p in consumer.partitions_for_topic(topic)]
    consumer.close()
    assert received == sent
    assert all(offset is not None for offset in committed)


def test_status_reports_running(broker: tuple[Settings, str]) -> None:
    settings, bootstrap = broker
    _local_only(settings)
    info = localkafka.status(settings)
    assert info["running"] is True
    assert info["answering"] is True
    assert info["bootstrap"] == bootstrap
    assert isinstance(info["pid"], int)
    assert info["version"] == settings.kafka_version
    assert Path(info["home"]) == settings.home_dir / "kafka"


def test_start_again_returns_same_broker(broker: tuple[Settings, str]) -> None:
    settings, bootstrap = broker
    _local_only(settings)
    pid = localkafka.status(settings)["pid"]
    assert localkafka.start(settings) == bootstrap
    assert localkafka.status(settings)["pid"] == pid
    assert localkafka.bootstrap_servers(settings, start_if_needed=False) == bootstrap


def test_second_home_gets_own_broker_and_stop_stops_it(
    broker: tuple[Settings, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    settings_a, bootstrap_a = broker
    _local_only(settings_a)
    settings_b = session_settings(tmp_path_factory.mktemp("home-b"))
    try:
        bootstrap_b = localkafka.start(settings_b)
        assert bootstrap_b != bootstrap_a
        info_b = localkafka.status(settings_b)
        assert info_b["running"] and info_b["pid"] != localkafka.status(settings_a)["pid"]
        assert set(info_b["ports"].values()).isdisjoint(localkafka.status(settings_a)["ports"].values())
    finally:
        stopped = localkafka.stop(settings_b)
    assert stopped is True
    info_b = localkafka.status(settings_b)
    assert info_b["running"] is False and info_b["pid"] is None
    port = int(bootstrap_b.rsplit(":", 1)[1])
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    assert localkafka.stop(settings_b) is False  # nothing left to stop
    with pytest.raises(localkafka.KafkaError):
        localkafka.bootstrap_servers(settings_b, start_if_needed=False)
    # broker A is untouched
    assert localkafka.status(settings_a)["answering"] is True


def test_restart_keeps_ports_and_data(tmp_path_factory: pytest.TempPathFactory, broker: tuple[Settings, str]) -> None:
    _local_only(broker[0])
    settings = session_settings(tmp_path_factory.mktemp("home-c"))
    name = f"test.keep.{uuid.uuid4().hex[:8]}"
    try:
        first = localkafka.start(settings)
        localkafka.create_topics(first, 1, names=[name])
        assert localkafka.stop(settings)
        second = localkafka.start(settings)
        assert second == first
        assert localkafka.create_topics(second, 1, names=[name]) == []  # the topic survived the restart
    finally:
        localkafka.stop(settings)


def test_stage_consumers_batch_under_load_and_keep_every_record(broker: tuple[Settings, str]) -> None:
    """make_consumer's fetch policy (newsalert.kafka) hooks into the pinned kafka-python: a steady stream below
    the busy rate and a burst above it both arrive whole, in order per partition, through polls."""
    from newsalert import kafka

    settings, bootstrap = broker
    topic = f"fetch-policy-{uuid.uuid4().hex[:8]}"
    localkafka.create_topics(bootstrap, 3, [topic])
    consumer = kafka.make_consumer(bootstrap, f"test-{topic}", [topic])
    assert consumer._fetcher._create_fetch_requests.__name__ == "create_fetch_requests"
    producer = kafka.make_producer(bootstrap)
    received: list[bytes] = []

    def drain(expected: int, timeout_s: float = 30.0) -> None:
        import time

        deadline = time.monotonic() + timeout_s
        while len(received) < expected and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=200).values():
                received.extend(r.value for r in records)

    try:
        sent = [f"{i:04d}".encode() for i in range(600)]
        for value in sent[:20]:  # below the busy rate
            producer.send(topic, key=value[-1:], value=value)
            producer.flush()
        drain(20)
        for value in sent[20:]:  # a burst: the fetches wait for more, nothing is lost
            producer.send(topic, key=value[-1:], value=value)
        producer.flush()
        drain(len(sent))
        assert consumer._fetcher.config["fetch_min_bytes"] in (1, kafka.BUSY_MIN_BYTES)
    finally:
        kafka.close_quietly(consumer, producer)
    assert sorted(received) == sent
    by_key: dict[bytes, list[bytes]] = {}
    for value in received:
        by_key.setdefault(value[-1:], []).append(value)
    assert all(values == sorted(values) for values in by_key.values())  # one key, one partition: in order
