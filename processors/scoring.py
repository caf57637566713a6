"""The scoring rules of `../shared/corpus/SCORING.md`, as pure functions.

These are the rules that judge the detectors, so `newsalert eval`, `eval --cv`
and the training of the learned scorer all use exactly these and nothing
else: a predicted event matches a gold event only when it is the *same event*
(right imposer and target, right leaders, right parties), one to one, per
article and per type, in gold order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

EVENT_TYPES = ("tariff_action", "leader_meeting", "export_control", "trade_talks", "trade_truce")

# Aliases SCORING.md normalises before comparing countries (case-insensitive).
_COUNTRY_ALIASES = {
    "united states": "us", "u.s.": "us", "u.s": "us", "usa": "us", "washington": "us", "us": "us",
    "beijing": "china", "prc": "china",
    "european union": "eu", "ec": "eu", "brussels": "eu",
    "britain": "uk", "united kingdom": "uk",
    "korea": "south korea", "republic of korea": "south korea",
    "moscow": "russia", "soviet union": "russia", "ussr": "russia",
}

# Slots scored on matched pairs, per type.
SCORED_SLOTS: dict[str, tuple[str, ...]] = {
    "tariff_action": ("rate", "effective_date", "status"),
    "leader_meeting": ("status", "date"),
    "export_control": ("status",),
    "trade_talks": ("location",),
    "trade_truce": ("action", "until"),
}

MAX_EVENTS_PER_EMPTY_ARTICLES = 1 / 40


def country(value: Any) -> str:
    """A country or bloc name normalised by SCORING.md's aliases (lower case)."""
    text = str(value or "").strip().lower()
    return _COUNTRY_ALIASES.get(text, text)


def countries(value: Any) -> set[str]:
    """The normalised countries of a slot that holds one name or a list of names."""
    if value is None:
        return set()
    items = value if isinstance(value, (list, tuple, set)) else [value]
    return {country(v) for v in items if str(v or "").strip()}


def person_match(a: str, b: str) -> bool:
    """Two person names match when the last word of one is a word of the other."""
    wa, wb = str(a).lower().split(), str(b).lower().split()
    if not wa or not wb:
        return False
    return wa[-1] in wb or wb[-1] in wa


def same_event(etype: str, pred: Mapping[str, Any], gold: Mapping[str, Any]) -> bool:
    """SCORING.md's 'same event' test for one predicted and one gold event of type `etype`."""
    if etype == "tariff_action":
        if gold.get("imposer") and country(pred.get("imposer")) != country(gold.get("imposer")):
            return False
        gold_targets = countries(gold.get("target"))
        return not gold_targets or bool(gold_targets & countries(pred.get("target")))
    if etype == "export_control":
        return not gold.get("imposer") or country(pred.get("imposer")) == country(gold.get("imposer"))
    if etype == "leader_meeting":
        gold_people = [p for p in (gold.get("participants") or []) if str(p).strip()]
        if not gold_people:
            return True
        pred_people = [p for p in (pred.get("participants") or []) if str(p).strip()]
        shared = sum(1 for g in gold_people if any(person_match(g, p) for p in pred_people))
        return shared >= min(2, len(gold_people))
    if etype in ("trade_talks", "trade_truce"):
        gold_parties = countries(gold.get("parties"))
        if not gold_parties:
            return True
        return len(gold_parties & countries(pred.get("parties"))) >= min(2, len(gold_parties))
    raise ValueError(f"unknown event type {etype!r}")


def _first_number(value: Any) -> str | None:
    found = re.search(r"\d+(?:\.\d+)?", str(value or ""))
    if not found:
        return None
    number = found.group(0)
    return number[:-2] if number.endswith(".0") else number


def _words(value: Any) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", str(value or "").lower()))


def slot_correct(etype: str, slot: str, pred: Any, gold: Any) -> bool:
    """SCORING.md's slot equality (only called when gold fills the slot)."""
    if pred is None or pred == "" or pred == []:
        return False
    if slot == "rate":
        return _first_number(pred) is not None and _first_number(pred) == _first_number(gold)
    if etype == "trade_talks" and slot == "location":
        p, g = str(pred).lower(), str(gold).lower()
        return p in g or g in p or bool(_words(p) & _words(g))
    return pred == gold


def match_article(preds: list[Mapping[str, Any]], golds: list[Mapping[str, Any]]
                  ) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs (pred index, gold index), unmatched pred indices, unmatched gold indices.

    Per type, in gold order, each gold event takes the first unused predicted
    event of its type that is the same event.
    """
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    missed: list[int] = []
    for j, gold in enumerate(golds):
        etype = gold.get("type")
        for i, pred in enumerate(preds):
            if i not in used and pred.get("type") == etype and same_event(etype, pred, gold):
                used.add(i)
                pairs.append((i, j))
                break
        else:
            missed.append(j)
    return pairs, [i for i in range(len(preds)) if i not in used], missed


@dataclass
class Score:
    """Counts behind the figures; `add` folds one article in, `+` merges two scores."""

    tp: dict[str, int] = field(default_factory=lambda: {t: 0 for t in EVENT_TYPES})
    fp: dict[str, int] = field(default_factory=lambda: {t: 0 for t in EVENT_TYPES})
    fn: dict[str, int] = field(default_factory=lambda: {t: 0 for t in EVENT_TYPES})
    slot_right: dict[str, int] = field(default_factory=dict)
    slot_total: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    empty_articles: int = 0
    empty_article_events: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    slot_errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, article_id: str, preds: list[Mapping[str, Any]], golds: list[Mapping[str, Any]]) -> None:
        """Score one article's predictions against its gold events."""
        self.articles += 1
        if not golds:
            self.empty_articles += 1
            self.empty_article_events += len(preds)
        pairs, false_alarms, misses = match_article(preds, golds)
        for i, j in pairs:
            etype = golds[j]["type"]
            self.tp[etype] = self.tp.get(etype, 0) + 1
            for slot in SCORED_SLOTS.get(etype, ()):
                gold_value = golds[j].get(slot)
                if gold_value is None:
                    continue
                key = f"{etype}.{slot}"
                ok = slot_correct(etype, slot, preds[i].get(slot), gold_value)
                self.slot_total[key] = self.slot_total.get(key, 0) + 1
                self.slot_right[key] = self.slot_right.get(key, 0) + int(ok)
                if not ok:
                    self.slot_errors.append({"id": article_id, "type": etype, "slot": slot,
                                             "pred": preds[i].get(slot), "gold": gold_value,
                                             "evidence": list(preds[i].get("evidence") or [])[:1]})
        for i in false_alarms:
            etype = preds[i].get("type", "")
            self.fp[etype] = self.fp.get(etype, 0) + 1
            self.false_alarms.append({"id": article_id, "event": dict(preds[i])})
        for j in misses:
            etype = golds[j].get("type", "")
            self.fn[etype] = self.fn.get(etype, 0) + 1
            self.misses.append({"id": article_id, "event": dict(golds[j])})

    def __add__(self, other: "Score") -> "Score":
        merged = Score()
        for name in ("tp", "fp", "fn", "slot_right", "slot_total"):
            mine, theirs = getattr(self, name), getattr(other, name)
            setattr(merged, name, {k: mine.get(k, 0) + theirs.get(k, 0) for k in set(mine) | set(theirs)})
        for name in ("articles", "empty_articles", "empty_article_events"):
            setattr(merged, name, getattr(self, name) + getattr(other, name))
        for name in ("misses", "false_alarms", "slot_errors"):
            setattr(merged, name, getattr(self, name) + getattr(other, name))
        return merged

    def prf(self, etype: str | None = None) -> dict[str, float | int | None]:
        """Precision, recall, F1 of one type, or micro-averaged over all types."""
        types = [etype] if etype else list(self.tp)
        tp = sum(self.tp.get(t, 0) for t in types)
        fp = sum(self.fp.get(t, 0) for t in types)
        fn = sum(self.fn.get(t, 0) for t in types)
        return {"tp": tp, "fp": fp, "fn": fn, **prf(tp, fp, fn)}

    def slot_accuracy(self) -> float | None:
        """Correct scored slots over all scored slots of matched pairs."""
        total = sum(self.slot_total.values())
        return sum(self.slot_right.values()) / total if total else None

    def summary(self) -> dict[str, Any]:
        """The figures as plain data (what `eval --json` prints)."""
        return {
            "articles": self.articles,
            "micro": self.prf(),
            "per_type": {t: self.prf(t) for t in EVENT_TYPES},
            "slot_accuracy": self.slot_accuracy(),
            "slots": {k: {"correct": self.slot_right.get(k, 0), "total": v,
                          "accuracy": self.slot_right.get(k, 0) / v if v else None}
                      for k, v in sorted(self.slot_total.items())},
            "empty_articles": self.empty_articles,
            "empty_article_events": self.empty_article_events,
        }


def prf(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    """Precision, recall and F1 from counts (None where undefined)."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = (2 * p * r / (p + r)) if p and r else (0.0 if (tp + fp + fn) else None)
    return {"precision": p, "recall": r, "f1": f}


def score_predictions(predictions: Mapping[str, list[Mapping[str, Any]]],
                      gold: Mapping[str, list[Mapping[str, Any]]],
                      ids: Iterable[str] | None = None) -> Score:
    """Score predictions (article id -> events) against gold labels over `ids` (default: every gold id)."""
    score = Score()
    for article_id in (ids if ids is not None else gold):
        if article_id in gold:
            score.add(article_id, list(predictions.get(article_id, [])), list(gold[article_id]))
    return score
