"""Alembic migrations of the subscription store, shipped inside the package.

`Store(url)` calls `upgrade(engine)`, so every process brings its database to
the newest schema before it uses it:

* a fresh SQLite file or PostgreSQL database gets every table;
* a database made by the `create_all` of versions before migrations existed
  (tables present, no `alembic_version`) is adopted: the baseline revision
  creates only the tables that are missing, then later revisions run, no data
  is touched;
* processes starting at once against one database serialise: PostgreSQL on a
  transaction-level advisory lock (the whole upgrade is one transaction),
  SQLite on an exclusive lock file beside the database file. A process that
  finds the database at head does not lock at all.

Operators and developers use the same code through
`python -m alerts.migrations upgrade|downgrade REV|current|heads|history|revision -m MSG [--autogenerate]`
(database from NEWSALERT_DATABASE_URL / settings).
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any, Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent
# pg_advisory_xact_lock key: any constant shared by every newsalert process ("newsalrt" as an int64).
PG_LOCK_KEY = int.from_bytes(b"newsalrt", "big") & 0x7FFF_FFFF_FFFF_FFFF


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """A programmatic Alembic config whose script location is this package (works when installed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.attributes["url"] = url  # not through the ini parser: a password may contain '%'
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine | Connection) -> str | None:
    if isinstance(engine, Connection):
        return MigrationContext.configure(engine).get_current_revision()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision` (default head), safely when several processes start at once."""
    if revision == "head":
        try:
            if current_revision(engine) == head_revision():
                return  # the common case: nothing to do, no lock taken
        except Exception:  # noqa: BLE001 - e.g. a locked SQLite file: the locked path below retries properly
            pass
    with _migration_lock(engine) as connection:
        before = current_revision(connection)
        command.upgrade(alembic_config(connection), revision)
        after = current_revision(connection)
    if before != after:
        log.info("database schema migrated", extra={"from_revision": before, "to_revision": after})


def downgrade(engine: Engine, revision: str) -> None:
    with _migration_lock(engine) as connection:
        command.downgrade(alembic_config(connection), revision)


def stamp(engine: Engine, revision: str) -> None:
    with _migration_lock(engine) as connection:
        command.stamp(alembic_config(connection), revision)


@contextlib.contextmanager
def _migration_lock(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other newsalert process migrates at the same time."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:  # DDL is transactional on PostgreSQL: all or nothing
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
            yield connection
        return
    with _file_lock(_sqlite_lock_path(engine)):
        with engine.begin() as connection:
            yield connection


def _sqlite_lock_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    if database.startswith("file:"):
        database = database[5:].split("?", 1)[0]
    return Path(database).expanduser().resolve().with_name(Path(database).name + ".migrate.lock")


@contextlib.contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: SQLite's own locking and the baseline's idempotence remain
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def main(argv: list[str] | None = None) -> int:
    """`python -m alerts.migrations COMMAND ...`: Alembic's commands on the configured database."""
    import argparse

    from sqlalchemy import create_engine

    parser = argparse.ArgumentParser(prog="python -m alerts.migrations", description=main.__doc__)
    parser.add_argument("--url", help="SQLAlchemy URL (default: NEWSALERT_DATABASE_URL or the settings' SQLite file)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("upgrade").add_argument("revision", nargs="?", default="head")
    sub.add_parser("downgrade").add_argument("revision")
    sub.add_parser("stamp").add_argument("revision")
    sub.add_parser("current")
    sub.add_parser("heads")
    sub.add_parser("history")
    rev = sub.add_parser("revision")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--autogenerate", action="store_true")
    args = parser.parse_args(argv)

    url = args.url
    if url is None:
        from newsalert.settings import Settings

        url = Settings().db_url
    if args.command in ("heads", "history"):
        getattr(command, args.command)(alembic_config())
        return 0
    engine = create_engine(url)
    try:
        if args.command == "upgrade":
            upgrade(engine, args.revision)
        elif args.command == "downgrade":
            downgrade(engine, args.revision)
        elif args.command == "stamp":
            stamp(engine, args.revision)
        elif args.command == "current":
            print(current_revision(engine) or "(empty database)")
        elif args.command == "revision":
            with engine.begin() as connection:
                command.revision(alembic_config(connection), message=args.message, autogenerate=args.autogenerate)
    finally:
        engine.dispose()
    return 0


__all__: list[Any] = ["MIGRATIONS_DIR", "alembic_config", "current_revision", "downgrade", "head_revision",
                      "stamp", "upgrade"]
