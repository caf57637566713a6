"""The tracked-events table on disk (NEWSALERT_TABLE_STORE=rocksdb, the default), through the real broker and
the real `newsalert processor`: a restarted processor keeps its table from its folder and tracks on from it;
a folder whose topics are gone from the broker is rebuilt, not trusted; two processors of one home each get
their own folder."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from processors.app import EVENT_TABLE, changelog_topic_name
from processors.state import Episodes
from processors.store import OFFSET_KEY, partition_dbs, persisted_offsets
from tests.support.pipeline import Pipeline, wait_for

pytestmark = pytest.mark.integration
ARTICLES = Path(__file__).parent / "articles"


def produce(p: Pipeline, *names: str) -> None:
    for name in names:  # one at a time: the order of publication is the order of the story
        p.cli("produce", str(ARTICLES / name))
        p.processor_drained()


def changelog_ends(p: Pipeline) -> dict[int, int]:
    from kafka import KafkaConsumer, TopicPartition

    topic = changelog_topic_name(p.settings)
    consumer = KafkaConsumer(bootstrap_servers=p.bootstrap, group_id=None, enable_auto_commit=False)
    try:
        tps = [TopicPartition(topic, n) for n in consumer.partitions_for_topic(topic) or ()]
        return {tp.partition: end for tp, end in consumer.end_offsets(tps).items()}
    finally:
        consumer.close()


def disk_table(folder: Path) -> dict[bytes, Episodes]:
    """Every key the folder's partition databases hold (read with the processor stopped)."""
    import rocksdict

    out = {}
    for path in partition_dbs(folder, EVENT_TABLE).values():
        db = rocksdict.Rdict(str(path), options=rocksdict.Options(raw_mode=True),
                                 access_type=rocksdict.AccessType.read_only())
        try:
            for key, value in db.items():
                if key != OFFSET_KEY:
                    out[key] = Episodes.model_validate_json(value)
        finally:
            db.close()
    return out


def group_members(p: Pipeline) -> int:
    """Members of the processors' consumer group once it is stable (0 while it rebalances)."""
    from kafka.admin import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=p.bootstrap)
    try:
        name = p.topics.group("newsalert-processors")
        group = admin.describe_groups([name])[name]
    finally:
        admin.close()
    return len(group["members"]) if group["group_state"] == "Stable" else 0


def tariff_updates(p: Pipeline) -> list[dict]:
    return [u for u in p.read(p.topics.events) if u["event"]["type"] == "tariff_action"]


def test_a_restarted_processor_keeps_its_table_on_disk_and_tracks_on_from_it(kafka_bootstrap: str, tmp_path: Path):
    p = Pipeline(kafka_bootstrap, tmp_path)
    folder = tmp_path / "faust" / "instance-0"
    p.cli("kafka", "start")  # this namespace's topics
    try:
        p.start_processor()
        produce(p, "a1.json", "a2.json", "a3.json")
        # the changelog's acknowledgements reach the disk a moment after the commit
        wait_for(lambda: {k: v + 1 for k, v in persisted_offsets(folder, EVENT_TABLE).items() if v is not None}
                 == {k: v for k, v in changelog_ends(p).items() if v}, timeout=30,
                 what="the disk to hold the whole changelog")
        assert p.stop("processor", signal.SIGTERM) is not None
        on_disk = disk_table(folder)
        tariffs = [t for e in on_disk.values() for t in e.events if t.event.type == "tariff_action"]
        assert len(tariffs) == 1 and len(tariffs[0].event.sources) == 3  # three outlets, one event, on disk

        p.start_processor()
        produce(p, "a4.json")  # the delay: an update of the event the disk remembers, not a new event
        updates = tariff_updates(p)
        log = p.log("processor")
    finally:
        p.stop_all()
    assert [u["change"]["kind"] for u in updates] == ["new", "changed"], updates
    delay = updates[1]
    assert delay["event"]["event_key"] == updates[0]["event"]["event_key"]
    assert delay["change"]["fields"]["effective_date"]["new"] == "2025-12-01"
    assert len(delay["event"]["sources"]) == 4
    assert "rebuilt from the changelog" not in log  # the folder matched the broker: kept


def test_a_folder_whose_topics_are_gone_is_rebuilt_not_trusted(kafka_bootstrap: str, tmp_path: Path):
    """As a home moved to a new scratch broker: the changelog the folder came from no longer exists. Kept, the
    folder would hold the event already, and the same article again would alert nothing."""
    from kafka.admin import KafkaAdminClient

    p = Pipeline(kafka_bootstrap, tmp_path)
    folder = tmp_path / "faust" / "instance-0"
    p.cli("kafka", "start")  # this namespace's topics
    try:
        p.start_processor()
        produce(p, "a1.json")
        wait_for(lambda: any(v is not None for v in persisted_offsets(folder, EVENT_TABLE).values()), timeout=30,
                 what="the event on disk")
        p.stop("processor")
        assert len(disk_table(folder)) == 1
        admin = KafkaAdminClient(bootstrap_servers=kafka_bootstrap)
        try:
            ours = [t for t in admin.list_topics() if t.startswith(p.prefix)]
            admin.delete_topics(ours)
            wait_for(lambda: not [t for t in admin.list_topics() if t.startswith(p.prefix)], timeout=60,
                     what="the topics to be deleted")
        finally:
            admin.close()
        time.sleep(2)  # the broker's metadata settles before topics of the same names are created again
        p.cli("kafka", "start")

        p.start_processor()
        wait_for(lambda: "rebuilt from the changelog" in p.log("processor"), timeout=60, what="the rebuild line")
        produce(p, "a1.json")
        updates = tariff_updates(p)
        log = p.log("processor")
    finally:
        p.stop_all()
    assert "the changelog topic is not on the broker" in log
    assert [u["change"]["kind"] for u in updates] == ["new"], updates  # tracked afresh: alerted again


def test_two_processors_on_one_home_get_their_own_folders(kafka_bootstrap: str, tmp_path: Path):
    p = Pipeline(kafka_bootstrap, tmp_path)
    p.cli("kafka", "start")
    try:
        p.start("processor-a", "processor")
        wait_for(lambda: "event table on disk" in p.log("processor-a"), timeout=60, what="the first folder")
        p.start("processor-b", "processor")
        wait_for(lambda: "event table on disk" in p.log("processor-b"), timeout=60, what="the second folder")
        # both in the group before any article: a rebalance in the middle of the first records is the fault
        # suite's subject (test_outage_scale), not this test's
        wait_for(lambda: group_members(p) == 2, timeout=60, what="both processors in the group")
        time.sleep(3)  # the table's recovery after the rebalance
        for name in ("a1.json", "a2.json", "m1.json"):
            p.cli("produce", str(ARTICLES / name))
        p.processor_drained(timeout=120)
        updates = p.read(p.topics.events)
        logs = p.log("processor-a"), p.log("processor-b")
        p.assert_alive()
    finally:
        p.stop_all()
    assert "instance-0" in logs[0] and "instance-1" in logs[1]
    assert "instance-1" not in logs[0] and "instance-0" not in logs[1]
    assert sorted(u["event"]["type"] for u in updates) == ["leader_meeting", "tariff_action"]


def changelog_records(p: Pipeline) -> list[tuple[bytes, bytes | None]]:
    """Every record of the event table's changelog, tombstones included, in partition order."""
    from kafka import KafkaConsumer, TopicPartition

    topic = changelog_topic_name(p.settings)
    consumer = KafkaConsumer(bootstrap_servers=p.bootstrap, group_id=None, enable_auto_commit=False)
    out: list[tuple[bytes, bytes | None]] = []
    try:
        tps = [TopicPartition(topic, n) for n in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        while any(consumer.position(tp) < end[tp] for tp in tps):
            for records in consumer.poll(timeout_ms=2000).values():
                out += [(r.key, r.value) for r in records]
    finally:
        consumer.close()
    return out


def test_the_minute_timer_drops_keys_past_the_retention_with_a_tombstone(kafka_bootstrap: str, tmp_path: Path):
    """A key no article names again: the tariff of 10 September, 54 days before the meeting article of
    3 November, with a retention of 30 days. Left to the per-write pruning it would stay forever."""
    p = Pipeline(kafka_bootstrap, tmp_path, NEWSALERT_EVENT_RETENTION_DAYS="30", NEWSALERT_REMINDER_CHECK_INTERVAL="2")
    folder = tmp_path / "faust" / "instance-0"
    p.cli("kafka", "start")
    try:
        p.start_processor()
        produce(p, "a1.json", "m1.json")
        tariff_key = b"tariff_action:mexico|china"
        wait_for(lambda: (tariff_key, None) in changelog_records(p), timeout=60, what="the tariff key's tombstone")
        wait_for(lambda: tariff_key not in disk_table(folder), timeout=30, what="the tariff key gone from disk")
        kept = disk_table(folder)
        log = p.log("processor")
    finally:
        p.stop_all()
    assert [k for k in kept] == [b"leader_meeting:japan|south korea"]  # 3 November: within the retention
    assert "tracked events past retention dropped" in log
