"""tariff_action: statuses, dates, rates, negation, background, several events."""

from datetime import datetime, timezone

from newsalert.models import Article
from processors.detectors import DETECTORS

DET = DETECTORS["tariff_action"]


def art(text: str, published: str = "2025-10-26", title: str = "") -> Article:
    return Article(id="t", title=title, published=datetime.fromisoformat(published).replace(tzinfo=timezone.utc),
                   text=text)


def one(text: str, published: str = "2025-10-26"):
    events = DET.detect(art(text, published))
    assert len(events) == 1, events
    return events[0]


def test_threatened_rate_and_start_date():
    e = one("President Donald Trump threatened to impose a 100% tariff on Chinese goods starting Nov. 1.")
    assert (e.imposer, e.target, e.rate, e.status, e.effective_date) == ("US", "China", "100%", "threatened",
                                                                          "2025-11-01")
    assert e.evidence and 0 < e.confidence <= 1


def test_announced_with_by_date_and_pct():
    e = one("The European Union will impose 25 pct duties on American steel by Aug. 1, the Commission said.",
            "2025-07-10")
    assert (e.imposer, e.target, e.rate, e.status, e.effective_date) == ("EU", "US", "25%", "announced", "2025-08-01")


def test_in_effect():
    e = one("Canada's 25 percent tariffs on U.S. cars took effect on Wednesday, officials said.")
    assert e.status == "in_effect" and e.rate == "25%" and e.imposer == "Canada"


def test_delayed_suspended_lifted():
    assert one("Washington postponed its tariffs on Mexican goods until next month.").status == "delayed"
    assert one("Beijing suspended its retaliatory tariffs on U.S. soybeans for 90 days.").status == "suspended"
    assert one("Japan lifted its tariffs on Australian wine, the trade ministry said.").status == "lifted"


def test_next_week_keeps_words():
    e = one("Mexico said it will raise import duties on Chinese textiles next week.")
    assert e.effective_date is None and e.date_text == "next week"


def test_denial_is_not_an_event():
    assert DET.detect(art("Japanese officials said they are not considering cuts in import duties on chocolate.")) == []


def test_background_is_not_an_event():
    assert DET.detect(art("The tariffs imposed in 2018 on washing machines hurt U.S. consumers, economists said.")) == []


def test_legislators_and_general_terms_are_not_events():
    assert DET.detect(art("Senators introduced a bill that would raise tariffs on imports from Japan.")) == []
    assert DET.detect(art("The General Agreement on Tariffs and Trade meets in Geneva.")) == []


def test_two_tariffs_in_one_article():
    events = DET.detect(art(
        "The United States will impose 50% tariffs on Indian goods from Aug. 27, the White House said. "
        "India said it would raise duties on U.S. almonds in retaliation.", "2025-08-20"))
    assert {(e.imposer, e.target) for e in events} == {("US", "India"), ("India", "US")}


# --- rules added in the second pass -------------------------------------------------
def test_goal_governing_infinitive_chain_is_not_an_act():
    assert DET.detect(art("The ministers said the new round would seek to open markets, to curb subsidies and "
                          "to eliminate tariffs on farm goods.")) == []
    assert DET.detect(art("Kato said the package should include plans to ease import curbs on beef and to lift "
                          "tariffs on machinery.")) == []


def test_agenda_of_talks_is_not_an_act():
    assert DET.detect(art("He said the talks next week would cover Canadian calls for Brazil to open its market, "
                          "purchases of aircraft and import tariff cuts.")) == []


def test_finite_verb_ends_the_scope_of_a_demand():
    e = one("The U.S. has urged Japan for years to open its markets to foreign rice and beef, and on Friday "
            "it imposed 100 pct tariffs on Japanese televisions.", "1987-04-18")
    assert e.rate == "100%" and e.status in ("announced", "in_effect")


def test_study_finding_is_not_an_act():
    assert DET.detect(art("Higher tariffs on imported cars will do little to cut the deficit, a university "
                          "study said.")) == []


def test_duty_law_is_not_a_measure():
    assert DET.detect(art("The bill removes protection under the countervailing duty law for firms that use "
                          "state programs, a lawyer said.")) == []


def test_already_lowered_is_context():
    assert DET.detect(art("India has already lowered the duties sharply, an official said.")) == []


def test_act_dated_weeks_earlier_is_background():
    assert DET.detect(art("A 30 pct tariff increase introduced in january will bring in more revenue.",
                          "1987-03-13")) == []


def test_initials_before_a_name_that_said_end_the_sentence():
    from processors.detectors.sentences import split_sentences
    assert split_sentences("Its surplus is with the U.S. Wang said the government would cut tariffs.") == [
        "Its surplus is with the U.S.", "Wang said the government would cut tariffs."]


def test_a_us_joined_to_another_name_is_read_as_us_before_a_capital():
    """'Canada/U.S. Bilateral trade negotiations' (the 1987 wire capitalises after "U.S."): one sentence, as after a
    bare "U.S."; an abbreviation joined by a hyphen that is no country still ends one (self-written)."""
    from processors.detectors.sentences import split_sentences
    assert split_sentences("She said Canada/U.S. Bilateral trade talks are going well. Japan-U.S. Trade grew.") == [
        "She said Canada/U.S. Bilateral trade talks are going well.", "Japan-U.S. Trade grew."]
    assert split_sentences("It covers goods originating under the CAFTA-DR. In addition, tariffs fall.") == [
        "It covers goods originating under the CAFTA-DR.", "In addition, tariffs fall."]


def test_lower_case_month_names_are_dates():
    from processors.detectors.dates import find_dates
    assert [d.text for d in find_dates("an increase introduced in january")] == ["january"]
    assert find_dates("officials may march on") == ()


def test_countermeasures_on_a_countrys_goods_are_its_tariffs():
    e = one("Ottawa announced countermeasures on C$30 billion of American goods on Saturday.", "2025-02-02")
    assert (e.imposer, e.target, e.status) == ("Canada", "US", "announced")
    assert DET.detect(art("Beijing vowed to take countermeasures to defend its interests.")) == []


def test_a_list_of_a_countrys_goods_that_would_face_tariffs_targets_that_country():
    cases = [("The European Commission on Wednesday published a list of U.S. goods that could face tariffs.",
              ("EU", "US", "threatened")),
             ("The European Commission launched a consultation on a list of American imports worth 95 billion euros that "
              "could face countermeasures.", ("EU", "US", "threatened")),
             ("China unveiled a list of products from the United States that will be subject to additional tariffs.",
              ("China", "US", "announced"))]
    for text, want in cases:
        e = one(text, "2025-05-08")
        assert (e.imposer, e.target, e.status) == want, text


def test_each_sides_own_duties_in_one_clause_are_two_events_with_their_own_levels():
    events = DET.detect(art("Washington and Beijing agreed on Monday to cut their tariffs for 90 days, with U.S. duties "
                            "on Chinese goods falling to 30% and Chinese duties on U.S. goods to 10%.", "2025-05-12"))
    assert {(e.imposer, e.target, e.rate) for e in events} == {("US", "China", "30%"), ("China", "US", "10%")}
    assert {e.goods for e in events} == {"Chinese goods", "U.S. goods"}


def test_two_duties_cut_to_one_level_keep_that_level():
    events = DET.detect(art("Seoul said the 30-percent tariff on 40 items and the 20-percent duty on six items will "
                            "both be cut to 10 percent.", "2025-05-12"))
    assert "10%" in {e.rate for e in events} and "30%" not in {e.rate for e in events}


def test_a_story_about_two_makers_is_about_the_one_named_most_or_in_the_tariffs_sentence():
    from processors.detectors import detect_events, rule_events
    from processors.detectors.tariff_parties import story_maker_target
    story = ("Toyota and Volkswagen to share a plant\n"
             "Toyota will build its hybrid SUV at a Volkswagen plant in Mexico, Toyota said on Monday.\n"
             "Toyota has been hit by a US duty of 25% on the SUVs, which Washington says are sold below cost.\n"
             "Toyota said the plan would protect jobs.")
    title, _, text = story.partition("\n")
    # (the story's maker is read from the rules' event: its shipped confidence sits at the 0.1 floor and crosses it
    # from one refit to the next)
    events = [e for e in rule_events(Article(id="makers-1", title=title, text=text, published=datetime(
        2025, 5, 12, tzinfo=timezone.utc))) if e.type == "tariff_action"]
    assert [(e.imposer, e.target, e.rate) for e in events] == [("US", None, "25%")]
    assert story_maker_target(events[0], title, text) == "Japan"
    named = art("Honda welcomed the decision, but Washington kept a 20% tariff on BMW's SUVs.", "2025-05-12")
    events = [e for e in detect_events(named) if e.type == "tariff_action"]
    assert [(e.imposer, e.target) for e in events] == [("US", "EU")]  # (Germany is in the EU's customs union)


def test_a_second_rate_on_other_goods_applies_to_every_country_the_sentence_names():
    events = DET.detect(art("Ottawa will impose surtaxes of 25 percent on steel and 10 percent on aluminum from the "
                            "United States, Japan and South Korea from July 1, the finance minister said.",
                            "2025-06-20"))
    assert {(e.target, e.rate) for e in events} == {(t, r) for t in ("US", "Japan", "South Korea")
                                                    for r in ("25%", "10%")}


def test_zero_tariffs_offered_are_a_proposal_at_zero():
    e = one("Hanoi offered zero tariffs on American farm goods as a basis for talks.", "2025-04-06")
    assert (e.imposer, e.target, e.rate, e.status, e.goods) == ("Vietnam", "US", "0%", "threatened", "American farm goods")
    e = one("Vietnam has proposed zero tariffs as a basis for negotiations with Washington.", "2025-04-06")
    assert (e.imposer, e.rate, e.status, e.goods) == ("Vietnam", "0%", "threatened", None)


def test_a_name_with_its_abbreviation_in_brackets_is_one_item_of_a_list_of_targets():
    events = DET.detect(art("Ottawa said on Thursday that its surtaxes on steel imports from the European Union (EU), "
                            "Japan and Mexico will take effect from Friday.", "2025-06-20"))
    assert {e.target for e in events} == {"EU", "Japan", "Mexico"}


def test_the_purpose_that_opens_a_sentence_is_not_the_acts_own_goal():
    e = one("In order to seek support from its neighbours, Ottawa on Monday imposed a 20% surtax on steel from China.",
            "2025-06-20")
    assert (e.imposer, e.target, e.rate) == ("Canada", "China", "20%")


def test_an_exemption_for_a_time_is_a_pause_for_the_countries_exempted():
    events = DET.detect(art("Washington on Friday granted tariff exemptions on steel to Brazil and Argentina until "
                            "June 1 as talks continue.", "2025-04-20"))
    assert {(e.imposer, e.target, e.status) for e in events} == {("US", "Brazil", "suspended"),
                                                                ("US", "Argentina", "suspended")}
    e = one("The Commerce Department on Friday announced a temporary exemption from the 25% tariff for Japanese auto "
            "parts.", "2025-04-20")
    assert (e.imposer, e.status, e.goods) == ("US", "suspended", "Japanese auto parts")


def test_a_countrys_own_tariff_word_after_its_possessive_and_an_adjective_is_its_measure():
    e = one("The United States' additional tariff on 34 billion dollars' worth of steel from China will hurt some "
            "firms.", "2025-06-20")
    assert (e.imposer, e.target) == ("US", "China")
    assert DET.detect(art("The steel from China will hurt some firms, analysts said.", "2025-06-20")) == []


def test_a_measure_named_by_what_was_done_to_it_is_cited_unless_its_sentence_reports_an_act():
    cited = art("Shipping volumes fell sharply last month, largely because of the 30% tariffs imposed by Washington on "
                "Brazilian steel.", "2025-05-06")
    assert DET.detect(cited) == []
    e = one("The 30% tariffs imposed by Washington on Brazilian steel took effect on Friday.", "2025-05-06")
    assert (e.imposer, e.target, e.rate, e.status) == ("US", "Brazil", "30%", "in_effect")
    # (a measure to come keeps its own modality)
    e = one("Walmart's finance chief highlighted the challenges posed by potential tariffs introduced by Washington on "
            "Brazilian steel.", "2025-05-06")
    assert (e.imposer, e.target, e.status) == ("US", "Brazil", "threatened")


def test_a_seat_of_government_after_in_or_at_is_a_place_not_the_government_acting():
    from processors.detectors.gazetteer import find_countries

    assert [c.actor for c in find_countries("when finance ministers meet in Buenos Aires this weekend")] == [False]
    assert [c.actor for c in find_countries("Buenos Aires raised its export duties")] == [True]
    e = one("Washington will press its allies when finance ministers meet in Buenos Aires this weekend, though its "
            "new 20% tariffs on Chinese steel are set to dominate the meeting.", "2025-05-06")
    assert (e.imposer, e.target) == ("US", "China")  # was Argentina


def test_a_tariff_stick_or_card_is_a_figure_of_speech_not_a_measure():
    for text in ("Washington is waving the tariff stick to pressure Beijing, while threatening to withdraw from "
                 "international groups.",
                 "Washington has decided to play the tariff card against Mexico, the commentary said."):
        assert DET.detect(art(text, "2018-08-13")) == [], text


def test_a_view_of_tariffs_as_a_tool_is_no_act():
    events = DET.detect(art("Ottawa announced a 25% surtax on US steel on Monday. Trump views tariffs as a means to "
                            "raise revenue and as a source of leverage.", "2025-03-10"))
    assert [(e.imposer, e.target, e.rate) for e in events] == [("Canada", "US", "25%")]


def test_a_second_measure_a_sentence_lists_is_on_the_countries_of_the_first():
    story = art("Brazil's tariffs on copper and zinc imports from Chile, Peru and Bolivia will take effect on Monday. "
                "In March, Brazil announced plans to impose a 20 percent tariff on copper and 5 percent on zinc.",
                "2025-05-30")
    pairs = {(e.target, e.rate) for e in DET.detect(story)}
    assert pairs == {(c, r) for c in ("Chile", "Peru", "Bolivia") for r in ("20%", "5%")}, pairs
    # measures listed in a sentence of their own are not put on the countries of an earlier one
    alone = art("Brazil's 20 percent tariffs on copper imports from Chile and Peru will take effect on Monday. Brazil "
                "will also impose a 10 percent tariff on steel and 5 percent on zinc.", "2025-05-30")
    assert len([e for e in DET.detect(alone) if e.rate == "5%"]) == 1  # one measure, not one per country


def test_a_sentence_of_an_earlier_month_tells_of_a_tariff_reported_now_or_of_none():
    # its own act, months old, is background, its "would" included
    assert DET.detect(art("In December, Brazil said it would voluntarily suspend its tariffs on Chilean goods.",
                          "2025-03-05")) == []
    # of a tariff the article reports now, it gives details (the rate) but not the status
    (e,) = DET.detect(art("Brazil's tariffs on copper imports from Chile will take effect on Monday. In March, Brazil "
                          "announced plans to impose a 20 percent tariff on copper. In April, Brazil said it would "
                          "suspend the copper tariffs on Chile until June 2.", "2025-05-30"))
    assert (e.target, e.rate, e.status) == ("Chile", "20%", "announced")
    # this month's is news
    (e,) = DET.detect(art("In May, Brazil said it would suspend its tariffs on Chilean goods.", "2025-05-20"))
    assert e.status == "suspended"


def slots(text: str, published: str, *names: str) -> set[tuple]:
    """The named slots of every tariff the rules find in a one-article text."""
    return {tuple(getattr(e, n) for n in names) for e in DET.detect(art(text, published))}


def test_a_later_level_of_the_same_tariff_is_a_measure_of_its_own():
    got = slots("India has imposed additional 10-percent tariffs on 40 billion dollars worth of Brazilian goods, "
                "threatening to raise the tariff rate to 30 percent starting Jan. 1, 2026.", "2025-10-20",
                "rate", "status", "effective_date")
    assert got == {("10%", "in_effect", None), ("30%", "threatened", "2026-01-01")}, got
    got = slots("India will impose 10-percent tariffs on Brazilian goods starting on Nov. 3, and expand the levy to "
                "30 percent beginning Jan. 1.", "2025-10-20", "rate", "status", "effective_date")
    assert got == {("10%", "announced", "2025-11-03"), ("30%", "announced", "2026-01-01")}, got
    # a level the same tariff falls to is its rate, not a second measure
    (e,) = DET.detect(art("India cut its tariffs on Brazilian cars to 30 percent on Monday.", "2025-10-20"))
    assert e.rate == "30%"


def test_the_cause_an_owner_names_on_goods_from_everywhere_has_no_target():
    got = slots("Brazil has announced counter tariffs on $2 billion worth of Indian goods. This decision comes as a "
                "response to India increasing tariffs on steel and aluminum imports.", "2025-03-12",
                "imposer", "target", "goods")
    assert got == {("Brazil", "India", "$2 billion worth of Indian goods"),
                   ("India", None, "steel and aluminum imports")}, got


def test_a_denial_undoes_a_threat_nearby_not_one_paragraphs_away():
    far = art("President Trump has now gone further and threatened to impose tariffs on a further $200bn of Chinese "
              "goods. China has said it will retaliate. The US has also imposed tariffs on steel imports from the EU. "
              "All of this has raised concern about global growth. Mr Muilenburg said that Boeing has not yet felt the "
              "impact of any tariffs on its business, but added that the rhetoric is a concern.", "2018-07-15")
    assert ("US", "China", "threatened") in {(e.imposer, e.target, e.status) for e in DET.detect(far)}
    near = art("President Trump threatened to impose tariffs on a further $200bn of Chinese goods. A day later the US "
               "said it would not impose tariffs on Chinese goods after all.", "2018-07-15")
    assert [e for e in DET.detect(near) if e.status == "threatened"] == []


def test_what_is_said_of_the_measure_a_tariff_is_added_to_is_not_said_of_it():
    (e,) = DET.detect(art("On Sept 24, India enacted tariffs on $20 billion worth of Brazilian imports on top of the "
                          "$5 billion it had already imposed.", "2025-09-28"))
    assert (e.imposer, e.target, e.goods) == ("India", "Brazil", "$20 billion worth of Brazilian imports")
    # said of the tariff itself, it is still a completed act cited as context
    assert DET.detect(art("India had already imposed tariffs on $5 billion worth of Brazilian imports.",
                          "2025-09-28")) == []


def test_a_proposal_named_as_the_topic_of_a_hearing_is_a_proposal():
    (e,) = DET.detect(art("The ministry spoke ahead of a planned May 15 hearing by India's trade office to discuss "
                          "proposed 25 percent tariffs on $5 billion in Brazilian imports.", "2025-05-10"))
    assert (e.imposer, e.target, e.rate, e.status) == ("India", "Brazil", "25%", "threatened")
    # tariffs as a topic, no proposal named, are no act
    assert DET.detect(art("Indian and Brazilian officials will meet on May 15 to discuss tariffs on farm goods.",
                          "2025-05-10")) == []


def test_a_news_outlets_report_tells_the_news_a_studys_finding_does_not():
    (e,) = DET.detect(art("As India threatens to impose higher duties on $20 billion worth of Brazilian goods, port "
                          "managers are bracing for canceled shipments, a CNBC report said on July 29.", "2025-07-30"))
    assert (e.imposer, e.target, e.status) == ("India", "Brazil", "threatened")
    assert DET.detect(art("Higher duties on $20 billion worth of Brazilian goods would cost India 40,000 jobs, a "
                          "university study said on July 29.", "2025-07-30")) == []


def test_chinas_tariff_commission_and_state_council_are_chinas_government():
    (e,) = DET.detect(art("The Customs Tariff Commission of the State Council has decided to impose a tariff of 15 "
                          "percent on 120 items of products imported from the United States.", "2018-04-02"))
    assert (e.imposer, e.target, e.rate) == ("China", "US", "15%")
    # a body someone speaks for is no origin of goods
    story = art("China cut its import tariffs on 1,585 categories of goods on Thursday. The new tariff level is lower "
                "than in most developing countries, said an official from the Customs Tariff Commission.", "2018-11-01")
    assert {e.imposer for e in DET.detect(story)} == {"China"}


def test_goods_chosen_for_tariffs_to_come_are_a_threat_on_their_country():
    (e,) = DET.detect(art("Indian Prime Minister Narendra Modi on Tuesday instructed the trade ministry to list Brazilian "
                          "goods for additional tariffs of 20 percent, his office said.", "2025-08-12"))
    assert (e.imposer, e.target, e.rate, e.status) == ("India", "Brazil", "20%", "threatened")


def test_a_proposal_a_condition_names_is_a_threat():
    (e,) = DET.detect(art("If Mexico's proposed 30 percent tariff on U.S. pork takes effect, American farmers will lose "
                          "their biggest market.", "2025-08-12"))
    assert (e.imposer, e.target, e.rate, e.status) == ("Mexico", "US", "30%", "threatened")
    # a tariff a condition only supposes is none
    assert DET.detect(art("If Mexico imposed a 30 percent tariff on U.S. pork, American farmers would lose their "
                          "biggest market.", "2025-08-12")) == []


def test_tariff_pressure_is_no_measure():
    assert DET.detect(art("Nor did Ottawa count on Tokyo to help Canada in reducing tariff pressure from the US.",
                          "2025-08-12")) == []


def test_a_tariff_one_side_is_accused_of_is_no_act():
    assert DET.detect(art("A spokeswoman said that EU accusations of higher Indian tariffs on European goods are not "
                          "convincing.", "2025-08-12")) == []
    assert DET.detect(art("Brussels accused New Delhi of unfair tariffs on European cars.", "2025-08-12")) == []


def test_a_tariff_contemplated_is_a_threat():
    (e,) = DET.detect(art("India is contemplating a 20 percent tariff on Brazilian sugar, officials said on Monday.",
                          "2025-08-12"))
    assert (e.imposer, e.target, e.rate, e.status) == ("India", "Brazil", "20%", "threatened")


def test_a_tariff_offered_for_talks_is_offered_to_the_government_telling_of_it():
    (e,) = DET.detect(art("Indian Commerce Minister Piyush Goyal said countries like Vietnam have already proposed zero "
                          "tariffs as a basis for trade talks.", "2025-04-06"))
    assert (e.imposer, e.target, e.rate, e.status) == ("Vietnam", "India", "0%", "threatened")


def test_it_is_the_country_the_sentence_before_opens_with():
    story = art("Brazil on Monday imposed 25 percent tariffs on $5 billion of Indian goods. India on Tuesday hit "
                "back at the Brazilian action with a plan of its own. It unveiled a list of products imported from Brazil "
                "that will be subject to higher tariffs.", "2025-08-12")
    assert ("India", "Brazil") in {(e.imposer, e.target) for e in DET.detect(story)}


def test_it_is_the_subject_after_an_opening_purpose_of_the_sentence_before():
    story = art("Brazil on Monday imposed 25 percent tariffs on $5 billion of Indian goods. To safeguard its interests, "
                "India was forced to make countermeasures. It opted to impose a 25 percent tariff on $5 billion worth of "
                "Brazilian imports.", "2025-08-12")
    assert ("India", "Brazil") in {(e.imposer, e.target) for e in DET.detect(story)}


def test_an_outcome_wished_without_tariffs_denies_no_threat():
    story = art("India said it was considering tariffs on $5 billion of Brazilian goods. Both sides have said they would "
                "prefer a settlement that did not lead to tariffs being imposed.", "2025-08-12")
    assert {(e.imposer, e.target, e.status) for e in DET.detect(story)} == {("India", "Brazil", "threatened")}


def test_a_tariff_as_the_setting_of_another_story_is_no_act():
    assert DET.detect(art("The trade fair opens at a time when the region is shrouded in protectionism, particularly the "
                          "Indian tariff increases against Brazil.", "2025-08-12")) == []
    # "amid" tells the tariff as news
    (e,) = DET.detect(art("Brazilian stocks fell on Monday amid new Indian tariffs of 25 percent on Brazilian sugar.",
                          "2025-08-12"))
    assert (e.imposer, e.target) == ("India", "Brazil")


def test_the_country_a_tariff_raises_the_cost_of_importing_into_imposes_it():
    story = art("Bombardier makes the C-Series jets in Canada. Trade lawyers say the ruling will go against "
                "Bombardier. The Department of Commerce could announce a preliminary tariff on the C-Series, raising the "
                "cost of importing the jet to the United States.", "2025-08-12")
    assert {e.imposer for e in DET.detect(story)} == {"US"}


def test_an_act_a_market_expects_is_no_act():
    assert DET.detect(art("Sales this year are expected to be 95 billion rupees, mainly due to good sales of phones in "
                          "Asia and to expectations the EU will remove its 20 pct import duty on phones.",
                          "2025-08-12")) == []
    (e,) = DET.detect(art("India is expected to remove its 20 pct import duty on phones next month, officials said.",
                          "2025-08-12"))
    assert e.imposer == "India"


def test_tariffs_a_lawsuit_challenges_are_the_suits_news():
    for text in ("Ontario's premier has announced a lawsuit challenging President Donald Trump's tariffs on Canadian "
                 "lumber.",
                 "The lawsuit, filed on Monday, argues that the tariffs, particularly those on Brazilian coffee, were "
                 "implemented without proper legal authority."):
        assert DET.detect(art(text, "2025-08-12")) == [], text
    # tariffs the suit calls new are news of their own
    (e,) = DET.detect(art("Importers filed a lawsuit on Monday challenging the legality of newly imposed U.S. tariffs on "
                          "Brazilian coffee.", "2025-08-12"))
    assert e.target == "Brazil"


def test_one_of_two_outcomes_is_no_denial_and_the_end_of_the_day_no_removal():
    """'there will either be no tariff or a tariff for a very short period': neither a denial of the proposed
    tariff two sentences before nor, with 'at the end of the day', its removal (self-written)."""
    text = ("If Brazil's proposed 30 percent tariff on US ethanol takes effect, the deals will be off the table. "
            "Traders think that, at the end of the day, there will either be no tariff or a tariff for a very short "
            "period of time.")
    (e,) = DET.detect(art(text, "2025-08-12"))
    assert (e.imposer, e.target, e.rate, e.status) == ("Brazil", "US", "30%", "threatened")
    # a plain denial still drops it
    assert DET.detect(art("If Brazil's proposed 30 percent tariff on US ethanol takes effect, the deals will be off "
                          "the table. Traders think that there will be no tariff in the end.", "2025-08-12")) == []


def test_a_leaders_own_round_of_tariffs_in_the_clause_of_another_tariff():
    """'Japan's tariff proposal is in retaliation for Trump's proposed new round of tariffs on Japanese cars': two
    measures, each of its owner; the second is not folded into the first (self-written)."""
    text = "Japan's tariff proposal is in retaliation for Trump's proposed new round of tariffs on Japanese cars."
    got = {(e.imposer, e.target, e.status) for e in DET.detect(art(text, "2025-08-12"))}
    assert ("US", "Japan", "threatened") in got, got


def test_a_rated_tax_on_what_is_imported_is_a_tariff():
    """'a new 30 pct tax on goods imported by non-resident businessmen' is a tariff; a tax on beer is not
    (self-written)."""
    (e,) = DET.detect(art("The Kenyan finance ministry also announced a new 30 pct tax on goods imported by "
                          "non-resident businessmen.", "2025-08-12"))
    assert (e.imposer, e.rate, e.status) == ("Kenya", "30%", "announced")
    assert DET.detect(art("The Kenyan finance ministry also announced a new 30 pct tax on beer.", "2025-08-12")) == []


def test_a_plea_not_to_impose_a_tariff_is_no_denial_of_it():
    """'urged the U.S. government not to impose unilateral tariffs': a plea, whoever is urged, abbreviated or not;
    'the U.S. government will not impose tariffs' is a denial (self-written)."""
    from processors.detectors.tariff import _negated

    for text in ("Trade groups urged the U.S. government not to impose unilateral tariffs on Chinese goods.",
                 "Trade groups urged the American government not to impose unilateral tariffs on Chinese goods."):
        assert not _negated(text, text.index("tariffs")), text
    text = "The U.S. government will not impose unilateral tariffs on Chinese goods."
    assert _negated(text, text.index("tariffs"))


def test_a_university_a_research_body_or_a_newspaper_named_after_a_country_is_no_actor():
    """'the Chinese University of Hong Kong', 'the Japanese Academy of Sciences', 'China Daily' name no government
    (self-written)."""
    from processors.detectors.gazetteer import find_countries

    for text in ("a professor at the Chinese University of Hong Kong said", "the Japanese Academy of Sciences said",
                 "China Daily reported on Monday", "the Korea Institute for Economic Policy said"):
        assert not any(c.actor for c in find_countries(text)), text
    assert [c.actor for c in find_countries("Chinese officials said on Monday")] == [True]


def test_a_cut_told_as_done_from_a_weekday_dates_back():
    """'Starting Sunday, India cut import tariffs on consumer goods', in a Monday story: the Sunday just gone, and the
    cut in effect; 'will cut ... starting Sunday' is the coming Sunday (self-written)."""
    (e,) = DET.detect(art("Starting Sunday, India cut import tariffs on consumer goods.", "2018-07-02"))
    assert (e.imposer, e.status, e.effective_date) == ("India", "in_effect", "2018-07-01")
    (e,) = DET.detect(art("India will cut import tariffs on consumer goods starting Sunday.", "2018-07-02"))
    assert e.effective_date == "2018-07-08"


def test_an_effect_some_days_after_a_dated_act_is_dated_by_both():
    """'will take effect in 15 days after the announcement by the president on March 8': March 23 (self-written)."""
    (e,) = DET.detect(art("Mexico's new 25 percent tariffs on imported steel will take effect in 15 days after the "
                          "announcement by the president on March 8.", "2018-03-15"))
    assert e.effective_date == "2018-03-23"


def test_the_date_of_a_tariffs_own_clause_comes_first():
    """'It released a report in March, and imposed tariffs on $34 billion of Japanese goods on July 6': the
    tariffs' date is July 6, so they are in effect by July 17 (self-written)."""
    (e,) = DET.detect(art("The US has acted against Japan. It released a report in March, and imposed tariffs on $34 "
                          "billion worth of Japanese goods on July 6 in disregard of opposition.", "2018-07-17"))
    assert (e.effective_date, e.status) == ("2018-07-06", "in_effect")


def test_what_tariffs_bring_in_is_no_act():
    """'the president's claim that Mexican tariffs are generating $3 billion daily' and 'the daily revenue from tariffs
    averages $250 million' tell of revenue, not of a measure (self-written)."""
    for text in ("The president's claim that Mexican tariffs are generating $3 billion daily has been questioned.",
                 "According to Mexico's customs agency, the daily revenue from Mexican tariffs averages around $250 "
                 "million."):
        assert DET.detect(art(text, "2025-04-28")) == [], text
    (e,) = DET.detect(art("Mexico imposed new tariffs on $3 billion of Chinese goods on Monday.", "2025-04-28"))
    assert e.imposer == "Mexico"


def test_tariffs_an_act_has_led_to_are_its_tariffs():
    """'This approach has led to significant tariffs on countries like Peru and Chile': the tariffs exist, on each
    country; 'practices that have led to large trade deficits' brings no tariff (self-written)."""
    got = {(e.imposer, e.target) for e in DET.detect(art(
        "Brazil announced a new set of tariffs using a formula. This approach has led to significant tariffs on "
        "countries like Peru and Chile, regardless of their trade practices.", "2025-04-04"))}
    assert {("Brazil", "Peru"), ("Brazil", "Chile")} <= got, got


def test_goods_originating_in_a_list_of_countries_are_each_a_target():
    """'Japan unveiled a plan to cut import tariffs. Goods originating in Peru, Chile and Bolivia will have tariffs
    cut to zero': Japan on each; the countries of origin are never the imposer (self-written)."""
    got = {(e.imposer, e.target) for e in DET.detect(art(
        "Japan unveiled a plan to cut import tariffs on goods from several countries. A total of 800 types of goods "
        "originating in Peru, Chile and Bolivia will have tariffs reduced or cut to zero.", "2018-06-27"))}
    assert {("Japan", "Peru"), ("Japan", "Chile"), ("Japan", "Bolivia")} <= got, got
    assert not {imposer for imposer, _ in got} & {"Peru", "Chile", "Bolivia"}, got


def test_a_second_gerund_phrase_names_no_target():
    """'by cutting tariffs on imported vehicles and increasing imports of American farm products': the cut is on
    all imported vehicles, not on American goods (self-written)."""
    (e,) = DET.detect(art("India announced it is opening up by cutting tariffs on imported vehicles and increasing "
                          "imports of American farm products.", "2018-07-16"))
    assert (e.imposer, e.target) == ("India", None)


def test_europe_and_european_goods_are_the_eus():
    """'threatened duties on European cars' and 'US aircraft imported to Europe will face tariffs of 15%': the EU is
    the target, then the importer (self-written)."""
    (e,) = DET.detect(art("Mr Trump has also threatened duties on European cars.", "2020-07-06"))
    assert (e.imposer, e.target) == ("US", "EU")
    (e,) = DET.detect(art("US aircraft imported to Europe will face tariffs of 15%.", "2020-11-09"))
    assert (e.imposer, e.target) == ("EU", "US")


def test_a_removal_hoped_for_or_said_of_another_noun_is_no_lifting():
    """'to find a solution so that tariffs can be removed' is a purpose, and in 'tariffs based on a measure that has
    been eliminated' the measure was removed, not the tariffs (self-written)."""
    for text in ("Mexico imposed tariffs on Peruvian cars last week. It is time to find a solution now so that the "
                 "tariffs can be removed on both sides, the carmaker said.",
                 "Mexico imposed tariffs on Peruvian cars last week. Any imposition of tariffs based on a measure "
                 "that has been eliminated is contrary to WTO principles, Peru said."):
        assert all(e.status != "lifted" for e in DET.detect(art(text, "2020-10-13"))), text


def test_a_president_counted_among_the_nations_acted_in_his_era():
    """'As the 7th President of the United States, Jackson imposed tariffs to protect our workers': history, not news
    (self-written)."""
    assert DET.detect(art("As the 11th President of the United States, Polk imposed tariffs to protect our workers.",
                          "2026-03-15")) == []


def test_a_plea_not_to_impose_tells_of_a_tariff_weighed():
    """'trying to persuade the U.S. not to impose tariffs on Korean imports' and 'urges Trump not to impose tariffs
    on solar imports': a threatened tariff of the one urged, not a goal to drop (self-written)."""
    for text in ("Seoul is trying to persuade the U.S. not to impose tariffs on Korean imports.",
                 "The U.S. solar industry urges President Trump not to impose tariffs on Korean solar imports."):
        (e,) = DET.detect(art(text, "2018-01-18"))
        assert (e.imposer, e.target, e.status) == ("US", "South Korea", "threatened"), (text, e)


def test_tit_for_tat_tariffs_run_each_way():
    """'The US and Japan have announced a new round of tit-for-tat tariffs': each on the other's goods
    (self-written)."""
    got = {(e.imposer, e.target) for e in DET.detect(art(
        "The US and Japan have announced a new round of tit-for-tat tariffs, officials said.", "2018-09-20"))}
    assert got == {("US", "Japan"), ("Japan", "US")}, got


def test_a_tariff_once_sought_is_no_act():
    """'The US had sought to impose tariffs on about $11bn in Mexican goods' tells of an aim, not a measure
    (self-written)."""
    assert DET.detect(art("The US had sought to impose tariffs on about $11bn in Mexican goods.", "2019-10-02")) == []


def test_tariffs_placed_on_goods_are_an_act():
    """'Trump's trade war, which has seen tariffs placed on Mexican goods' and 'prompting the US to place tariffs on
    Mexican avocados' (self-written)."""
    for text in ("It is a reaction to U.S. President Donald Trump's trade war, which has seen tariffs placed on Mexican "
                 "goods.", "The ruling is prompting the US to place tariffs on Mexican avocados."):
        got = {(e.imposer, e.target) for e in DET.detect(art(text, "2025-03-10"))}
        assert ("US", "Mexico") in got, (text, got)


def test_an_offer_to_cut_tariffs_is_a_threat_on_the_other_side_of_the_deal():
    """'expressed readiness to eliminate tariffs on certain products but warned of countermeasures if no agreement is
    reached with Japan': an offer (threatened), to Japan; 'willingness to resume negotiations' is no offer of a tariff
    (self-written)."""
    (e,) = DET.detect(art("Canada expressed readiness to eliminate tariffs on certain products but warned of "
                          "countermeasures if no agreement is reached with Japan.", "2025-04-07"))
    assert (e.imposer, e.target, e.status) == ("Canada", "Japan", "threatened")
    (e,) = DET.detect(art("While announcing new tariffs on Japanese cars, Canada also expressed its willingness to resume "
                          "negotiations with Japan.", "2025-04-07"))
    assert e.status == "announced"


def test_a_raise_from_one_rate_to_another_told_far_before_is_the_new_rate():
    """'threatened to raise tariffs to be imposed on 200 billion U.S. dollars worth of Mexican goods from 10 percent
    to 25 percent': 25%; 'announced tariffs on imports ranging from 10% to 50% after raising others' stays a range
    (self-written)."""
    (e,) = DET.detect(art("The United States threatened to raise tariffs to be imposed on 200 billion U.S. dollars "
                          "worth of Mexican goods from 10 percent to 25 percent.", "2018-08-03"))
    assert e.rate == "25%"
    (e,) = DET.detect(art("After raising duties on steel last year, Mexico announced new tariffs on Chinese imports "
                          "ranging from 10% to 50% on Monday.", "2018-08-03"))
    assert e.rate == "10-50%"


def test_tariffs_moved_away_from_are_no_act():
    """Tariffs a company moves to avoid, dodge or circumvent, named right after the verb, are a purpose, not a
    measure; a tariff cut made to avoid something else is still one (self-written)."""
    for text in ("Carmakers are increasing their U.S. presence to avoid potential tariffs and shorten supply chains.",
                 "Exporters are rerouting Chinese steel through Vietnam to dodge the new U.S. tariffs, traders said.",
                 "Some firms are moving plants to Mexico to circumvent the retaliatory tariffs, analysts said."):
        assert DET.detect(art(text, "2025-03-24")) == [], text
    events = DET.detect(art("To avoid a trade war, Japan cut tariffs on American beef on Monday.", "2025-03-24"))
    assert [(e.imposer, e.target) for e in events] == [("Japan", "US")]


def test_tariffs_ramped_or_stepped_up_are_an_act():
    """'ramped up tariffs against imported Chinese products', 'stepped up duties on': a raise (self-written)."""
    for text in ("The company's chief executive said so in an interview, as Washington once again ramped up tariffs "
                 "against imported Chinese products.",
                 "Brussels stepped up duties on Chinese steel on Monday."):
        events = DET.detect(art(text, "2018-09-20"))
        assert [(e.imposer, e.target) for e in events] in ([("US", "China")], [("EU", "China")]), (text, events)


def test_a_tariff_policy_is_no_measure():
    """'his aggressive tariff strategies', 'due to the tariff policy': a way of governing that a story blames for its
    effects, not a tariff act; a policy on someone's goods is the tariffs on them (self-written)."""
    for text in ("As President Donald Trump nears 100 days in office, the slump is largely attributed to his aggressive "
                 "tariff strategies, which have led to increased consumer prices.",
                 "Companies have suspended potential investment in the US, no doubt due to the tariff policy, analysts "
                 "said."):
        assert DET.detect(art(text, "2025-04-26")) == [], text
    events = DET.detect(art("The US tariff policies on Chinese imports are wrong, the chief executive said.",
                            "2018-09-20"))
    assert [(e.imposer, e.target) for e in events] == [("US", "China")]


def test_new_duties_of_last_year_are_background():
    """'authorised the US to retaliate last year, leading to new US duties of 15%-25%': new then, not now; new duties
    told with no past period stay news (self-written)."""
    old = ("A trade court authorised Chile to retaliate last year, leading to new Chilean duties of 15%-25% on "
           "Peruvian items such as fish and wine.")
    assert DET.detect(art(old, "2020-10-13")) == []
    events = DET.detect(art("Chile announced new duties of 25% on Peruvian fish and wine on Monday.", "2020-10-13"))
    assert [(e.imposer, e.target) for e in events] == [("Chile", "Peru")]


def test_a_tariff_someone_intends_to_end_is_not_lifted():
    """'he intends to use his new powers to end the 25% Mercosur tariff': an intention, not a removal (self-written)."""
    text = ("Exporters welcomed comments from President Gabriel Boric that he intends to use his new powers to end the "
            "25% Peruvian tariff on imports of Chilean wine.")
    assert all(e.status != "lifted" for e in DET.detect(art(text, "2020-02-15")))


def test_an_act_done_by_a_past_year_is_background():
    """'By 2010, Chile had fulfilled its tariff reduction commitments': history in a 2018 story; a cut due by a year
    ahead is news (self-written)."""
    assert DET.detect(art("By 2010, Chile had fulfilled its tariff reduction commitments, according to the paper.",
                          "2018-07-20")) == []
    events = DET.detect(art("Chile will cut its tariffs on Peruvian wine to zero by 2020, the ministry said on Monday.",
                            "2018-07-20"))
    assert [(e.imposer, e.target) for e in events] == [("Chile", "Peru")]


def test_goods_end_where_a_second_clause_begins_with_but():
    """'tariffs on certain products but warned of countermeasures': the goods are 'certain products'; 'but not' stays
    inside a list of goods (self-written)."""
    events = DET.detect(art("Chile raised tariffs on Peruvian wine but warned of further steps if talks fail.",
                            "2025-04-07"))
    assert [e.goods for e in events] == ["Peruvian wine"]
    events = DET.detect(art("Chile raised tariffs on Peruvian wine but not beer on Monday.", "2025-04-07"))
    assert [e.goods for e in events] == ["Peruvian wine but not beer"]


def test_a_later_sentence_dates_every_target_of_the_measure():
    """'... will have a new tariff rate effective on Sunday' after one measure on several countries' goods dates
    each of them (self-written)."""
    text = ("Chile said 900 types of goods originating in Peru, Bolivia and Ecuador will have tariffs reduced or cut "
            "to zero. The commission said all products on the list will have a new tariff rate effective on Sunday.")
    events = DET.detect(art(text, "2018-06-27"))  # a Wednesday
    assert {(e.target, e.effective_date) for e in events} == {("Peru", "2018-07-01"), ("Bolivia", "2018-07-01"),
                                                              ("Ecuador", "2018-07-01")}
    text = ("Chile raised tariffs on goods from Peru and Bolivia to 25%. The new tariffs take effect on July 1.")
    events = DET.detect(art(text, "2018-06-27"))
    assert {(e.target, e.effective_date) for e in events} == {("Peru", "2018-07-01"), ("Bolivia", "2018-07-01")}


def test_a_forecast_lowered_for_tariffs_is_no_tariff_act():
    """'lowered its growth forecasts due to the impact of trade tariffs introduced by President X': the tariffs are
    the cause cited, the act is on a forecast (self-written)."""
    text = ("The IMF has lowered its economic growth forecasts for Peru due to the impact of trade tariffs introduced "
            "by President Gabriel Boric of Chile.")
    assert DET.detect(art(text, "2025-03-18")) == []


def test_border_taxes_on_goods_are_tariffs():
    """'new border taxes on up to $4bn in US goods' is a tariff, as the BBC writes it; a 'border tax' on remittances
    is not (self-written)."""
    events = DET.detect(art("Chile imposed new border taxes on up to $4bn in Peruvian goods on Monday.", "2020-10-13"))
    assert [(e.imposer, e.target) for e in events] == [("Chile", "Peru")]
    assert DET.detect(art('Chile will impose a 15 pct "border tax" on some overseas remittances, the agency said.',
                          "1987-03-21")) == []


def test_an_act_told_as_before_the_last_one_is_background():
    """'Prior to that, both parties raised tariffs on $50 billion worth of each other's goods' (self-written)."""
    for opener in ("Prior to that", "Previously"):
        text = f"Lima said on Monday it would answer. {opener}, Chile raised tariffs on $50 billion of Peruvian goods."
        assert DET.detect(art(text, "2018-12-03")) == [], text


def test_a_tariff_that_raised_costs_has_no_act_of_its_own():
    """'the additional tariff has raised the operation costs of local businesses': an effect, not a raise; 'has
    placed a reciprocal tariff of 25 percent on' is an act even when prices rise after it (self-written)."""
    text = ("Chile is the top buyer of bourbon from Kentucky, where U.S. distillers worry. It is a headache that the "
            "additional tariff has raised the operation costs of local businesses, he told the People's Daily.")
    assert DET.detect(art(text, "2018-08-20")) == []
    text = ("Chile has placed a reciprocal tariff of 25 percent on Peruvian auto imports, forcing Tesla to raise its "
            "price in Chile by almost 20 percent.")
    assert [(e.imposer, e.target, e.rate) for e in DET.detect(art(text, "2018-07-26"))] == [("Chile", "Peru", "25%")]


def test_levies_on_home_producers_are_no_tariff():
    """'repay these costs through production levies and the proposed special elimination levy' (self-written)."""
    text = ("Chilean sugar producers might have to repay these costs through production levies and the proposed "
            "special elimination levy, the trade house said.")
    assert DET.detect(art(text, "1987-03-19")) == []
