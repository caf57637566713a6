"""Send articles to the `articles` topic, keyed by article id."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from kafka import KafkaProducer

from newsalert import topics
from newsalert.ingest import Parsed
from newsalert.kafka import send_json
from newsalert.models import Article


@dataclass
class PublishReport:
    sent: list[str] = field(default_factory=list)  # article ids
    errors: list[str] = field(default_factory=list)  # one line each: "origin: problem"


def publish(
    producer: KafkaProducer,
    items: Iterable[Parsed],
    *,
    topic: str = topics.ARTICLES,
    on_error: Callable[[str], None] | None = None,
    timeout_s: float = 30.0,
) -> PublishReport:
    """Send every parsed article, then wait for the broker's acks.

    A bad input is reported and skipped; the others still go through. Raises
    only when the broker itself does not acknowledge (nothing can be sent).
    """
    report = PublishReport()
    pending: list[tuple[str, object]] = []
    for item in items:
        if item.article is None:
            line = f"{item.origin}: {item.error}"
            report.errors.append(line)
            if on_error:
                on_error(line)
            continue
        pending.append((item.article.id, send_article(producer, item.article, topic)))
    producer.flush(timeout=timeout_s)
    for article_id, future in pending:
        future.get(timeout=timeout_s)  # type: ignore[attr-defined]
        report.sent.append(article_id)
    return report


def send_article(producer: KafkaProducer, article: Article, topic: str = topics.ARTICLES) -> object:
    return send_json(producer, topic, article.id, article)
