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
