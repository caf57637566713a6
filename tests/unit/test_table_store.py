"""processors/store.py without a broker: the NEWSALERT_TABLE_STORE setting, one locked folder per processor,
the stale-folder rules, and the store whose writes reach RocksDB only after the changelog's acknowledgement
(a real faust app and real RocksDB databases in a temporary folder)."""

from __future__ import annotations

import subprocess
import sys
import weakref
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import faust
import pytest
import rocksdict
from faust.streams import _current_event
from pydantic import ValidationError

from newsalert.settings import Settings, parse_table_store
from processors.state import Episodes, newest_seen
from processors.store import (
    OFFSET_KEY,
    UNREADABLE,
    AckedRocksDBStore,
    AckedTable,
    BrokerFacts,
    claim_instance_dir,
    partition_dbs,
    persisted_offsets,
    register,
    stale_reason,
    store_url,
)
from tests.unit.test_state_retention import src, tariff

REPO = Path(__file__).resolve().parents[2]

# ------------------------------------------------------------------ the setting


def test_table_store_setting_defaults_to_rocksdb_and_accepts_both_spellings(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NEWSALERT_TABLE_STORE", raising=False)
    assert Settings().table_store == "rocksdb"
    monkeypatch.setenv("NEWSALERT_TABLE_STORE", "memory://")
    assert Settings().table_store == "memory"
    assert parse_table_store(" RocksDB ") == "rocksdb"
    assert store_url("memory") == "memory://" and store_url("rocksdb") == "newsalert-rocksdb://"


def test_a_bad_table_store_is_refused_naming_the_accepted_values(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NEWSALERT_TABLE_STORE", "redis")
    with pytest.raises(ValidationError) as error:
        Settings()
    assert "NEWSALERT_TABLE_STORE='redis'" in str(error.value) and "rocksdb, memory" in str(error.value)


# ------------------------------------------------------------------ a folder per instance


def test_each_claim_gets_its_own_folder_and_a_released_one_is_taken_again(tmp_path: Path):
    first = claim_instance_dir(tmp_path)
    second = claim_instance_dir(tmp_path)
    assert (first.path.name, second.path.name) == ("instance-0", "instance-1")
    first.release()
    third = claim_instance_dir(tmp_path)
    assert third.path.name == "instance-0"
    second.release()
    third.release()


def test_a_folder_held_by_another_process_is_not_taken(tmp_path: Path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from processors.store import "
         "claim_instance_dir; held = claim_instance_dir(Path(sys.argv[1])); print(held.path.name, flush=True); "
         "time.sleep(60)",
         str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "instance-0"
        mine = claim_instance_dir(tmp_path)
        assert mine.path.name == "instance-1"
        mine.release()
    finally:
        holder.kill()
        holder.wait()
    again = claim_instance_dir(tmp_path)  # the holder is gone: its lock went with it
    assert again.path.name == "instance-0"
    again.release()


# ------------------------------------------------------------------ stale state

RECORDED = {"cluster_id": "C1", "topic_id": "T1"}
BROKER = BrokerFacts(cluster_id="C1", topic_id="T1", end_offsets={0: 10, 1: 5, 2: 0})


@pytest.mark.parametrize("recorded, broker, persisted, expected", [
    (None, BROKER, {}, None),  # nothing on disk
    (RECORDED, BROKER, {0: 9, 1: 4, 2: None}, None),  # a prefix of the changelog
    (RECORDED, BROKER, {0: 3}, None),  # behind the changelog: faust reads the rest
    ({"cluster_id": "C1", "topic_id": None}, BROKER, {0: 9}, None),  # the topic was created after the first start
    (None, BROKER, {0: 9}, "does not say which broker"),
    ({"cluster_id": "C0", "topic_id": "T1"}, BROKER, {0: 9}, "another cluster"),
    (RECORDED, BrokerFacts("C1", None, {}), {0: 9}, "not on the broker"),
    (RECORDED, BrokerFacts("C1", "T2", {0: 10}), {0: 9}, "recreated"),
    (RECORDED, BrokerFacts("C1", "T1", {0: 10}), {0: 9, 3: 1}, "partition 3 is not on the broker"),
    (RECORDED, BROKER, {0: 10}, "ends at offset 10, the state holds offset 10"),
    (RECORDED, BROKER, {2: 0}, "ends at offset 0"),  # an emptied (recreated) partition
    (RECORDED, BROKER, {1: UNREADABLE}, "cannot be opened"),
])
def test_stale_reason(recorded, broker, persisted, expected):
    reason = stale_reason(recorded, broker, persisted)
    if expected is None:
        assert reason is None
    else:
        assert reason is not None and expected in reason


def test_persisted_offsets_read_faust_s_offset_key_of_each_partition_database(tmp_path: Path):
    for partition, offset in ((0, b"41"), (2, None)):
        db = rocksdict.Rdict(str(tmp_path / f"tracked-events-{partition}.db"), options=rocksdict.Options(raw_mode=True))
        db[b"key"] = b"value"
        if offset is not None:
            db[OFFSET_KEY] = offset
        db.close()
    (tmp_path / "tracked-events-backups").mkdir()  # faust's, not a partition
    (tmp_path / "tracked-events-x.db").mkdir()
    assert sorted(partition_dbs(tmp_path, "tracked-events")) == [0, 2]
    assert persisted_offsets(tmp_path, "tracked-events") == {0: 41, 2: None}
    (tmp_path / "tracked-events-1.db").mkdir()  # a folder RocksDB cannot open as a database
    (tmp_path / "tracked-events-1.db" / "CURRENT").write_text("garbage\n")
    assert persisted_offsets(tmp_path, "tracked-events")[1] == UNREADABLE


# ------------------------------------------------------------------ writes after the changelog's ack


@pytest.fixture
def store(tmp_path: Path):
    register()
    app = faust.App("store-test", broker="kafka://127.0.0.1:1", store="newsalert-rocksdb://", Table=AckedTable,
                    tabledir=str(tmp_path), key_serializer="raw", value_serializer="raw")
    table = app.Table("tracked-events", default=None, partitions=3, key_type=bytes, value_type=bytes)
    data = table.data
    assert isinstance(data, AckedRocksDBStore)
    yield data
    data._dbs.clear()


class Record:
    """What faust's `current_event()` returns in an agent (weak-referenceable, as faust's events are)."""

    def __init__(self, partition: int) -> None:
        self.message = SimpleNamespace(partition=partition)


def in_partition(partition: int) -> Record:
    """Make `current_event()` a record of `partition`, as in an agent processing it."""
    event = Record(partition)
    _current_event.set(weakref.ref(event))
    return event  # keep it referenced while the test uses it


def on_disk(store: AckedRocksDBStore, partition: int, key: bytes) -> bytes | None:
    return store._db_for_partition(partition).get(key)


def test_a_write_reaches_the_disk_only_with_its_changelog_acknowledgement(store: AckedRocksDBStore):
    event = in_partition(1)
    store[b"k"] = b"v1"
    assert store[b"k"] == b"v1"  # the next candidate of the key sees it at once
    assert on_disk(store, 1, b"k") is None and store.persisted_offset(SimpleNamespace(partition=1)) is None
    store.changelog_acked(1, 7, b"k", b"v1")
    assert on_disk(store, 1, b"k") == b"v1" and on_disk(store, 1, OFFSET_KEY) == b"7"
    assert b"k" not in store._pending
    del event


def test_a_newer_write_waits_past_an_older_acknowledgement_and_stale_acks_are_ignored(store: AckedRocksDBStore):
    event = in_partition(0)
    store[b"k"] = b"v1"
    store[b"k"] = b"v2"
    store.changelog_acked(0, 3, b"k", b"v1")
    assert on_disk(store, 0, b"k") == b"v1" and store[b"k"] == b"v2"  # v2 still waits for its ack
    store.changelog_acked(0, 4, b"k", b"v2")
    assert on_disk(store, 0, b"k") == b"v2" and not store._pending
    store.changelog_acked(0, 2, b"k", b"old")  # an offset the disk already holds (recovery applied it)
    assert on_disk(store, 0, b"k") == b"v2" and on_disk(store, 0, OFFSET_KEY) == b"4"
    del event


def test_a_deletion_is_a_tombstone_after_its_acknowledgement_and_iteration_sees_waiting_writes(store: AckedRocksDBStore):
    event = in_partition(2)
    store[b"a"] = b"1"
    store.changelog_acked(2, 0, b"a", b"1")
    store[b"b"] = b"2"
    store.pop(b"a")
    assert b"a" not in store and on_disk(store, 2, b"a") == b"1"  # gone for readers, on disk until acked
    store.app.assignor.assigned_actives = lambda: {faust.types.TP(store.table.changelog_topic_name, 2)}
    assert dict(store.items()) == {b"b": b"2"}
    store.changelog_acked(2, 1, b"b", b"2")
    store.changelog_acked(2, 2, b"a", None)
    assert on_disk(store, 2, b"a") is None and on_disk(store, 2, b"b") == b"2" and not store._pending
    assert dict(store.items()) == {b"b": b"2"}
    del event


# ------------------------------------------------------------------ the retention sweep's clock


def test_the_sweep_counts_from_the_newest_report_never_after_now():
    from processors.state import merge

    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    old, _ = merge(None, tariff("steel"), src("steel", 0), now=now)
    recent, _ = merge(None, tariff("copper", target="Chile"), src("copper", 200), now=now)
    newest = newest_seen([old, recent], now)
    assert newest == src("copper", 200).published
    assert newest_seen([old, recent], src("steel", 10).published) == src("steel", 10).published  # capped
    assert newest_seen([Episodes()], now) is None
    from processors.state import prune

    assert prune(old, newest, timedelta(days=180)).events == []  # the whole key expires: a tombstone
    assert prune(recent, newest, timedelta(days=180)) is recent  # untouched: no request sent
