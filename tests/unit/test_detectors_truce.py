"""trade_truce: actions and end dates; non-trade truces are ignored."""

from datetime import datetime, timezone

from newsalert.models import Article
from processors.detectors import DETECTORS

DET = DETECTORS["trade_truce"]


def art(text: str, published: str = "2025-08-11") -> Article:
    return Article(id="r", title="", published=datetime.fromisoformat(published).replace(tzinfo=timezone.utc),
                   text=text)


def test_extended_until():
    (e,) = DET.detect(art("The United States and China extended their tariff truce until Nov. 10."))
    assert e.action == "extended" and e.until == "2025-11-10" and set(e.parties) == {"US", "China"}


def test_proposed():
    (e,) = DET.detect(art("US and Chinese officials discussed extending the trade truce."))
    assert e.action == "proposed"


def test_agreed_and_broken():
    assert DET.detect(art("Washington and Beijing agreed a 90-day trade truce on Monday."))[0].action == "agreed"
    assert DET.detect(art("China said the US had violated the trade truce by adding firms to its list."))[0].action \
        == "broken"


def test_not_a_trade_truce():
    assert DET.detect(art("Spanish farmers called a truce in their protests to negotiate with the government.")) == []


def test_trade_brought_to_a_standstill_is_no_truce():
    # (self-written) a halt of business is no agreed standstill on tariffs
    assert DET.detect(art("Cancelled flights and falling demand have brought the flower trade between Kenya and "
                          "China to a virtual standstill, exporters said.", "2020-06-25")) == []
    assert DET.detect(art("Talks stalled and cross-border trade between India and Pakistan is at a standstill.",
                          "2020-06-25")) == []
    (e,) = DET.detect(art("The EU and the US agreed a standstill on new tariffs while talks continue, officials said "
                          "on Monday.", "2020-06-25"))
    assert set(e.parties) == {"EU", "US"}


def test_a_truce_the_headline_names_between_its_sides():
    story = Article(id="t", title="Implications of Brazil-Argentina trade truce for China", text=(
        "Brasilia agreed to hold off on its tariffs on cars and auto parts from Argentina. Yet the possibility exists "
        "that the two will turn their compromise into serious negotiations."),
        published=datetime(2018, 7, 27, tzinfo=timezone.utc))
    (e,) = DET.detect(story)
    assert (set(e.parties), e.action) == ({"Brazil", "Argentina"}, "agreed")
    # a headline naming one side only says nothing of whose truce
    assert DET.detect(story.model_copy(update={"title": "Implications of a trade truce for China"})) == []
