"""Channels and subscription matching (alerts/channels.py, alerts/router.route)."""

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from alerts.channels import (
    BUILTIN_CHANNELS,
    ChannelConfigError,
    ChannelFilter,
    load_channels,
    passes,
    subscription_matches,
)
from alerts.router import route
from newsalert.models import EventChange, EventUpdate, ExportControl, LeaderMeeting, TariffAction
from tests.support.subscriptions import Sub

NOW = datetime(2025, 10, 27, tzinfo=timezone.utc)




TARIFF = TariffAction(imposer="US", target="China", rate="100%", status="threatened", confidence=0.8)
MEETING = LeaderMeeting(participants=["Donald Trump", "Xi Jinping"], status="confirmed", confirmed_by=["US"], confidence=0.9)


def test_builtin_channels_filter_by_type():
    assert passes(BUILTIN_CHANNELS["tariffs"].filter, TARIFF)
    assert not passes(BUILTIN_CHANNELS["tariffs"].filter, MEETING)
    assert set(BUILTIN_CHANNELS) == {"tariffs", "leader-meetings", "export-controls", "trade-talks", "trade-truces"}


def test_configured_channels(tmp_path: Path):
    config = tmp_path / "channels.toml"
    config.write_text(
        '[channels.us-china]\ncountries_all = ["US", "China"]\ndescription = "both"\n'
        '[channels.leaders-confirmed]\ntypes = ["leader_meeting"]\nstatuses = ["confirmed"]\n'
    )
    channels = load_channels(config)
    assert passes(channels["us-china"].filter, TARIFF)
    assert not passes(channels["us-china"].filter, ExportControl(imposer="China", items="gallium"))
    assert passes(channels["leaders-confirmed"].filter, MEETING)
    assert not passes(channels["leaders-confirmed"].filter, MEETING.model_copy(update={"status": "held"}))


def test_bad_channel_config_says_where(tmp_path: Path):
    config = tmp_path / "channels.toml"
    config.write_text('[channels.x]\ncountry = ["US"]\n')
    with pytest.raises(ChannelConfigError, match=r"channels\.x.*country"):
        load_channels(config)


def test_subscription_filters():
    channels = dict(BUILTIN_CHANNELS)
    assert subscription_matches(Sub(countries=["china"]), channels, TARIFF, now=NOW)
    assert not subscription_matches(Sub(countries=["Japan"]), channels, TARIFF, now=NOW)
    assert not subscription_matches(Sub(statuses=["in_effect"]), channels, TARIFF, now=NOW)
    assert not subscription_matches(Sub(min_confidence=0.9), channels, TARIFF, now=NOW)
    assert subscription_matches(Sub(channel="leader-meetings", people=["Xi"]), channels, MEETING, now=NOW)
    assert not subscription_matches(Sub(channel="leader-meetings", people=["Modi"]), channels, MEETING, now=NOW)
    assert not subscription_matches(Sub(muted_until=NOW + timedelta(hours=1)), channels, TARIFF, now=NOW)
    assert subscription_matches(Sub(muted_until=NOW - timedelta(hours=1)), channels, TARIFF, now=NOW)
    assert not subscription_matches(Sub(channel="gone"), channels, TARIFF, now=NOW)


def test_route_makes_one_delivery_per_matching_subscription_with_stable_ids():
    update = EventUpdate(update_id="u1", revision=1, event=TARIFF.model_copy(update={"event_key": "k"}),
                         change=EventChange(kind="new"), article_id="a", emitted_at=NOW)
    subs = [Sub(id=1), Sub(id=2, countries=["Japan"]), Sub(id=3, channel="leader-meetings"), Sub(id=4, notifier="email",
            destination="a@b.c")]
    deliveries = route(update, subs, dict(BUILTIN_CHANNELS), now=NOW)
    assert [d.subscription_id for d in deliveries] == [1, 4]
    again = route(update, subs, dict(BUILTIN_CHANNELS), now=NOW)
    assert [d.delivery_id for d in deliveries] == [d.delivery_id for d in again]
    assert len({d.delivery_id for d in deliveries}) == 2


def test_reminders_only_for_subscriptions_that_asked():
    update = EventUpdate(update_id="r1", revision=1, event=TARIFF, change=EventChange(kind="reminder"), article_id="a",
                         emitted_at=NOW)
    subs = [Sub(id=1), Sub(id=2, reminders=True)]
    assert [d.subscription_id for d in route(update, subs, dict(BUILTIN_CHANNELS), now=NOW)] == [2]


def test_a_member_state_filter_lets_its_customs_union_through():
    """Tariffs on French or German goods are the EU's (the detectors name the union): a subscriber to Germany
    gets them; one to the UK (no longer a member) or to Japan does not."""
    channels = dict(BUILTIN_CHANNELS)
    on_eu = TariffAction(imposer="US", target="EU", rate="25%", status="announced", confidence=0.8)
    assert subscription_matches(Sub(countries=["Germany"]), channels, on_eu, now=NOW)
    assert subscription_matches(Sub(countries=["france"]), channels, on_eu, now=NOW)
    assert not subscription_matches(Sub(countries=["UK"]), channels, on_eu, now=NOW)
    assert not subscription_matches(Sub(countries=["Japan"]), channels, on_eu, now=NOW)
    assert not subscription_matches(Sub(countries=["Germany"]), channels, TARIFF, now=NOW)  # US-China: no
    # the index narrows to the same subscriptions
    from alerts.subindex import SubscriptionIndex

    subs = [Sub(id=1, countries=["Germany"]), Sub(id=2, countries=["Japan"]), Sub(id=3, countries=["EU"])]
    assert [s.id for s in SubscriptionIndex(subs).candidates(on_eu, channels)] == [1, 3]


def test_matching_without_own_filters_answers_what_the_full_filter_answers():
    """A subscription with no filters of its own but a confidence floor is matched without building a
    ChannelFilter (issue 9): the answer is the full filter's, for every floor, event and channel."""
    channels = dict(BUILTIN_CHANNELS)
    events = [TARIFF, MEETING, TARIFF.model_copy(update={"confidence": 0.0}), MEETING.model_copy(update={"confidence": 1.0})]
    for event in events:
        for floor in (None, 0.0, 0.5, 0.8, 0.9, 1.0):
            for channel in ("tariffs", "leader-meetings"):
                sub = Sub(channel=channel, min_confidence=floor)
                full = passes(channels[channel].filter, event) and passes(
                    ChannelFilter(min_confidence=floor or 0.0), event)
                assert subscription_matches(sub, channels, event, now=NOW) == full, (event.type, floor, channel)


def test_a_channel_without_countries_passes_events_naming_none_or_unknown_ones():
    """`passes` reads an event's countries only for a filter on countries; the answers are the same."""
    nameless = TariffAction(imposer=None, target=None, rate="5%", confidence=0.7)
    odd = TariffAction(imposer="Atlantis", target="U.S.", confidence=0.7)
    for event in (nameless, odd, TARIFF):
        assert passes(ChannelFilter(types=["tariff_action"]), event)
        assert passes(ChannelFilter(), event)
    assert passes(ChannelFilter(countries_any=["United States"]), odd)
    assert not passes(ChannelFilter(countries_any=["US"]), nameless)
    assert not passes(ChannelFilter(countries_all=["US", "China"]), odd)
