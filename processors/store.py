"""Where the tracked-events table lives: faust's RocksDB store (rocksdict), one folder per processor instance.

With `memory://` every processor start replays the table's whole changelog into memory, and memory grows
with every event ever tracked. On disk, a restarted processor reads only the changelog written since its
last acknowledged write, and keeps in memory only what RocksDB caches.

Three things here, each for one failure:

- `claim_instance_dir`: each processor of a home takes its own folder `<home>/faust/instance-N` under an
  exclusive file lock (two processors on one home, as in the scale-out tests, would otherwise open the
  same RocksDB files; RocksDB's own lock then makes the second wait and fail).
- `stale_reason` / `prepare_instance_dir`: a folder whose state the broker does not know (another cluster,
  the changelog topic missing or recreated, an offset past the changelog's end) is wiped and rebuilt from
  the changelog; kept, it would answer with events the changelog never had.
- `AckedRocksDBStore`: a table write reaches the disk only once its changelog record is acknowledged.
  The track agent writes a key's new state at once (the next candidate of the key must see it), but the
  changelog record is sent only after the update it caused is on `events` (`AfterAcks`, processors/app.py).
  Had the disk taken the state first, a crash in between would restart the processor with a state that
  says "already alerted" and an update that never left: the alert lost. So writes wait in memory
  (`_pending`) until the changelog acknowledges them, and then go to disk with the changelog offset in one
  RocksDB write batch: the disk is always a prefix of the changelog.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator, Optional

import structlog
from faust.stores import rocksdb as faust_rocksdb
from faust.streams import current_event
from faust.tables.table import Table
from faust.types import TP

from newsalert.settings import parse_table_store

log = structlog.get_logger("processors")

STORE_SCHEME = "newsalert-rocksdb"  # registered with faust as `AckedRocksDBStore`
OFFSET_KEY = faust_rocksdb.Store.offset_key
BROKER_FILE = "broker.json"  # which cluster and changelog topic the folder's state came from
LOCK_FILE = ".lock"
UNREADABLE = -2  # a partition database RocksDB could not open (`persisted_offsets`)


# --------------------------------------------------------------------------- a folder per instance


@dataclass
class InstanceDir:
    """A processor's own table folder, held until the process exits (the lock goes with the process)."""

    path: Path
    index: int
    lock: IO[bytes] = field(repr=False)

    def release(self) -> None:
        """Called at shutdown by tests; a process that dies releases the lock by itself."""
        self.lock.close()


def claim_instance_dir(faust_dir: Path, limit: int = 64) -> InstanceDir:
    """The first folder `instance-N` under `faust_dir` no running processor holds, locked for this one.
    Called once as a processor starts; raises RuntimeError when `limit` processors already share the home."""
    faust_dir.mkdir(parents=True, exist_ok=True)
    for index in range(limit):
        path = faust_dir / f"instance-{index}"
        path.mkdir(exist_ok=True)
        handle = open(path / LOCK_FILE, "ab")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        return InstanceDir(path=path, index=index, lock=handle)
    raise RuntimeError(f"{limit} processors already hold a table folder in {faust_dir}")


# --------------------------------------------------------------------------- stale state


@dataclass(frozen=True)
class BrokerFacts:
    """What the broker says of the table's changelog topic (None: the topic does not exist)."""

    cluster_id: str | None
    topic_id: str | None
    end_offsets: dict[int, int]


def stale_reason(recorded: dict[str, Any] | None, broker: BrokerFacts,
                 persisted: dict[int, Optional[int]]) -> str | None:
    """Why the folder's state cannot be trusted against this broker, or None when it can (or is empty).

    `recorded`: the folder's broker.json (cluster and topic id seen at the last start); `persisted`: per
    partition database on disk, the last changelog offset it holds (None: no offset written)."""
    if not persisted:
        return None  # nothing on disk: nothing to distrust
    if recorded is None:
        return "the folder does not say which broker its state came from"
    if recorded.get("cluster_id") and broker.cluster_id and recorded["cluster_id"] != broker.cluster_id:
        return f"the broker is another cluster ({broker.cluster_id}; the state came from {recorded['cluster_id']})"
    if broker.topic_id is None:
        return "the changelog topic is not on the broker"
    if recorded.get("topic_id") and recorded["topic_id"] != broker.topic_id:
        return f"the changelog topic was recreated (id {broker.topic_id}; the state came from {recorded['topic_id']})"
    for partition, offset in sorted(persisted.items()):
        if offset == UNREADABLE:
            return f"the database of partition {partition} cannot be opened"
        if partition not in broker.end_offsets:
            return f"changelog partition {partition} is not on the broker"
        if offset is not None and offset >= broker.end_offsets[partition]:
            return (f"changelog partition {partition} ends at offset {broker.end_offsets[partition]}, "
                    f"the state holds offset {offset}")
    return None


def partition_dbs(folder: Path, table: str) -> dict[int, Path]:
    """The table's partition databases in a folder (faust names them `<table>-<partition>.db`)."""
    found = {}
    for path in folder.glob(f"{table}-*.db"):
        suffix = path.name[len(table) + 1:-3]
        if suffix.isdigit():
            found[int(suffix)] = path
    return found


def persisted_offsets(folder: Path, table: str) -> dict[int, Optional[int]]:
    """The last changelog offset each partition database holds (opened and closed again before faust opens
    them). A database RocksDB cannot open is UNREADABLE (the folder is then rebuilt)."""
    import rocksdict

    out: dict[int, Optional[int]] = {}
    for partition, path in partition_dbs(folder, table).items():
        try:
            db = rocksdict.Rdict(str(path), options=rocksdict.Options(raw_mode=True),
                                 access_type=rocksdict.AccessType.read_only())
        except Exception as exc:  # noqa: BLE001 - a damaged database is rebuilt, never trusted
            log.warning("table database unreadable", path=str(path), error=str(exc))
            out[partition] = UNREADABLE
            continue
        try:
            raw = db.get(OFFSET_KEY)
            out[partition] = int(raw) if raw is not None else None
        finally:
            db.close()
    return out


def broker_facts(bootstrap: str, topic: str) -> BrokerFacts:
    """The cluster id, and the changelog topic's id and end offsets (a few admin requests at start)."""
    from kafka import KafkaConsumer, TopicPartition
    from kafka.admin import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="newsalert-table-check")
    try:
        cluster_id = admin.describe_cluster().get("cluster_id")
        described = admin.describe_topics([topic])
    finally:
        admin.close()
    info = described[0] if described else {}
    if info.get("error_code") or not info.get("topic_id"):
        return BrokerFacts(cluster_id, None, {})
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    try:
        tps = [TopicPartition(topic, p["partition_index"]) for p in info["partitions"]]
        ends = {tp.partition: offset for tp, offset in consumer.end_offsets(tps).items()}
    finally:
        consumer.close()
    return BrokerFacts(cluster_id, str(info["topic_id"]), ends)


def prepare_instance_dir(folder: Path, table: str, bootstrap: str, topic: str) -> str | None:
    """Called as a processor starts, before faust opens the table: wipe the folder's databases when the
    broker does not know their state (returns why, and logs it), then record the broker and topic the state
    now belongs to. An unreachable broker raises: faust could not start either."""
    broker = broker_facts(bootstrap, topic)
    record_path = folder / BROKER_FILE
    try:
        recorded = json.loads(record_path.read_text())
    except (OSError, ValueError):
        recorded = None
    persisted = persisted_offsets(folder, table)
    reason = stale_reason(recorded, broker, persisted)
    if reason is not None:
        log.warning("table state on disk does not match the broker: rebuilt from the changelog",
                    folder=str(folder), reason=reason)
        for path in partition_dbs(folder, table).values():
            shutil.rmtree(path, ignore_errors=True)
    record = {"cluster_id": broker.cluster_id, "topic_id": broker.topic_id, "topic": topic}
    tmp = record_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record))
    os.replace(tmp, record_path)
    return reason


# --------------------------------------------------------------------------- writes after the changelog's ack


class AckedRocksDBStore(faust_rocksdb.Store):
    """faust's RocksDB store, except that a write waits in memory until its changelog record is acknowledged
    (see the module doc); reads see the waiting writes first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pending: dict[bytes, tuple[int, Optional[bytes]]] = {}  # key -> (partition, value; None: deleted)

    def _partition_of_event(self) -> int:
        event = current_event()
        if event is None:
            raise RuntimeError("the event table changes only inside an agent")
        return event.message.partition

    def _set(self, key: bytes, value: Optional[bytes]) -> None:
        partition = self._partition_of_event()
        self._key_index[key] = partition
        self._pending[key] = (partition, value)

    def _del(self, key: bytes) -> None:
        self._pending[key] = (self._partition_of_event(), None)

    def _get(self, key: bytes) -> Optional[bytes]:
        if key in self._pending:
            return self._pending[key][1]
        return super()._get(key)

    def _contains(self, key: bytes) -> bool:
        if key in self._pending:
            return self._pending[key][1] is not None
        return super()._contains(key)

    def changelog_acked(self, partition: int, offset: int, key: bytes, value: Optional[bytes]) -> None:
        """Called when the changelog acknowledged `key`'s record at `offset`: the value (or its deletion)
        and the offset go to disk in one batch. A partition not open here any more (revoked) is skipped:
        its next owner reads the changelog from the offset on disk. A failure raises in faust's callback
        and leaves the value waiting in memory (the disk stays a prefix of the changelog)."""
        db = self._dbs.get(partition)
        if db is None and self._pending.get(key, (None,))[0] == partition:
            db = self._db_for_partition(partition)  # still ours (a revoke drops its waiting writes): open it
        if db is not None:
            stored = db.get(OFFSET_KEY)
            if stored is None or int(stored) < offset:  # recovery may already have applied it
                import rocksdict

                batch = rocksdict.WriteBatch(raw_mode=True)
                if value is None:
                    batch.delete(key)
                else:
                    batch.put(key, value)
                batch.put(OFFSET_KEY, str(offset).encode())
                db.write(batch)
        if self._pending.get(key) == (partition, value):  # not written again since: the disk has it now
            del self._pending[key]

    def revoke_partitions(self, table: Any, tps: set[TP]) -> None:
        """faust closes a revoked partition's database; writes still waiting for it are dropped (the
        changelog has them, for the partition's next owner)."""
        revoked = {tp.partition for tp in tps if tp.topic in table.changelog_topic.topics}
        for key in [k for k, (p, _) in self._pending.items() if p in revoked]:
            del self._pending[key]
        super().revoke_partitions(table, tps)

    def _iteritems(self) -> Iterator[tuple[bytes, bytes]]:
        waiting = dict(self._pending)
        # a list of the open databases: a rebalance may close one while a scan (the timer's) is paused
        items = (item for db in list(self._dbs_for_actives()) for item in self._visible_items(db))
        for key, value in items:
            if key in waiting:
                value = waiting.pop(key)[1]
                if value is None:
                    continue
            yield key, value
        for key, (_, value) in waiting.items():
            if value is not None:
                yield key, value

    def _iterkeys(self) -> Iterator[bytes]:
        for key, _ in self._iteritems():
            yield key

    def _itervalues(self) -> Iterator[bytes]:
        for _, value in self._iteritems():
            yield value

    def _size(self) -> int:
        return sum(1 for _ in self._iteritems())


class AckedTable(Table):
    """faust's Table, whose changelog acknowledgement also hands the record to an `AckedRocksDBStore`."""

    def _on_changelog_sent(self, fut: Any) -> None:
        """faust's callback of each changelog send (on the producer's acknowledgement); a failed send raises
        here, and nothing reaches the disk."""
        store = self.data
        if not isinstance(store, AckedRocksDBStore):
            super()._on_changelog_sent(fut)
            return
        res = fut.result()
        message = fut.message
        store.changelog_acked(res.topic_partition.partition, res.offset, message.key, message.value)


def register() -> None:
    """Make `newsalert-rocksdb://` a faust store URL (called by `create_app`)."""
    from faust import stores

    stores.STORES.aliases[STORE_SCHEME] = f"{__name__}:AckedRocksDBStore"


def store_url(kind: str) -> str:
    """The faust store URL of a `NEWSALERT_TABLE_STORE` value."""
    return f"{STORE_SCHEME}://" if parse_table_store(kind) == "rocksdb" else "memory://"
