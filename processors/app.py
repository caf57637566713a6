"""The faust app: articles -> detected candidates (re-keyed) -> tracked events -> `events`.

Two agents, so that the event-state table is co-partitioned with its input:

1. `detect` reads `articles` (keyed by article id), validates each record
   (invalid -> `articles.dlq` with the reason and the original bytes), runs
   every detector and sends each candidate to `events.candidates` keyed by the
   event's base key.
2. `track` reads `events.candidates`, folds each candidate into the table of
   tracked events and sends an `EventUpdate` to `events` only when something a
   subscriber cares about changed.

faust flushes the producer before it commits an offset, so a record's offset
is committed only after what it produced is acknowledged (at-least-once; the
table and the alert ledger absorb the repeats). `processors/faust_fixes.py`
corrects faust's offset bookkeeping, which committed past records it had
dropped during a rebalance (issue 13).
"""

from __future__ import annotations

import asyncio
import os
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import faust
import structlog
from prometheus_client import Counter
from pydantic import ValidationError

from newsalert.kafka import dead_letter
from newsalert.metrics import DEAD_LETTERS, STAGE_SECONDS
from newsalert.settings import Settings
from processors import faust_fixes
from processors.detect_pool import (  # noqa: F401 - detect_candidates: this module's API (tests use it)
    Candidate,
    Detected,
    DetectorPool,
    InOrder,
    default_processes,
    detect_candidates,
)
from processors.state import (
    Episodes,
    apply_reminder,
    flush_held,
    held_due,
    merge,
    newest_seen,
    prune,
    reminders_due,
)
from processors.store import AckedTable, claim_instance_dir, prepare_instance_dir, register, store_url

log = structlog.get_logger("processors")
ARTICLES = Counter("newsalert_articles_total", "Articles consumed, by result", ["result"])
CANDIDATES = Counter("newsalert_candidates_total", "Events detected in articles, by type", ["type"])
UPDATES = Counter("newsalert_event_updates_total", "Event updates emitted, by type and kind of change", ["type", "kind"])

APP_ID = "newsalert-processors"
# articles in flight per detector process: a result crosses two executor threads and the GIL on its way back,
# so 4 left the pool waiting between articles; more only costs memory (an un-acked record is read again
# after a crash either way). Up to DETECT_CHUNK of them go to a pool process as one task (detect_pool.InOrder)
DETECT_WINDOW_PER_PROCESS = 32
DETECT_CHUNK = 16
EVENT_TABLE = "tracked-events"
DELETE = object()  # a key's new state is "gone" (retention): a tombstone on the changelog
# RocksDB's caches, per partition database: the table lives on disk, memory holds only what is hot
# (faust's defaults, a 2 GiB block cache and 3 x 64 MiB write buffers, would grow toward the table's size)
ROCKSDB_OPTIONS = {"block_cache_size": 32 * 1024**2, "write_buffer_size": 16 * 1024**2, "max_write_buffer_number": 2}


def changelog_topic_name(settings: Settings) -> str:
    """The event table's changelog topic (faust names it after the app id and the table)."""
    return f"{settings.topics.group(APP_ID)}-{EVENT_TABLE}-changelog"


# Every agent acks its records by hand (`stream.noack()`), only once their work is done. faust acks an event
# in a `finally` when the agent is cancelled mid-event (a SIGTERM, a scale-in), and commits that offset on
# the way out: the candidates or the update it was about to send were lost for good. Acked by hand, an
# interrupted record stays un-acked: the next owner of the partition reads it again (the table and the
# ledger absorb the repeat).


class AfterAcks:
    """The track agent's table writes and record acks, done in record order once Kafka acknowledged the
    updates each record sent, so the agent does not wait a broker round trip per update.

    The update must be on `events` before the table's changelog remembers the new state: were the state
    in the changelog first, a crash in between would lose the alert for good (the re-read candidate would
    find nothing new). The other way round, a crash repeats the update with the same update id, and the
    alert ledger drops the repeat. So the agent puts the new state in the table's memory at once (the next
    candidate of the key sees it) and hands its changelog write, and the record's ack, to this queue; a
    record is acked (so its offset committable) only after its changelog write, in the order of the
    records. A failed send stops the agent (`check` raises), and nothing after it is acked.
    """

    def __init__(self, table: Any, ack: Any) -> None:
        self._table = table
        self._ack = ack
        self._queue: asyncio.Queue[tuple[list[Any], int | None, Any, Any, Any]] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._error: BaseException | None = None

    def add(self, event: Any, sent: list[Any] = (), key: Any = None, value: Any = None) -> None:
        """Called once per record, after its body: `sent` are the futures of its sends, `value` the new
        state of `key` (already in the table's memory), DELETE (the key is gone: a tombstone) or None."""
        if self._task is None:
            self._task = asyncio.ensure_future(self._run())
        self._queue.put_nowait((list(sent), event.message.partition, key, value, event))

    def check(self) -> None:
        """Called before each record: a send that failed stops the agent (faust restarts it; nothing
        after the failed record was acked, so it is read again)."""
        if self._error is not None:
            raise self._error

    async def _run(self) -> None:
        try:
            while True:
                sent, partition, key, value, event = await self._queue.get()
                for future in sent:
                    await future  # the update is acknowledged on `events`
                if value is DELETE:
                    self._table.send_changelog(partition, key, None)
                elif value is not None:
                    self._table.send_changelog(partition, key, value)
                await self._ack(event)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # noqa: BLE001 - handed to the agent by `check`
            self._error = exc
            log.error("event update not acknowledged; the tracker stops", error=f"{type(exc).__name__}: {exc}")


def create_app(settings: Settings, bootstrap: str, table_dir: Path | None = None) -> faust.App:
    """Build the faust app for one cluster and one home. `table_dir`: this instance's own folder of the
    on-disk table (`prepare_table_dir`); None keeps faust's (fine for memory://)."""
    faust_fixes.install()  # faust's offset bookkeeping committed past unprocessed records at a rebalance
    register()  # the newsalert-rocksdb:// store: writes reach the disk after the changelog's ack
    datadir = settings.home_dir / "faust"
    datadir.mkdir(parents=True, exist_ok=True)
    extra: dict[str, Any] = {"tabledir": str(table_dir)} if table_dir is not None else {}
    app = faust.App(
        settings.topics.group(APP_ID),
        broker=f"kafka://{bootstrap}",
        store=store_url(settings.table_store),
        Table=AckedTable,
        datadir=str(datadir),
        **extra,
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=1,
        value_serializer="raw",
        key_serializer="raw",
        web_enabled=False,
        broker_commit_interval=1.0,
        # a processor killed with SIGKILL leaves the group after 10 s, not faust's 60 s: its partitions (and
        # the event table's) move to the survivors or to its restarted self that soon (as the alert consumers)
        broker_session_timeout=10.0,
        broker_heartbeat_interval=3.0,
        # metadata every 5 s, not 5 min: a changelog topic created as the worker starts, or partition leaders
        # after a broker restart, are known that soon (faust_fixes: the table check that saw 0 partitions)
        consumer_metadata_max_age_ms=5_000,
        producer_metadata_max_age_ms=5_000,
        producer_acks=-1,
        # a few ms of batching: the agents send many small records (candidates, updates, changelog); one
        # produce request each cost more of the event loop than the detectors (issue 9, py-spy)
        producer_linger=0.005,
        consumer_auto_offset_reset="earliest",
        table_cleanup_interval=300.0,
    )
    names = settings.topics
    articles_topic = app.topic(names.articles, key_type=bytes, value_type=bytes, internal=False)
    candidates_topic = app.topic(
        names.event_candidates, key_type=bytes, value_type=bytes, partitions=settings.topic_partitions
    )
    dlq_topic = app.topic(names.articles_dlq, key_type=bytes, value_type=bytes)
    budget = settings.alert_budget  # at most one update per event per this much publication time
    retention = settings.event_retention
    # values are the JSON of `Episodes`, as bytes (the app's serialisers are raw)
    table = app.Table(EVENT_TABLE, default=None, partitions=settings.topic_partitions, key_type=bytes, value_type=bytes,
                      options=dict(ROCKSDB_OPTIONS) if settings.table_store == "rocksdb" else None)

    async def to_dlq(event: Any, reason: str) -> None:
        message = event.message
        letter = dead_letter(
            "processors", reason, message.value, key=message.key,
            topic=message.topic, partition=message.partition, offset=message.offset,
        )
        await dlq_topic.send(key=message.key, value=letter.model_dump_json().encode("utf-8"))
        DEAD_LETTERS.labels("processors").inc()
        log.warning("article to dead-letter topic", reason=reason, offset=message.offset, partition=message.partition)

    processes = default_processes() if settings.detect_processes is None else settings.detect_processes

    async def produce(topic: str, key: bytes, value: bytes) -> Any:
        """Send one record of the hot path (a candidate, an update) straight to faust's producer; returns
        the future of its acknowledgement. Called by the agents once per record.

        `Topic.send` does the same send (faust sends at once: no `stream_publish_on_commit`) behind a
        FutureMessage, the sensors' send bookkeeping and a completion callback: ~8% of the processor's
        event loop in a burst (issue 9, py-spy). The records, keys and partitions are the same (aiokafka's
        key partitioner either way), and faust's flush before each commit covers these sends too (one
        producer). A failed send raises (faust's ProducerSendError), as with `Topic.send`."""
        return await app.producer.send(topic, key, value, partition=None, timestamp=None, headers=None)

    @app.agent(articles_topic)
    async def detect(stream: faust.StreamT) -> None:
        """Detect each article in the pool and finish it (dead letter or candidates, then ack) in read order,
        so a partition's candidates keep the order of its articles; an interrupted record stays un-acked
        (see the note on acks above) and is read again by the partition's next owner."""
        manual = stream.noack()
        pool = DetectorPool(processes)

        async def finish(event: Any, detected: Detected) -> None:
            started = time.perf_counter()
            if detected.error is not None:
                if detected.trace:
                    log.error("detector failed", article_id=detected.article_id, traceback=detected.trace)
                await to_dlq(event, detected.error)
            else:
                for key, value, _ in detected.candidates:
                    await produce(names.event_candidates, key, value)
                ARTICLES.labels("with_events" if detected.candidates else "no_events").inc()
                for _, _, kind in detected.candidates:
                    CANDIDATES.labels(kind).inc()
                # DEBUG, as "candidate tracked": a line per record cost a quarter of the loop's time (issue 9)
                log.debug("article processed", article_id=detected.article_id, candidates=len(detected.candidates))
            await manual.ack(event)
            # the article's own work: detection (in the pool) and its sends here, not its wait in the window
            STAGE_SECONDS.labels("detect").observe(detected.seconds + time.perf_counter() - started)

        # in flight: enough to keep every detector process busy while the loop finishes the head record
        in_order = InOrder(pool, finish, window=max(1, DETECT_WINDOW_PER_PROCESS * processes), chunk=DETECT_CHUNK)
        try:
            async for event in manual.events():
                await in_order.put(event)
        finally:
            await in_order.close()
            pool.close()

    @app.agent(candidates_topic)
    async def track(stream: faust.StreamT) -> None:
        manual = stream.noack()
        after = AfterAcks(table, manual.ack)
        async for event in manual.events():
            after.check()
            started = time.perf_counter()
            # not acked when interrupted here (see the note on acks above): the next owner reads it again
            sent, value = await track_one(event)
            after.add(event, sent, event.key, value)
            STAGE_SECONDS.labels("track").observe(time.perf_counter() - started)

    async def track_one(event: Any) -> tuple[list[Any], Any]:
        """Fold one candidate into the table; returns the futures of the updates it sent and the key's new
        state (in the table's memory already; its changelog write waits for the futures, see AfterAcks):
        bytes, DELETE when the retention dropped the key's last episode, None when unchanged."""
        try:
            candidate = Candidate.model_validate_json(event.value)
        except ValidationError as exc:
            await to_dlq(event, f"invalid candidate: {exc.errors()[:3]}")
            return [], None
        key = event.key
        stored = table.get(key)
        episodes = Episodes.model_validate_json(stored) if stored else None
        now = datetime.now(timezone.utc)
        try:
            if candidate.reminder is not None:
                updated, update = apply_reminder(episodes, candidate.reminder, now)
                updates = [update] if update else []
            elif candidate.release_held:
                updated, updates = flush_held(episodes, now, budget)
            elif candidate.prune_before is not None:
                # the retention sweep: nothing to emit; unchanged when a report came since the sweep looked
                pruned = prune(episodes, candidate.prune_before, retention) if episodes else None
                updated, updates = (pruned if pruned is not episodes else None), []
            elif candidate.event is not None and candidate.source is not None:
                # `episodes` was parsed for this record alone: merged in place, not copied first
                updated, update = merge(episodes, candidate.event, candidate.source, now=now, budget=budget,
                                        owned=True)
                # closed episodes of the key past the retention (by publication time) leave the table
                updated = prune(updated, candidate.source.published, retention)
                updates = [update] if update else []
            else:
                await to_dlq(event, "candidate has neither an event with its source nor a reminder")
                return [], None
        except Exception as exc:  # a state bug must not stop the stream: park the record with the reason
            log.exception("event state update failed", key=key)
            await to_dlq(event, f"event state update failed: {type(exc).__name__}: {exc}")
            return [], None
        message = event.message
        log.debug("candidate tracked", partition=message.partition, offset=message.offset,
                 article_id=candidate.source.article_id if candidate.source else None,
                 known=episodes is not None, updates=len(updates))
        sent = []
        for update in updates:
            # sent, not awaited: AfterAcks writes the changelog (and acks the record) once it is acknowledged
            sent.append(await produce(names.events, update.event.event_key.encode("utf-8"),
                                      update.model_dump_json().encode("utf-8")))
            UPDATES.labels(update.event.type, update.change.kind).inc()
            log.info("event update", event_key=update.event.event_key, change=update.change.describe(),
                     revision=update.revision)
        if updated is None:
            return sent, None
        if not updated.events:  # every episode past the retention: the key leaves the table and the changelog
            table.data.pop(key, None)
            log.info("tracked events past retention dropped", key=key.decode("utf-8", "replace"))
            return sent, DELETE
        value = updated.model_dump_json().encode("utf-8")
        table.data[key] = value  # memory now; the changelog after the updates' acks (AfterAcks)
        return sent, value

    faust_fixes.add_hole_healer(app)  # a record faust dropped at a rebalance is read again
    lead = timedelta(hours=settings.reminder_lead_hours)

    sweep: dict[str, datetime | None] = {"newest": None}  # the newest report the last scan saw

    @app.timer(interval=settings.reminder_check_interval)
    async def check_reminders() -> None:
        """Ask the owner of each due event's partition to emit its reminder, to release the changes the
        alert budget held once their window passed, and to drop the episodes past the retention (a key no
        article names again would otherwise stay forever; tables change only in agents). The retention
        counts from the newest report the previous scan saw, so one pass over the table does it all and
        no key's state is held beyond its turn (the table may not fit in memory)."""
        now = datetime.now(timezone.utc)
        horizon = sweep["newest"] if retention else None
        newest: datetime | None = None
        requests: list[tuple[bytes, Candidate]] = []
        for count, (key, raw) in enumerate(table.items(), start=1):
            if raw:
                episodes = Episodes.model_validate_json(raw)
                seen = newest_seen([episodes], now)
                newest = seen if newest is None or (seen is not None and seen > newest) else newest
                if horizon is not None and prune(episodes, horizon, retention) is not episodes:
                    requests.append((key, Candidate(prune_before=horizon)))
                requests += [(key, Candidate(reminder=due)) for due in reminders_due(episodes, now, lead)]
                if held_due(episodes, now, budget):
                    requests.append((key, Candidate(release_held=True)))
            if count % 200 == 0:
                await asyncio.sleep(0)  # a large table: the agents run between slices of the scan
        sweep["newest"] = newest
        for key, candidate in requests:
            await candidates_topic.send(key=key, value=candidate.model_dump_json().encode("utf-8"))

    return app


def prepare_table_dir(settings: Settings, bootstrap: str) -> Path | None:
    """This processor's own folder of the on-disk table, checked against the broker (None for memory://).
    Called once as the processor starts; the folder stays locked to this process until it exits."""
    if settings.table_store != "rocksdb":
        return None
    instance = claim_instance_dir(settings.home_dir / "faust")
    _held.append(instance)  # the lock lives as long as the process
    prepare_instance_dir(instance.path, EVENT_TABLE, bootstrap, changelog_topic_name(settings))
    log.info("event table on disk", folder=str(instance.path))
    return instance.path


_held: list[Any] = []


def run_worker(settings: Settings, bootstrap: str, loglevel: str = "warning") -> None:
    """Run the processors until SIGINT/SIGTERM (blocking; faust owns the event loop)."""
    app = create_app(settings, bootstrap, table_dir=prepare_table_dir(settings, bootstrap))
    os.environ.setdefault("F_DATADIR", str(Path(settings.home_dir / "faust")))
    worker = faust.Worker(app, loglevel=loglevel, quiet=True, redirect_stdouts=False)
    worker.spinner = None  # no terminal spinner: stdout is shared with the alerts in `newsalert run`
    worker.execute_from_commandline()
