"""Parked deliveries: a destination that keeps failing for a retriable reason (Slack 5xx or 429, SMTP
down, a connection refused) is parked, not dead-lettered.

After the quick attempts of `RetryPolicy` (seconds), a delivery is marked `parked` in the ledger and its
offset is committed, so the partition goes on for other destinations. While a destination has a parked
delivery, later deliveries to it are parked behind it (in order, without hammering it). The worker's
timer step (`retry_parked`, between polls) tries the oldest parked delivery of each destination again
with a growing delay (30 s, 1 min, ... at most 30 min); when it goes through, the ones behind it follow.
A delivery still failing `horizon` after it was first tried is failed and dead-lettered as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

import structlog
from sqlalchemy import select, update

from alerts.store import DeliveryRow, Store, utcnow

log = structlog.get_logger("alerts.parking")
PARKED = "parked"
FIRST_DELAY_S = 30.0
MAX_DELAY_S = 1800.0


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def park(store: Store, delivery_id: str, error: str) -> None:
    with store.session() as session, session.begin():
        session.execute(update(DeliveryRow).where(DeliveryRow.delivery_id == delivery_id)
                        .values(status=PARKED, last_error=error, updated_at=utcnow()))


def destination_parked(store: Store, notifier: str, destination: str) -> bool:
    with store.session() as session:
        return session.scalar(
            select(DeliveryRow.delivery_id).where(DeliveryRow.notifier == notifier, DeliveryRow.destination == destination,
                                                  DeliveryRow.status == PARKED).limit(1)
        ) is not None


def next_try(row: DeliveryRow, quick_attempts: int) -> datetime:
    """When a parked delivery is tried again: 30 s after its last try, doubling per parked try, at most 30 min."""
    parked_tries = max(0, row.attempts - quick_attempts)
    delay = min(MAX_DELAY_S, FIRST_DELAY_S * (2 ** parked_tries))
    return _aware(row.updated_at) + timedelta(seconds=delay)


def due(store: Store, notifier: str, quick_attempts: int, now: datetime) -> list[DeliveryRow]:
    """The oldest parked delivery of each destination of this notifier, when its next try is due."""
    with store.session() as session:
        rows = list(session.scalars(select(DeliveryRow).where(DeliveryRow.notifier == notifier,
                                                              DeliveryRow.status == PARKED)
                                    .order_by(DeliveryRow.created_at)))
    first: dict[str, DeliveryRow] = {}
    for row in rows:
        first.setdefault(row.destination, row)
    return [row for row in first.values() if next_try(row, quick_attempts) <= now]


def expired(row: DeliveryRow, horizon: timedelta, now: datetime) -> bool:
    return _aware(row.created_at) + horizon <= now


def retry_parked(store: Store, notifier_name: str, quick_attempts: int, horizon: timedelta,
                 try_again: Callable[[DeliveryRow], str], now: datetime | None = None) -> int:
    """Try each due destination's oldest parked delivery once via `try_again(row)` -> outcome; while one
    goes through, the next parked one of that destination goes too. Returns how many were tried."""
    now = now or utcnow()
    tried = 0
    for row in due(store, notifier_name, quick_attempts, now):
        while row is not None:
            tried += 1
            outcome = try_again(row)
            if outcome not in ("sent", "failed"):
                break  # still parked: the destination waits for its next try
            row = _next_parked(store, notifier_name, row.destination)
    return tried


def _next_parked(store: Store, notifier: str, destination: str) -> DeliveryRow | None:
    with store.session() as session:
        return session.scalar(select(DeliveryRow).where(DeliveryRow.notifier == notifier,
                                                        DeliveryRow.destination == destination,
                                                        DeliveryRow.status == PARKED)
                              .order_by(DeliveryRow.created_at).limit(1))


@dataclass(frozen=True)
class ParkedDestination:
    """One parked destination as `newsalert deliveries --parked` shows it."""

    notifier: str
    destination: str
    waiting: int  # its parked deliveries, the oldest first in line
    oldest_id: str
    since: datetime  # when the oldest was first tried
    attempts: int  # of the oldest
    next_try: datetime
    gives_up: datetime | None  # since + horizon: then failed and dead-lettered (None: no horizon)
    last_error: str | None


def parked_list(store: Store, quick_attempts: int, horizon: timedelta | None) -> list[ParkedDestination]:
    """Every parked destination of every notifier, the longest parked first.

    Called by `newsalert deliveries --parked`; reads the ledger only (what the workers wrote)."""
    with store.session() as session:
        rows = list(session.scalars(select(DeliveryRow).where(DeliveryRow.status == PARKED)
                                    .order_by(DeliveryRow.created_at)))
    groups: dict[tuple[str, str], list[DeliveryRow]] = {}
    for row in rows:
        groups.setdefault((row.notifier, row.destination), []).append(row)
    found = []
    for (notifier, destination), queued in groups.items():
        oldest = queued[0]
        found.append(ParkedDestination(
            notifier=notifier, destination=destination, waiting=len(queued), oldest_id=oldest.delivery_id,
            since=_aware(oldest.created_at), attempts=oldest.attempts, next_try=next_try(oldest, quick_attempts),
            gives_up=_aware(oldest.created_at) + horizon if horizon else None, last_error=oldest.last_error))
    return found


def retry_now(store: Store, target: str, quick_attempts: int, now: datetime | None = None) -> list[ParkedDestination]:
    """Make the parked destination `target` (a destination, or the id of one of its parked deliveries) due now.

    Called by `newsalert retry`. Only the ledger changes: the oldest parked delivery's last-try time is set
    back by its current delay, so the running worker's timer step (every 5 s) tries it next, in order, with
    the secrets only the worker holds; the ones behind it follow when it goes through. The horizon still
    counts from the first try. Returns the destinations made due (none: nothing parked matches `target`)."""
    now = now or utcnow()
    with store.session() as session, session.begin():
        by_id = session.get(DeliveryRow, target)
        if by_id is not None and by_id.status == PARKED:
            keys = {(by_id.notifier, by_id.destination)}
        else:
            keys = {(notifier, destination) for notifier, destination in session.execute(
                select(DeliveryRow.notifier, DeliveryRow.destination)
                .where(DeliveryRow.status == PARKED, DeliveryRow.destination == target))}
        for notifier, destination in keys:
            oldest = session.scalar(select(DeliveryRow).where(DeliveryRow.notifier == notifier,
                                                              DeliveryRow.destination == destination,
                                                              DeliveryRow.status == PARKED)
                                    .order_by(DeliveryRow.created_at).limit(1))
            if oldest is not None:
                delay = next_try(oldest, quick_attempts) - _aware(oldest.updated_at)
                oldest.updated_at = now - delay  # next_try(oldest) == now
    shown = parked_list(store, quick_attempts, None)
    return [p for p in shown if (p.notifier, p.destination) in keys]
