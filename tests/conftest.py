"""Shared fixtures: one real Kafka broker per test session, started by the project's own code."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from newsalert.settings import Settings

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSALERT_CORPUS", REPO.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real broker: NEWSALERT_KAFKA_BOOTSTRAP if set, else a local one in a throw-away home."""
    from newsalert import localkafka

    existing = os.environ.get("NEWSALERT_KAFKA_BOOTSTRAP")
    if existing:
        yield existing
        return
    home = tmp_path_factory.mktemp("broker-home")
    settings = Settings(home=home)
    bootstrap = localkafka.start(settings, wait_s=120)
    try:
        yield bootstrap
    finally:
        localkafka.stop(settings)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the labelled corpus is not at {CORPUS} (set NEWSALERT_CORPUS)")
    return CORPUS


PG_URL = os.environ.get("NEWSALERT_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database per test: a SQLite file, or a PostgreSQL schema of its own (others share the DB)."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'newsalert.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set NEWSALERT_TEST_POSTGRES_URL (.ci/run starts one with "
                    "deploy/postgres/start-local.sh)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
