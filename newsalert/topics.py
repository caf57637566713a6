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


class Topics:
    """The topic names of one deployment; a prefix gives tenants (and test modules) their own namespace."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.articles = prefix + ARTICLES
        self.articles_dlq = prefix + ARTICLES_DLQ
        self.event_candidates = prefix + EVENT_CANDIDATES
        self.events = prefix + EVENTS
        self.events_dlq = prefix + EVENTS_DLQ
        self.deliveries_dlq = prefix + DELIVERIES_DLQ

    def deliveries(self, notifier: str) -> str:
        return self.prefix + deliveries_topic(notifier)

    def all(self) -> tuple[str, ...]:
        return tuple(self.prefix + name for name in ALL_TOPICS)

    def group(self, name: str) -> str:
        """A consumer group id in this namespace."""
        return self.prefix + name
