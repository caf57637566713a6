"""Prometheus metrics: each stage declares its own, series shared by stages live here; served when NEWSALERT_METRICS_PORT is set."""

from __future__ import annotations

import structlog
from prometheus_client import Counter, Histogram, start_http_server

log = structlog.get_logger("metrics")

DEAD_LETTERS = Counter("newsalert_dead_letters_total", "Records sent to a dead-letter topic", ["stage"])
# shared because the processor (detect, track) and the router (route) observe one series, and a
# process that imports both (tests, a one-process deployment) may register a name only once
STAGE_SECONDS = Histogram("newsalert_stage_seconds", "Time per record in a stage, by stage (detect, track, route)",
                          ["stage"], buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5))


def serve(port: int | None, host: str = "127.0.0.1") -> None:
    """Expose /metrics on the port (once per process); None: metrics stay internal."""
    if port is None:
        return
    start_http_server(port, addr=host)
    log.info("metrics served", url=f"http://{host}:{port}/metrics")
