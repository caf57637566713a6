"""The one small interface every detector implements."""

from __future__ import annotations

from typing import Protocol

from newsalert.models import Article, EventBase


class Detector(Protocol):
    """Finds events of one type in an article.

    `detect` is called once per article by the processor agent and by
    `newsalert detect/eval`; it is pure (no I/O) and must not raise on odd text.
    """

    event_type: str

    def detect(self, article: Article) -> list[EventBase]:
        ...
