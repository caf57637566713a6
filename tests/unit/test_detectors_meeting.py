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
