"""Prometheus metrics: each stage declares its own; this serves them when NEWSALERT_METRICS_PORT is set."""

from __future__ import annotations

import structlog
from prometheus_client import Counter, start_http_server

log = structlog.get_logger("metrics")

DEAD_LETTERS = Counter("newsalert_dead_letters_total", "Records sent to a dead-letter topic", ["stage"])


def serve(port: int | None, host: str = "127.0.0.1") -> None:
    """Expose /metrics on the port (once per process); None: metrics stay internal."""
    if port is None:
        return
    start_http_server(port, addr=host)
    log.info("metrics served", url=f"http://{host}:{port}/metrics")
