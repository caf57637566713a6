"""Corrections to faust-streaming 0.15.3: its offset bookkeeping lost candidates at a rebalance (three rules,
and a partition with no commit yet), its table check stalled `track` on a changelog not yet in metadata, and
its consumer's fetch wait of 1.5 s held a burst's candidates back (FETCH_MAX_WAIT_MS below).

What lost them (issue 13, seen with a log line per tracked candidate and per commit): after a rebalance
faust resumes the stream partitions and then seeks them back to their committed offsets
(`Consumer.perform_seek`) while its fetcher may still be delivering a batch fetched before the seek.
`flow_control.resume()` then clears the agents' queues, the rest of the old batch moves `_read_offset[tp]`
forward again, and the same records fetched again from the committed offset are dropped as already read
("DROPPED MESSAGE ROFF"). A record in that window was never given to `track`, and two rules then
committed past it:

1. `_new_offset` refuses to commit over a missing head only when `min(acked) - committed > 1`: one missing
   record right at the committed offset is skipped (committed 69, acked 71.. -> commits 72, 70 is gone).
   It also treats a committed offset of 0 as none.
2. `_drain_messages` calls `_add_gap(read_offset + 1, offset)` whenever a fetched offset jumps past the
   read offset + 1, and every offset in a gap counts as acked. Gaps are meant for compacted topics and
   transaction markers; after a seek the stale read offset makes records that were cleared from a queue
   look like a gap, and they were committed unprocessed (one trial lost 70 of 380 that way).

The topics the processors consume with acks (articles, candidates) are neither compacted nor
transactional, so their offsets have no holes: here a missing offset always means a record not processed.
The corrections:

- a commit never passes an offset that was not acked (no off-by-one, 0 is an offset) and no gap is ever
  added (`_add_gap` does nothing);
- an ack of a message fetched in an earlier consumer generation is not counted: the partition's owner in
  this generation reads it again from the committed offset (faust acks such a message when it skips it);
- a partition whose committed offset has stayed unacked while later offsets are acked (the record was
  dropped, it will not come again by itself) is sought back to its committed offset after a few seconds,
  so the record is read again; the records after it are repeats, which the event table absorbs.

A commit can therefore only stall, never skip; the stall heals itself by re-reading.

The second cause of loss (found after the three rules above, scale 1 -> 2 -> 1 right after start): a partition that has no
committed offset yet. faust records `_committed_offset[tp] = None` for it (and for a committed 0), and every
rule above was skipped for None: the first run of acked offsets was committed whatever came before it. When
the second processor joined in the first second of the run, the first one kept candidates partition 1, had
tracked offset 0 and not yet committed; after the rebalance its next record was offset 27 and it committed 28:
offsets 1..26 (26 candidates) were never tracked by anyone (no "candidate tracked" line in either log). So:

- with no committed offset, nothing is committed until the partition's baseline is known: the healer sets it
  to the partition's earliest offset (with no commit the group's consumers start there,
  `consumer_auto_offset_reset="earliest"`), and from then on the rules above apply: a missing head record is
  read again after a few seconds.

A fourth, seen in a broker-restart trial: the changelog topic of the event table is created by faust as the
worker starts; when the consumer's first metadata came before it existed, the consumer's topic snapshot kept
0 partitions for it (refreshed only every 5 minutes), and every table write raised PartitionsMismatch ("the
changelog topic has 0 partitions"): the `track` agent crashed after sending each update, faust restarted it
5 s later, one candidate per 5 s for minutes (89 of 120 articles not alerted within 2 minutes). A topic has
at least one partition, so 0 means "not in this client's metadata yet", not a mismatch: the check is left for
a later write (processors/app.py also refreshes metadata every 5 s, so the snapshot and the assignment catch up).
"""

from __future__ import annotations

import time
from typing import Any, Optional

import faust
import structlog
from faust.tables.base import Collection
from faust.transport.consumer import Consumer, consecutive_numbers
from faust.types import TP, Message

log = structlog.get_logger("processors")

HOLE_RESEEK_AFTER = 5.0  # seconds a missing head offset may stay missing before it is read again
_installed = False


def _new_offset(self: Consumer, tp: TP) -> Optional[int]:
    """faust's `Consumer._new_offset` without the off-by-one and without gaps: the offset to commit for `tp`,
    or None while the record at the committed offset is not acked."""
    acked = self._acked[tp]
    if not acked:
        return None
    acked.sort()
    committed = self._committed_offset[tp]
    if committed is None or acked[0] > committed:  # None: not known yet where this partition starts
        holes = self.__dict__.setdefault("_newsalert_holes", {})
        holes.setdefault(tp, (committed, time.monotonic()))
        return None
    self.__dict__.setdefault("_newsalert_holes", {}).pop(tp, None)
    batch = next(consecutive_numbers(acked))
    acked[: len(batch)] = []
    self._acked_index[tp].difference_update(batch)
    return batch[-1] + 1


async def _add_gap(self: Consumer, tp: TP, offset_from: int, offset_to: int) -> None:
    """No gaps: the acked topics here have no compaction and no transaction markers (see the module doc)."""
    log.warning("offset jump not treated as acked", partition=tp.partition, topic=tp.topic,
                offset_from=offset_from, offset_to=offset_to)


_faust_ack = Consumer.ack  # replaced by install() with the one in place then


def _ack(self: Consumer, message: Message) -> bool:
    """faust's `Consumer.ack`, except that a message of an earlier generation is not counted as processed."""
    generation = getattr(message, "generation_id", None)
    if generation is not None and generation != self.app.consumer_generation_id:
        message.acked = True  # done with it here; the owner in this generation reads it again
        self._unacked_messages.discard(message)
        return False
    return _faust_ack(self, message)


_faust_verify = Collection._verify_source_topic_partitions


def _verify_source_topic_partitions(self: Collection, source_topic: str) -> None:
    """faust's check that a table's changelog has as many partitions as its source topic, except that a
    changelog this client sees with 0 partitions is not known yet (no topic has 0): check on a later write."""
    if source_topic not in self._verified_source_topics_for_partitions \
            and self.app.consumer.topic_partitions(self.changelog_topic_name) == 0:
        log.warning("changelog topic not in the consumer's metadata yet: partition count checked later",
                    topic=self.changelog_topic_name)
        return
    _faust_verify(self, source_topic)


# faust hard-codes aiokafka's fetch_max_wait_ms=1500. The consumer keeps one fetch in flight to the broker, and
# a fetch leaves out the partitions whose records are still buffered in the client: a fetch made while the
# candidates' partitions were buffered and the articles' were drained waits on the articles' partitions
# alone, for up to 1.5 s, while new candidates pile up unfetched (issue 9: in half the bench runs every
# candidate of a burst waited ~1.4 s before `track`; hop track p50 1,411-2,281 ms vs 12-78 ms otherwise).
# 100 ms bounds that stall; an idle processor then asks the broker 10 times a second instead of < 1.
FETCH_MAX_WAIT_MS = 100


def _with_fetch_wait(create: Any) -> Any:
    def create_worker_consumer(self: Any, transport: Any) -> Any:
        consumer = create(self, transport)
        consumer._fetch_max_wait_ms = FETCH_MAX_WAIT_MS  # read by its fetcher, made when the consumer starts
        return consumer

    return create_worker_consumer


def install() -> None:
    """Patch faust's consumer and tables once per process (idempotent)."""
    global _installed, _faust_ack, _faust_verify
    if _installed:
        return
    from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

    AIOKafkaConsumerThread._create_worker_consumer = _with_fetch_wait(  # type: ignore[method-assign]
        AIOKafkaConsumerThread._create_worker_consumer)
    _faust_ack = Consumer.ack
    _faust_verify = Collection._verify_source_topic_partitions
    Consumer._new_offset = _new_offset  # type: ignore[method-assign]
    Consumer._add_gap = _add_gap  # type: ignore[method-assign]
    Consumer.ack = _ack  # type: ignore[method-assign]
    Collection._verify_source_topic_partitions = _verify_source_topic_partitions  # type: ignore[method-assign]
    _installed = True


def add_hole_healer(app: faust.App, interval: float = 1.0) -> None:
    """A timer that seeks a partition back to its committed offset when that record stays missing."""

    @app.timer(interval=interval)
    async def reread_missing_records() -> None:
        if not app.rebalancing:
            await heal_holes(app.consumer)


async def heal_holes(consumer: Any, now: Optional[float] = None) -> None:
    """Give each assigned partition without a committed offset its baseline (its earliest offset), and seek
    back each one whose committed record has been missing for HOLE_RESEEK_AFTER."""
    holes: dict[TP, tuple[Optional[int], float]] = consumer.__dict__.get("_newsalert_holes", {})
    if not holes:
        return
    now = time.monotonic() if now is None else now
    assignment = consumer.assignment()
    await _set_baselines(consumer, holes, assignment)
    for tp, (committed, since) in list(holes.items()):
        acked = consumer._acked.get(tp)
        if committed is None and tp in assignment and consumer._committed_offset.get(tp) is None:
            continue  # its baseline is not known yet (the broker did not answer): nothing is committed meanwhile
        if tp not in assignment or committed is None or consumer._committed_offset.get(tp) != committed \
                or not acked or min(acked) <= committed:
            holes.pop(tp, None)
            continue
        if now - since < HOLE_RESEEK_AFTER:
            continue
        try:
            earliest = (await consumer.earliest_offsets(tp)).get(tp)
        except Exception:  # the broker is away: read again from the committed offset all the same
            earliest = None
        if earliest is not None and earliest > committed:  # retention deleted them: nothing to read again
            log.warning("records deleted by retention before they were processed", topic=tp.topic,
                        partition=tp.partition, offset_from=committed, offset_to=earliest)
            consumer._acked[tp].extend(range(committed, earliest))
            consumer._acked_index[tp].update(range(committed, earliest))
            holes.pop(tp, None)
            continue
        log.warning("record never processed: reading the partition again from its committed offset",
                    topic=tp.topic, partition=tp.partition, offset=committed, acked_from=min(acked))
        holes[tp] = (committed, now)
        await consumer.seek(tp, committed)


async def _set_baselines(consumer: Any, holes: dict[TP, tuple[Optional[int], float]], assignment: Any) -> None:
    """A partition of ours with no committed offset starts at its earliest offset: make that its committed
    offset here, so that `_new_offset` refuses to commit over records before the first acked one."""
    fresh = [tp for tp, (committed, _) in holes.items()
             if committed is None and tp in assignment and consumer._committed_offset.get(tp) is None]
    if not fresh:
        return
    try:
        earliest = await consumer.earliest_offsets(*fresh)
    except Exception:  # the broker is away: try again on the next tick, committing nothing meanwhile
        log.warning("earliest offsets not available: partitions without a commit wait", partitions=len(fresh))
        return
    for tp in fresh:
        start = earliest.get(tp)
        if start is None:
            continue
        consumer._committed_offset[tp] = start
        acked = consumer._acked.get(tp)
        first = min(acked) if acked else None
        log.info("partition without a committed offset starts at its earliest offset", topic=tp.topic,
                 partition=tp.partition, offset=start, first_acked=first)
        holes[tp] = (start, holes[tp][1])
