"""A delivery worker SIGKILLed in the middle of a 1,000-subscriber Slack fan-out (issue 9).

One event update, 1,000 Slack subscriptions on distinct channels, a loopback Slack Web API that answers
each post after 30 ms. The alert stage is killed once some hundreds of posts went out and started again:
every channel gets its post, and only what was in flight at the kill (at most one send per delivery
lane: a lane sends its next message once the ledger recorded its last) may be posted twice.
"""

from __future__ import annotations

import collections
import signal
from datetime import datetime, timezone
from pathlib import Path

import pytest

from alerts.store import Store, SubscriptionRow
from newsalert.kafka import make_producer, send_json
from newsalert.models import EventChange, EventUpdate, TariffAction
from tests.support.pipeline import Pipeline, wait_for
from tests.support.slack_server import Reply, SlackServer

pytestmark = pytest.mark.integration
SUBSCRIBERS = 1000
CONCURRENCY = 16


def test_killed_mid_fanout_every_channel_posted_once(kafka_bootstrap: str, tmp_path: Path) -> None:
    with SlackServer(token="xoxb-fanout") as slack:
        slack.script(*[Reply.hang(0.03)] * (3 * SUBSCRIBERS), kind="api")  # each post answered after 30 ms
        pipeline = Pipeline(kafka_bootstrap, tmp_path, NEWSALERT_SLACK_BOT_TOKEN="xoxb-fanout",
                            NEWSALERT_SLACK_BASE_URL=slack.base_url,
                            NEWSALERT_DELIVERY_CONCURRENCY=str(CONCURRENCY), NEWSALERT_LOG_LEVEL="WARNING")
        try:
            pipeline.cli("kafka", "start")  # this namespace's topics on the shared broker
            store = Store(pipeline.settings.db_url)
            channels = [f"CFAN{i:06d}" for i in range(SUBSCRIBERS)]
            with store.session() as session, session.begin():
                session.add_all([SubscriptionRow(subscriber=f"s{i}@example.com", channel="tariffs", notifier="slack",
                                                 destination=ch) for i, ch in enumerate(channels)])
            event = TariffAction(imposer="US", target="China", rate="25%", goods="steel", status="announced",
                                 event_key="fanout-crash", confidence=0.9, evidence=["The US set a 25% tariff."])
            update = EventUpdate(update_id="fanout-crash-u1", revision=1, event=event, change=EventChange(kind="new"),
                                 article_id="a1", emitted_at=datetime(2025, 10, 27, tzinfo=timezone.utc))
            producer = make_producer(pipeline.bootstrap)
            send_json(producer, pipeline.topics.events, event.event_key, update).get(timeout=30)
            producer.close()

            pipeline.start_alerts("alerts", "--notifier", "slack")
            wait_for(lambda: len(slack.messages) >= 300, timeout=120, interval=0.02, what="300 Slack posts")
            pipeline.stop("alerts", sig=signal.SIGKILL)
            at_kill = len(slack.messages)
            assert at_kill < SUBSCRIBERS, "the fan-out finished before the kill: nothing was tested"

            pipeline.start_alerts("alerts-again", "--notifier", "slack")
            wait_for(lambda: len({m.channel for m in slack.messages}) >= SUBSCRIBERS, timeout=180,
                     what="a post in every channel")
            pipeline.alerts_drained(notifiers=("slack",))
            posts = collections.Counter(m.channel for m in slack.messages)
            assert set(posts) == set(channels)  # nobody lost
            repeated = [ch for ch, n in posts.items() if n > 1]
            assert all(n <= 2 for n in posts.values())
            # in flight at the kill: at most one send per lane (a lane sends its next once its last is recorded)
            assert len(repeated) <= CONCURRENCY, f"{len(repeated)} channels posted twice (killed at {at_kill})"
            sent = store.deliveries(status="sent", limit=5000)
            assert len(sent) == SUBSCRIBERS and len({row.destination for row in sent}) == SUBSCRIBERS
            store.close()
        finally:
            pipeline.stop_all()
