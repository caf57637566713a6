"""A detector bug is logged with its article, not swallowed unseen; and no detector raises on the test texts."""

from __future__ import annotations

from datetime import datetime, timezone

import structlog

from newsalert.models import Article
from processors.detectors import DETECTORS, rule_events
from processors.detectors import tariff as tariff_module
from tests.unit.test_detectors_modern import CASES

PUBLISHED = datetime(2025, 6, 2, tzinfo=timezone.utc)


def test_a_detector_that_raises_is_logged_and_costs_only_its_type(monkeypatch) -> None:
    def broken(doc, permissive=False):
        raise ValueError("a bug")

    monkeypatch.setattr(tariff_module, "_detect", broken)
    article = Article(id="bug-1", title="", published=PUBLISHED,
                      text="Trump and Xi will meet in Busan on Thursday. The US imposed a 25% tariff on Chinese steel.")
    with structlog.testing.capture_logs() as logs:
        events = rule_events(article)
    assert [e.type for e in events] == ["leader_meeting"]  # the meeting survives the tariff detector's bug
    failures = [entry for entry in logs if entry["event"].startswith("detector failed")]
    assert len(failures) == 1 and failures[0]["event_type"] == "tariff_action" and failures[0]["article_id"] == "bug-1"
    assert failures[0]["log_level"] == "error"


def test_no_detector_fails_on_the_test_texts() -> None:
    with structlog.testing.capture_logs() as logs:
        for name, published, text, _ in CASES:
            article = Article(id=f"case-{name}", title="", text=text,
                              published=datetime.fromisoformat(published).replace(tzinfo=timezone.utc))
            for detector in DETECTORS.values():
                detector.detect(article)
            DETECTORS["tariff_action"].candidates(article)  # type: ignore[attr-defined]
    assert not [entry for entry in logs if entry["event"].startswith("detector failed")]
