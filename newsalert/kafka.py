"""kafka-python clients configured the way every stage needs them."""

from __future__ import annotations

import collections
import json
import logging
import time
from typing import Any, Iterable, Mapping

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka import errors as kafka_errors
from kafka.structs import OffsetAndMetadata
from prometheus_client import Gauge
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
        # kafka-python's own metrics (sensors updated on every record, request and poll) are read by nothing
        # here: the stages export their own on /metrics (issue 9: ~6% of a consumer's CPU per fetch)
        metrics_enabled=False,
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
        # after a broker restart the partition leader epochs move on; a consumer holding the old metadata
        # gets FENCED_LEADER_EPOCH on every position check until its next metadata refresh, which is 5
        # minutes away by default (measured: 30-70 s without alerts after a 12 s outage). Refresh often.
        metadata_max_age_ms=5_000,
        # see _fetch_wait_by_coverage: this is the wait of a fetch that covers every partition; one that
        # leaves out a partition with records still buffered here waits FETCH_WAIT_PARTIAL_MS
        fetch_max_wait_ms=FETCH_WAIT_FULL_MS,
        metrics_enabled=False,  # as the producer's: nothing reads kafka-python's sensors
    )
    config.update(overrides)
    consumer = KafkaConsumer(**config)
    _fetch_wait_by_coverage(consumer, config["fetch_max_wait_ms"])
    consumer.subscribe(list(subscribe))
    return consumer


# A fetch's wait only matters when no record arrives on the partitions it covers: the broker answers as soon as
# one does (fetch_min_bytes=1). kafka-python 3.0 sends a fetch only once the records of earlier fetches are
# parsed, and it leaves out the one partition whose records are still being handed out (a poll that stopped at
# max_poll_records): new records of that partition wait for the fetch in flight to end, so such a fetch waits
# at most FETCH_WAIT_PARTIAL_MS (100 ms: the stall of processors/faust_fixes.py). Every other fetch covers
# every partition and can wait longer at no cost to latency: an idle consumer then asks the broker twice a
# second instead of ten times, each empty fetch ~1.5 ms of CPU in kafka-python (issue 9: the alert stage's
# idle delivery workers, 6.4 -> 2.4% of a core with nothing to do).
FETCH_WAIT_FULL_MS = 500
FETCH_WAIT_PARTIAL_MS = 100


# Under load a fetch waits a little to bring several records: each fetch and each poll costs kafka-python ~1.5 ms
# of CPU whatever it carries, and a consumer that keeps up answers every record with a fetch of its own (issue 9:
# the alert stage spent 2.2-2.8 ms an article in a burst against 0.9 ms draining the same records at once). When
# the consumer handed out BUSY_RECORDS_PER_S records or more in the last second, its fetches ask for more bytes
# than come (BUSY_MIN_BYTES) and so wait BUSY_WAIT_MS: at 300 records/s ~9 records a fetch (the alert stage alone
# fed 300 updates/s: 2.2-2.3 ms a record, 1.5-1.6 with a 20 ms wait, 1.1 with 40). Below that rate (the latency
# target's 100 articles/s) nothing changes: the broker answers with the first record. Records leave no later
# than BUSY_WAIT_MS after they could have, and only while the stage is that busy.
BUSY_RECORDS_PER_S = 130
BUSY_WAIT_MS = 30
BUSY_MIN_BYTES = 1024 * 1024


def _fetch_wait_by_coverage(consumer: KafkaConsumer, full_ms: int) -> None:
    """Give each fetch of `consumer` its wait (see above): under load (BUSY_RECORDS_PER_S) BUSY_WAIT_MS for more
    than one record; else `full_ms` when it covers every partition, at most FETCH_WAIT_PARTIAL_MS when a
    partition's records are still buffered (left out).

    kafka-python (pinned, 3.0.12) builds each fetch in `Fetcher._create_fetch_requests` from its config's
    `fetch_max_wait_ms` and `fetch_min_bytes`; this sets them just before, from the same state
    `_fetchable_partitions` reads, and counts the records `fetched_records` hands out. A client without those
    attributes keeps the configured values for every fetch."""
    fetcher = getattr(consumer, "_fetcher", None)
    create = getattr(fetcher, "_create_fetch_requests", None)
    fetched = getattr(fetcher, "fetched_records", None)
    if create is None or fetched is None or not isinstance(getattr(fetcher, "config", None), dict) \
            or not hasattr(fetcher, "_next_partition_records") or not hasattr(fetcher, "_completed_fetches"):
        return
    partial_ms = min(full_ms, FETCH_WAIT_PARTIAL_MS)
    min_bytes = fetcher.config.get("fetch_min_bytes", 1)
    recent: collections.deque[tuple[float, int]] = collections.deque()  # (when, records handed out)

    def fetched_records(*args: Any, **kwargs: Any) -> Any:
        out = fetched(*args, **kwargs)
        count = sum(len(records) for records in out[0].values())
        if count:
            recent.append((time.monotonic(), count))
        return out

    def create_fetch_requests() -> Any:
        now = time.monotonic()
        while recent and recent[0][0] < now - 1.0:
            try:
                recent.popleft()
            except IndexError:  # emptied meanwhile
                break
        # a copy: the consumer's thread appends (it waits for this build today; a later client might not)
        busy = BUSY_RECORDS_PER_S > 0 and sum(n for _, n in list(recent)) >= BUSY_RECORDS_PER_S
        buffered = bool(fetcher._next_partition_records) or bool(fetcher._completed_fetches)  # as _fetchable_partitions
        if busy:
            fetcher.config["fetch_min_bytes"] = BUSY_MIN_BYTES
            fetcher.config["fetch_max_wait_ms"] = min(BUSY_WAIT_MS, partial_ms)
        else:
            fetcher.config["fetch_min_bytes"] = min_bytes
            fetcher.config["fetch_max_wait_ms"] = partial_ms if buffered else full_ms
        return create()

    fetcher.fetched_records = fetched_records
    fetcher._create_fetch_requests = create_fetch_requests


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


__all__ = ["make_producer", "make_consumer", "dead_letter", "send_json", "read_all", "topics", "is_retriable",
           "commit_offsets", "rewind", "Backoff", "close_quietly", "PendingCommits"]

log = logging.getLogger("newsalert.kafka")

# Errors that say "the group moved on without us" (membership expired during an outage, a rebalance
# while we worked): the records are handled again by whoever owns the partition now, and the ledger /
# the event table absorb the repeat. Not a reason to stop a stage.
MEMBERSHIP_ERRORS: tuple[type[BaseException], ...] = (
    kafka_errors.CommitFailedError,
    kafka_errors.RebalanceInProgressError,
    kafka_errors.UnknownMemberIdError,
    kafka_errors.IllegalGenerationError,
)


def is_retriable(exc: BaseException) -> bool:
    """True when `exc` comes from an outage or a rebalance, not from a bug or bad data.

    Retriable: Kafka errors the client marks retriable (timeouts, connection loss, coordinator moves),
    lost group membership, a database that is locked or unreachable, a socket error. A stage loop
    catches these, backs off and carries on; anything else is a bug and ends the stage (logged at ERROR,
    restarted by its supervisor).
    """
    if isinstance(exc, MEMBERSHIP_ERRORS):
        return True
    if isinstance(exc, kafka_errors.KafkaError):
        return bool(getattr(exc, "retriable", False))
    if isinstance(exc, (ConnectionError, TimeoutError, OSError)):
        return True
    try:
        from sqlalchemy.exc import DisconnectionError, OperationalError
    except ImportError:  # pragma: no cover - sqlalchemy is a dependency
        return False
    return isinstance(exc, (OperationalError, DisconnectionError))


def describe(exc: BaseException) -> str:
    """`CommitFailedError: [Error 25] UnknownMemberIdError` - the class first, for logs and console lines."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__


RETRYING = Gauge("newsalert_stage_retrying", "1 while a stage loop backs off after an outage or a rebalance "
                  "(not ready), 0 once its output is acknowledged again", ["stage"])


class Backoff:
    """Exponential backoff for a loop that rides through an outage: 0.5 s, 1 s, 2 s ... `max_s`.

    With a `stage` name it also drives the `newsalert_stage_retrying{stage}` gauge, the stage's
    readiness as seen from /metrics: 1 from the first failure until `reset()` after a success.
    """

    def __init__(self, base_s: float = 0.5, max_s: float = 10.0, stage: str | None = None) -> None:
        self.base_s = base_s
        self.max_s = max_s
        self.failures = 0
        self.stage = stage
        if stage:
            RETRYING.labels(stage).set(0)

    def next_delay(self) -> float:
        """Called after a retriable failure: the seconds to wait before trying again."""
        self.failures += 1
        if self.stage:
            RETRYING.labels(self.stage).set(1)
        return min(self.max_s, self.base_s * (2 ** (self.failures - 1)))

    def reset(self) -> None:
        """Called after a success."""
        if self.failures and self.stage:
            RETRYING.labels(self.stage).set(0)
        self.failures = 0


def commit_offsets(consumer: KafkaConsumer, offsets: Mapping[TopicPartition, int], *, stage: str,
                   timeout_ms: int | None = None) -> bool:
    """Commit `offsets` (next offset to read, per partition) after their effects are done.

    Called by a stage loop once the records' output is acknowledged. False when the commit failed for
    a retriable reason (lost membership after an outage, a rebalance, the coordinator gone): the
    records will be read again - by this consumer after it rejoins, or by the member that owns the
    partition now - and the ledger / event table absorb the repeat. Raises only on a non-retriable
    error.
    """
    if not offsets:
        return True
    try:
        committed = {tp: OffsetAndMetadata(offset, "", -1) for tp, offset in offsets.items()}
        if timeout_ms is None:
            consumer.commit(committed)
        else:
            consumer.commit(committed, timeout_ms=timeout_ms)
        return True
    except Exception as exc:
        if not is_retriable(exc):
            raise
        log.warning("%s: offset commit failed (%s); the records will be read again and their repeats "
                    "absorbed", stage, describe(exc))
        return False


# how often a stage loop commits the offsets of the batches it finished (at most): a commit per polled batch was
# a synchronous broker round trip and an append to __consumer_offsets each, and in a burst the alert stage's
# polls come a few records at a time (issue 9). Later commits repeat nothing a person sees: a record read again
# after a crash or a rebalance is routed to the same delivery ids, which the ledger finds already sent.
COMMIT_INTERVAL_S = 0.5
STOP_COMMIT_TIMEOUT_MS = 3_000  # the last commit of a stopping loop: a stage must stop within 10 s


class PendingCommits:
    """The offsets of the batches a stage loop finished (their effects done: deliveries acknowledged, ledger
    written), committed together at most every `interval_s`, and when the loop ends.

    The order of effects is unchanged (effects -> ledger -> commit); only the commit comes later, so a crash
    reads again at most the last `interval_s` of finished batches, and the ledger turns those into duplicates
    that are not sent."""

    def __init__(self, stage: str, interval_s: float = COMMIT_INTERVAL_S) -> None:
        self.stage = stage
        self.interval_s = interval_s
        self._offsets: dict[TopicPartition, int] = {}  # next offset to read, per partition
        self._first: dict[TopicPartition, int] = {}  # first offset not committed yet: read again from there
        self._last = time.monotonic()

    def add(self, first: Mapping[TopicPartition, int], done: Mapping[TopicPartition, int]) -> None:
        """Called when a polled batch is finished: `first` and `done` are its first and next offsets."""
        for tp, offset in first.items():
            self._first.setdefault(tp, offset)
        self._offsets.update(done)

    def due(self) -> bool:
        """True when finished offsets wait and the interval has passed since the last commit."""
        return bool(self._offsets) and time.monotonic() - self._last >= self.interval_s

    def commit(self, consumer: KafkaConsumer, timeout_ms: int | None = None) -> bool:
        """Commit what waits (called when `due`, and as the loop ends, then with a `timeout_ms`: a stage
        stops in seconds even with its broker gone). False when the commit failed for a retriable reason (a
        lost membership, a rebalance, the timeout): the partitions still ours are sought back to their first
        uncommitted offsets, so those records come again (the ledger absorbs the repeats). Raises only on a
        non-retriable error."""
        self._last = time.monotonic()
        if not self._offsets:
            return True
        offsets, first = self._offsets, self._first
        self._offsets, self._first = {}, {}
        if commit_offsets(consumer, offsets, stage=self.stage, timeout_ms=timeout_ms):
            return True
        rewind(consumer, first)
        return False


def rewind(consumer: KafkaConsumer, offsets: Mapping[TopicPartition, int]) -> None:
    """Seek each still-assigned partition back to `offsets` so a batch whose effects failed is read again.

    Partitions no longer assigned need nothing: their new owner starts from the committed offset, which
    is at or before these.
    """
    assigned = consumer.assignment()
    for tp, offset in offsets.items():
        if tp in assigned:
            try:
                consumer.seek(tp, offset)
            except (ValueError, kafka_errors.IllegalStateError):  # revoked in between: nothing to do
                pass


def close_quietly(*clients: Any, timeout_s: float = 5.0) -> None:
    """Close Kafka clients within a few seconds even when the broker is gone (a stage must stop in 10 s)."""
    for client in clients:
        if client is None:
            continue
        try:
            if isinstance(client, KafkaConsumer):
                client.close(autocommit=False, timeout_ms=int(timeout_s * 1000))
            elif isinstance(client, KafkaProducer):
                client.close(timeout=timeout_s)
            else:
                client.close()
        except Exception as exc:  # closing is best effort: the process is going away
            log.debug("close failed: %s", describe(exc))


def sleep_unless_stopped(seconds: float, should_stop: Any, step_s: float = 0.2) -> None:
    """Sleep up to `seconds`, waking early when `should_stop()` turns true (a backoff must not delay a stop)."""
    deadline = time.monotonic() + seconds
    while not should_stop():
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(step_s, left))


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


def group_has_members(bootstrap: str, group: str, timeout_ms: int = 5000) -> bool | None:
    """Whether consumer group `group` has a live member (a processor reading); None when it cannot be told."""
    from kafka import KafkaAdminClient

    try:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=timeout_ms)
    except Exception:
        return None
    try:
        groups = admin.describe_consumer_groups([group])
        return any(getattr(g, "members", None) for g in groups)
    except Exception:
        return None
    finally:
        close_quietly(admin)
