"""Alembic migrations of the store: fresh databases, old create_all databases, downgrade, concurrency,
and the migrated schema equal to the models (autogenerate finds nothing), on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from alerts import migrations
from alerts.store import Base, DeliveryRow, Store, SubscriptionRow, ThreadRow

REPO = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("NEWSALERT_TEST_POSTGRES_URL")
TABLES = {"subscriptions", "deliveries", "threads", "api_tokens", "subscription_revision"}




def tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def schema_diff(engine) -> list:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, Base.metadata)


def test_fresh_database_is_migrated_to_head_and_matches_the_models(db_url: str):
    engine = create_engine(db_url)
    try:
        assert tables(engine) == set() and migrations.current_revision(engine) is None
        store = Store(db_url)
        store.close()
        assert tables(engine) == TABLES
        assert migrations.current_revision(engine) == migrations.head_revision() == "0006"
        assert schema_diff(engine) == []  # autogenerate would write an empty migration
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(db_url: str):
    engine = create_engine(db_url)
    try:
        migrations.upgrade(engine)
        migrations.downgrade(engine, "0001")
        assert tables(engine) == TABLES - {"api_tokens", "subscription_revision"} and migrations.current_revision(engine) == "0001"
        migrations.downgrade(engine, "base")
        assert tables(engine) == set() and migrations.current_revision(engine) is None
        migrations.upgrade(engine)
        assert tables(engine) == TABLES and migrations.current_revision(engine) == "0006"
        assert schema_diff(engine) == []
        store = Store(db_url)  # and the store works on it
        row = store.add_subscription(subscriber="a", channel="tariffs", notifier="console", destination="console")
        assert store.get_subscription(row.id).channel == "tariffs"
        store.close()
    finally:
        engine.dispose()


def test_database_made_by_create_all_is_adopted_without_data_loss(db_url: str):
    """A database of the versions before migrations: create_all's tables, rows, no alembic_version."""
    engine = create_engine(db_url)
    try:
        Base.metadata.create_all(engine, tables=[SubscriptionRow.__table__, DeliveryRow.__table__, ThreadRow.__table__])
        now = datetime.now(timezone.utc)
        with engine.begin() as conn:
            old_id = conn.execute(SubscriptionRow.__table__.insert().values(
                subscriber="old", channel="tariffs", notifier="email", destination="old@example.org",
                countries=["China"], people=[], statuses=[], min_confidence=0.5, mode="digest", reminders=True,
                muted_until=None, created_at=now).returning(SubscriptionRow.__table__.c.id)).scalar_one()
            conn.execute(DeliveryRow.__table__.insert().values(
                delivery_id="d-old", subscription_id=old_id, update_id="u", event_key="k", notifier="email",
                destination="old@example.org", status="sent", attempts=1, payload={"x": 1}, created_at=now,
                updated_at=now))
            conn.execute(ThreadRow.__table__.insert().values(event_key="k", notifier="slack", destination="C1",
                                                             external_id="1.2"))
        assert migrations.current_revision(engine) is None

        store = Store(db_url)
        try:
            assert migrations.current_revision(engine) == "0006" and tables(engine) == TABLES
            old = store.get_subscription(old_id)
            assert (old.subscriber, old.countries, old.mode, old.reminders) == ("old", ["China"], "digest", True)
            assert store.get_delivery("d-old").status == "sent" and store.thread_of("k", "slack", "C1") == "1.2"
            new = store.add_subscription(subscriber="new", channel="tariffs", notifier="console", destination="x")
            assert new.id > old_id
            token, _ = store.create_token("old")
            assert store.token_subscriber(token) == "old"
        finally:
            store.close()
        assert schema_diff(engine) == []
    finally:
        engine.dispose()


def test_processes_starting_together_all_get_the_schema(db_url: str, tmp_path: Path):
    """Six processes open the store on one empty database at the same instant; all succeed, once migrated."""
    start_at = time.time() + 3.0
    script = (
        "import sys, time\n"
        "from alerts.store import Store\n"
        f"time.sleep(max(0.0, {start_at} - time.time()))\n"
        "s = Store(sys.argv[1])\n"
        "s.add_subscription(subscriber=sys.argv[2], channel='tariffs', notifier='console', destination='console')\n"
        "s.close()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = [subprocess.Popen([sys.executable, "-c", script, db_url, f"p{i}"], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for i in range(6)]
    results = [(p.wait(timeout=120), p.stderr.read().decode()) for p in procs]
    for code, err in results:
        assert code == 0, err[-2000:]
    engine = create_engine(db_url)
    try:
        assert migrations.current_revision(engine) == "0006" and tables(engine) == TABLES
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
            assert conn.execute(text("SELECT count(*) FROM subscriptions")).scalar() == 6
    finally:
        engine.dispose()


def test_sqlite_keeps_wal(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'wal.db'}")
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        store.close()


def test_migrations_run_from_the_package_anywhere(tmp_path: Path):
    """script_location is the package folder, not the working directory: works from an installed package."""
    assert Path(migrations.alembic_config().get_main_option("script_location")) == \
        REPO / "alerts" / "migrations"
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = lambda *args: subprocess.run([sys.executable, "-m", "alerts.migrations", "--url", url, *args],  # noqa: E731
                                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert run("current").stdout.strip() == "(empty database)"
    assert run("upgrade").returncode == 0
    assert run("current").stdout.strip() == "0006"
    assert run("downgrade", "base").returncode == 0
    assert run("current").stdout.strip() == "(empty database)"
