"""The seed article yields its five events; detect_events and the registry."""

import json
from pathlib import Path

import pytest

from newsalert.models import Article
from processors.detectors import DETECTORS, detect_events

SEED = Path(__file__).parents[2].parent / "shared" / "corpus" / "seed.json"


@pytest.fixture(scope="module")
def events():
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    return detect_events(Article.model_validate(json.loads(SEED.read_text())))


def by_type(events, t):
    return [e for e in events if e.type == t]


def test_registry():
    assert set(DETECTORS) == {"tariff_action", "leader_meeting", "export_control", "trade_talks", "trade_truce"}


def test_seed_talks(events):
    (t,) = by_type(events, "trade_talks")
    assert set(t.parties) == {"US", "China"} and {"Scott Bessent", "He Lifeng"} <= set(t.negotiators)
    assert "Kuala Lumpur" in (t.location or "")


def test_seed_tariff(events):
    (t,) = by_type(events, "tariff_action")
    assert (t.imposer, t.target, t.rate, t.status, t.effective_date) == ("US", "China", "100%", "threatened",
                                                                          "2025-11-01")


def test_seed_meeting(events):
    ms = [m for m in by_type(events, "leader_meeting") if m.participants and "Xi Jinping" in m.participants]
    assert len(ms) == 1
    m = ms[0]
    assert "Donald Trump" in m.participants and m.status == "confirmed" and m.confirmed_by == ["US"]
    assert "South Korea" in (m.location or "")


def test_seed_export_control(events):
    (e,) = by_type(events, "export_control")
    assert e.imposer == "China" and e.status == "tightened"


def test_seed_truce(events):
    (t,) = by_type(events, "trade_truce")
    assert t.action == "proposed" and set(t.parties) == {"US", "China"}


def test_evidence_and_confidence(events):
    for e in events:
        assert e.evidence and 0 < e.confidence <= 1 and e.event_key == "" and e.sources == []
