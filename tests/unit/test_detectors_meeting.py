"""leader_meeting: statuses, dates, titles, negation, counterparts."""

from datetime import datetime, timezone

from newsalert.models import Article
from processors.detectors import DETECTORS

DET = DETECTORS["leader_meeting"]


def art(text: str, published: str = "2025-10-26") -> Article:
    return Article(id="m", title="", published=datetime.fromisoformat(published).replace(tzinfo=timezone.utc),
                   text=text)


def one(text: str, published: str = "2025-10-26"):
    events = DET.detect(art(text, published))
    assert len(events) == 1, events
    return events[0]


def test_expected_with_date_and_place():
    e = one("Prime Minister Keir Starmer will meet President Emmanuel Macron in Paris on Nov. 3.")
    assert e.status == "expected" and e.date == "2025-11-03" and e.location == "Paris"
    assert set(e.participants) == {"Keir Starmer", "Emmanuel Macron"}


def test_held_by_title_only_names():
    e = one("Chancellor Olaf Kohlmann met President Ruto in Nairobi yesterday, officials said.")
    assert e.status == "held" and e.date == "2025-10-25"


def test_confirmed_by():
    e = one("President Lee Jae-myung is expected to meet President Xi Jinping next week. "
            "Seoul confirmed the meeting on Friday.")
    assert e.status == "confirmed" and e.confirmed_by == ["South Korea"] and e.date is None


def test_proposed_counterpart():
    e = one("South Korean Prime Minister Lho Shin-yong proposed to his North Korean counterpart Li Gun-mo "
            "that they meet.", "1987-03-17")
    assert e.status == "proposed" and e.participants == ["Lho Shin-yong", "Li Gun-mo"]


def test_cancelled():
    assert one("President Trump called off his meeting with President Putin in Budapest.").status == "cancelled"


def test_denial_and_ministers_are_not_meetings():
    assert DET.detect(art("No meeting is planned between President Trump and President Xi, officials said.")) == []
    assert DET.detect(art("Trade Minister Pat Carney met Trade Representative Clayton Yeutter in Ottawa.")) == []
    assert DET.detect(art("World Bank President Barber Conable met bankers in London.")) == []


def test_visit_counts_as_meeting():
    e = one("Swedish Prime Minister Ingvar Carlsson will begin a one week visit to China on Monday.", "1987-04-03")
    assert e.status == "expected" and e.location == "China" and e.date == "1987-04-06"


# --- rules added in the second pass -------------------------------------------------
def test_single_leader_attending_a_multilateral_summit_is_not_a_meeting():
    assert DET.detect(art("Prime Minister Narendra Modi arrived in Johannesburg on Friday to attend the G20 "
                          "Summit.")) == []


def test_location_on_the_meeting_side_of_said():
    e = one("In a joint statement, Chirac and Reagan said the institute in Paris would share the patent.",
            "1987-03-31")
    assert e.location is None and e.status == "held"


def test_location_at_sentence_end():
    e = one("Reagan and Mulroney are scheduled to meet April 5-6 in Ottawa.", "1987-03-25")
    assert (e.location, e.date, e.status) == ("Ottawa", "1987-04-05", "expected")


def test_end_of_multi_day_visit_gives_its_first_day():
    e = one("Garcia told a press conference at the end of an official two-day visit to Mexico yesterday, after "
            "talks with President Miguel de la Madrid.", "1987-03-26")
    assert e.date == "1987-03-24"


def test_date_of_another_happening_before_the_summit_is_not_its_date():
    e = one("The central bank council meets on Thursday for its last session before the Venice summit, where "
            "Chancellor Helmut Kohl will meet President Reagan.", "1987-06-02")
    assert e.date is None


def test_later_bare_summit_is_the_summit_already_reported():
    ev = DET.detect(art("The Venice summit on June 8-10 will discuss trade. Chancellor Helmut Kohl said the "
                        "summit should focus on growth. Prime Minister Yasuhiro Nakasone was spared a summit "
                        "attack on his policies.", "1987-06-02"))
    assert len(ev) == 1 and ev[0].location == "Venice"


def test_proposed_by_describes_another_thing():
    e = one("Prime Minister Jacques Chirac opened talks with President Ronald Reagan in Washington. Chirac is "
            "expected to canvass support for an idea first proposed by his farm minister during his two-day "
            "visit to Washington.", "1987-03-31")
    assert e.status == "held" and e.location == "Washington"


def test_leaders_who_go_to_a_third_capital_each_meet_its_leader():
    text = ("President Lula announced tariffs on steel in March. Last week, French President Emmanuel Macron and "
            "German Chancellor Olaf Scholz went to Brasilia to work out trade issues but left with empty hands.")
    got = {(tuple(e.participants), e.location, e.status) for e in DET.detect(art(text, "2024-05-02"))}
    assert got == {(("Emmanuel Macron", "Lula"), "Brasilia", "held"), (("Olaf Scholz", "Lula"), "Brasilia", "held")}
    # one visitor: the host the article names is at the meeting too
    (e,) = DET.detect(art("President Lula announced tariffs on steel in March. Last week, French President Emmanuel "
                          "Macron visited Brasilia to work out trade issues.", "2024-05-02"))
    assert e.participants == ["Emmanuel Macron", "Lula"] and e.location == "Brasilia"
    # two leaders meeting in one's own capital meet each other
    (e,) = DET.detect(art("French President Emmanuel Macron and German Chancellor Olaf Scholz met in Berlin on "
                          "Monday to discuss trade.", "2024-05-02"))
    assert set(e.participants) == {"Emmanuel Macron", "Olaf Scholz"}


def test_a_leader_invited_to_another_capital_is_a_proposed_meeting():
    (e,) = DET.detect(art("Talks are improving after Brazilian President Lula invited Argentine President Javier "
                          "Milei to Brasilia, analysts said.", "2024-05-02"))
    assert (set(e.participants), e.location, e.status) == ({"Lula", "Javier Milei"}, "Brasilia", "proposed")
    # officials invited are no leaders' meeting
    assert DET.detect(art("Brazil invited Argentine trade officials to Brasilia for talks on beef.",
                          "2024-05-02")) == []


def test_a_leaders_meeting_by_its_proper_name_is_a_summit():
    (e,) = DET.detect(art("Both sides exchanged market access offers during the 20th Brazil-EU Leaders' Meeting, "
                          "which concluded in Brasilia earlier this week.", "2024-07-20"))
    assert (e.status, e.location) == ("held", "Brasilia")
    # a meeting of other leaders (business, party) is none
    assert DET.detect(art("Business leaders met in Brasilia earlier this week to discuss exports.",
                          "2024-07-20")) == []


def test_a_tour_a_leader_kicked_off_abroad_is_a_held_visit():
    got = {(e.location, e.status) for e in DET.detect(art(
        "Brazilian President Lula signed deals during a visit to Paris. Mr Lula kicked off his European tour last "
        "week in Italy.", "2024-03-26"))}
    assert got == {("Paris", "held"), ("Italy", "held")}, got
    assert DET.detect(art("The band kicked off its European tour last week in Italy.", "2024-03-26")) == []


def test_a_meeting_of_a_blocs_leaders_is_its_summit():
    (e,) = DET.detect(art("In a discussion document prepared for Monday's summit meeting of EU leaders, Belgium set "
                          "out a plan to drop the levy.", "2024-06-27"))
    assert e.date == "2024-07-01" and e.participants is None
    (e,) = DET.detect(art("She said the meeting of leaders of the G-7 nations in Venice in the summer would be a forum "
                          "to show this will existed.", "2024-04-27"))
    assert (e.location, e.status) == ("Venice", "expected")
    # a bloc's ministers meeting is no leaders' meeting
    assert DET.detect(art("The meeting of EU farm ministers in Brussels on Monday will discuss the levy.",
                          "2024-04-27")) == []


def test_his_visit_is_the_leader_the_sentence_before_names():
    (e,) = DET.detect(art("Indian Prime Minister Narendra Modi left for Europe on Tuesday. His four-day trip concludes "
                          "with a meeting with French President Emmanuel Macron in Paris on Saturday.", "2025-07-01"))
    assert (set(e.participants), e.location, e.status) == ({"Narendra Modi", "Emmanuel Macron"}, "Paris", "expected")


def test_a_summit_a_group_calls_for_is_only_proposed():
    (e,) = DET.detect(art("The farmers' union will call on President Donald Trump to hold a summit with Mexican "
                          "President Claudia Sheinbaum.", "2025-07-01"))
    assert (set(e.participants), e.status) == ({"Donald Trump", "Claudia Sheinbaum"}, "proposed")


def test_the_place_of_a_meeting_is_the_one_named_from_its_word_on():
    (e,) = DET.detect(art("Indian Prime Minister Narendra Modi left for South America on Tuesday. His trip, which has "
                          "included stops in Argentina and Chile, ends with a meeting with Brazilian President Luiz "
                          "Inacio Lula da Silva in Brasilia on Saturday.", "2025-07-01"))
    assert (e.location, e.date) == ("Brasilia", "2025-07-05")


def test_a_sentence_opening_with_an_earlier_year_tells_of_that_year():
    assert DET.detect(art("President Barack Obama spoke of the crisis. When the financial crisis broke out in the US in "
                          "2007, which later spread to Europe, the US changed course, proposing to initiate the G20 "
                          "summit.", "2025-07-01")) == []
    (e,) = DET.detect(art("Leaders of the G20 will hold a summit in Johannesburg in November, officials said.",
                          "2025-07-01"))
    assert e.location == "Johannesburg"


def test_a_meeting_held_in_a_sentence_of_an_earlier_year_is_history():
    assert DET.detect(art("India made initial progress on the trade plan with Brazil during 2024, and companies from both "
                          "countries signed deals worth $5 billion during Modi's state visit to Brazil.",
                          "2025-03-23")) == []
    (e,) = DET.detect(art("Companies from both countries signed deals worth $5 billion during Indian Prime Minister "
                          "Narendra Modi's state visit to Brazil on Monday.", "2025-03-23"))
    assert e.status == "held"


def test_what_was_agreed_during_a_leaders_visit_of_an_earlier_month_is_history():
    """'agreements made during Chilean President Gabriel Boric's visit to Argentina in march', in a May story: a
    visit held in March (the month in lower case too), cited as context; a visit things 'would be discussed
    during' is still to come (self-written)."""
    for month in ("March", "march"):
        text = ("The spokesman said the talks were in line with agreements made during Chilean President Gabriel "
                f"Boric's visit to Argentina in {month}.")
        assert DET.detect(art(text, "2025-05-20")) == [], month
    (e,) = DET.detect(art("Mining projects would be discussed during Chilean President Gabriel Boric's visit to "
                          "Argentina next week.", "2025-05-20"))
    assert e.status == "expected"


def test_leaders_speaking_side_by_side_have_met():
    """'Trump, speaking alongside Japanese Prime Minister Shigeru Ishiba, stressed ..., warning that failure could lead
    to severe consequences': the leaders met; the warning's 'could' is not the meeting's (self-written)."""
    (e,) = DET.detect(art("Trump, speaking alongside Japanese Prime Minister Shigeru Ishiba, stressed the importance of "
                          "a deal, warning that failure could lead to severe consequences.", "2025-04-08"))
    assert (set(e.participants), e.status) == ({"Trump", "Shigeru Ishiba"}, "held")
    # a meeting a hypothetical is said of stays out
    assert DET.detect(art("A meeting of Trump and Japanese Prime Minister Shigeru Ishiba could lead to a deal.",
                          "2025-04-08")) == []


def test_meetings_told_in_an_aside_between_dashes_are_not_the_sentences():
    """'His visit - which has included a G20 leaders' meeting in India and an audience with the King - concludes by
    meeting Chinese President Xi Jinping in Beijing': the meeting ahead, in Beijing (self-written)."""
    (e,) = DET.detect(art("Canadian Prime Minister Mark Carney is travelling in Asia. His visit - which has included a "
                          "G20 leaders' meeting in India and an audience with the King - concludes by meeting Chinese "
                          "President Xi Jinping in Beijing.", "2025-11-10"))
    assert (e.status, e.location) == ("expected", "Beijing")
