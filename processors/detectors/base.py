"""The one small interface every detector implements."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol, TypeVar

import structlog

from newsalert.models import Article, EventBase

log = structlog.get_logger("detectors")
T = TypeVar("T")


@dataclass(slots=True)
class Candidate:
    """An event a detector proposes, with what its rules noticed about each supporting mention.

    `flags[k]` lists the reasons a strict rule would have dropped mention k
    ("background", "speculation", ...); an empty list is a mention the rules accept.
    The learned scorer reads them as features.
    """

    event: EventBase
    flags: list[list[str]] = field(default_factory=lambda: [[]])

    @property
    def rules_accept(self) -> bool:
        """Would the strict rules have emitted this event (some mention unflagged)?"""
        return any(not f for f in self.flags)


class Gate:
    """Where a rule would drop a mention.

    Strict mode (what `detect` uses without a model) drops it; permissive mode
    (candidate generation for the learned scorer) keeps it and records the reason.
    """

    __slots__ = ("permissive", "flags", "log")

    def __init__(self, permissive: bool, log: list[str] | None = None) -> None:
        self.permissive = permissive
        self.flags: list[str] = []
        self.log = log  # every reason of the pass, kept mentions or not (None: not wanted)

    def drop(self, reason: str) -> bool:
        """True when the caller must drop the mention; otherwise the reason is recorded."""
        if self.log is not None:
            self.log.append(reason)
        if self.permissive:
            self.flags.append(reason)
            return False
        return True


class Detector(Protocol):
    """Finds events of one type in an article.

    `detect` is called once per article by the processor agent and by
    `newsalert detect/eval`; it is pure (no I/O) and must not raise on odd text.
    `candidates` (optional) returns recall-oriented proposals for the learned scorer.
    """

    event_type: str

    def detect(self, article: Article) -> list[EventBase]:
        ...


def never_raises(event_type: str, article: Article, run: Callable[[], list[T]]) -> list[T]:
    """Runs one detector pass over an article. Called by every detector's `detect` and `candidates`.

    A detector must not raise on odd text; when one does anyway (a bug), the article keeps the other types'
    events, and the bug is logged with its traceback and the article id, not swallowed unseen.
    """
    try:
        return run()
    except Exception:
        log.exception("detector failed; its events of this article are lost", event_type=event_type,
                      article_id=getattr(article, "id", None))
        return []
