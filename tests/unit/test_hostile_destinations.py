"""Issue 11 finding 2 at the delivery side: a subscription pending verification gets no delivery,
and the Slack notifier refuses webhook URLs outside NEWSALERT_WEBHOOK_HOSTS even at send time."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from alerts.channels import load_channels
from alerts.notifiers import get_notifier
from alerts.notifiers.base import SendError
from alerts.router import route
from alerts.store import SubscriptionRow
from newsalert.settings import Settings
from tests.support.samples import make_delivery, make_update


def row(id_: int, verification: str) -> SubscriptionRow:
    return SubscriptionRow(id=id_, subscriber="ana", channel="tariffs", notifier="email", destination="a@example.org",
                           countries=[], people=[], statuses=[], min_confidence=0.0, mode="immediate",
                           reminders=False, muted_until=None, verification=verification)


def test_pending_subscriptions_get_no_delivery(tmp_path: Path):
    channels = load_channels(tmp_path / "none.toml")
    out = route(make_update(), [row(1, "pending"), row(2, "active")], channels, now=datetime.now(timezone.utc))
    assert [d.subscription_id for d in out] == [2]


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/services/T/B/x", "https://localhost/services/T/B/x",
                                 "https://evil.example.com/services/T/B/x"])
def test_loopback_and_foreign_webhooks_are_refused_at_send(tmp_path: Path, url: str):
    notifier = get_notifier("slack", Settings(home=tmp_path, _env_file=None))
    with pytest.raises(SendError) as info:
        notifier.send(make_delivery(notifier="slack", destination=url))
    assert info.value.retryable is False and "/T/B/x" not in str(info.value)


def test_loopback_webhooks_only_with_the_explicit_setting(tmp_path: Path):
    strict = get_notifier("slack", Settings(home=tmp_path, _env_file=None))
    loose = get_notifier("slack", Settings(home=tmp_path, webhook_allow_insecure=True, _env_file=None))
    with pytest.raises(ValueError):
        strict.validate_destination("http://127.0.0.1:8080/services/T/B/x")
    assert loose.validate_destination("http://127.0.0.1:8080/services/T/B/x").startswith("http://127.0.0.1")
    custom = get_notifier("slack", Settings(home=tmp_path, webhook_hosts="hooks.example.net", _env_file=None))
    assert custom.validate_destination("https://hooks.example.net/in/abc") == "https://hooks.example.net/in/abc"
    with pytest.raises(ValueError):
        custom.validate_destination("https://hooks.slack.com/services/T/B/x")
