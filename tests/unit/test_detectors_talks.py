"""trade_talks: parties, negotiators, dates; leaders and banks are not trade talks."""

from datetime import datetime, timezone

from newsalert.models import Article
from processors.detectors import DETECTORS

DET = DETECTORS["trade_talks"]


def art(text: str, published: str = "2025-10-26") -> Article:
    return Article(id="k", title="", published=datetime.fromisoformat(published).replace(tzinfo=timezone.utc),
                   text=text)


def test_bilateral_talks_with_negotiators_and_date():
    (e,) = DET.detect(art("Chinese Vice Premier He Lifeng and US Treasury Secretary Scott Bessent will hold trade "
                          "talks in Kuala Lumpur on Saturday."))
    assert set(e.parties) == {"China", "US"} and set(e.negotiators) == {"He Lifeng", "Scott Bessent"}
    assert e.location == "Kuala Lumpur" and e.date == "2025-11-01"


def test_two_tracks_are_two_events():
    events = DET.detect(art("Canada and the EU held trade talks in Brussels. Separately, Japanese and U.S. "
                            "negotiators met to discuss farm trade."))
    assert len(events) == 2


def test_not_talks():
    assert DET.detect(art("Brazil and its creditor banks agreed to talks on the debt.")) == []
    assert DET.detect(art("U.S. and Canadian negotiators opened talks last summer aimed at dismantling trade "
                          "barriers.", "1987-03-02")) == []
