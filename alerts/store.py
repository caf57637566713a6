"""The subscription store and the delivery ledger (SQLAlchemy: SQLite or PostgreSQL)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    Integer,
    String,
    Text,
    create_engine,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class SubscriptionRow(Base):
    __tablename__ = "subscriptions"
    # SQLite AUTOINCREMENT: an id is never given again after a delete (an old "unsubscribe 8" must not
    # remove someone else's newer subscription); PostgreSQL's sequence never reuses one anyway
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscriber: Mapped[str] = mapped_column(String(200), index=True)
    channel: Mapped[str] = mapped_column(String(100), index=True)
    notifier: Mapped[str] = mapped_column(String(50))
    destination: Mapped[str] = mapped_column(String(500))
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)
    people: Mapped[list[str]] = mapped_column(JSON, default=list)
    statuses: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_confidence: Mapped[float] = mapped_column(Float, default=0.0)
    mode: Mapped[str] = mapped_column(String(20), default="immediate")
    reminders: Mapped[bool] = mapped_column(Boolean, default=False)
    muted_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # event keys this subscription hears no more of ("Mute this event" on a Slack alert)
    muted_events: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # "active": delivered to; "pending": a subscriber named a destination that has not proved it is
    # theirs yet (the code sent there was not confirmed, no admin approved it): nothing is delivered
    verification: Mapped[str] = mapped_column(String(20), default="active", server_default="active")
    verify_code_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    verify_attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class SubscriptionRevisionRow(Base):
    """One row (id 1): a counter every change to a subscription adds one to, in the same transaction, so
    readers (the router) see a change with one cheap query instead of re-reading every subscription."""

    __tablename__ = "subscription_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")


def _bump(session: Session) -> None:
    session.execute(update(SubscriptionRevisionRow).where(SubscriptionRevisionRow.id == 1)
                    .values(revision=SubscriptionRevisionRow.revision + 1))


VERIFY_MAX_ATTEMPTS = 5
# ids are 64-bit signed integers in PostgreSQL and SQLite: anything outside is no row, never an overflow
MAX_ID = 2**63 - 1


def valid_id(value: object) -> bool:
    """Whether `value` can be a row id (called before every lookup by id from outside input)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID


class DeliveryRow(Base):
    """The ledger: one row per (event update, subscription), its state and attempts."""

    __tablename__ = "deliveries"

    delivery_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    subscription_id: Mapped[int] = mapped_column(Integer, index=True)
    update_id: Mapped[str] = mapped_column(String(64), index=True)
    event_key: Mapped[str] = mapped_column(String(64), index=True)
    notifier: Mapped[str] = mapped_column(String(50))
    destination: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    external_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # the Delivery record, for redelivery
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ThreadRow(Base):
    """The first message of an event in a Slack channel, so updates go in its thread."""

    __tablename__ = "threads"

    event_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    notifier: Mapped[str] = mapped_column(String(50), primary_key=True)
    destination: Mapped[str] = mapped_column(String(500), primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100))


class ApiTokenRow(Base):
    """A REST API token of one subscriber. Only the SHA-256 of the token is kept, never the token."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscriber: Mapped[str] = mapped_column(String(200), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


TOKEN_PREFIX = "nat_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _sent_params(sent: list[tuple[str, str | None]]) -> list[dict[str, Any]]:
    """`Store._sent_statement`'s parameters: every mark of one transaction has the same time."""
    now = utcnow()
    return [{"b_id": d, "b_ext": e, "b_now": now} for d, e in sent]


class Store:
    """All database access of the alert stage; one instance per process."""

    def __init__(self, url: str) -> None:
        kwargs: dict[str, Any] = {"future": True, "pool_pre_ping": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
            # a file has no server to drop the connection: the ping (a SELECT 1 per checkout, several per
            # delivered batch) only cost CPU (issue 9). PostgreSQL keeps it (a restarted server's connections)
            kwargs["pool_pre_ping"] = False
        self.engine: Engine = create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            from sqlalchemy import event

            @event.listens_for(self.engine, "connect")
            def _wal(dbapi_connection: Any, _record: Any) -> None:  # several processes share the file
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA busy_timeout=30000")
                # WAL + NORMAL: a commit is in the OS before it returns, so a killed process loses nothing it
                # committed, but it is not fsynced one by one (3 ms each here; the delivery worker commits per
                # sent mark when it has one lane, as the console has). Only an OS crash or power cut can lose
                # the last commits - as it can the local broker's own unflushed records.
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.close()

        # The schema comes from the Alembic migrations in alerts/migrations (not create_all): a fresh
        # database gets every table, one made by the create_all of earlier versions is adopted and
        # upgraded in place, and processes starting together serialise on a lock.
        from alerts.migrations import upgrade

        upgrade(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    def close(self) -> None:
        self.engine.dispose()

    # -- subscriptions -------------------------------------------------------------

    def add_subscription(self, **fields: Any) -> SubscriptionRow:
        with self.session() as session, session.begin():
            row = SubscriptionRow(**fields)
            session.add(row)
            _bump(session)
        return row

    def subscriptions(self, subscriber: str | None = None) -> list[SubscriptionRow]:
        with self.session() as session:
            query = select(SubscriptionRow).order_by(SubscriptionRow.id)
            if subscriber is not None:
                query = query.where(SubscriptionRow.subscriber == subscriber)
            return list(session.scalars(query))

    def subscriptions_revision(self) -> tuple[int | None, int, int | None]:
        """(revision counter, number of subscriptions, highest id): changes whenever a subscription is
        added, removed or changed through the store (the counter), or rows come or go some other way."""
        with self.session() as session:
            revision = session.scalar(select(SubscriptionRevisionRow.revision).where(SubscriptionRevisionRow.id == 1))
            count, highest = session.execute(select(func.count(SubscriptionRow.id), func.max(SubscriptionRow.id))).one()
            return revision, count, highest

    def get_subscription(self, subscription_id: int) -> SubscriptionRow | None:
        if not valid_id(subscription_id):
            return None
        with self.session() as session:
            return session.get(SubscriptionRow, subscription_id)

    def remove_subscription(self, subscription_id: int) -> bool:
        if not valid_id(subscription_id):
            return False
        with self.session() as session, session.begin():
            row = session.get(SubscriptionRow, subscription_id)
            if row is None:
                return False
            session.delete(row)
            _bump(session)
            return True

    def update_subscription(self, subscription_id: int, **fields: Any) -> SubscriptionRow | None:
        """Change some fields of a subscription; None when it does not exist."""
        if not valid_id(subscription_id):
            return None
        with self.session() as session, session.begin():
            row = session.get(SubscriptionRow, subscription_id)
            if row is None:
                return None
            for name, value in fields.items():
                if not hasattr(SubscriptionRow, name) or name in ("id", "created_at"):
                    raise ValueError(f"not a changeable subscription field: {name}")
                setattr(row, name, value)
            _bump(session)
            return row

    def mute_event(self, subscription_id: int, event_key: str) -> SubscriptionRow | None:
        """Stop alerts of one event to one subscription (None: no such subscription)."""
        if not valid_id(subscription_id):
            return None
        with self.session() as session, session.begin():
            row = session.get(SubscriptionRow, subscription_id, with_for_update=True)
            if row is None:
                return None
            if event_key not in (row.muted_events or []):
                row.muted_events = [*(row.muted_events or []), event_key][-500:]
                _bump(session)
            return row

    # -- destination verification ---------------------------------------------------

    def set_verification_code(self, subscription_id: int, code: str) -> None:
        """Make a subscription pending on `code` (only its hash is kept); called when it is created by a subscriber."""
        self.update_subscription(subscription_id, verification="pending", verify_code_hash=hash_token(code),
                                 verify_attempts=0)

    def confirm_subscription(self, subscription_id: int, code: str) -> str:
        """Check a verification code: "active" (confirmed now or before), "wrong", "locked" (too many wrong
        codes: only an admin's approval helps now) or "missing"."""
        if not valid_id(subscription_id):
            return "missing"
        with self.session() as session, session.begin():
            row = session.get(SubscriptionRow, subscription_id, with_for_update=True)
            if row is None:
                return "missing"
            if row.verification == "active":
                return "active"
            if row.verify_attempts >= VERIFY_MAX_ATTEMPTS or not row.verify_code_hash:
                return "locked"
            if secrets.compare_digest(row.verify_code_hash, hash_token(code.strip().upper())):
                row.verification, row.verify_code_hash, row.verify_attempts = "active", None, 0
                _bump(session)
                return "active"
            row.verify_attempts += 1
            return "locked" if row.verify_attempts >= VERIFY_MAX_ATTEMPTS else "wrong"

    def approve_subscription(self, subscription_id: int) -> SubscriptionRow | None:
        """The admin vouches for the destination: the subscription becomes active (None: no such one)."""
        return self.update_subscription(subscription_id, verification="active", verify_code_hash=None,
                                        verify_attempts=0)

    # -- API tokens ------------------------------------------------------------------

    def create_token(self, subscriber: str, label: str = "") -> tuple[str, ApiTokenRow]:
        """A new API token for `subscriber`: (the token, shown once; its row, which keeps only the hash)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        with self.session() as session, session.begin():
            row = ApiTokenRow(subscriber=subscriber, token_hash=hash_token(token), label=label)
            session.add(row)
        return token, row

    def token_subscriber(self, token: str) -> str | None:
        """The subscriber a token belongs to, or None for an unknown token."""
        if not token:
            return None
        with self.session() as session:
            row = session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == hash_token(token))).first()
            return row.subscriber if row else None

    def tokens(self, subscriber: str | None = None) -> list[ApiTokenRow]:
        with self.session() as session:
            query = select(ApiTokenRow).order_by(ApiTokenRow.id)
            if subscriber is not None:
                query = query.where(ApiTokenRow.subscriber == subscriber)
            return list(session.scalars(query))

    def revoke_token(self, token_id: int) -> bool:
        if not valid_id(token_id):
            return False
        with self.session() as session, session.begin():
            row = session.get(ApiTokenRow, token_id)
            if row is None:
                return False
            session.delete(row)
            return True

    # -- ledger -------------------------------------------------------------------

    def begin_delivery(self, delivery_id: str, **fields: Any) -> DeliveryRow:
        """Record a delivery as pending unless it exists; return the ledger row.

        Called before the first attempt. Idempotent: a row written by another
        worker or an earlier run is returned as it is.
        """
        with self.session() as session:
            row = session.get(DeliveryRow, delivery_id)
            if row is not None:
                return row
            row = DeliveryRow(delivery_id=delivery_id, status="pending", attempts=0, **fields)
            session.add(row)
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
                row = session.get(DeliveryRow, delivery_id)
                assert row is not None
            return row

    def open_batch(self, items: list[tuple[str, dict[str, Any]]], notifier: str, *, parked: bool,
                   thread_keys: list[tuple[str, str, str]]) -> "BatchLedger":
        """What a delivery worker reads and writes before it sends a polled batch, on one connection: the
        batch's new ledger rows (`begin_delivery` for all of them, in one transaction; rows that exist, sent,
        failed or parked by an earlier run or another worker, are returned as they are), the batch's parked
        destinations (when `parked`) and the threads of `thread_keys`.

        Called once per polled batch. The three used to take a session each: with the small batches of
        a steady stream, their checkouts, ORM compilation and row objects were ~1 ms a batch, more than
        the console send (issue 9). The new rows are `LedgerRow`s (what the insert wrote); rows that
        exist are read as ORM rows as before. Raises on a database error (nothing is sent then)."""
        ids = list(dict.fromkeys(delivery_id for delivery_id, _ in items))
        table = DeliveryRow.__table__
        statements = self._batch_statements()
        with self.engine.connect() as connection:
            existing: set[str] = set()
            for chunk in _chunks(ids, 500):
                existing.update(connection.scalars(statements.existing, {"b_ids": chunk}))
            rows: dict[str, Any] = {}
            if existing:  # a replay, or another worker: the rows as they are (rare: the ORM's full rows)
                with self.session() as session:
                    rows = {row.delivery_id: row for chunk in _chunks(sorted(existing), 500)
                            for row in session.scalars(select(DeliveryRow).where(DeliveryRow.delivery_id.in_(chunk)))}
                existing -= set(rows)  # gone in between (a purge): written again below
            fresh = _pending_rows(items, rows, LedgerRow)
            conflict = False
            if fresh:
                try:
                    connection.execute(statements.insert, fresh)
                    connection.commit()
                except IntegrityError:  # another worker wrote some of them first: theirs count (below)
                    connection.rollback()
                    conflict = True
            parked_found: set[str] = set()
            if parked:
                ordered = sorted({fields["destination"] for _, fields in items})
                for chunk in _chunks(ordered, 500):
                    parked_found.update(connection.scalars(statements.parked, {"b_notifier": notifier,
                                                                               "b_destinations": chunk}))
            threads: dict[tuple[str, str, str], str] = {}
            wanted = set(thread_keys)
            for chunk in _chunks(sorted({k[0] for k in wanted}), 500):
                for event_key, row_notifier, destination, external_id in connection.execute(
                        statements.threads, {"b_event_keys": chunk}):
                    if (event_key, row_notifier, destination) in wanted:
                        threads[(event_key, row_notifier, destination)] = external_id
            connection.rollback()  # nothing written since the insert's commit: ends the read transaction
        if conflict:
            rows = {delivery_id: self.begin_delivery(delivery_id, **fields) for delivery_id, fields in items}
        return BatchLedger(rows=rows, parked=parked_found, threads=threads)

    _batch: "_BatchStatements | None" = None

    @classmethod
    def _batch_statements(cls) -> "_BatchStatements":
        """`open_batch`'s statements, built once with expanding IN parameters: building them per batch, and
        their cache keys, was a quarter of `open_batch` with a burst's small batches (issue 9). The SQL and
        its parameters are those `in_(list)` made."""
        if cls._batch is None:
            from sqlalchemy import bindparam

            table, threads = DeliveryRow.__table__, ThreadRow.__table__
            cls._batch = _BatchStatements(
                existing=select(table.c.delivery_id).where(table.c.delivery_id.in_(bindparam("b_ids", expanding=True))),
                insert=insert(table),
                # "parked": alerts.parking.PARKED (which imports this module)
                parked=select(table.c.destination).where(
                    table.c.notifier == bindparam("b_notifier"), table.c.status == "parked",
                    table.c.destination.in_(bindparam("b_destinations", expanding=True))).distinct(),
                threads=select(threads.c.event_key, threads.c.notifier, threads.c.destination, threads.c.external_id)
                .where(threads.c.event_key.in_(bindparam("b_event_keys", expanding=True))),
            )
        return cls._batch

    def mark_sent_many(self, sent: list[tuple[str, str | None]]) -> None:
        """`mark_sent` for several deliveries in one transaction (the worker's group commit of the ledger).

        Called after the channel accepted each of them and before their offsets are committed."""
        if not sent:
            return
        # a connection, not an ORM session: the same one executemany and commit in a third of the time
        # (0.33 -> 0.10 ms; the console's single lane writes one mark per alert; issue 9)
        with self.engine.begin() as connection:
            connection.execute(self._sent_statement(), _sent_params(sent))

    _sent_update: Any = None

    @classmethod
    def _sent_statement(cls) -> Any:
        """UPDATE of one delivery to sent, for an executemany over (b_id, b_ext, b_now) parameters.

        Built once: building it per mark (with the time as a literal) cost more than running it (issue 9)."""
        if cls._sent_update is None:
            from sqlalchemy import bindparam

            table = DeliveryRow.__table__
            now = bindparam("b_now", type_=table.c.sent_at.type)
            cls._sent_update = (update(table).where(table.c.delivery_id == bindparam("b_id"))
                                .values(status="sent", external_id=bindparam("b_ext"), sent_at=now, updated_at=now,
                                        attempts=table.c.attempts + 1, last_error=None))
        return cls._sent_update

    def record_sent(self, sent: list[tuple[str, str | None]], threads: list[tuple[str, str, str, str]]) -> None:
        """`mark_sent_many` and the new threads (event_key, notifier, destination, external_id) in one
        transaction (the delivery worker's group commit). The threads are ones the worker found no row
        for; when another worker wrote one meanwhile, the marks go alone and the threads one at a time."""
        if not threads:
            self.mark_sent_many(sent)
            return
        first: dict[tuple[str, str, str], str] = {}
        for event_key, notifier, destination, external_id in threads:
            first.setdefault((event_key, notifier, destination), external_id)
        try:
            with self.session() as session, session.begin():
                if sent:
                    session.connection().execute(self._sent_statement(), _sent_params(sent))
                session.add_all([ThreadRow(event_key=k[0], notifier=k[1], destination=k[2], external_id=v)
                                 for k, v in first.items()])
        except IntegrityError:
            self.mark_sent_many(sent)
            self.remember_threads(threads)

    def threads_of(self, keys: list[tuple[str, str, str]]) -> dict[tuple[str, str, str], str]:
        """`thread_of` for many (event_key, notifier, destination) at once: the ones that have a thread."""
        wanted = set(keys)
        out: dict[tuple[str, str, str], str] = {}
        with self.session() as session:
            for chunk in _chunks(sorted({k[0] for k in wanted}), 500):
                for row in session.scalars(select(ThreadRow).where(ThreadRow.event_key.in_(chunk))):
                    key = (row.event_key, row.notifier, row.destination)
                    if key in wanted:
                        out[key] = row.external_id
        return out

    def get_delivery(self, delivery_id: str) -> DeliveryRow | None:
        with self.session() as session:
            return session.get(DeliveryRow, delivery_id)

    def record_attempt(self, delivery_id: str, error: str | None) -> None:
        with self.session() as session, session.begin():
            session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.delivery_id == delivery_id)
                .values(attempts=DeliveryRow.attempts + 1, last_error=error, updated_at=utcnow())
            )

    def mark_sent(self, delivery_id: str, external_id: str | None) -> None:
        """Called right after the channel accepted the message, before the offset commit."""
        now = utcnow()
        with self.session() as session, session.begin():
            session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.delivery_id == delivery_id)
                .values(status="sent", external_id=external_id, sent_at=now, updated_at=now,
                        attempts=DeliveryRow.attempts + 1, last_error=None)
            )

    def mark_failed(self, delivery_id: str, error: str) -> None:
        with self.session() as session, session.begin():
            session.execute(
                update(DeliveryRow)
                .where(DeliveryRow.delivery_id == delivery_id)
                .values(status="failed", last_error=error, updated_at=utcnow())
            )

    def reset_delivery(self, delivery_id: str) -> DeliveryRow | None:
        """Set a delivery back to pending so `redeliver` can send it again."""
        with self.session() as session, session.begin():
            row = session.get(DeliveryRow, delivery_id)
            if row is None:
                return None
            row.status = "pending"
            row.attempts = 0
            row.last_error = None
            return row

    def deliveries(self, status: str | None = None, limit: int = 200) -> list[DeliveryRow]:
        with self.session() as session:
            query = select(DeliveryRow).order_by(DeliveryRow.created_at.desc()).limit(limit)
            if status:
                query = query.where(DeliveryRow.status == status)
            return list(session.scalars(query))

    # -- threads -------------------------------------------------------------------

    def thread_of(self, event_key: str, notifier: str, destination: str) -> str | None:
        with self.session() as session:
            row = session.get(ThreadRow, (event_key, notifier, destination))
            return row.external_id if row else None

    def remember_thread(self, event_key: str, notifier: str, destination: str, external_id: str) -> None:
        with self.session() as session:
            if session.get(ThreadRow, (event_key, notifier, destination)) is None:
                session.add(ThreadRow(event_key=event_key, notifier=notifier, destination=destination,
                                      external_id=external_id))
                try:
                    session.commit()
                except IntegrityError:
                    session.rollback()

    def remember_threads(self, threads: list[tuple[str, str, str, str]]) -> None:
        """`remember_thread` for many (event_key, notifier, destination, external_id) in one transaction;
        the first message of each stays the thread (rows that exist are kept)."""
        if not threads:
            return
        first: dict[tuple[str, str, str], str] = {}
        for event_key, notifier, destination, external_id in threads:
            first.setdefault((event_key, notifier, destination), external_id)
        known = self.threads_of(list(first))
        fresh = [ThreadRow(event_key=k[0], notifier=k[1], destination=k[2], external_id=v)
                 for k, v in first.items() if k not in known]
        if not fresh:
            return
        with self.session() as session:
            session.add_all(fresh)
            try:
                session.commit()
            except IntegrityError:  # another worker wrote one meanwhile: one at a time, theirs kept
                session.rollback()
                for row in fresh:
                    self.remember_thread(row.event_key, row.notifier, row.destination, row.external_id)


@dataclass
class LedgerRow:
    """A ledger row the worker just inserted, as the insert wrote it (the ORM's `DeliveryRow` attributes,
    without building an ORM object per row: issue 9)."""

    delivery_id: str
    subscription_id: int
    update_id: str
    event_key: str
    notifier: str
    destination: str
    payload: dict[str, Any]
    status: str
    attempts: int
    last_error: str | None
    external_id: str | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None


@dataclass
class BatchLedger:
    """What `Store.open_batch` read for a polled batch: delivery id -> ledger row, the parked
    destinations, and (event_key, notifier, destination) -> thread id."""

    rows: dict[str, Any]
    parked: set[str]
    threads: dict[tuple[str, str, str], str]


@dataclass(frozen=True)
class _BatchStatements:
    """The statements of `Store.open_batch` (see `Store._batch_statements`)."""

    existing: Any
    insert: Any
    parked: Any
    threads: Any


def _pending_rows(items: list[tuple[str, dict[str, Any]]], have: dict[str, Any], row_type: Any) -> list[dict[str, Any]]:
    """The insert values of the items' deliveries that `have` lacks, each added to `have` as `row_type` (the
    row the insert writes, pending). Called by open_batch before its one insert."""
    fresh: list[dict[str, Any]] = []
    now = utcnow()
    for delivery_id, fields in items:
        if delivery_id not in have:
            values = dict(fields, delivery_id=delivery_id, status="pending", attempts=0, last_error=None,
                          external_id=None, created_at=now, updated_at=now, sent_at=None)
            have[delivery_id] = row_type(**values)
            fresh.append(values)
    return fresh


def _chunks(values: list[Any], size: int) -> list[list[Any]]:
    """`values` in slices of at most `size` (an IN list stays under the database's parameter limit)."""
    return [values[i:i + size] for i in range(0, len(values), size)]
