"""Event identity, beliefs and the alert budget (processors/state.py): pure logic, no broker.

Pairs of reports that must be one event and pairs that must not; values that move only on better
support; no A -> B -> A; statuses along their lifecycle; the budget folds changes without losing one.
"""

from datetime import datetime, timedelta, timezone

from newsalert.models import LeaderMeeting, SourceRef, TariffAction, TradeTalks
from processors.state import Episodes, base_key, flush_held, merge, story_key

T0 = datetime(1987, 4, 1, 9, tzinfo=timezone.utc)
NOW = datetime(2026, 12, 5, tzinfo=timezone.utc)


def src(article_id: str, hours: float = 0, title: str | None = None, outlet: str = "Reuters") -> SourceRef:
    return SourceRef(article_id=article_id, published=T0 + timedelta(hours=hours),
                     title=title if title is not None else f"story number {article_id} about trade", source=outlet)


def feed(reports, budget=None):
    """Merge (event, source) pairs as the processors do (one table entry per base key); return the
    episodes of every key together and the updates emitted."""
    tables: dict[str, Episodes] = {}
    updates = []
    for event, source in reports:
        key = base_key(event)
        tables[key], update = merge(tables.get(key), event, source, now=NOW, budget=budget)
        if update is not None:
            updates.append(update)
    if len(tables) == 1:
        return next(iter(tables.values())), updates
    return Episodes(events=[t for e in tables.values() for t in e.events]), updates


def visit(**kw) -> LeaderMeeting:
    base = dict(participants=["Ronald Reagan", "Yasuhiro Nakasone"], location="Washington", status="expected",
                confidence=0.75, evidence=["Nakasone will visit Washington for talks with Reagan."])
    base.update(kw)
    return LeaderMeeting(**base)


# --------------------------------------------------------------------------- identity: pairs


def test_a_bilateral_visit_and_a_multilateral_summit_of_the_same_leaders_are_two_meetings():
    summit = visit(location="Venice", date="1987-06",
                   evidence=["Reagan and Nakasone will meet at the Venice economic summit of seven industrialised nations."])
    state, updates = feed([(visit(), src("v1")), (summit, src("g1", 2)), (visit(status="confirmed"), src("v2", 5))])
    assert [u.change.kind for u in updates] == ["new", "new", "changed"]
    assert updates[0].event.event_key == updates[2].event.event_key != updates[1].event.event_key
    assert updates[2].event.location == "Washington"  # never flipped to Venice


def test_one_meeting_reported_as_expected_then_held_is_one_event():
    a = LeaderMeeting(participants=["Donald Trump", "Xi Jinping"], status="expected", confidence=0.7)
    b = LeaderMeeting(participants=["Xi", "Trump"], status="held", location="Busan", confidence=0.8)
    state, updates = feed([(a, src("m1")), (b, src("m2", 30))])
    assert len(state.events) == 1 and updates[1].change.fields["status"].new == "held"


def test_two_tariffs_of_one_imposer_on_one_target_differ_by_goods():
    steel = TariffAction(imposer="US", target="Canada", goods="steel", rate="25%", confidence=0.8)
    lumber = TariffAction(imposer="US", target="Canada", goods="softwood lumber", rate="14%", confidence=0.8)
    steel_again = TariffAction(imposer="US", target="Canada", goods="steel products", rate="25%", confidence=0.8)
    state, updates = feed([(steel, src("s1")), (lumber, src("l1", 1)), (steel_again, src("s2", 2))])
    assert [u.change.kind for u in updates] == ["new", "new"] and len(state.events) == 2


def test_talks_rounds_differ_by_venue_and_date_window_and_a_city_is_its_country():
    geneva = TradeTalks(parties=["US", "China"], location="Geneva", date="1987-05-10", confidence=0.8)
    swiss = TradeTalks(parties=["China", "US"], location="Switzerland", date="1987-05-10", confidence=0.8)
    london = TradeTalks(parties=["US", "China"], location="London", date="1987-05-12", confidence=0.8)
    later = TradeTalks(parties=["US", "China"], location="Geneva", date="1987-07-20", confidence=0.8)
    state, updates = feed([(geneva, src("t1")), (swiss, src("t2", 3)), (london, src("t3", 6)), (later, src("t4", 9))])
    assert [u.change.kind for u in updates] == ["new", "new", "new"]  # Geneva once; London and July apart
    assert len(state.events) == 3 and state.events[0].event.location == "Geneva"  # the city is kept


def test_a_talks_date_long_before_the_article_is_history_not_news():
    past = TradeTalks(parties=["US", "Japan"], date="1986-04-29", confidence=0.8)
    state, updates = feed([(past, src("h1"))])
    assert updates == [] and len(state.events) == 1  # tracked, not alerted


# --------------------------------------------------------------------------- beliefs


def test_a_single_contradicting_report_does_not_move_a_better_supported_value():
    reports = [(visit(), src("a1")), (visit(), src("a2", 1)), (visit(location="Venice"), src("b1", 2))]
    state, updates = feed(reports)
    assert [u.change.kind for u in updates] == ["new"] and state.events[0].event.location == "Washington"


def test_no_a_b_a_churn_a_value_left_is_not_alerted_back_on_one_outlet():
    state, updates = feed([
        (visit(location="Washington"), src("a1")),
        (visit(location="Tokyo"), src("b1", 24 * 5)),   # newer, better supported now: moves
        (visit(location="Washington"), src("a2", 24 * 6)),
        (visit(location="Washington"), src("a3", 24 * 6 + 1)),
        (visit(location="Washington"), src("a4", 24 * 6 + 2)),  # three stories, one outlet: not enough to go back
    ])
    moves = [(u.change.fields["location"].old, u.change.fields["location"].new) for u in updates if u.change.kind == "changed"]
    assert moves == [("Washington", "Tokyo")]
    assert state.events[0].event.location == "Tokyo"
    # independent confirmation from other outlets brings it back, once
    state, back = merge(state, visit(location="Washington"), src("c1", 24 * 6 + 3, outlet="Kyodo"), now=NOW)
    assert back is not None and back.change.fields["location"].new == "Washington"


def test_a_reissued_story_is_one_source():
    first = src("r1", 0, title="Japan to curb chip exports")
    again = src("r2", 1, title="UPDATE 1-Japan to curb chip exports")
    assert story_key(first, "x") == story_key(again, "y")
    state, updates = feed([(visit(), first), (visit(status="cancelled", confidence=0.65), src("c1", 2, title="Visit may be dropped")),
                           (visit(status="cancelled", confidence=0.65), src("c2", 3, title="UPDATE 2-Visit may be dropped"))])
    assert [u.change.kind for u in updates] == ["new"]  # a hedged 'cancelled', re-issued, is still one story
    assert state.events[0].event.status == "expected"


def test_status_moves_along_its_lifecycle_on_one_report_against_it_only_on_many():
    tariff = dict(imposer="US", target="Japan", goods="semiconductors", rate="100%", confidence=0.8)
    state, updates = feed([
        (TariffAction(status="announced", **tariff), src("t1")),
        (TariffAction(status="in_effect", **tariff), src("t2", 24 * 16)),          # along: one report
        (TariffAction(status="announced", **tariff), src("t3", 24 * 17)),         # against: ignored
        (TariffAction(status="threatened", **tariff), src("t4", 24 * 17 + 1)),
    ])
    assert [(u.change.kind, u.event.status) for u in updates] == [("new", "announced"), ("changed", "in_effect")]
    change = updates[1].change.fields["status"]
    assert change.source is not None and change.source.article_id == "t2" and change.support == 1


def test_a_threat_about_a_tariff_in_effect_does_not_change_it_but_an_announced_rise_does():
    in_force = TariffAction(imposer="US", target="China", rate="20%", status="in_effect", confidence=0.9)
    proposal = TariffAction(imposer="US", target="China", rate="80%", status="threatened", confidence=0.9,
                            evidence=["Trump proposed to cut the tariffs on Chinese imports from 145% to 80%."])
    rise = TariffAction(imposer="US", target="China", rate="104%", status="announced", confidence=0.9)
    state, updates = feed([(in_force, src("t1")), (proposal, src("t2", 24)), (rise, src("t3", 48))])
    assert [u.change.kind for u in updates] == ["new", "changed"]
    assert updates[1].change.fields["rate"].old == "20%" and updates[1].change.fields["rate"].new == "104%"
    assert state.events[0].event.status == "in_effect"  # an announcement is no move back along the lifecycle


def test_a_rate_said_to_move_from_the_current_one_moves_it_whatever_the_old_support():
    # three stories back 84%; one names it as the level it replaces ("from 84% to 125%"): that is a change of
    # this tariff, not a weaker rival value (news2025 replay: the 125% had stayed 84% "in effect from 12 April")
    reports = [(TariffAction(imposer="China", target="US", rate="84%", status="in_effect", confidence=0.9),
                src(f"c{k}", k, title=f"story {k}", outlet=f"outlet {k}")) for k in range(3)]
    rise = TariffAction(imposer="China", target="US", rate="125%", status="announced", effective_date="1987-04-12",
                        confidence=0.9, evidence=["China will raise tariffs on US goods from 84% to 125%, starting Saturday."])
    plain = TariffAction(imposer="China", target="US", rate="125%", status="announced", confidence=0.9,
                         evidence=["China has a 125% tariff on US goods."])
    state, updates = feed(reports + [(rise, src("r1", 24))])
    assert updates[-1].change.fields["rate"].new == "125%" and updates[-1].event.effective_date == "1987-04-12"
    state, updates = feed(reports + [(plain, src("p1", 24))])
    assert state.events[0].event.rate == "84%"  # one story against three, naming no change: not taken


def test_a_new_rate_without_a_date_does_not_keep_the_old_rates_date_but_one_with_a_date_takes_it():
    first = TariffAction(imposer="US", target="China", rate="104%", status="in_effect", effective_date="1987-04-09",
                         confidence=0.9)
    higher = TariffAction(imposer="US", target="China", rate="145%", status="in_effect", confidence=0.9)
    dated = TariffAction(imposer="US", target="China", rate="150%", status="in_effect", effective_date="1987-04-20",
                         confidence=0.9)
    state, updates = feed([(first, src("r1")), (higher, src("r2", 72))])
    assert updates[1].change.fields["rate"].new == "145%"
    assert updates[1].event.effective_date is None  # "145% in effect from" the 104%'s day would mislead
    state, updates = feed([(first, src("r1")), (dated, src("r3", 72))])
    assert updates[1].event.effective_date == "1987-04-20"


def test_a_tariff_naming_no_target_goods_or_rate_is_not_alerted_and_moves_nothing():
    vague = TariffAction(imposer="US", status="announced", confidence=0.9, evidence=["Trump announced tariffs."])
    vague_done = TariffAction(imposer="US", status="in_effect", confidence=0.9,
                              evidence=["Growth slowed due to tariffs introduced by Trump."])
    baseline = TariffAction(imposer="US", rate="10%", goods="all imports", status="announced", confidence=0.9)
    in_force = TariffAction(imposer="US", rate="10%", goods="all imports", status="in_effect", confidence=0.9)
    state, updates = feed([(vague, src("v1")), (vague_done, src("v2", 24)), (baseline, src("b1", 48)),
                           (in_force, src("b2", 96))])
    assert [u.change.kind for u in updates] == ["new", "changed"]  # nothing for the two vague reports
    assert updates[0].event.status == "announced"  # not the 'in effect' of a report about no tariff in particular
    assert updates[1].change.fields["status"].new == "in_effect"


def test_low_confidence_reports_update_the_state_silently_until_corroborated():
    weak = TariffAction(imposer="US", target="Japan", goods="chips", status="threatened", confidence=0.55)
    state, updates = feed([(weak, src("w1"))])
    assert updates == [] and len(state.events) == 1
    state, update = merge(state, weak, src("w2", 2), now=NOW)  # a second story: now it is news
    assert update is not None and update.change.kind == "new" and len(update.event.sources) == 2


def test_weak_reports_weeks_apart_or_very_weak_do_not_add_up_to_an_alert():
    old = TradeTalks(parties=["US", "China"], confidence=0.17, evidence=["Asian markets rose as China weighed steps."])
    new = TradeTalks(parties=["US", "China"], confidence=0.4, evidence=["The US and China discussed the deal."])
    state, updates = feed([(old, src("t1")), (new, src("t2", 24 * 30))])  # a month apart: the first has faded
    assert updates == [] and len(state.events) == 1
    faint = TradeTalks(parties=["US", "Japan"], confidence=0.2, evidence=["Japan and the US may talk."])
    state, updates = feed([(faint, src("f1")), (faint, src("f2", 1))])  # two stories, both faint: 0.36 together
    assert updates == []
    fair = TradeTalks(parties=["US", "Japan"], confidence=0.4, evidence=["Japan and the US held talks."])
    state, updates = feed([(fair, src("g1")), (fair, src("g2", 1))])  # two stories at 0.4 the same day: 0.64
    assert [u.change.kind for u in updates] == ["new"]


def test_an_event_made_news_by_a_second_story_quotes_that_story_first():
    old = TradeTalks(parties=["US", "Japan"], confidence=0.4, evidence=["Markets eyed a US-Japan meeting."])
    new = TradeTalks(parties=["US", "Japan"], confidence=0.45, evidence=["US and Japanese negotiators met in Tokyo."])
    _, updates = feed([(old, src("q1")), (new, src("q2", 5))])
    assert updates[0].event.evidence[0] == "US and Japanese negotiators met in Tokyo."


def test_an_update_names_the_sentence_source_and_support_of_the_new_value():
    say = "The tariff was delayed until September 1."
    base = dict(imposer="US", target="Mexico", goods="steel", rate="25%", confidence=0.8)
    state, updates = feed([
        (TariffAction(status="announced", effective_date="1987-08-01", **base), src("d1")),
        (TariffAction(status="delayed", effective_date="1987-09-01", evidence=[say], **base), src("d2", 48)),
    ])
    fields = updates[1].change.fields
    assert fields["status"].sentence == say and fields["effective_date"].new == "1987-09-01"
    assert fields["status"].source.article_id == "d2" and fields["status"].support == 1


# --------------------------------------------------------------------------- alert budget


def test_the_budget_folds_changes_into_one_update_and_releases_them():
    budget = timedelta(minutes=60)
    base = dict(participants=["Ronald Reagan", "Yasuhiro Nakasone"], confidence=0.8)
    state, updates = feed([
        (LeaderMeeting(status="expected", **base), src("m1")),
        (LeaderMeeting(status="confirmed", **base), src("m2", 0.2)),        # held
        (LeaderMeeting(status="confirmed", date="1987-04-29", **base), src("m3", 0.5)),  # held, folded
    ], budget=budget)
    assert [u.change.kind for u in updates] == ["new"]
    state, none_yet = flush_held(state, T0 + timedelta(minutes=30), budget)
    assert none_yet == []
    state, released = flush_held(state, T0 + timedelta(minutes=61), budget)
    assert len(released) == 1 and set(released[0].change.fields) == {"status", "date"}
    assert released[0].change.fields["status"].old == "expected" and released[0].revision == 2
    state, again = flush_held(state, T0 + timedelta(hours=5), budget)
    assert again == []  # released once


def test_held_changes_ride_on_the_next_update_outside_the_window():
    budget = timedelta(minutes=60)
    base = dict(participants=["Ronald Reagan", "Yasuhiro Nakasone"], confidence=0.8)
    state, updates = feed([
        (LeaderMeeting(status="expected", **base), src("m1")),
        (LeaderMeeting(status="confirmed", **base), src("m2", 0.5)),
        (LeaderMeeting(status="held", location="Washington", **base), src("m3", 48)),
    ], budget=budget)
    assert [u.change.kind for u in updates] == ["new", "changed"]
    status = updates[1].change.fields["status"]
    assert (status.old, status.new) == ("expected", "held") and "location" in updates[1].change.fields


def test_an_event_first_alerted_shows_the_confident_report_not_an_earlier_weak_one():
    # a weak report (below the alert floor) tracked silently, then a confident one of the same pair: the
    # alert says what the confident report says, not the weak report's goods and status (news2025 replay:
    # "China tariff 34% on US (U.S. farm exports) — in effect" from a 0.1 farm-exports report)
    weak = TariffAction(imposer="China", target="US", goods="U.S. farm exports", status="in_effect", confidence=0.1,
                        evidence=["China has imposed additional tariffs on U.S. farm exports."])
    strong = TariffAction(imposer="China", target="US", goods="U.S. imports", rate="34%", status="announced",
                          confidence=0.8, evidence=["China announced a 34% tariff on all U.S. imports."])
    state, updates = feed([(weak, src("w1")), (strong, src("s1", 24))])
    assert [u.change.kind for u in updates] == ["new"]
    event = updates[0].event
    assert (event.status, event.goods, event.rate) == ("announced", "U.S. imports", "34%")


def test_a_confident_value_already_shown_is_not_replaced_by_the_first_alert_rule():
    shown = TariffAction(imposer="China", target="US", goods="U.S. imports", rate="34%", status="in_effect",
                         confidence=0.8, evidence=["China's 34% tariff on U.S. imports took effect."])
    older_word = TariffAction(imposer="China", target="US", goods="U.S. imports", rate="34%", status="announced",
                              confidence=0.8, evidence=["China announced a 34% tariff on U.S. imports."])
    state, updates = feed([(shown, src("a1")), (older_word, src("a2", 24))])
    assert [u.change.kind for u in updates] == ["new"] and state.events[0].event.status == "in_effect"
