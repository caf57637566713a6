"""SCORING.md's rules, pinned with small hand-made cases (no corpus needed)."""

from processors.scoring import Score, country, match_article, person_match, same_event, slot_correct


def tariff(imposer, target=None, **slots):
    return {"type": "tariff_action", "imposer": imposer, "target": target, **slots}


def test_country_aliases_are_normalised_case_insensitively():
    assert country("United States") == country("u.s.") == country("Washington") == country("US")
    assert country("Beijing") == country("PRC") == country("china")
    assert country("European Union") == country("EC") == country("Brussels") == country("EU")
    assert country("Britain") == country("United Kingdom") == country("UK")
    assert country("Korea") == country("Republic of Korea") == country("South Korea")
    assert country("Soviet Union") == country("Moscow") == country("Russia")
    assert country("Japan") != country("China")


def test_person_names_match_on_the_last_word_of_either():
    assert person_match("Trump", "Donald Trump")
    assert person_match("Xi Jinping", "Xi")  # "Xi" is a word of "Xi Jinping"
    assert not person_match("Donald Tusk", "Donald Trump")


def test_tariff_needs_the_right_imposer_and_a_shared_target():
    gold = tariff("US", "China")
    assert same_event("tariff_action", tariff("U.S.", "Beijing"), gold)
    assert not same_event("tariff_action", tariff("China", "US"), gold)  # direction matters
    assert not same_event("tariff_action", tariff("US", None), gold)  # a missing target is wrong
    assert same_event("tariff_action", tariff("US", "Japan"), tariff("US", None))  # gold names none: any
    assert same_event("tariff_action", tariff("EU", "US"), tariff(None, "US"))  # gold names no imposer: any


def test_meeting_needs_two_shared_leaders_or_all_when_fewer():
    gold = {"type": "leader_meeting", "participants": ["Donald Trump", "Xi Jinping"]}
    assert same_event("leader_meeting", {"participants": ["Trump", "Xi"]}, gold)
    assert not same_event("leader_meeting", {"participants": ["Trump", "Lee Jae-myung"]}, gold)
    one = {"type": "leader_meeting", "participants": ["Reagan"]}
    assert same_event("leader_meeting", {"participants": ["Ronald Reagan", "Nakasone"]}, one)
    assert same_event("leader_meeting", {"participants": None}, {"participants": None})


def test_talks_and_truces_need_two_shared_parties():
    gold = {"parties": ["US", "China"]}
    assert same_event("trade_talks", {"parties": ["China", "United States", "Japan"]}, gold)
    assert not same_event("trade_talks", {"parties": ["US", "Japan"]}, gold)
    assert same_event("trade_truce", {"parties": ["China"]}, {"parties": ["China"]})


def test_export_control_needs_the_right_imposer_only():
    assert same_event("export_control", {"imposer": "Washington"}, {"imposer": "US"})
    assert not same_event("export_control", {"imposer": "China"}, {"imposer": "US"})


def test_matching_is_one_to_one_in_gold_order_first_unused_prediction():
    preds = [tariff("US", "China"), tariff("US", "Japan")]
    golds = [tariff("US", None), tariff("US", "China")]
    pairs, false_alarms, misses = match_article(preds, golds)
    # the first gold (no target) takes the first prediction; the second gold then finds none left for China
    assert pairs == [(0, 0)] and false_alarms == [1] and misses == [1]


def test_slots_rate_by_first_number_location_by_word_others_exactly():
    assert slot_correct("tariff_action", "rate", "25 pct", "25%")
    assert not slot_correct("tariff_action", "rate", "10% to 25%", "25%")
    assert slot_correct("trade_talks", "location", "Geneva, Switzerland", "Geneva")
    assert not slot_correct("trade_talks", "location", "London", "Geneva")
    assert not slot_correct("tariff_action", "status", "announced", "threatened")
    assert not slot_correct("tariff_action", "effective_date", None, "2025-08-01")  # null for a filled slot is wrong


def test_score_counts_wrong_identity_as_both_false_alarm_and_miss_and_empty_articles_apart():
    score = Score()
    score.add("a", [tariff("China", "US", rate="10%")], [tariff("US", "China", rate="10%")])
    score.add("b", [tariff("US", "EU")], [])
    score.add("c", [tariff("US", "Japan", rate="25%", status="announced")],
              [tariff("US", "Japan", rate="24%", status="announced", effective_date=None)])
    m = score.summary()
    assert (m["micro"]["tp"], m["micro"]["fp"], m["micro"]["fn"]) == (1, 2, 1)
    assert m["empty_articles"] == 1 and m["empty_article_events"] == 1
    # rate wrong, status right; the null effective date is not scored
    assert m["slots"]["tariff_action.rate"]["accuracy"] == 0.0
    assert m["slots"]["tariff_action.status"]["accuracy"] == 1.0
    assert "tariff_action.effective_date" not in m["slots"]
