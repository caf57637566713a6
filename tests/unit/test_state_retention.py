"""Retention of closed episodes (processors/state.prune): by publication time, never the wall clock."""

from datetime import datetime, timedelta, timezone

from newsalert.models import FieldChange, LeaderMeeting, SourceRef, TariffAction
from processors.state import Episodes, base_key, merge, prune

T0 = datetime(2025, 1, 5, tzinfo=timezone.utc)
RETENTION = timedelta(days=180)


def src(article_id: str, days: float = 0) -> SourceRef:
    return SourceRef(article_id=article_id, published=T0 + timedelta(days=days), title=article_id, source="Wire")


def tariff(goods: str, **kw) -> TariffAction:
    base = dict(imposer="US", target="China", rate="25%", goods=goods, status="announced", confidence=0.8,
                evidence=[f"The US announced tariffs on Chinese {goods}."])
    return TariffAction(**(base | kw))


def meeting(date: str, status: str = "confirmed") -> LeaderMeeting:
    return LeaderMeeting(participants=["Donald Trump", "Xi Jinping"], date=date, status=status, confidence=0.9,
                         evidence=[f"Trump and Xi meet on {date}."])


def test_an_episode_last_seen_beyond_the_retention_is_dropped_and_a_recent_one_kept():
    state, _ = merge(None, tariff("steel"), src("steel", 0), now=T0)
    state, _ = merge(state, tariff("aluminium"), src("alu-1", 100), now=T0)
    state, _ = merge(state, tariff("semiconductors"), src("chips", 181), now=T0)
    assert base_key(tariff("steel")) == base_key(tariff("aluminium"))  # one table key, three episodes
    pruned = prune(state, src("chips", 181).published, RETENTION)
    assert [t.event.goods for t in pruned.events] == ["aluminium", "semiconductors"]  # steel: 181 days
    assert len(state.events) == 3  # pure: the input is not changed


def test_the_clock_is_the_newest_publication_time_not_now():
    state, _ = merge(None, tariff("steel"), src("steel", 0), now=T0)
    state, _ = merge(state, tariff("aluminium"), src("alu", 10), now=T0)
    # replaying a 2025 corpus years later keeps what the live pipeline kept then
    assert prune(state, src("alu", 10).published, RETENTION) is state
    # an older article arriving late does not move the clock back: the key's newest article counts
    assert prune(state, T0 - timedelta(days=400), timedelta(days=5)).events[0].event.goods == "aluminium"
    assert len(prune(state, T0 - timedelta(days=400), timedelta(days=5)).events) == 1


def test_kept_anyway_held_changes_reminders_ahead_and_no_retention():
    state, _ = merge(None, tariff("steel", effective_date="2025-12-01"), src("steel", 0), now=T0)
    state, _ = merge(state, tariff("aluminium"), src("alu", 1), now=T0)
    state, _ = merge(state, tariff("timber"), src("timber", 200), now=T0)
    newest = src("timber", 200).published
    # steel's effective date (2025-12-01) is after the newest article (2025-07-24): its reminder is ahead
    assert [t.event.goods for t in prune(state, newest, RETENTION).events] == ["steel", "timber"]
    held = state.model_copy(deep=True)
    held.events[1].pending = {"rate": FieldChange(old="25%", new="50%")}  # the alert budget holds a change
    assert [t.event.goods for t in prune(held, newest, RETENTION).events] == ["steel", "aluminium", "timber"]
    assert prune(state, newest, None) is state
    assert prune(Episodes(), newest, RETENTION).events == []


def test_a_late_report_of_a_dropped_event_starts_a_new_episode():
    # January's meeting, then a July one of the same two leaders (same table key): January's leaves the table
    state, first = merge(None, meeting("2025-01-10"), src("jan", 0), now=T0)
    state, july = merge(state, meeting("2025-07-25"), src("jul", 200), now=T0)
    state = prune(state, src("jul", 200).published, RETENTION)
    assert first and july and [t.event.date for t in state.events] == ["2025-07-25"]
    # an article recalling January's (long past) meeting: a new episode, tracked as history, not alerted
    state, recalled = merge(state, meeting("2025-01-10", status="held"), src("recall", 205), now=T0)
    state = prune(state, src("recall", 205).published, RETENTION)
    assert recalled is None
    assert sorted(t.event.date for t in state.events) == ["2025-01-10", "2025-07-25"]
    recalled_episode = next(t for t in state.events if t.event.date == "2025-01-10")
    assert recalled_episode.event.event_key != first.event.event_key and not recalled_episode.alerted
    # a tariff reported again after its episode was dropped is a new event (and alerts as one)
    state, _ = merge(None, tariff("steel"), src("steel", 0), now=T0)
    state, _ = merge(state, tariff("timber"), src("timber", 200), now=T0)
    state = prune(state, src("timber", 200).published, RETENTION)
    state, again = merge(state, tariff("steel"), src("steel-again", 201), now=T0)
    assert again is not None and again.change.kind == "new" and len(state.events) == 2
