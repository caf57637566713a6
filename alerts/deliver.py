"""Delivery worker: a pipeline of small steps per delivery record.

dedup (ledger says sent? skip) -> send with retry (backoff, Retry-After,
per-destination rate) -> record in the ledger -> commit the offset. A failure
that is not worth retrying, or the last failed attempt, marks the delivery
failed and puts it on `deliveries.dlq`.

A worker killed between the send and the ledger write repeats that one
in-flight delivery on restart; nothing else is lost or repeated.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable, Literal

import structlog
from kafka import KafkaProducer, TopicPartition
from kafka import errors as kafka_errors
from prometheus_client import Counter, Histogram
from pydantic import ValidationError

from alerts import digest, parking
from alerts.notifiers.base import Notifier, SendError
from alerts.store import Store
from newsalert import topics
from newsalert.kafka import (
    Backoff,
    close_quietly,
    commit_offsets,
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


@dataclass
class DeliveryResult:
    outcome: Outcome
    attempts: int = 0
    error: str | None = None


def deliver_one(
    delivery: Delivery,
    notifier: Notifier,
    store: Store,
    policy: RetryPolicy,
    limiter: RateLimiter,
    *,
    sleep: Callable[[float], None] = time.sleep,
    retrying_parked: bool = False,
) -> DeliveryResult:
    """Run one delivery through dedup, send with retry, and the ledger. Never raises SendError.

    With `policy.horizon_s`, a retriable failure after the quick attempts parks the delivery (and the
    ones after it to the same destination) instead of failing it; `retrying_parked`: the parked step's
    single try of a parked delivery."""
    row = store.begin_delivery(
        delivery.delivery_id,
        subscription_id=delivery.subscription_id,
        update_id=delivery.update.update_id,
        event_key=delivery.update.event.event_key,
        notifier=delivery.notifier,
        destination=delivery.destination,
        payload=delivery.model_dump(mode="json"),
    )
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
    if policy.horizon_s and not retrying_parked and parking.destination_parked(store, delivery.notifier, delivery.destination):
        parking.park(store, delivery.delivery_id, "waiting behind an earlier delivery to this destination")
        return DeliveryResult("parked", row.attempts)

    event_key = delivery.update.event.event_key
    thread_ref = store.thread_of(event_key, delivery.notifier, delivery.destination)
    attempt = 0
    while True:
        attempt += 1
        limiter.wait(delivery.destination, sleep)
        try:
            receipt = notifier.send(delivery, thread_ref=thread_ref)
        except SendError as exc:
            SEND_ATTEMPTS.labels(delivery.notifier, "retryable" if exc.retryable else "fatal").inc()
            error = str(exc)
            if not exc.retryable or attempt >= (1 if retrying_parked else policy.max_attempts):
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
        SEND_ATTEMPTS.labels(delivery.notifier, "ok").inc()
        store.mark_sent(delivery.delivery_id, receipt.external_id)
        if receipt.external_id and thread_ref is None:
            store.remember_thread(event_key, delivery.notifier, delivery.destination, receipt.external_id)
        return DeliveryResult("sent", attempt)


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
    """Consume `deliveries.<notifier>` until asked to stop, committing each record after its ledger write.

    Runs in a thread of `newsalert alerts`. Order per record: deliver -> ledger -> commit. Rides through
    outages: a record whose handling failed for a retriable reason (Kafka or the database away) is read
    again after a backoff, and so is every later record of the batch; a commit refused after a lost
    membership is let go and the consumer re-polls (rejoins) before it handles anything else - the
    ledger turns the repeat into a `duplicate`. Raises only on a non-retriable error (a bug).
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
                             max_poll_records=10, max_poll_interval_ms=600_000)
    period = timedelta(seconds=settings.digest_period)
    next_digest_check = next_parked_check = 0.0
    backoff = Backoff(stage=stage)

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
            try:
                batch = consumer.poll(timeout_ms=500)
            except Exception as exc:
                if not is_retriable(exc):
                    raise
                log.warning("delivery poll failed, retrying", stage=stage, error=describe(exc))
                sleep_unless_stopped(backoff.next_delay(), should_stop)
                continue
            # next offset to handle per partition: whatever is left here when the loop breaks is read again
            unhandled = {TopicPartition(tp.topic, tp.partition): records[0].offset for tp, records in batch.items()}
            failure: BaseException | None = None
            for tp, records in batch.items():
                part = TopicPartition(tp.topic, tp.partition)
                for record in records:
                    try:
                        producer = producer or make_producer(bootstrap)
                        handle_record(record, notifier, store, policy, limiter, producer, names.deliveries_dlq,
                                      on_failed=on_failed)
                    except Exception as exc:
                        if not is_retriable(exc):
                            raise
                        failure = exc
                        break
                    unhandled[part] = record.offset + 1
                    if not commit_offsets(consumer, {part: record.offset + 1}, stage=stage):
                        failure = kafka_errors.CommitFailedError("membership lost")
                        break
                    if should_stop():
                        break
                if failure is not None or should_stop():
                    break
            if failure is None:
                backoff.reset()
                continue
            rewind(consumer, unhandled)  # the failed record and every later one of the batch come again
            if not isinstance(failure, kafka_errors.CommitFailedError):
                log.warning("delivery not finished, reading it again", stage=stage, error=describe(failure))
                close_quietly(producer)
                producer = None  # a fresh producer after an outage (no stale idempotence state)
                sleep_unless_stopped(backoff.next_delay(), should_stop)
    finally:
        close_quietly(consumer, producer)
        store.close()


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
    if result.outcome == "failed":
        report_failure(delivery, result, producer, dlq_topic, on_failed)
        return result
    if result.outcome == "parked" and result.error:  # the first of its destination: say so once
        log.warning("delivery parked", delivery_id=delivery.delivery_id, attempts=result.attempts,
                    notifier=delivery.notifier, subscription_id=delivery.subscription_id, error=result.error)
        if on_failed is not None:
            on_failed(f"warning: {delivery.notifier} delivery {delivery.delivery_id} (subscription "
                      f"{delivery.subscription_id}) failed {result.attempts} time(s): {result.error}; its destination "
                      f"is parked and retried for up to {policy.horizon_s / 3600:g} h (NEWSALERT_RETRY_HORIZON_HOURS)")
        return result
    log.info("delivery", delivery_id=delivery.delivery_id, outcome=result.outcome, attempts=result.attempts,
             notifier=delivery.notifier)
    return result
