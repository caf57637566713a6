"""Event identity and lifecycle (processors/state.py): pure logic, no broker."""

from datetime import datetime, timedelta, timezone

from newsalert.models import LeaderMeeting, SourceRef, TariffAction, TradeTruce
from processors.state import base_key, goods_key, merge

T0 = datetime(2025, 10, 26, tzinfo=timezone.utc)
NOW = datetime(2025, 10, 27, tzinfo=timezone.utc)


def src(article_id: str, hours: float = 0) -> SourceRef:
    return SourceRef(article_id=article_id, published=T0 + timedelta(hours=hours), title=article_id)


def tariff(**kw) -> TariffAction:
    base = dict(imposer="US", target="China", rate="100%", goods="Chinese goods", status="threatened",
                effective_date="2025-11-01", confidence=0.8, evidence=["x"])
    base.update(kw)
    return TariffAction(**base)


def test_different_goods_of_one_imposer_are_different_events_and_related_goods_the_same():
    state, steel = merge(None, tariff(goods="steel", rate="25%"), src("s1"), now=NOW)
    state, alu = merge(state, tariff(goods="aluminium", rate="10%"), src("a1", 1), now=NOW)
    state, steel2 = merge(state, tariff(goods="steel products", rate="50%"), src("s2", 2), now=NOW)
    assert steel and alu and alu.change.kind == "new" and steel.event.event_key != alu.event.event_key
    assert steel2 and steel2.change.kind == "changed" and steel2.event.event_key == steel.event.event_key
    from newsalert.models import ExportControl

    state, first = merge(None, ExportControl(imposer="China", items="rare-earth magnets and minerals", status="tightened", confidence=0.8), src("e1"), now=NOW)
    state, later = merge(state, ExportControl(imposer="China", items="the rare-earth exports", status="suspended", confidence=0.8), src("e2", 48), now=NOW)
    assert first and later and later.change.kind == "changed" and later.change.fields["status"].new == "suspended"


def test_goods_key_ignores_generic_words_and_nationalities():
    assert goods_key("Chinese goods", {"China"}) == goods_key("imports from China", {"China"}) == ""
    assert goods_key("steel products", set()) == goods_key("steel", set()) == "steel"
    assert goods_key("steel", set()) != goods_key("aluminium", set())


def test_new_event_gets_key_source_and_new_change():
    state, update = merge(None, tariff(), src("a1"), now=NOW)
    assert update is not None and update.change.kind == "new" and update.revision == 1
    assert update.event.event_key and [s.article_id for s in update.event.sources] == ["a1"]
    assert len(state.events) == 1


def test_three_outlets_same_tariff_one_update():
    state, first = merge(None, tariff(), src("a1"), now=NOW)
    state, second = merge(state, tariff(goods="imports from China"), src("a2", 1), now=NOW)
    state, third = merge(state, tariff(), src("a3", 2), now=NOW)
    assert first is not None and second is None and third is None
    assert [s.article_id for s in state.events[0].event.sources] == ["a1", "a2", "a3"]


def test_same_article_twice_emits_nothing():
    state, _ = merge(None, tariff(), src("a1"), now=NOW)
    state, again = merge(state, tariff(status="in_effect"), src("a1"), now=NOW)
    assert again is None


def test_status_moves_forward_and_names_the_change():
    state, _ = merge(None, tariff(), src("a1"), now=NOW)
    state, update = merge(state, tariff(status="announced"), src("a2", 5), now=NOW)
    assert update is not None and update.change.kind == "changed"
    assert update.change.fields["status"].old == "threatened" and update.change.fields["status"].new == "announced"
    assert update.revision == 2


def test_older_article_never_moves_event_backwards():
    state, _ = merge(None, tariff(status="in_effect"), src("late", 10), now=NOW)
    state, update = merge(state, tariff(status="threatened"), src("early", 1), now=NOW)
    assert update is None and state.events[0].event.status == "in_effect"


def test_lower_status_later_is_ignored_but_delay_is_not():
    state, _ = merge(None, tariff(status="announced"), src("a1"), now=NOW)
    state, regress = merge(state, tariff(status="threatened"), src("a2", 5), now=NOW)
    assert regress is None
    state, delayed = merge(state, tariff(status="delayed", effective_date="2025-12-01"), src("a3", 9), now=NOW)
    assert delayed is not None
    assert delayed.change.fields["effective_date"].old == "2025-11-01"
    assert delayed.change.fields["effective_date"].new == "2025-12-01"


def meeting(status: str, **kw) -> LeaderMeeting:
    return LeaderMeeting(participants=["Donald Trump", "Xi Jinping"], status=status, confidence=0.7, **kw)


def test_meeting_expected_confirmed_held_three_updates_one_key():
    state, a = merge(None, meeting("expected"), src("m1"), now=NOW)
    state, b = merge(state, meeting("confirmed", confirmed_by=["US"]), src("m2", 3), now=NOW)
    state, c = merge(state, meeting("held", location="Busan"), src("m3", 30), now=NOW)
    assert a and b and c
    assert a.event.event_key == b.event.event_key == c.event.event_key
    assert c.change.fields["status"].old == "confirmed" and c.change.fields["status"].new == "held"


def test_second_confirming_party_is_a_change():
    state, _ = merge(None, meeting("confirmed", confirmed_by=["US"]), src("m1"), now=NOW)
    state, update = merge(state, meeting("confirmed", confirmed_by=["China"]), src("m2", 2), now=NOW)
    assert update is not None and update.change.fields["confirmed_by"].new == ["US", "China"]


def test_meeting_key_ignores_first_names_and_order():
    one = LeaderMeeting(participants=["Donald Trump", "Xi Jinping"])
    assert base_key(LeaderMeeting(participants=["Xi", "Trump"])) == base_key(one)
    assert base_key(LeaderMeeting(participants=["Xi Jinping", "Donald Trump"])) == base_key(one)


def test_a_meeting_months_later_is_a_new_event():
    state, first = merge(None, meeting("held"), src("m1"), now=NOW)
    state, later = merge(state, meeting("expected"), src("m2", 24 * 120), now=NOW)
    assert first and later and later.change.kind == "new"
    assert first.event.event_key != later.event.event_key and len(state.events) == 2


def test_enriching_a_missing_slot_is_silent_unless_alerting():
    state, _ = merge(None, TradeTruce(parties=["US", "China"], action="proposed", confidence=0.7), src("t1"), now=NOW)
    state, update = merge(state, TradeTruce(parties=["US", "China"], action="agreed", until="2026-11-10", confidence=0.7), src("t2", 4), now=NOW)
    assert update is not None and set(update.change.fields) == {"action", "until"}


def test_reminder_due_once_within_lead_time():
    from processors.state import apply_reminder, reminders_due

    state, _ = merge(None, meeting("confirmed", date="2025-11-20"), src("m1"), now=NOW)
    lead = timedelta(hours=24)
    assert reminders_due(state, datetime(2025, 11, 18, tzinfo=timezone.utc), lead) == []
    due = reminders_due(state, datetime(2025, 11, 19, 6, tzinfo=timezone.utc), lead)
    assert [(d.field, d.date) for d in due] == [("date", "2025-11-20")]
    state, update = apply_reminder(state, due[0], NOW)
    assert update is not None and update.change.kind == "reminder"
    assert update.change.fields["date"].new == "2025-11-20"
    again_state, again = apply_reminder(state, due[0], NOW)
    assert again is None and reminders_due(state, datetime(2025, 11, 19, 7, tzinfo=timezone.utc), lead) == []
    assert reminders_due(state, datetime(2025, 11, 21, tzinfo=timezone.utc), lead) == []  # past: no reminder


def test_no_reminder_for_month_only_dates():
    from processors.state import reminders_due

    state, _ = merge(None, tariff(effective_date="2025-11"), src("a1"), now=NOW)
    assert reminders_due(state, datetime(2025, 10, 31, 12, tzinfo=timezone.utc), timedelta(days=3)) == []


def test_goods_words_read_acronyms_and_any_country_as_origin():
    from processors.state import goods_words

    # "U.S. goods" had kept "u" and "s" and was other goods than "US goods": China's 125% became a new event
    assert goods_words("U.S. goods", {"China", "US"}) == goods_words("US goods", {"China", "US"}) == set()
    assert goods_words("goods from Mexico and Canada", {"US", "Canada"}) == set()  # Mexico is an origin too
    assert goods_words("U.S. farm exports", {"China", "US"}) == {"farm"}
    assert goods_words("white sugar", {"EU"}) != goods_words("raw sugar", {"EU"})  # "White House" is no country word


def test_a_measure_in_force_months_later_is_the_same_event_but_a_threat_may_start_anew():
    state, first = merge(None, tariff(status="in_effect", rate="25%"), src("t1"), now=NOW)
    # two months of silence, then a passing mention of the old threat: no new event, no alert
    state, later = merge(state, tariff(status="threatened", rate=None, effective_date=None), src("t2", 24 * 60), now=NOW)
    assert first and later is None and len(state.events) == 1
    # a threat that was never carried out is over after 45 silent days: a new threat is a new event
    state, threat = merge(None, tariff(status="threatened"), src("x1"), now=NOW)
    state, again = merge(state, tariff(status="threatened"), src("x2", 24 * 60), now=NOW)
    assert threat and again and again.change.kind == "new" and len(state.events) == 2
