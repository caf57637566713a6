"""Sample events, updates and deliveries for notifier and rendering tests."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from newsalert.models import (
    Delivery,
    EventChange,
    EventUpdate,
    FieldChange,
    LeaderMeeting,
    SourceRef,
    TariffAction,
)

PUBLISHED = datetime(2025, 10, 26, tzinfo=timezone.utc)


def seed_source() -> SourceRef:
    return SourceRef(
        article_id="seed",
        url="https://news.example.com/us-china-talks",
        title="US-China trade talks resume for second day in Kuala Lumpur",
        published=PUBLISHED,
        source="Example News",
    )


def tariff_event(**overrides: Any) -> TariffAction:
    data: dict[str, Any] = dict(
        event_key="tariff_action:us:china:goods",
        imposer="US",
        target="China",
        rate="100%",
        goods="Chinese goods",
        effective_date="2025-11-01",
        status="threatened",
        confidence=0.9,
        evidence=["Trump threatened to impose a new 100% tariff on Chinese goods starting November 1."],
        sources=[seed_source()],
    )
    data.update(overrides)
    return TariffAction(**data)


def meeting_event(**overrides: Any) -> LeaderMeeting:
    data: dict[str, Any] = dict(
        event_key="leader_meeting:donald-trump:xi-jinping:2025-10",
        participants=["Donald Trump", "Xi Jinping"],
        location="South Korea",
        date="2025-10-30",
        status="expected",
        confirmed_by=["US"],
        confidence=0.8,
        evidence=["He is expected to meet Xi later this week on the sidelines of the APEC Summit in South Korea."],
        sources=[seed_source()],
    )
    data.update(overrides)
    return LeaderMeeting(**data)


def make_update(event: Any = None, change: EventChange | None = None, revision: int = 1) -> EventUpdate:
    event = event if event is not None else tariff_event()
    change = change or EventChange(kind="new")
    return EventUpdate(
        update_id=EventUpdate.make_id(event.event_key, revision, change.kind),
        revision=revision,
        event=event,
        change=change,
        article_id="seed",
        emitted_at=PUBLISHED,
    )


def status_change(old: str, new: str, field: str = "status") -> EventChange:
    return EventChange(kind="changed", fields={field: FieldChange(old=old, new=new)})


def make_delivery(
    update: EventUpdate | None = None,
    *,
    notifier: str = "console",
    destination: str = "stdout",
    subscription_id: int = 7,
    channel: str = "tariffs",
    subscriber: str = "alice",
) -> Delivery:
    update = update or make_update()
    return Delivery(
        delivery_id=Delivery.make_id(update.update_id, subscription_id),
        subscription_id=subscription_id,
        subscriber=subscriber,
        channel=channel,
        notifier=notifier,
        destination=destination,
        update=update,
    )


def settings_for(tmp_path: Any = None, **overrides: Any) -> Any:
    """A real Settings object (no .env file), home in `tmp_path`, with overrides."""
    from newsalert.settings import Settings

    values: dict[str, Any] = {"webhook_allow_insecure": True}  # the loopback Slack stand-in serves webhooks too
    if tmp_path is not None:
        values["home"] = tmp_path
    values.update(overrides)
    return Settings(_env_file=None, **values)
