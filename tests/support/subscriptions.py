"""A subscription row as the router reads it, for pure routing and matching tests (no store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Sub:
    id: int = 1
    channel: str = "tariffs"
    subscriber: str = "ana"
    notifier: str = "console"
    destination: str = "console"
    countries: list = field(default_factory=list)
    people: list = field(default_factory=list)
    statuses: list = field(default_factory=list)
    min_confidence: float = 0.0
    muted_until: datetime | None = None
    reminders: bool = False
    mode: str = "immediate"
    verification: str = "active"
    muted_events: list = field(default_factory=list)
