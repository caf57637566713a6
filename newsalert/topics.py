"""Kafka topic names: one topic per hop, plus a dead-letter topic per stage."""

ARTICLES = "articles"
ARTICLES_DLQ = "articles.dlq"
EVENT_CANDIDATES = "events.candidates"  # detected events re-keyed by event_key (processors only)
EVENTS = "events"
EVENTS_DLQ = "events.dlq"
DELIVERIES_DLQ = "deliveries.dlq"
DELIVERIES_PREFIX = "deliveries."


def deliveries_topic(notifier: str) -> str:
    """The per-notifier delivery topic, so a slow channel never delays another."""
    return f"{DELIVERIES_PREFIX}{notifier}"


NOTIFIER_NAMES = ("console", "slack", "email")

ALL_TOPICS: tuple[str, ...] = (
    ARTICLES,
    ARTICLES_DLQ,
    EVENT_CANDIDATES,
    EVENTS,
    EVENTS_DLQ,
    DELIVERIES_DLQ,
    *(deliveries_topic(name) for name in NOTIFIER_NAMES),
)
