"""Event detectors: one module per event type, one small interface.

    from processors.detectors import DETECTORS, detect_events
    events = detect_events(article)        # all types, with confidence and evidence

Each detector is pure (no I/O) and never raises; the shared analysis of an
article (sentences, countries, people, dates) is computed once and reused by
all of them.
"""

from __future__ import annotations

from newsalert.models import Article, EventBase

from .base import Detector
from .export_control import ExportControlDetector
from .meeting import MeetingDetector
from .talks import TalksDetector
from .tariff import TariffDetector
from .truce import TruceDetector

DETECTORS: dict[str, Detector] = {
    "tariff_action": TariffDetector(),
    "leader_meeting": MeetingDetector(),
    "export_control": ExportControlDetector(),
    "trade_talks": TalksDetector(),
    "trade_truce": TruceDetector(),
}


def detect_events(article: Article) -> list[EventBase]:
    """Every event of every type found in the article, its confidence calibrated by the learned scorer.

    Without a model in the package (`newsalert train` makes one) the rules' own confidence stays.
    """
    from ..learned import calibrated_events, default_scorer  # the scorer reads the detectors: import late

    scorer = default_scorer()
    if scorer is not None:
        try:
            return calibrated_events(article, scorer)
        except Exception:  # belt and braces: a scoring bug must not cost the events
            pass
    return rule_events(article)


def rule_events(article: Article) -> list[EventBase]:
    """Every event the strict rules find (the baseline the learned scorer is compared with)."""
    out: list[EventBase] = []
    for detector in DETECTORS.values():
        try:
            out.extend(detector.detect(article))
        except Exception:  # belt and braces: detectors already never raise
            continue
    return out


__all__ = ["DETECTORS", "Detector", "detect_events", "rule_events"]
