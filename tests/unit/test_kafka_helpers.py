"""The consumer-loop helpers of newsalert.kafka: what counts as retriable, commits, rewinds, backoff."""

from __future__ import annotations

import pytest
from kafka import TopicPartition
from kafka import errors as kafka_errors
from prometheus_client import REGISTRY
from sqlalchemy.exc import OperationalError

from newsalert.kafka import Backoff, PendingCommits, commit_offsets, is_retriable, rewind

TP0, TP1 = TopicPartition("events", 0), TopicPartition("events", 1)


class FakeConsumer:
    def __init__(self, commit_error: BaseException | None = None, assigned: set[TopicPartition] | None = None) -> None:
        self.commit_error = commit_error
        self.assigned = assigned if assigned is not None else {TP0, TP1}
        self.committed: dict[TopicPartition, int] = {}
        self.seeks: list[tuple[TopicPartition, int]] = []

    def commit(self, offsets, timeout_ms=None):  # type: ignore[no-untyped-def]
        if self.commit_error is not None:
            raise self.commit_error
        self.committed.update({tp: meta.offset for tp, meta in offsets.items()})

    def assignment(self) -> set[TopicPartition]:
        return self.assigned

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks.append((tp, offset))


@pytest.mark.parametrize("exc", [
    kafka_errors.CommitFailedError(kafka_errors.UnknownMemberIdError()),
    kafka_errors.RebalanceInProgressError(),
    kafka_errors.KafkaTimeoutError("flush timed out"),
    kafka_errors.KafkaConnectionError("111 ECONNREFUSED"),
    kafka_errors.NotCoordinatorError(),
    ConnectionRefusedError(),
    OperationalError("SELECT 1", {}, Exception("database is locked")),
])
def test_outages_and_rebalances_are_retriable(exc: BaseException):
    assert is_retriable(exc)


@pytest.mark.parametrize("exc", [ValueError("bug"), KeyError("x"), kafka_errors.IllegalStateError("misuse"),
                                 kafka_errors.TopicAuthorizationFailedError()])
def test_bugs_and_refusals_are_not(exc: BaseException):
    assert not is_retriable(exc)


def test_a_commit_refused_after_lost_membership_is_reported_not_raised():
    consumer = FakeConsumer(kafka_errors.CommitFailedError(kafka_errors.UnknownMemberIdError()))
    assert commit_offsets(consumer, {TP0: 5}, stage="router") is False  # type: ignore[arg-type]
    ok = FakeConsumer()
    assert commit_offsets(ok, {TP0: 5, TP1: 9}, stage="router") is True  # type: ignore[arg-type]
    assert ok.committed == {TP0: 5, TP1: 9}
    with pytest.raises(ValueError):
        commit_offsets(FakeConsumer(ValueError("bug")), {TP0: 5}, stage="router")  # type: ignore[arg-type]


def test_pending_commits_wait_for_the_interval_and_commit_the_newest_offsets():
    consumer = FakeConsumer()
    pending = PendingCommits("router", interval_s=60.0)
    assert not pending.due()  # nothing finished yet
    pending.add({TP0: 0}, {TP0: 4})
    pending.add({TP0: 4, TP1: 10}, {TP0: 9, TP1: 12})
    assert not pending.due()  # finished, but the interval has not passed
    assert pending.commit(consumer) is True  # the loop's last commit: whatever waits
    assert consumer.committed == {TP0: 9, TP1: 12}
    assert consumer.seeks == []
    assert pending.commit(consumer) is True and not pending.due()  # nothing left
    pending.add({TP1: 12}, {TP1: 20})
    pending.interval_s = 0.0
    assert pending.due()


def test_a_refused_pending_commit_reads_again_from_the_first_uncommitted_record():
    consumer = FakeConsumer(kafka_errors.CommitFailedError(kafka_errors.UnknownMemberIdError()), assigned={TP0})
    pending = PendingCommits("deliver-console", interval_s=0.0)
    pending.add({TP0: 3, TP1: 7}, {TP0: 5, TP1: 8})
    pending.add({TP0: 5}, {TP0: 9})
    assert pending.commit(consumer, timeout_ms=1000) is False
    assert consumer.seeks == [(TP0, 3)]  # only the partition still ours, from its first finished record
    assert not pending.due()  # dropped: those records come again


def test_rewind_seeks_only_partitions_still_assigned():
    consumer = FakeConsumer(assigned={TP1})
    rewind(consumer, {TP0: 3, TP1: 7})  # type: ignore[arg-type]
    assert consumer.seeks == [(TP1, 7)]


def test_backoff_doubles_up_to_its_cap_and_drives_the_readiness_gauge():
    backoff = Backoff(base_s=0.5, max_s=3.0, stage="unit-test-stage")

    def gauge() -> float | None:
        return REGISTRY.get_sample_value("newsalert_stage_retrying", {"stage": "unit-test-stage"})

    assert gauge() == 0
    assert [backoff.next_delay() for _ in range(5)] == [0.5, 1.0, 2.0, 3.0, 3.0]
    assert gauge() == 1
    backoff.reset()
    assert gauge() == 0 and backoff.next_delay() == 0.5


class FakeFetcher:
    """The attributes of kafka-python 3.0.12's Fetcher that newsalert.kafka's fetch policy reads and sets."""

    def __init__(self) -> None:
        self.config = {"fetch_max_wait_ms": 500, "fetch_min_bytes": 1}
        self._next_partition_records = None
        self._completed_fetches: list[object] = []
        self.handed_out = 0
        self.requests: list[tuple[int, int]] = []  # (max wait, min bytes) of each fetch built

    def fetched_records(self, max_records=None, update_offsets=True):  # type: ignore[no-untyped-def]
        records = {TP0: list(range(self.handed_out))} if self.handed_out else {}
        return records, False

    def _create_fetch_requests(self):  # type: ignore[no-untyped-def]
        self.requests.append((self.config["fetch_max_wait_ms"], self.config["fetch_min_bytes"]))
        return {}


def test_a_fetch_waits_long_only_when_it_covers_every_partition_and_batches_only_under_load(monkeypatch):
    from newsalert import kafka

    fetcher = FakeFetcher()
    consumer = type("C", (), {"_fetcher": fetcher})()
    kafka._fetch_wait_by_coverage(consumer, kafka.FETCH_WAIT_FULL_MS)

    fetcher._create_fetch_requests()  # idle, nothing buffered: the long wait, the first record answers
    fetcher._next_partition_records = ["a record still buffered"]
    fetcher._create_fetch_requests()  # a partition left out: it must not wait long behind this fetch
    fetcher._next_partition_records = None
    assert fetcher.requests == [(kafka.FETCH_WAIT_FULL_MS, 1), (kafka.FETCH_WAIT_PARTIAL_MS, 1)]

    fetcher.handed_out = 50  # a steady stream below the busy rate (100 records in the last second)
    fetcher.fetched_records(); fetcher.fetched_records()
    fetcher._create_fetch_requests()
    assert fetcher.requests[-1] == (kafka.FETCH_WAIT_FULL_MS, 1)

    fetcher.fetched_records(); fetcher.fetched_records()  # 200 in the last second: busy
    fetcher._create_fetch_requests()
    assert fetcher.requests[-1] == (kafka.BUSY_WAIT_MS, kafka.BUSY_MIN_BYTES)

    clock = [kafka.time.monotonic() + 1.5]  # a second and a half later, nothing handed out since: not busy
    monkeypatch.setattr(kafka.time, "monotonic", lambda: clock[0])
    fetcher._create_fetch_requests()
    assert fetcher.requests[-1] == (kafka.FETCH_WAIT_FULL_MS, 1)

