"""Probe tests for trade_talks, leader_meeting, export_control and trade_truce: self-written sentences in the
styles of the unseen sources (1987 wire, 2018 trade war, 2025 wire, BBC, White House), each showing a hole the
old rules had (LABELING.md says what is an event)."""

from __future__ import annotations

from datetime import datetime, timezone

from newsalert.models import Article
from processors.detectors import rule_events

M, X, K, R = "leader_meeting", "export_control", "trade_talks", "trade_truce"


def _events(aid: str, text: str, day: datetime, etype: str, title: str = "") -> list:
    """The rule events of one type on a one-off article (a distinct id each: the detect cache is keyed by id)."""
    article = Article(id=f"probe-tm-{aid}", title=title, text=text, published=day.replace(tzinfo=timezone.utc))
    return [e for e in rule_events(article) if e.type == etype]


def test_no_plans_to_travel_to_meet_is_no_meeting():
    """'had no plans to travel to Washington to meet Trump': the journey is denied, so is the meeting."""
    day = datetime(2025, 5, 9)
    assert not _events("noplans1", "Australian Prime Minister Anthony Albanese said he had no plans to travel to "
                       "Washington to meet Trump.", day, M)
    assert not _events("noplans2", "There are no plans for Albanese to visit Washington to meet Trump, his office "
                       "said.", day, M)
    assert _events("plans", "Australian Prime Minister Anthony Albanese said he plans to travel to Washington to meet "
                   "Trump next month.", day, M)


def test_a_meeting_held_weeks_before_is_background():
    """'met Trump at the White House last month' in a late-May story, 'in February' in an August one: a meeting of
    an earlier news cycle cited as context. The same meeting on Thursday is news."""
    assert not _events("lastmonth", "Italian Prime Minister Giorgia Meloni met Trump at the White House last month to "
                       "discuss tariffs.", datetime(2025, 5, 28), M)
    assert not _events("february", "Ukrainian President Volodymyr Zelensky met Trump in the Oval Office in February, a "
                       "meeting that ended in a shouting match.", datetime(2025, 8, 10), M)
    held = _events("thursday", "Italian Prime Minister Giorgia Meloni met Trump at the White House on Thursday to "
                   "discuss tariffs.", datetime(2025, 5, 28), M)
    assert [e.status for e in held] == ["held"]


def test_a_progressive_meeting_with_a_date_ahead_is_expected():
    """'are meeting ... on Monday' in a Sunday story, 'is visiting Japan next week': an arrangement (expected);
    the same words on the Monday, or 'this week', report a meeting under way (held)."""
    text = "Starmer and Trump are meeting at Trump's golf resort in Scotland on Monday, Downing Street said."
    assert [(e.status, e.date) for e in _events("prog-sun", text, datetime(2025, 8, 10), M)] == [("expected", "2025-08-11")]
    assert [e.status for e in _events("prog-mon", text, datetime(2025, 8, 11), M)] == ["held"]
    nextweek = _events("prog-next", "Indian Prime Minister Narendra Modi is visiting Japan next week for talks with "
                       "Prime Minister Shigeru Ishiba.", datetime(2025, 8, 10), M)
    assert [e.status for e in nextweek] == ["expected"]


def test_talks_on_other_subjects_are_not_trade_talks():
    """'arms control talks', 'peace talks', 'security consultations', 'talks ... on North Korea's
    denuclearisation' in sentences that also mention trade: talks about something else. Trade named with the
    subject ('on security and trade', 'on semiconductors and security') keeps them trade talks."""
    d87, d18, d25 = datetime(1987, 4, 2), datetime(2018, 6, 15), datetime(2025, 5, 10)
    assert not _events("arms", "U.S. and Soviet negotiators met in Geneva today for arms control talks, but "
                       "Washington said trade issues were not on the agenda.", d87, K)
    assert not _events("nukes", "U.S. and Soviet negotiators resumed talks on nuclear arms in Geneva today, as a trade "
                       "row over Soviet grain purchases simmered.", d87, K)
    assert not _events("korea", "U.S. Secretary of State Mike Pompeo held talks with Chinese Foreign Minister Wang Yi "
                       "in Beijing on North Korea's denuclearisation, amid rising trade tensions.", d18, K)
    assert not _events("peace", "Russian and Ukrainian officials will hold peace talks in Istanbul on Thursday, as "
                       "Washington weighs new tariffs on buyers of Russian oil.", d25, K)
    assert not _events("security", "Japanese and U.S. officials will hold security consultations in Tokyo next week, "
                       "with the trade dispute over semiconductors likely to cast a shadow.", d87, K)
    both = _events("both", "Japanese and U.S. officials will hold talks in Tokyo next week on security and trade.",
                   d87, K)
    assert [set(e.parties) for e in both] == [{"Japan", "US"}]
    chips = _events("chips", "Trade officials of Japan and the United States will meet next week on semiconductors "
                    "and security.", d87, K)
    assert [set(e.parties) for e in chips] == [{"Japan", "US"}]


def test_talks_on_traded_goods_are_trade_talks():
    """1987-wire talks named by their goods, with no word 'trade' in the story: 'talks next week on
    semiconductors', 'negotiations on softwood lumber', 'met ... to discuss Japanese purchases of American
    supercomputers'. Talks about goods are trade talks between the governments named."""
    day = datetime(1987, 3, 20)
    cases = [("Japan and the United States will hold talks next week on semiconductors, officials said.",
              {"Japan", "US"}),
             ("Canada and the United States will resume negotiations on softwood lumber in Ottawa on Monday, a "
              "Canadian official said.", {"Canada", "US"}),
             ("U.S. and Japanese officials met in Tokyo today to discuss Japanese purchases of American "
              "supercomputers.", {"Japan", "US"}),
             ("Australian and Japanese officials began talks in Canberra today on beef, a government spokesman said.",
              {"Australia", "Japan"})]
    for i, (text, parties) in enumerate(cases):
        assert [set(e.parties) for e in _events(f"goods{i}", text, day, K)] == [parties], text
    assert not _events("goods-none", "Japan and the United States will hold talks next week on the weather, "
                       "officials said.", day, K)


def test_a_licence_now_required_to_export_is_an_export_control():
    """'told Nvidia it would need a licence to export its H20 chips to China': a government serving a licence
    requirement on an exporter restricts exports (self-written, 2025 wire style)."""
    got = _events("licence", "The U.S. Commerce Department told Nvidia it would need a licence to export its H20 "
                  "chips to China, the company said.", datetime(2025, 5, 9), X)
    assert [(e.imposer, e.target) for e in got] == [("US", "China")]
    assert not _events("licence-wine", "Exporters need a licence to sell wine in the province, the company said.",
                       datetime(2025, 5, 9), X)


def test_truces_agreed_as_hold_offs_and_suspensions_and_a_truce_ended_by_an_act():
    """'agreed ... to hold off on new tariffs for 90 days while the two sides negotiate', 'agreed a four-month
    suspension of tariffs', 'agreed to suspend tariffs ... for five years' are truces agreed; 'raised tariffs,
    ending a five-month truce' breaks one (self-written, 2018 trade war and BBC styles)."""
    def truce(aid: str, text: str, day: datetime) -> list:
        return [(set(e.parties), e.action) for e in _events(aid, text, day, R)]
    assert truce("holdoff", "Trump and Xi agreed at dinner in Buenos Aires on Saturday to hold off on new tariffs for "
                 "90 days while the two sides negotiate.", datetime(2018, 12, 3)) == [({"US", "China"}, "agreed")]
    assert truce("suspension", "The UK and US have agreed a four-month suspension of tariffs imposed in the "
                 "Airbus-Boeing dispute.", datetime(2021, 3, 5)) == [({"UK", "US"}, "agreed")]
    assert truce("fiveyears", "The US and the EU have agreed to suspend tariffs in their long-running dispute over "
                 "aircraft subsidies for five years.", datetime(2021, 6, 15)) == [({"US", "EU"}, "agreed")]
    assert truce("ending", "Washington raised tariffs on $200 billion of Chinese goods on Friday, ending a "
                 "five-month truce in the trade war.", datetime(2019, 5, 10)) == [({"US", "China"}, "broken")]
    # one government holding off with no term and no talks is a delay of its own tariff, not a truce
    assert not truce("unilateral", "Trump agreed to hold off on tariffs on Mexican goods.", datetime(2025, 3, 4))


def test_talks_a_pause_is_meant_to_allow_are_not_talks_held():
    """'a four-month suspension of tariffs ..., to allow time for negotiations': the talks are the purpose of the
    pause, no round of talks (self-written, BBC style)."""
    assert not _events("allowtime", "The UK and US have agreed a four-month suspension of tariffs imposed in the "
                       "Airbus-Boeing dispute, to allow time for negotiations.", datetime(2021, 3, 5), K)
    assert _events("heldtalks", "UK and US trade officials held negotiations in London on Thursday on the "
                   "Airbus-Boeing tariff dispute.", datetime(2021, 3, 5), K)


def test_talks_hoped_for_urged_or_pushed_for_are_not_talks():
    """'hoped both countries could sit down and negotiate', 'meant to push Washington to start talks', 'urged the
    United States to return to negotiations': talks wished for, not held (self-written, 2018 trade-war style).
    Talks that will be held stay."""
    day = datetime(2018, 4, 10)
    for i, text in enumerate([
            "An American consultant said he hoped both countries could sit down and negotiate a solution to the trade "
            "dispute between the U.S. and China.",
            "Some analysts believe Beijing's tariffs are meant to push Washington to start talks with China on the "
            "trade deficit.",
            "Chinese commerce ministry spokesman Gao Feng urged the United States to return to negotiations with China "
            "on trade."]):
        assert not _events(f"wish{i}", text, day, K), text
    held = _events("wish-held", "Chinese Vice Premier Liu He will travel to Washington next week for trade talks with "
                   "U.S. Treasury Secretary Steven Mnuchin, the commerce ministry said.", day, K)
    assert [set(e.parties) for e in held] == [{"China", "US"}]


def test_a_meeting_dated_in_an_earlier_year_is_context():
    """'In July 2013 the Bolivian president ... was flying back from a summit in Moscow', 'during Trump's state visit
    to China in 2017': a meeting of an earlier year in the meeting's own clause. 'his first trip abroad since 2024'
    measures a coming visit from the past and stays."""
    assert not _events("y2013", "In July 2013 the Bolivian president Evo Morales was flying back from a summit in "
                       "Moscow when his plane was diverted to Vienna.", datetime(2021, 5, 25), M)
    assert not _events("y2017", "Companies from both countries signed deals worth $250 billion during Trump's state "
                       "visit to China in 2017, the ministry said.", datetime(2018, 3, 23), M)
    coming = _events("y2024", "Trump will visit Saudi Arabia next week, his first trip abroad since 2024, to meet "
                     "Crown Prince Mohammed bin Salman.", datetime(2025, 5, 8), M)
    assert [e.status for e in coming] == ["expected"]


def test_a_leaders_envoy_does_not_bring_the_leader():
    """'Vice-Premier Liu He will visit the United States as President Xi Jinping's special envoy': a minister's visit
    (trade talks), no meeting of Xi's (self-written, 2018 style)."""
    text = ("Vice-Premier Liu He will visit the United States as President Xi Jinping's special envoy from Tuesday to "
            "Saturday for economic and trade talks.")
    assert not _events("envoy", text, datetime(2018, 5, 15), M)
    assert [set(e.parties) for e in _events("envoy-talks", text, datetime(2018, 5, 15), K)] == [{"US", "China"}]


def test_a_coming_meeting_in_the_clause_after_a_past_one_recalled():
    """'Kishida visited Washington in 2024, and Ishiba will meet Trump in Tokyo next month': the recalled visit no
    longer hides the coming meeting of the next clause (its own leaders, its own place); 'last met in Osaka in 2019,
    but the two leaders are expected to meet ...' too. A past meeting alone stays background."""
    day = datetime(2025, 5, 15)
    got = _events("clause1", "Former Prime Minister Kishida visited Washington in 2024, and Prime Minister Shigeru "
                  "Ishiba will meet Trump in Tokyo next month.", day, M)
    assert [(set(e.participants), e.location, e.status) for e in got] == [({"Shigeru Ishiba", "Trump"}, "Tokyo",
                                                                           "expected")]
    got = _events("clause2", "Trump and Xi last met in Osaka in 2019, but the two leaders are expected to meet at the "
                  "APEC summit in October.", day, M)
    assert [(set(e.participants), e.location, e.status) for e in got] == [({"Trump", "Xi"}, None, "expected")]
    assert not _events("clause3", "Trump and Xi last met in Osaka in 2019, and analysts will watch the markets.", day, M)


def test_an_outcome_reported_with_would_open_is_no_hypothetical():
    """'just back from trade talks in Tokyo, said Japan would open its beef market further': the talks were held, and
    'would open' reports their outcome; 'would open the way for talks' stays a hypothetical (self-written 1987 wire)."""
    day = datetime(1987, 4, 20)
    got = _events("wouldopen", "The Australian trade minister, just back from trade talks in Tokyo, said Japan would "
                  "open its beef market further.", day, K)
    assert [(set(e.parties), e.location) for e in got] == [({"Australia", "Japan"}, "Tokyo")]
    assert not _events("openway", "Australian officials said a cut in Japanese beef tariffs would open the way for "
                       "trade talks with Japan.", day, K)


def test_access_to_its_markets_is_trade():
    """'continue talks with Japan on access to its markets': market access said the other way round is trade
    (self-written 1987 wire)."""
    got = _events("access", "EC foreign ministers meeting in Luxembourg decided to continue talks with Japan on access "
                  "to its markets.", datetime(1987, 4, 20), K)
    assert [set(e.parties) for e in got] == [{"EU", "Japan"}]


def test_talks_that_name_their_other_side_in_a_trade_story():
    """In a story headlined on trade, 'Bessent said the talks with China were productive' and 'talks between Japan and
    the United States ..., and a second round is set for next week' are trade talks with no trade word of their own
    (self-written, 2025 wire). Under a headline on something else they are not."""
    text = "Treasury Secretary Scott Bessent said the talks with China were productive, after two days of meetings in Geneva."
    day = datetime(2025, 5, 12)
    got = _events("with", text, day, K, title="US and China agree to slash tariffs after Geneva trade talks")
    assert [(set(e.parties), e.location) for e in got] == [({"US", "China"}, "Geneva")]
    assert not _events("with-other", text, day, K, title="Bessent visits Swiss watchmaker")
    got = _events("between", "Last month's talks between Japan and the United States ended without a deal, and a second "
                  "round is set for next week.", datetime(2025, 5, 9), K, title="Japan tariff talks to resume")
    assert [set(e.parties) for e in got] == [{"Japan", "US"}]


def test_talks_in_a_foreign_city_with_one_side_named_are_with_the_host():
    """'Japan requested bilateral consultations ... in Washington', 'Japan's trade negotiators held talks in
    Washington': the host government is the other side; at the seat of a body (Geneva) it is not (self-written
    1987 wire)."""
    day = datetime(1987, 4, 20)
    got = _events("host1", "Japan's trade negotiators held talks in Washington today on semiconductor tariffs.", day, K,
                  title="JAPAN TRADE TALKS")
    assert [(set(e.parties), e.location) for e in got] == [({"Japan", "US"}, "Washington")]
    got = _events("host2", "Japan's trade negotiators held talks in Geneva today on semiconductor tariffs.", day, K,
                  title="JAPAN TRADE TALKS")
    assert [set(e.parties) for e in got] in ([], [{"Japan"}])


def test_a_nato_meeting_is_not_trade_talks():
    """'Canadian Foreign Minister Melanie Joly, in Washington for a NATO meeting, said Canada would not drop its
    counter-tariffs': the meeting is an alliance's, not trade talks (self-written, 2025 wire)."""
    assert not _events("nato", "Canadian Foreign Minister Melanie Joly, in Washington for a NATO meeting, said Canada "
                       "would not drop its counter-tariffs.", datetime(2025, 5, 9), K, title="Canada tariffs")


def test_a_journey_to_leaders_and_a_welcome_reported_as_done_are_held():
    """'Theresa May travelled to Berlin and Paris on Tuesday to ask Angela Merkel and Emmanuel Macron ...' is a
    meeting held (BBC style); 'Trump welcomed President Lee Jae Myung to the White House today' too (White House
    style); 'will travel to ... to meet' is expected."""
    got = _events("travelled", "Theresa May travelled to Berlin and Paris on Tuesday to ask Angela Merkel and Emmanuel "
                  "Macron for a further Brexit delay.", datetime(2019, 4, 10), M)
    assert [(e.status, e.date) for e in got] == [("held", "2019-04-09")]
    assert {"Theresa May", "Angela Merkel"} <= set(got[0].participants)
    got = _events("welcomed", "President Donald J. Trump welcomed President Lee Jae Myung to the White House today.",
                  datetime(2025, 8, 25), M)
    assert [(e.status, e.location) for e in got] == [("held", "Washington")]
    got = _events("willtravel", "Theresa May will travel to Berlin on Tuesday to meet Angela Merkel.",
                  datetime(2019, 4, 6), M)
    assert [e.status for e in got] == ["expected"]


def test_a_meeting_under_consideration_or_with_no_time_is_proposed():
    """'is considering a visit to Washington next month', 'would meet Xi "at some point" but gave no date': possible,
    not planned (LABELING.md: proposed); 'is set to hold a summit with Trump on April 28' stays expected."""
    day = datetime(2025, 4, 20)
    got = _events("considering", "Japanese Prime Minister Shigeru Ishiba is considering a visit to Washington next month "
                  "to press Trump on tariffs.", day, M)
    assert [e.status for e in got] == ["proposed"]
    got = _events("somepoint", 'Trump said he would meet Xi "at some point" but gave no date.', day, M)
    assert [e.status for e in got] == ["proposed"]
    got = _events("setto", "Japan's Ishiba is set to hold a summit with Trump on April 28, Kyodo news agency reported.",
                  day, M)
    assert [e.status for e in got] == ["expected"]


def test_the_exporters_a_control_names_are_its_object_not_its_actor():
    """'Pakistan will allow private traders to export rice', 'a move by Washington to ban US companies from selling
    chips to ...': the traders and companies are what the control is about, not a non-government actor (self-written,
    1987 and 2018 styles)."""
    got = _events("traders", "Pakistan will allow private traders to export rice from July, ending the state monopoly, "
                  "officials said.", datetime(1987, 4, 20), X)
    assert [(e.imposer, e.status) for e in got] == [("Pakistan", "eased")]
    got = _events("companies", "The company said it would suspend operations after Washington moved on Monday to ban "
                  "U.S. companies from selling computer chips to China.", datetime(2018, 5, 9), X)
    assert [(e.imposer, e.target) for e in got] == [("US", "China")]
    assert not _events("analysts", "Analysts said exporters would cut shipments to China.", datetime(2018, 5, 9), X)


def test_a_raised_export_quota_is_an_easing():
    """'India raised its 1986/87 cotton export quota by 200,000 bales': a larger export quota lets more out, an
    easing (self-written 1987 wire); producers hoping for an increase is no act."""
    got = _events("quota", "India raised its 1986/87 cotton export quota by 200,000 bales, the Textiles Ministry said.",
                  datetime(1987, 4, 20), X)
    assert [(e.imposer, e.status) for e in got] == [("India", "eased")]
    assert not _events("quota-hope", "Indian producers were hoping for an increase in their cotton export quota, a "
                       "trader said.", datetime(1987, 4, 20), X)


def test_the_goods_destination_is_not_the_imposer():
    """'Western allies agreed to ease export restrictions on personal computers to the Soviet bloc': the story's only
    country is where the goods go; the imposer is unknown, the destination the target (self-written 1987 wire)."""
    got = _events("cocom", "Western allies agreed to ease export restrictions on personal computers to the Soviet "
                  "bloc, Cocom officials said.", datetime(1987, 4, 20), X)
    assert [(e.imposer, e.target, e.status) for e in got] == [(None, "Russia", "eased")]


def test_no_trade_talks_scheduled_is_no_talks():
    """'no trade talks with the United States are currently scheduled', 'no formal negotiations have taken place':
    talks denied with a word between 'no' and the noun (self-written, 2018 style)."""
    day = datetime(2018, 7, 10)
    title = "China US trade war"
    assert not _events("notrade", "China's commerce ministry said on Tuesday that no trade talks with the United States "
                       "are currently scheduled.", day, K, title=title)
    assert not _events("noformal", "Chinese and US officials are in contact over trade, but no formal negotiations have "
                       "taken place since June, the ministry said.", day, K, title=title)


def test_a_past_act_far_from_the_meeting_word_makes_it_held():
    """'Modi and Starmer signed a free trade agreement in London on Thursday during the Indian prime minister's
    two-day visit': the act that dates the visit is past, nothing in the sentence is ahead, so the visit was held
    (and Thursday is the one before publication)."""
    got = _events("signedvisit", "Modi and Starmer signed a free trade agreement in London on Thursday during the "
                  "Indian prime minister's two-day visit.", datetime(2025, 5, 10), M)
    assert [(e.status, e.date) for e in got] == [("held", "2025-05-08")]
    got = _events("willvisit", "Modi and Starmer will sign a free trade agreement in London on Thursday during the "
                  "Indian prime minister's two-day visit.", datetime(2025, 5, 10), M)
    assert [e.status for e in got] == ["expected"]


def test_an_unnamed_government_in_talks_with_a_named_side():
    """'Officials are in talks with Washington to win an exemption from the car tariffs' in a story about Japan: the
    unnamed side is the story's country (self-written, 2025 style)."""
    day = datetime(2025, 3, 23)
    got = _events("govsubj1", "Japanese carmakers are worried about the new duties. Officials are in talks with "
                  "Washington to win an exemption from the car tariffs.", day, K, title="Japan car tariffs")
    assert [set(e.parties) for e in got] == [{"Japan", "US"}]
    got = _events("govsubj2", "Britain's chancellor defended her plan on Sunday. The government has been in talks with "
                  "Washington over its levy on tech firms, hoping to escape tariffs, the Treasury said.", day, K,
                  title="UK budget")
    assert [set(e.parties) for e in got] == [{"UK", "US"}]


def test_de_escalation_agreed_is_a_truce():
    """'Xi and Trump agreed not to impose new tariffs after January 1', 'an agreement with Washington to suspend
    retaliatory duties': de-escalation agreed between governments (self-written, 2018 and BBC styles). Analysts
    agreeing, or a purchase agreed, are not."""
    def truce(aid: str, text: str, day: datetime) -> list:
        return [(set(e.parties), e.action) for e in _events(aid, text, day, R)]
    assert truce("notimpose", "Xi and Trump agreed not to impose new tariffs after January 1, the Chinese foreign "
                 "ministry said.", datetime(2018, 12, 3)) == [({"China", "US"}, "agreed")]
    assert truce("agreement", "The UK's agreement with Washington to suspend retaliatory duties on whisky and aircraft "
                 "parts was welcomed by distillers.", datetime(2021, 7, 2)) == [({"UK", "US"}, "agreed")]
    assert not truce("analysts", "Analysts agreed that new tariffs would hurt China and the United States.",
                     datetime(2018, 12, 3))
    assert not truce("buy", "China agreed to buy more U.S. farm goods.", datetime(2018, 12, 3))


def test_a_visit_told_in_the_past_tense_is_held():
    """'Macron and Merkel both visited Washington last week': held, not expected; two visits to Washington, not a
    meeting of the two (self-written, 2018 style)."""
    got = _events("visited", "French President Emmanuel Macron and German Chancellor Angela Merkel both visited "
                  "Washington last week, but failed to win a permanent exemption from the steel tariffs.",
                  datetime(2018, 5, 3), M)
    assert sorted((e.status, tuple(e.participants)) for e in got) == [
        ("held", ("Angela Merkel",)), ("held", ("Emmanuel Macron",))]


def test_talks_by_video_link_are_no_meeting():
    """LABELING.md: phone or video calls between leaders are not meetings: 'held talks with Vladimir Putin via video
    link', 'a virtual summit'; talks at the Kremlin are (self-written)."""
    day = datetime(2025, 5, 9)
    assert not _events("video", "Xi Jinping held talks with Vladimir Putin via video link on Thursday.", day, M)
    assert not _events("virtual", "Joe Biden and Xi Jinping will hold a virtual summit on Monday, the White House said.",
                       day, M)
    got = _events("kremlin", "Xi Jinping and Vladimir Putin held talks at the Kremlin on Thursday.", day, M)
    assert [(e.status, e.location) for e in got] == [("held", "Moscow")]


def test_the_blocs_business_with_its_own_members_is_not_trade_talks():
    """'EC agriculture ministers meeting in Luxembourg failed to agree on farm price cuts, with West Germany
    opposing ...': the EC's internal business (self-written 1987 wire). The EC with Japan, or France with the US, are
    talks between governments."""
    day = datetime(1987, 6, 15)
    assert not _events("ecint", "EC agriculture ministers meeting in Luxembourg failed to agree on farm price cuts, "
                       "with West Germany opposing a tax on oils and fats, diplomats said.", day, K)
    got = _events("ecjapan", "EC and Japanese trade officials will meet in Brussels next week to discuss Japan's trade "
                  "surplus, an EC spokesman said.", day, K)
    assert [set(e.parties) for e in got] == [{"EU", "Japan"}]


def test_exports_stopped_by_circumstance_are_no_control():
    """'was forced to halt crude exports after guerrillas bombed the main pipeline', 'halted after an earthquake
    damaged the port': no government decision (self-written 1987 wire). A suspension decided after a drought is one."""
    day = datetime(1987, 3, 12)
    assert not _events("forced", "Colombia was forced to halt crude exports after guerrillas bombed the main pipeline, "
                       "the state oil company said.", day, X)
    assert not _events("quake", "Shipments of copper were halted after an earthquake damaged the port of Antofagasta, "
                       "Chile's government said.", day, X)
    got = _events("drought", "Argentina suspended beef exports for 30 days after a drought cut the herd, the government "
                  "said.", day, X)
    assert [(e.imposer, e.status) for e in got] == [("Argentina", "suspended")]


def test_a_tour_begun_or_a_visit_under_way_is_held():
    """'began a five-day tour of Southeast Asia on Monday' (a Friday story) and 'speaking during a visit to Manila'
    report a visit under way: held, Monday the one before (self-written, 2025 wire)."""
    day = datetime(2025, 5, 9)
    got = _events("tour", "Xi Jinping began a five-day tour of Southeast Asia on Monday, visiting Vietnam, Malaysia and "
                  "Cambodia.", day, M)
    assert [(e.status, e.date) for e in got] == [("held", "2025-05-05")]
    got = _events("during", "Japan's Prime Minister Shigeru Ishiba, speaking during a visit to Manila, said tariffs "
                  "were hurting Asian economies.", day, M)
    assert [(e.status, e.location) for e in got] == [("held", "Manila")]


def test_a_past_visit_in_an_aside_does_not_make_the_meeting_held():
    """'Bessent, who visited Tokyo last week, said ... Trump and Xi at their meeting on Thursday': the aside's past
    visit is someone else's; the leaders' meeting is still ahead (self-written, with the 'visited' and past-act rules
    above)."""
    got = _events("aside", "Bessent, who visited Tokyo last week, said the plan would be put to Trump and Xi at their "
                  "meeting on Thursday.", datetime(2025, 10, 26), M)
    assert [(e.status, e.date) for e in got] == [("expected", "2025-10-30")]


def test_what_came_of_a_meeting_reports_it_held():
    """'Following a productive meeting between President Trump and President Lee, the United States and Korea agree
    to the following' (White House style): the meeting is held; 'After their meeting on Friday, ... will sign' is
    still ahead (self-written)."""
    day = datetime(2026, 1, 20)
    got = _events("following", "Following a productive meeting between President Trump and President Lee, the United "
                  "States and Korea agree to the following.", day, M)
    assert [e.status for e in got] == ["held"]
    got = _events("afterwill", "After their meeting on Friday, President Trump and President Lee Jae-myung will sign "
                  "the agreement.", day, M)
    assert [e.status for e in got] == ["expected"]


def test_countries_of_a_later_clause_are_no_parties():
    """'..., as Canada and Mexico watched closely', '..., adding that Beijing would buy ... from Brazil's
    competitors': when the talks' own clause names both sides, a later clause's countries are no parties
    (self-written, 2018 style)."""
    day = datetime(2018, 5, 20)
    got = _events("asclause", "Chinese and U.S. negotiators held talks in Washington on Saturday on the trade deficit, "
                  "as Canada and Mexico watched closely.", day, K, title="trade talks")
    assert [set(e.parties) for e in got] == [{"China", "US"}]
    got = _events("adding", "Liu He met Steven Mnuchin in Washington for trade talks, the Chinese commerce ministry "
                  "said, adding that Beijing would buy more U.S. soybeans instead of Brazil's.", day, K,
                  title="trade talks")
    assert [set(e.parties) for e in got] == [{"China", "US"}]


def test_a_leader_back_from_talks_held_them():
    """'Thatcher returned from Moscow today after five days of talks with Soviet leader Mikhail Gorbachev': held, not
    expected (self-written 1987 wire)."""
    got = _events("returned", "Prime Minister Margaret Thatcher returned from Moscow today after five days of talks "
                  "with Soviet leader Mikhail Gorbachev.", datetime(1987, 4, 2), M)
    assert [(e.status, e.location) for e in got] == [("held", "Moscow")]


def test_an_undecided_visit_is_proposed():
    """'had not yet decided whether to visit Washington': possible, not planned (self-written 1987 wire)."""
    got = _events("undecided", "Prime Minister Yasuhiro Nakasone told reporters he had not yet decided whether to "
                  "visit Washington before the Venice summit.", datetime(1987, 4, 20), M)
    assert [e.status for e in got] == ["proposed"]


def test_a_meeting_hoped_for_is_proposed():
    """'said he hoped to meet Trump at the G7 summit next month': a wish, not a plan (proposed); 'will meet' stays
    expected (self-written)."""
    day = datetime(2025, 5, 10)
    hoped = _events("hoped", "Japanese Prime Minister Shigeru Ishiba said he hoped to meet Trump at the G7 summit in "
                    "Canada next month.", day, M)
    assert [e.status for e in hoped] == ["proposed"]
    will = _events("willmeet", "Ishiba will meet Trump at the G7 summit in Canada next month, officials said.", day, M)
    assert [e.status for e in will] == ["expected"]


def test_suspending_exports_tightens_and_suspending_controls_suspends():
    """'China suspended exports of seven rare earth elements' halts the exports (tightened); 'would suspend export
    controls on rare earths for one year' pauses the control (suspended) (self-written)."""
    day = datetime(2025, 4, 5)
    halt = _events("susp-exports", "China suspended exports of seven rare earth elements and magnets on Friday, "
                   "choking supplies to automakers.", day, X)
    assert [e.status for e in halt] == ["tightened"]
    pause = _events("susp-controls", "China said on Friday it would suspend export controls on rare earths for one "
                    "year under the agreement reached with Washington.", day, X)
    assert [e.status for e in pause] == ["suspended"]


def test_one_government_meeting_firms_or_their_councils_is_no_trade_talks():
    """'Japan's trade minister held talks with executives of US car makers on the tariffs' is one government and
    firms, not two parties' trade talks; the minister's talks with his US counterpart are (self-written, 2018 style)."""
    day = datetime(2018, 9, 26)
    title = "Japan seeks to avert US car tariffs"
    assert not _events("firms", "Japanese Trade Minister Hiroshige Seko held talks on the US tariffs with the US-Japan "
                       "Business Council and executives of American car makers in Tokyo on Tuesday.", day, K, title=title)
    got = _events("gov", "Japanese Trade Minister Hiroshige Seko held talks on the US tariffs with U.S. Trade "
                  "Representative Robert Lighthizer in Washington on Tuesday.", day, K, title=title)
    assert [set(e.parties) for e in got] == [{"Japan", "US"}]


def test_talks_a_hope_is_about_are_not_talks_held():
    """'said there is hope that trade talks between India and the EU could bring a deal' and 'we hope that diplomacy
    and negotiations between Brazil and Mexico will pick up' hope for talks; 'negotiators met in Delhi' holds them
    (self-written, 2018 style)."""
    day = datetime(2018, 4, 4)
    title = "India, EU trade ties"
    assert not _events("hope-1", "Indian Commerce Minister Suresh Prabhu said on Tuesday that there is hope that trade "
                       "talks between India and the European Union could bring a deal this year.", day, K, title=title)
    assert not _events("hope-2", '"We hope that diplomacy and negotiations between Brazil and Mexico will pick up soon '
                       'to avoid higher trade barriers," the exporters said.', day, K, title="Brazil-Mexico trade row")
    got = _events("held", "Indian and EU trade negotiators met in New Delhi on Tuesday to resume talks on a free trade "
                  "agreement.", day, K, title=title)
    assert [set(e.parties) for e in got] == [{"India", "EU"}]


def test_a_held_summit_takes_the_article_leaders_of_the_countries_said_to_attend():
    """'Scholz hosted the summit, where leaders from France, Poland and Spain gathered' ... 'Polish Prime Minister
    Donald Tusk said ...': Tusk's country attends, so he is a participant; a leader of a country not said to attend
    is not (self-written, 2025 style)."""
    text = ("German Chancellor Olaf Scholz hosted an emergency summit in Berlin on Monday, where leaders from France, "
            "Poland and Spain gathered to discuss energy prices. Polish Prime Minister Donald Tusk said the bloc must "
            "act together. US President Donald Trump has criticised the plan.")
    got = _events("guests", text, datetime(2025, 3, 4), M, title="European leaders meet in Berlin")
    assert [set(e.participants) for e in got] == [{"Olaf Scholz", "Donald Tusk"}]


def test_ministers_at_a_summit_are_no_leaders_meeting():
    """'At the G20 summit in Rome, Secretary of State Blinken met resistance' and 'Foreign Minister Wang Yi walked out
    of a summit in Jakarta' are ministers' gatherings; 'the priorities of Japan at the upcoming Tokyo summit, Finance
    Minister Aso said' speaks of the leaders' summit to come (self-written)."""
    day = datetime(2025, 3, 13)
    assert not _events("min-at", "At the G20 summit in Rome, U.S. Secretary of State Antony Blinken met resistance from "
                       "European allies.", day, M, title="Blinken in Rome")
    assert not _events("min-left", "Chinese Foreign Minister Wang Yi walked out of a summit in Jakarta on Tuesday.", day, M,
                       title="Wang Yi in Jakarta")
    got = _events("upcoming", "Farm reform will be the top priority of Japan at the upcoming Tokyo Economic Summit, "
                  "Finance Minister Taro Aso told reporters.", day, M, title="Japan summit priorities")
    assert [e.location for e in got] == ["Tokyo"]


def test_peace_talks_a_leader_is_said_to_be_in_are_no_meeting_with_another_leader_named():
    """'In recent peace talks with Russia, Zelensky made decisions that angered Trump': negotiators' talks, Trump no
    party to them; 'Trump met Putin in Alaska for peace talks' is a meeting (self-written, 2025 style)."""
    day = datetime(2025, 8, 16)
    assert not _events("peace-1", "In recent peace talks with Russia, Ukrainian President Volodymyr Zelensky made several "
                       "strategic decisions that angered U.S. President Donald Trump.", day, M, title="Zelensky's moves")
    got = _events("peace-2", "US President Donald Trump met Russian President Vladimir Putin in Alaska on Friday for "
                  "peace talks.", day, M, title="Alaska summit")
    assert [set(e.participants) for e in got] == [{"Donald Trump", "Vladimir Putin"}]


def test_consultations_committed_to_with_no_time_are_not_talks_held():
    """'The United States and Albania commit to hold consultations to address barriers' pledges talks some day;
    'agreed to hold trade talks in Tokyo next week' sets a round (self-written, White House joint-statement style)."""
    day = datetime(2026, 2, 12)
    assert not _events("commit", "The United States and Albania commit to hold consultations to address barriers to "
                       "U.S. agricultural products in the Albanian market.", day, K, title="Joint statement on trade")
    got = _events("agreed", "Japan and the United States agreed to hold trade talks in Tokyo next week.", day, K,
                  title="Japan, US to hold trade talks")
    assert [set(e.parties) for e in got] == [{"Japan", "US"}]
