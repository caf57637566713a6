"""Logging for every process: structlog to stderr, one line per event, secrets never passed in."""

from __future__ import annotations

import logging
import sys

import structlog


def configure(level: str = "INFO") -> None:
    numeric = getattr(logging, level.upper(), logging.INFO)
    logging.basicConfig(level=numeric, stream=sys.stderr, format="%(message)s")
    for noisy in ("aiokafka", "faust", "mode", "urllib3", "asyncio", "alembic", "httpx", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(max(numeric, logging.WARNING))
    # kafka-python logs every refused reconnect as an error; the clients retry by themselves and our
    # own code reports what finally failed, in one line. NEWSALERT_LOG_LEVEL=DEBUG shows it all.
    logging.getLogger("kafka").setLevel(logging.DEBUG if numeric <= logging.DEBUG else logging.CRITICAL)
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="%H:%M:%S", utc=False),
            structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty()),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
