"""Session broker helpers for the `kafka_bootstrap` fixture (to be wired in tests/conftest.py).

    @pytest.fixture(scope="session")
    def kafka_bootstrap(tmp_path_factory):
        settings, bootstrap = start_session_broker(tmp_path_factory.mktemp("newsalert-home"))
        yield bootstrap
        stop_session_broker(settings)

With NEWSALERT_KAFKA_BOOTSTRAP (or KAFKA_BOOTSTRAP_SERVERS) set, that cluster is used and nothing is
started or stopped; the topics are created there if missing. Otherwise one local broker is started
for the session in its own throwaway home (the jars come from the shared cache, ~/.cache/newsalert/kafka).
"""

from __future__ import annotations

import os
from pathlib import Path

from newsalert import localkafka
from newsalert.settings import Settings


def session_settings(tmp_home: Path, **overrides: object) -> Settings:
    """Settings for a test session: the environment's, with home (and bootstrap) set for tests."""
    external = os.environ.get("NEWSALERT_KAFKA_BOOTSTRAP") or os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or None
    values: dict[str, object] = {"home": tmp_home, "kafka_bootstrap": external}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def start_session_broker(tmp_home: Path, wait_s: float = 90) -> tuple[Settings, str]:
    """Start (or reuse) the broker for the test session; returns (settings, bootstrap)."""
    settings = session_settings(tmp_home)
    if settings.kafka_bootstrap:
        return settings, localkafka.bootstrap_servers(settings)
    return settings, localkafka.start(settings, wait_s=wait_s)


def stop_session_broker(settings: Settings) -> None:
    """Stop the broker started by start_session_broker (an external cluster is left alone)."""
    if not settings.kafka_bootstrap:
        localkafka.stop(settings)
