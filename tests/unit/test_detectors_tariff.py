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
