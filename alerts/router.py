"""Router: each event update -> one delivery per matching subscription, on its notifier's topic."""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Callable, Iterable

import structlog
from kafka import KafkaProducer
from prometheus_client import Counter
from pydantic import ValidationError

from alerts.channels import Channel, load_channels, subscription_matches
from alerts.store import Store, SubscriptionRow
from alerts.subindex import SubscriptionIndex
from newsalert.kafka import (
    Backoff,
    STOP_COMMIT_TIMEOUT_MS,
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
from newsalert.metrics import DEAD_LETTERS, STAGE_SECONDS
from newsalert.models import Delivery, EventUpdate
from newsalert.settings import Settings

log = structlog.get_logger("alerts.router")
ROUTED = Counter("newsalert_routed_updates_total", "Event updates routed, by event type", ["type"])
ROUTED_DELIVERIES = Counter("newsalert_routed_deliveries_total", "Deliveries made by the router, by notifier", ["notifier"])

ROUTER_GROUP = "newsalert-router"
SUBSCRIPTION_REFRESH_S = 2.0
ROUTER_BATCH_RECORDS = 500  # updates the router takes per poll (make_consumer's default is 50)


def route(
    update: EventUpdate, subscriptions: Iterable[SubscriptionRow], channels: dict[str, Channel], *, now: datetime
) -> list[Delivery]:
    """The deliveries one update makes (pure). Reminders go only to subscriptions that asked for them."""
    out = []
    for sub in subscriptions:
        if getattr(sub, "verification", "active") != "active":  # destination not confirmed yet: deliver nothing
            continue
        if update.change.kind == "reminder" and not sub.reminders:
            continue
        if update.event.event_key in (getattr(sub, "muted_events", None) or ()):  # "Mute this event" was pressed
            continue
        if not subscription_matches(sub, channels, update.event, now=now):
            continue
        out.append(
            Delivery(
                delivery_id=Delivery.make_id(update.update_id, sub.id),
                subscription_id=sub.id,
                subscriber=sub.subscriber,
                channel=sub.channel,
                notifier=sub.notifier,
                destination=sub.destination,
                mode="digest" if sub.mode == "digest" else "immediate",
                update=update,
            )
        )
    return out


class SubscriptionCache:
    """The subscriptions and their in-memory index (alerts.subindex), refreshed on change: every couple of
    seconds one cheap query reads the store's subscription revision (a counter each change adds one to,
    with the row count and highest id); only when it moved are the rows re-read and the index rebuilt."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._index = SubscriptionIndex([])
        self._revision: object = None
        self._checked_at = 0.0

    def index(self) -> SubscriptionIndex:
        if time.monotonic() - self._checked_at > SUBSCRIPTION_REFRESH_S:
            revision = self._store.subscriptions_revision()  # read before the rows: a change between is seen next time
            if revision != self._revision:
                rows = self._store.subscriptions()
                self._index = SubscriptionIndex(rows)
                self._revision = revision
                log.info("subscription index rebuilt", subscriptions=len(rows), revision=revision[0])
            self._checked_at = time.monotonic()
        return self._index


def run_router(settings: Settings, bootstrap: str, should_stop: Callable[[], bool]) -> None:
    """Consume `events` until asked to stop; commit finished batches (every COMMIT_INTERVAL_S at most, and on
    the way out) once their deliveries are acknowledged.

    Runs in a thread of `newsalert alerts`. Rides through broker outages and rebalances: a batch whose
    deliveries were not acknowledged is rewound and read again after a backoff; a commit refused after
    a lost membership is let go (the records come again, to this or another member, and the delivery
    ids make the repeats harmless). Raises only on a non-retriable error - a bug - which ends the stage.
    """
    store = Store(settings.db_url)
    cache = SubscriptionCache(store)
    producer: KafkaProducer | None = None
    names = settings.topics
    # a burst's updates in few polls: each batch costs a flush, an acknowledged wait and a synchronous offset
    # commit (a broker round trip that holds the router), whatever its size; a steady stream's polls stay
    # small, as nothing waits for a batch to fill (issue 9)
    consumer = make_consumer(bootstrap, names.group(ROUTER_GROUP), [names.events], max_poll_records=ROUTER_BATCH_RECORDS)
    backoff = Backoff(stage="router")
    pending = PendingCommits("router")
    try:
        while not should_stop():
            if pending.due():
                pending.commit(consumer)  # a failed one: the records come again (rewound), their repeats dedup
            try:
                batch = consumer.poll(timeout_ms=500)
            except Exception as exc:
                if not is_retriable(exc):
                    raise
                log.warning("router poll failed, retrying", error=describe(exc))
                sleep_unless_stopped(backoff.next_delay(), should_stop)
                continue
            if not batch:
                continue
            first = {tp: records[0].offset for tp, records in batch.items()}
            try:
                producer = producer or make_producer(bootstrap)
                started = time.perf_counter()
                route_batch(batch, producer, cache, settings)
                records = sum(len(r) for r in batch.values())
                # per update: the polled batch's routing and acknowledged sends, shared out over its updates
                for _ in range(records):
                    STAGE_SECONDS.labels("route").observe((time.perf_counter() - started) / records)
            except Exception as exc:
                if not is_retriable(exc):
                    raise
                # nothing is committed: read the batch again once Kafka / the store answer (repeats dedup)
                log.warning("router batch not acknowledged, reading it again", error=describe(exc))
                rewind(consumer, first)
                close_quietly(producer)
                producer = None  # a fresh producer after an outage (no stale idempotence state)
                sleep_unless_stopped(backoff.next_delay(), should_stop)
                continue
            backoff.reset()
            # committed with the next due commit (PendingCommits): the deliveries are acknowledged already
            pending.add(first, {tp: records[-1].offset + 1 for tp, records in batch.items()})
        pending.commit(consumer, timeout_ms=STOP_COMMIT_TIMEOUT_MS)  # asked to stop: what was finished
    finally:
        close_quietly(consumer, producer)
        store.close()


def route_batch(batch: dict, producer: KafkaProducer, cache: SubscriptionCache, settings: Settings) -> None:  # type: ignore[type-arg]
    """Route one polled batch and wait until every delivery (and dead letter) is acknowledged; raises if not."""
    names = settings.topics
    channels = load_channels(settings.channels_path)
    now = datetime.now(timezone.utc)
    futures = []
    for records in batch.values():
        for record in records:
            try:
                update = EventUpdate.model_validate_json(record.value)
            except ValidationError as exc:
                letter = dead_letter("router", f"invalid event update: {exc.errors()[:3]}", record.value,
                                     key=record.key, topic=record.topic, partition=record.partition,
                                     offset=record.offset)
                futures.append(send_json(producer, names.events_dlq, None, letter))
                DEAD_LETTERS.labels("router").inc()
                continue
            # only the subscriptions the index cannot rule out; route() checks each of them in full
            deliveries = route(update, cache.index().candidates(update.event, channels), channels, now=now)
            ROUTED.labels(update.event.type).inc()
            for delivery in deliveries:
                ROUTED_DELIVERIES.labels(delivery.notifier).inc()
            for delivery in deliveries:
                futures.append(send_json(producer, names.deliveries(delivery.notifier),
                                         str(delivery.subscription_id), delivery))
            # DEBUG: a line per update cost more than routing it (issue 9); dead letters stay WARNING
            log.debug("routed", event_key=update.event.event_key, deliveries=len(deliveries))
    producer.flush()
    for future in futures:
        future.get(timeout=30)
