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
