"""Digest step: deliveries of digest-mode subscriptions wait in the ledger ("queued") and go out
as one message per subscription per period, grouped by channel.

Called from the delivery worker's loop between polls; a crash between the send
and the ledger write repeats that one digest (the in-flight case), nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol

import structlog
from sqlalchemy import func, select, update

from alerts.notifiers.base import SendError, SendReceipt
from alerts.store import DeliveryRow, Store, utcnow
from newsalert.models import Delivery, stable_hash

log = structlog.get_logger("alerts.digest")
QUEUED = "queued"
DIGEST_PREFIX = "digest-"


class DigestNotifier(Protocol):
    def send_digest(self, deliveries: list[Delivery], digest_id: str, since: str) -> SendReceipt:
        ...


def supports_digest(notifier: object) -> bool:
    return callable(getattr(notifier, "send_digest", None))


def queue(store: Store, delivery_id: str) -> None:
    """Park a pending delivery until its subscription's next digest."""
    with store.session() as session, session.begin():
        session.execute(
            update(DeliveryRow).where(DeliveryRow.delivery_id == delivery_id, DeliveryRow.status == "pending")
            .values(status=QUEUED, updated_at=utcnow())
        )


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


@dataclass
class DigestResult:
    subscription_id: int
    digest_id: str
    count: int
    sent: bool
    error: str | None = None


def due_digests(store: Store, notifier: str, period: timedelta, now: datetime) -> dict[int, list[DeliveryRow]]:
    """Queued deliveries per subscription whose period has elapsed since its last digest."""
    with store.session() as session:
        rows = list(session.scalars(
            select(DeliveryRow).where(DeliveryRow.notifier == notifier, DeliveryRow.status == QUEUED)
            .order_by(DeliveryRow.created_at)
        ))
        by_sub: dict[int, list[DeliveryRow]] = defaultdict(list)
        for row in rows:
            by_sub[row.subscription_id].append(row)
        due = {}
        for sub_id, queued in by_sub.items():
            last = session.scalar(
                select(func.max(DeliveryRow.sent_at)).where(
                    DeliveryRow.subscription_id == sub_id, DeliveryRow.external_id.like(f"{DIGEST_PREFIX}%"))
            )
            reference = _aware(last) if last else _aware(queued[0].created_at)
            if now - reference >= period:
                due[sub_id] = queued
        return due


def send_due_digests(store: Store, notifier: DigestNotifier, name: str, period: timedelta,
                     now: datetime | None = None) -> list[DigestResult]:
    """Send every due digest once; failures stay queued and are tried again at the next check."""
    now = now or datetime.now(timezone.utc)
    results = []
    for sub_id, rows in due_digests(store, name, period, now).items():
        deliveries = [Delivery.model_validate(row.payload) for row in rows]
        digest_id = DIGEST_PREFIX + stable_hash(str(sub_id), *sorted(r.delivery_id for r in rows), length=20)
        since = f"{_aware(rows[0].created_at):%Y-%m-%d %H:%M} UTC"
        try:
            notifier.send_digest(deliveries, digest_id, since)
        except SendError as exc:
            for row in rows:
                store.record_attempt(row.delivery_id, str(exc))
            log.warning("digest failed", subscription_id=sub_id, error=str(exc), retryable=exc.retryable)
            results.append(DigestResult(sub_id, digest_id, len(rows), False, str(exc)))
            continue
        for row in rows:
            store.mark_sent(row.delivery_id, digest_id)
        log.info("digest sent", subscription_id=sub_id, updates=len(rows), digest_id=digest_id)
        results.append(DigestResult(sub_id, digest_id, len(rows), True))
    return results
