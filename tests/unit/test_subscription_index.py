"""The router's in-memory subscription index (alerts/subindex.py): routing through it gives exactly what
route() gives over every subscription, for many generated subscriptions and events."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alerts.channels import BUILTIN_CHANNELS, Channel, ChannelFilter
from alerts.router import route
from alerts.subindex import SubscriptionIndex
from newsalert.models import EventChange, EventUpdate, ExportControl, LeaderMeeting, TariffAction, TradeTalks, TradeTruce
from tests.support.subscriptions import Sub

NOW = datetime(2025, 10, 27, tzinfo=timezone.utc)

CHANNELS = {
    **BUILTIN_CHANNELS,
    "us-china": Channel(name="us-china", filter=ChannelFilter(countries_all=["US", "China"])),
    "asia": Channel(name="asia", filter=ChannelFilter(countries_any=["Japan", "China", "South Korea"])),
    "xi": Channel(name="xi", filter=ChannelFilter(people_any=["Xi"])),
    "confirmed": Channel(name="confirmed", filter=ChannelFilter(types=["leader_meeting"], statuses=["confirmed"],
                                                                min_confidence=0.6)),
    "everything": Channel(name="everything", filter=ChannelFilter()),
}
# aliases and spellings the gazetteer folds, and a name it does not know
COUNTRIES = ["US", "United States", "U.S.", "usa", "China", "china", "Japan", "EU", "Canada", "Mexico", "Atlantis"]
PEOPLE = ["Xi", "xi jinping", "Xi Jinping", "Trump", "Donald Trump", "Modi", "Jinping", "Ishiba"]
STATUSES = ["threatened", "announced", "in_effect", "confirmed", "held", "expected", "agreed", "tightened", ""]
CHANNEL_NAMES = [*CHANNELS, "gone"]
EVENT_KEYS = ["k1", "k2", "k3"]




small = lambda values: st.lists(st.sampled_from(values), max_size=3)  # noqa: E731
# a subscription filter is empty half of the time, or no subscription would ever match a generated event
maybe = lambda values: st.one_of(st.just([]), st.lists(st.sampled_from(values), min_size=1, max_size=3))  # noqa: E731

subs_strategy = st.lists(
    st.builds(
        Sub,
        id=st.just(0),
        channel=st.sampled_from(CHANNEL_NAMES),
        countries=maybe(COUNTRIES),
        people=maybe(PEOPLE),
        statuses=maybe(STATUSES),
        min_confidence=st.sampled_from([0.0, 0.0, 0.5, 0.7, 0.9]),
        muted_until=st.sampled_from([None, None, NOW - timedelta(hours=1), NOW + timedelta(hours=1)]),
        reminders=st.booleans(),
        verification=st.sampled_from(["active", "active", "pending"]),
        muted_events=maybe(EVENT_KEYS[:2]),
    ),
    min_size=10,
    max_size=80,
)

country = st.sampled_from(["US", "China", "Japan", "EU", "Canada", "Mexico", "South Korea"])
confidence = st.sampled_from([0.3, 0.6, 0.8, 0.95])
events_strategy = st.one_of(
    st.builds(TariffAction, imposer=country, target=st.one_of(st.none(), country), confidence=confidence,
              status=st.sampled_from(["threatened", "announced", "in_effect", "suspended"])),
    st.builds(LeaderMeeting, participants=st.lists(st.sampled_from(["Xi Jinping", "Donald Trump", "Narendra Modi", "Shigeru Ishiba"]),
                                                           min_size=1, max_size=3),
              confirmed_by=small(["US", "China", "Japan"]), confidence=confidence,
              status=st.sampled_from(["proposed", "expected", "confirmed", "held"])),
    st.builds(ExportControl, imposer=country, items=st.just("gallium"), confidence=confidence),
    st.builds(TradeTalks, parties=small(["US", "China", "EU"]), negotiators=small(["Scott Bessent", "He Lifeng", "Donald Trump"]),
              confidence=confidence),
    st.builds(TradeTruce, parties=small(["US", "China"]), action=st.sampled_from(["agreed", "extended"]),
              confidence=confidence),
)


def update_of(event, key: str, kind: str) -> EventUpdate:
    return EventUpdate(update_id=f"u-{key}", revision=1, event=event.model_copy(update={"event_key": key}),
                       change=EventChange(kind=kind), article_id="a", emitted_at=NOW)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subs=subs_strategy, events=st.lists(events_strategy, min_size=1, max_size=5),
       key=st.sampled_from(EVENT_KEYS), kind=st.sampled_from(["new", "changed", "reminder"]))
def test_index_routes_exactly_like_a_scan_of_every_subscription(subs, events, key, kind):
    for i, sub in enumerate(subs, start=1):
        sub.id = i
    index = SubscriptionIndex(subs)
    for event in events:
        update = update_of(event, key, kind)
        assert route(update, index.candidates(update.event, CHANNELS), CHANNELS, now=NOW) == \
            route(update, subs, CHANNELS, now=NOW)


def test_index_leaves_out_what_cannot_match():
    subs = [
        Sub(1, "tariffs", countries=["Japan"]),
        Sub(2, "tariffs", countries=["United States"]),
        Sub(3, "leader-meetings"),
        Sub(4, "tariffs", statuses=["in_effect"]),
        Sub(5, "tariffs"),
        Sub(6, "tariffs", verification="pending"),
        Sub(7, "gone"),
    ]
    event = TariffAction(imposer="US", target="China", status="threatened", confidence=0.8)
    assert [s.id for s in SubscriptionIndex(subs).candidates(event, dict(BUILTIN_CHANNELS))] == [2, 5]


def test_cache_rebuilds_the_index_only_when_the_subscription_revision_moves(monkeypatch):
    from alerts import router

    rows = [Sub(1, "tariffs")]

    class FakeStore:
        revision, reads = 0, 0

        def subscriptions_revision(self):
            return (FakeStore.revision, len(rows), max((r.id for r in rows), default=None))

        def subscriptions(self):
            FakeStore.reads += 1
            return [Sub(**vars(r)) for r in rows]  # fresh objects each read, as the ORM gives

    monkeypatch.setattr(router, "SUBSCRIPTION_REFRESH_S", -1.0)  # check on every call
    cache = router.SubscriptionCache(FakeStore())  # type: ignore[arg-type]
    first = cache.index()
    assert cache.index() is first and FakeStore.reads == 1  # revision unchanged: rows not read again
    rows[0].countries = ["China"]
    FakeStore.revision += 1
    second = cache.index()
    assert second is not first and second.rows[0].countries == ["China"] and FakeStore.reads == 2
    rows.append(Sub(2, "tariffs"))  # a row that came without the counter (e.g. by hand in SQL): count moved
    assert [s.id for s in cache.index().rows] == [1, 2]
