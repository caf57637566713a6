"""Delivery worker: a pipeline of small steps per delivery record.

dedup (ledger says sent? skip) -> send with retry (backoff, Retry-After,
per-destination rate) -> record in the ledger -> commit the offset. A failure
that is not worth retrying, or the last failed attempt, marks the delivery
failed and puts it on `deliveries.dlq`.

A polled batch is delivered concurrently (`deliver_batch`): one lane per
destination, at most NEWSALERT_DELIVERY_CONCURRENCY lanes at once; a lane sends
its destination's deliveries one after another, in order, at the destination's
rate. The ledger is written in few transactions: the batch's rows in one, then
the sent marks as a group commit (`SentLedger`: the lanes' marks that meet go in
one transaction; a lane sends its next only once its last is recorded), and the
offsets are committed once the whole batch is in the ledger. A worker killed
mid-batch repeats at most one send per lane (the sends in flight); nothing is
lost.
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Callable, Literal

import structlog
from kafka import KafkaProducer, TopicPartition
from kafka import errors as kafka_errors
from prometheus_client import Counter, Histogram
from pydantic import ValidationError

from alerts import digest, parking
from alerts.notifiers.base import Notifier, SendError
from alerts.store import DeliveryRow, Store
from newsalert import topics
from newsalert.kafka import (
    STOP_COMMIT_TIMEOUT_MS,
    Backoff,
    PendingCommits,
    close_quietly,
    dead_letter,
    describe,
    is_retriable,
    make_consumer,
    make_producer,
    rewind,
    send_json,
    sleep_unless_stopped,
)
from newsalert.metrics import DEAD_LETTERS
from newsalert.models import Delivery
from newsalert.settings import Settings

log = structlog.get_logger("alerts.deliver")
DELIVERIES = Counter("newsalert_deliveries_total", "Deliveries by notifier and outcome", ["notifier", "outcome"])
SEND_ATTEMPTS = Counter("newsalert_send_attempts_total", "Sends tried, by notifier and result", ["notifier", "result"])
DELIVERY_SECONDS = Histogram("newsalert_delivery_seconds", "Time from consuming a delivery to its outcome",
                             ["notifier"], buckets=(0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120))

Outcome = Literal["sent", "duplicate", "settled_failed", "failed", "queued", "parked"]


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 5
    base_delay_s: float = 1.0
    max_delay_s: float = 30.0
    horizon_s: float = 0.0  # >0: after the quick attempts a retriable failure parks (alerts/parking.py) until then
    # with parking on, a Retry-After longer than this parks at once: a lane does not sleep out a long
    # rate limit while its batch (and every later delivery of the worker) waits for it
    park_after_s: float = 5.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before attempt `attempt + 1`; the server's Retry-After wins when longer."""
        backoff = min(self.max_delay_s, self.base_delay_s * (2 ** (attempt - 1)))
        backoff *= 1 + random.uniform(0, 0.1)  # jitter: workers do not retry in lockstep
        return max(backoff, retry_after or 0.0)


@dataclass
class RateLimiter:
    """At most `per_second` sends per destination (Slack: one message per second per channel)."""

    per_second: float | None
    _last: dict[str, float] = field(default_factory=dict)

    def wait(self, destination: str, sleep: Callable[[float], None]) -> None:
        if not self.per_second:
            return
        gap = 1.0 / self.per_second
        last = self._last.get(destination)
        if last is not None:
            remaining = last + gap - time.monotonic()
            if remaining > 0:
                sleep(remaining)
        self._last[destination] = time.monotonic()

    def sent(self, destination: str) -> None:
        """Called when a send to `destination` ended: the next one waits the gap from here, so a slow
        answer (or a slow first send) never lets two messages arrive closer than the gap."""
        if self.per_second:
            self._last[destination] = time.monotonic()


@dataclass
class DeliveryResult:
    outcome: Outcome
    attempts: int = 0
    error: str | None = None
    external_id: str | None = None  # the channel's id of a sent message (threads follow-ups)


_LOOK_UP = object()  # deliver_one's default thread_ref: read it from the store


class SentLedger:
    """The sent marks of a batch's lanes, written as a group commit; thread-safe.

    A lane calls `sent` right after a channel accepted a message; it returns once the mark is in the
    ledger, so a lane never has more than one send that a crash could repeat. Marks that arrive while
    another lane is writing wait and go together in the next transaction: with many lanes, one
    transaction records many sends; with one lane, each send is one transaction, as before."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()  # the queue and its counters
        self._writing = threading.Lock()  # one transaction at a time
        self._sent: list[tuple[str, str | None]] = []
        self._threads: list[tuple[str, str, str, str]] = []
        self._queued = 0  # marks queued so far
        self._recorded = 0  # marks written so far (the first `_recorded` queued ones)

    def sent(self, delivery_id: str, external_id: str | None, thread: tuple[str, str, str] | None = None) -> None:
        """Record a sent delivery (and the thread its message starts); returns once written, raises if the
        database refused (the delivery stays pending: the batch is read again and it repeats once)."""
        with self._lock:
            self._sent.append((delivery_id, external_id))
            if thread is not None and external_id:
                self._threads.append((*thread, external_id))
            self._queued += 1
            mine = self._queued
        with self._writing:
            if self._recorded < mine:  # nobody wrote it while we waited for the lock: write all queued
                self._write()

    def flush(self) -> None:
        """Write whatever is queued (called when the batch is done, before its offsets are committed)."""
        with self._writing:
            self._write()

    def _write(self) -> None:
        with self._lock:
            sent, threads, upto = self._sent, self._threads, self._queued
            self._sent, self._threads = [], []
        try:
            self._store.record_sent(sent, threads)  # one transaction
        except BaseException:
            with self._lock:  # not written: they stay queued for the next writer
                self._sent[:0] = sent
                self._threads[:0] = threads
            raise
        self._recorded = upto


def deliver_one(
    delivery: Delivery,
    notifier: Notifier,
    store: Store,
    policy: RetryPolicy,
    limiter: RateLimiter,
    *,
    sleep: Callable[[float], None] = time.sleep,
    retrying_parked: bool = False,
    row: DeliveryRow | None = None,
    destination_parked: bool | None = None,
    thread_ref: Any = _LOOK_UP,
    ledger: SentLedger | None = None,
) -> DeliveryResult:
    """Run one delivery through dedup, send with retry, and the ledger. Never raises SendError.

    With `policy.horizon_s`, a retriable failure after the quick attempts parks the delivery (and the
    ones after it to the same destination) instead of failing it; `retrying_parked`: the parked step's
    single try of a parked delivery. A batch passes what it read for all its records at once: the
    ledger `row`, whether the destination is parked, the `thread_ref`; with a `ledger`, the sent mark
    waits there for the batch's group commit instead of a transaction of its own."""
    row = row or store.begin_delivery(delivery.delivery_id, **ledger_fields(delivery))
    if row.status == "sent":
        return DeliveryResult("duplicate", row.attempts)
    if row.status == "failed":
        return DeliveryResult("settled_failed", row.attempts, row.last_error)  # `redeliver` resets it
    if delivery.mode == "digest" and digest.supports_digest(notifier):
        digest.queue(store, delivery.delivery_id)  # the digest step sends it with the period's others
        return DeliveryResult("queued")
    if row.status == digest.QUEUED:
        return DeliveryResult("queued")
    if row.status == parking.PARKED and not retrying_parked:
        return DeliveryResult("parked", row.attempts, row.last_error)
    if policy.horizon_s and not retrying_parked and (
            destination_parked if destination_parked is not None
            else parking.destination_parked(store, delivery.notifier, delivery.destination)):
        parking.park(store, delivery.delivery_id, "waiting behind an earlier delivery to this destination")
        return DeliveryResult("parked", row.attempts)

    event_key = delivery.update.event.event_key
    if thread_ref is _LOOK_UP:
        thread_ref = store.thread_of(event_key, delivery.notifier, delivery.destination)
    attempt = 0
    while True:
        attempt += 1
        limiter.wait(delivery.destination, sleep)
        try:
            receipt = notifier.send(delivery, thread_ref=thread_ref)
        except SendError as exc:
            limiter.sent(delivery.destination)
            SEND_ATTEMPTS.labels(delivery.notifier, "retryable" if exc.retryable else "fatal").inc()
            error = str(exc)
            long_wait = bool(policy.horizon_s and not retrying_parked and exc.retryable
                             and (exc.retry_after or 0.0) > policy.park_after_s)
            if long_wait or not exc.retryable or attempt >= (1 if retrying_parked else policy.max_attempts):
                store.record_attempt(delivery.delivery_id, error)
                if exc.retryable and policy.horizon_s and not parking.expired(
                        row, timedelta(seconds=policy.horizon_s), parking.utcnow()):
                    parking.park(store, delivery.delivery_id, error)
                    return DeliveryResult("parked", attempt, error)
                store.mark_failed(delivery.delivery_id, error)
                return DeliveryResult("failed", attempt, error)
            store.record_attempt(delivery.delivery_id, error)
            wait = policy.delay(attempt, exc.retry_after)
            log.info("delivery retry", delivery_id=delivery.delivery_id, attempt=attempt, wait_s=round(wait, 2), error=error)
            sleep(wait)
            continue
        limiter.sent(delivery.destination)
        SEND_ATTEMPTS.labels(delivery.notifier, "ok").inc()
        new_thread = (event_key, delivery.notifier, delivery.destination) if thread_ref is None else None
        if ledger is not None:
            ledger.sent(delivery.delivery_id, receipt.external_id, new_thread)
        else:
            store.mark_sent(delivery.delivery_id, receipt.external_id)
            if receipt.external_id and new_thread is not None:
                store.remember_thread(event_key, delivery.notifier, delivery.destination, receipt.external_id)
        return DeliveryResult("sent", attempt, external_id=receipt.external_id)


def ledger_fields(delivery: Delivery) -> dict[str, Any]:
    """The ledger row's columns of a delivery (besides its id and state)."""
    return dict(
        subscription_id=delivery.subscription_id,
        update_id=delivery.update.update_id,
        event_key=delivery.update.event.event_key,
        notifier=delivery.notifier,
        destination=delivery.destination,
        payload=delivery.model_dump(mode="json"),
    )


def report_failure(delivery: Delivery, result: DeliveryResult, producer: KafkaProducer, dlq_topic: str,
                   on_failed: Callable[[str], None] | None) -> None:
    """A failed delivery: dead-lettered, logged at WARNING with the reason, and one line for a person."""
    DEAD_LETTERS.labels("deliver").inc()
    send_to_dlq(producer, delivery, result.error or "failed", dlq_topic)
    log.warning("delivery failed", delivery_id=delivery.delivery_id, attempts=result.attempts,
                notifier=delivery.notifier, subscription_id=delivery.subscription_id, error=result.error)
    if on_failed is not None:
        on_failed(f"warning: {delivery.notifier} delivery {delivery.delivery_id} (subscription "
                  f"{delivery.subscription_id}) failed after {result.attempts} attempt(s): {result.error}; "
                  f"`newsalert deliveries --failed` lists it, `newsalert redeliver {delivery.delivery_id}` "
                  "sends it again")


def send_to_dlq(producer: KafkaProducer, delivery: Delivery, error: str, topic: str = topics.DELIVERIES_DLQ) -> None:
    letter = dead_letter("deliver", error, delivery.model_dump_json().encode("utf-8"), key=str(delivery.subscription_id).encode())
    send_json(producer, topic, str(delivery.subscription_id), letter).get(timeout=30)


def run_delivery_worker(
    settings: Settings,
    bootstrap: str,
    notifier_name: str,
    should_stop: Callable[[], bool],
    *,
    policy: RetryPolicy | None = None,
    on_failed: Callable[[str], None] | None = None,
) -> None:
    """Consume `deliveries.<notifier>` until asked to stop, committing finished batches after their ledger
    writes (every COMMIT_INTERVAL_S at most, and on the way out).

    Runs in a thread of `newsalert alerts`; each polled batch is delivered by `deliver_batch` on
    `settings.delivery_concurrency` lane threads. Order: deliver -> ledger -> commit. Rides through
    outages: a batch whose handling failed for a retriable reason (Kafka or the database away) is read
    again after a backoff; a commit refused after a lost membership is let go and the consumer re-polls
    (rejoins) before it handles anything else - the ledger turns the repeats into `duplicate`s. Raises
    only on a non-retriable error (a bug).
    """
    from alerts.notifiers import get_notifier

    notifier = get_notifier(notifier_name, settings)
    policy = policy or RetryPolicy(max_attempts=settings.max_attempts, horizon_s=settings.retry_horizon_hours * 3600)
    limiter = RateLimiter(notifier.limits.per_destination_per_second)
    store = Store(settings.db_url)
    producer: KafkaProducer | None = None
    names = settings.topics
    stage = f"deliver-{notifier_name}"
    consumer = make_consumer(bootstrap, names.group(f"newsalert-deliver-{notifier_name}"), [names.deliveries(notifier_name)],
                             max_poll_records=BATCH_RECORDS, max_poll_interval_ms=600_000)
    lanes = ThreadPoolExecutor(max_workers=settings.delivery_concurrency, thread_name_prefix=f"{stage}-lane")
    period = timedelta(seconds=settings.digest_period)
    next_digest_check = next_parked_check = 0.0
    backoff = Backoff(stage=stage)
    pending = PendingCommits(stage)

    def try_parked(row) -> str:  # type: ignore[no-untyped-def]
        nonlocal producer
        delivery = Delivery.model_validate(row.payload)
        result = deliver_one(delivery, notifier, store, policy, limiter, retrying_parked=True)
        DELIVERIES.labels(delivery.notifier, result.outcome).inc()
        if result.outcome == "failed":
            producer = producer or make_producer(bootstrap)
            report_failure(delivery, result, producer, names.deliveries_dlq, on_failed)
        elif result.outcome == "sent":
            log.info("parked delivery sent", delivery_id=delivery.delivery_id, attempts=row.attempts + 1)
        return result.outcome

    try:
        while not should_stop():
            if policy.horizon_s and time.monotonic() >= next_parked_check:
                try:
                    parking.retry_parked(store, notifier_name, policy.max_attempts,
                                         timedelta(seconds=policy.horizon_s), try_parked)
                except Exception as exc:  # the database or Kafka away: the rows stay parked, tried again later
                    log.warning("parked deliveries not retried", stage=stage, error=describe(exc))
                next_parked_check = time.monotonic() + 5.0
            if digest.supports_digest(notifier) and time.monotonic() >= next_digest_check:
                try:
                    digest.send_due_digests(store, notifier, notifier_name, period)  # type: ignore[arg-type]
                except Exception:  # a digest bug must not stop immediate deliveries; the rows stay queued
                    log.exception("digest step failed")
                next_digest_check = time.monotonic() + min(60.0, max(1.0, settings.digest_period / 10))
            if pending.due():
                pending.commit(consumer)  # a failed one: the records come again (sought back), the ledger dedups
            try:
                batch = consumer.poll(timeout_ms=500)
            except Exception as exc:
                if not is_retriable(exc):
                    raise
                log.warning("delivery poll failed, retrying", stage=stage, error=describe(exc))
                sleep_unless_stopped(backoff.next_delay(), should_stop)
                continue
            if not batch:
                continue
            # the batch's first offsets: where it is read again from when it is not finished
            unhandled = {TopicPartition(tp.topic, tp.partition): records[0].offset for tp, records in batch.items()}
            failure: BaseException | None = None
            try:
                producer = producer or make_producer(bootstrap)
                finished = deliver_batch([r for records in batch.values() for r in records], notifier, store, policy,
                                         limiter, producer, names.deliveries_dlq, lanes, on_failed=on_failed,
                                         should_stop=should_stop)
            except Exception as exc:
                if not is_retriable(exc):
                    raise
                failure = exc
            else:
                if not finished:  # asked to stop mid-batch: not committed, the rest is read again
                    break
                done = {TopicPartition(tp.topic, tp.partition): records[-1].offset + 1 for tp, records in batch.items()}
                pending.add(unhandled, done)  # in the ledger: committed with the next due commit
                if pending.due() and not pending.commit(consumer):  # it sought back to the uncommitted records
                    failure = kafka_errors.CommitFailedError("membership lost")
            if failure is None:
                backoff.reset()
                continue
            if not isinstance(failure, kafka_errors.CommitFailedError):
                rewind(consumer, unhandled)  # the batch comes again; the ledger turns what was sent into duplicates
                log.warning("delivery not finished, reading it again", stage=stage, error=describe(failure))
                close_quietly(producer)
                producer = None  # a fresh producer after an outage (no stale idempotence state)
                sleep_unless_stopped(backoff.next_delay(), should_stop)
        pending.commit(consumer, timeout_ms=STOP_COMMIT_TIMEOUT_MS)  # stopping: the batches finished before
    finally:
        lanes.shutdown(wait=True, cancel_futures=True)
        close_quietly(consumer, producer)
        store.close()


BATCH_RECORDS = 500  # records a delivery worker takes per poll (a 1,000-subscriber fan-out in two batches)


def deliver_batch(records: list[Any], notifier: Notifier, store: Store, policy: RetryPolicy, limiter: RateLimiter,
                  producer: KafkaProducer, dlq_topic: str, lanes: ThreadPoolExecutor, *,
                  on_failed: Callable[[str], None] | None = None,
                  should_stop: Callable[[], bool] = lambda: False) -> bool:
    """Deliver one polled batch: validate, one ledger transaction for its rows, then one lane per
    destination on `lanes` (in order within a destination), the sent marks group-committed.

    Called by the delivery worker after each poll; its offsets may be committed when this returns True.
    False: asked to stop before every lane was done (what was sent is in the ledger). Raises the first
    error of a lane (the database or Kafka away: the batch is read again, its sent ones are duplicates)."""
    deliveries: list[Delivery] = []
    seen: set[str] = set()
    for record in records:
        try:
            delivery = Delivery.model_validate_json(record.value)
        except ValidationError as exc:
            letter = dead_letter("deliver", f"invalid delivery: {exc.errors()[:3]}", record.value, key=record.key,
                                 topic=record.topic, partition=record.partition, offset=record.offset)
            send_json(producer, dlq_topic, None, letter).get(timeout=30)
            continue
        if delivery.delivery_id in seen:  # the router's repeat, in the same batch: sent once
            DELIVERIES.labels(delivery.notifier, "duplicate").inc()
            continue
        seen.add(delivery.delivery_id)
        deliveries.append(delivery)
    if not deliveries:
        return True
    # the batch's new ledger rows (one transaction), its parked destinations and threads: one connection
    opened = store.open_batch([(d.delivery_id, ledger_fields(d)) for d in deliveries], deliveries[0].notifier,
                              parked=bool(policy.horizon_s),
                              thread_keys=[(d.update.event.event_key, d.notifier, d.destination) for d in deliveries])
    rows, parked, threads = opened.rows, opened.parked, opened.threads
    by_destination: dict[str, list[Delivery]] = {}
    for delivery in deliveries:
        by_destination.setdefault(delivery.destination, []).append(delivery)
    ledger = SentLedger(store)
    stopped = threading.Event()

    def lane(queue: list[Delivery]) -> None:
        """One destination's deliveries of the batch, one after another (runs on a lane thread)."""
        is_parked = queue[0].destination in parked
        for delivery in queue:
            if should_stop():
                stopped.set()
                return
            key = (delivery.update.event.event_key, delivery.notifier, delivery.destination)
            started = time.monotonic()
            result = deliver_one(delivery, notifier, store, policy, limiter, row=rows[delivery.delivery_id],
                                 destination_parked=is_parked, thread_ref=threads.get(key), ledger=ledger)
            DELIVERIES.labels(delivery.notifier, result.outcome).inc()
            DELIVERY_SECONDS.labels(delivery.notifier).observe(time.monotonic() - started)
            if result.outcome == "parked":
                is_parked = True  # the later ones of this destination wait behind it, in order
            if result.outcome == "sent" and result.external_id and key not in threads:
                threads[key] = result.external_id  # an update of the same event in this batch threads on it
            report_outcome(delivery, result, policy, producer, dlq_topic, on_failed)

    if len(by_destination) == 1:
        # one destination (the console's every batch, a steady stream's small polls): its lane runs here, not
        # on a lane thread; the hand-off and the wait cost more than the console send (issue 9)
        error: BaseException | None = None
        try:
            lane(next(iter(by_destination.values())))
        except Exception as exc:  # noqa: BLE001 - raised below, after the ledger flush, as future.result() did
            error = exc
        ledger.flush()
        if error is not None:
            raise error
        return not stopped.is_set()
    futures = [lanes.submit(lane, queue) for queue in by_destination.values()]
    wait(futures)  # a lane that failed does not stop the others: what they send is recorded
    ledger.flush()
    for future in futures:
        future.result()  # re-raises the first lane error
    return not stopped.is_set()


def report_outcome(delivery: Delivery, result: DeliveryResult, policy: RetryPolicy, producer: KafkaProducer,
                   dlq_topic: str, on_failed: Callable[[str], None] | None) -> None:
    """Log a delivery's outcome; a failed one is dead-lettered, the first parked one of its destination said."""
    if result.outcome == "failed":
        report_failure(delivery, result, producer, dlq_topic, on_failed)
        return
    if result.outcome == "parked" and result.error:  # the first of its destination: say so once
        log.warning("delivery parked", delivery_id=delivery.delivery_id, attempts=result.attempts,
                    notifier=delivery.notifier, subscription_id=delivery.subscription_id, error=result.error)
        if on_failed is not None:
            on_failed(f"warning: {delivery.notifier} delivery {delivery.delivery_id} (subscription "
                      f"{delivery.subscription_id}) failed {result.attempts} time(s): {result.error}; its destination "
                      f"is parked and retried for up to {policy.horizon_s / 3600:g} h (NEWSALERT_RETRY_HORIZON_HOURS)")
        return
    # DEBUG: one line per delivery (1,000 for a fan-out) cost more than the console send; failures and
    # parks above stay WARNING
    log.debug("delivery", delivery_id=delivery.delivery_id, outcome=result.outcome, attempts=result.attempts,
              notifier=delivery.notifier)


def handle_record(record, notifier: Notifier, store: Store, policy: RetryPolicy, limiter: RateLimiter,  # type: ignore[no-untyped-def]
                  producer: KafkaProducer, dlq_topic: str = topics.DELIVERIES_DLQ, *,
                  on_failed: Callable[[str], None] | None = None) -> DeliveryResult:
    """One consumed record: validate, deliver, and dead-letter what cannot be delivered.

    A failed delivery is logged at WARNING with its reason, and `on_failed` gets one line for a person
    (`newsalert alerts` prints it, so `run` shows it on its console)."""
    try:
        delivery = Delivery.model_validate_json(record.value)
    except ValidationError as exc:
        letter = dead_letter("deliver", f"invalid delivery: {exc.errors()[:3]}", record.value, key=record.key,
                             topic=record.topic, partition=record.partition, offset=record.offset)
        send_json(producer, dlq_topic, None, letter).get(timeout=30)
        return DeliveryResult("failed", 0, "invalid delivery record")
    started = time.monotonic()
    result = deliver_one(delivery, notifier, store, policy, limiter)
    DELIVERIES.labels(delivery.notifier, result.outcome).inc()
    DELIVERY_SECONDS.labels(delivery.notifier).observe(time.monotonic() - started)
    report_outcome(delivery, result, policy, producer, dlq_topic, on_failed)
    return result
