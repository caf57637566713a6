"""Event identity and lifecycle: pure functions over plain data.

A detected event (a *candidate*) is matched to a tracked event by its identity
slots (the *base key*) and time; the tracked event changes only by what a
subscriber cares about, and only forward in publication time.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

from pydantic import BaseModel, Field

from newsalert.models import (
    ALERTING_FIELDS,
    EVENT_ADAPTER,
    Event,
    EventChange,
    EventUpdate,
    FieldChange,
    SourceRef,
    stable_hash,
)

# A report more than this long after the event's last report starts a new event
# (the same two leaders meeting again next season is a new meeting).
EPISODE_GAP = timedelta(days=45)
MAX_SOURCES = 50
MAX_HISTORY = 100

_GENERIC_GOODS = {
    "goods", "good", "imports", "import", "exports", "export", "products", "product", "items", "item",
    "shipments", "shipment", "all", "other", "certain", "some", "various", "the", "a", "an", "of", "and",
    "from", "on", "made", "worth", "billion", "million", "dlrs", "dollars", "usd", "mln", "bln",
}

# Progressive statuses: a report of a lower rank never moves an event back.
_STATUS_RANK: dict[str, dict[str, int]] = {
    "tariff_action": {"threatened": 0, "announced": 1, "in_effect": 2, "delayed": 1, "suspended": 3, "lifted": 4},
    "leader_meeting": {"proposed": 0, "expected": 1, "confirmed": 2, "held": 3, "cancelled": 3},
    "export_control": {"announced": 0, "in_effect": 1, "tightened": 1, "eased": 1, "suspended": 2},
    "trade_truce": {"proposed": 0, "agreed": 1, "extended": 2, "expired": 3, "broken": 3},
}
# Statuses that may follow any other status when reported later (a deadline
# pushed back after it was announced, an export control tightened again).
_ALWAYS_ALLOWED = {"delayed", "suspended", "lifted", "cancelled", "tightened", "eased", "extended", "broken"}


_NATIONALITY = re.compile(r"[a-z]+(ese|ian|can|ish|ean)|french|dutch|swiss|thai|greek|iraqi|israeli|saudi")


def _words(text: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", (text or "").lower())


def goods_words(goods: str | None, countries: set[str]) -> set[str]:
    """Goods reduced to their distinctive word stems: 'Chinese goods' and 'imports from China' give none."""
    country_words = {w for c in countries for w in _words(c)}
    kept = set()
    for word in _words(goods):
        stem = word[:-1] if word.endswith("s") and len(word) > 3 else word
        if word in _GENERIC_GOODS or stem in _GENERIC_GOODS or word in country_words or word.isdigit():
            continue
        if _NATIONALITY.fullmatch(word):  # "Chinese goods" and "goods from China" are the same goods
            continue
        kept.add(stem[:6])
    return kept


def goods_key(goods: str | None, countries: set[str]) -> str:
    return _joined(goods_words(goods, countries))


def _joined(words: set[str]) -> str:
    return "+".join(sorted(words))


def event_goods(event: Event) -> set[str]:
    """The goods (tariffs) or items (export controls) that tell two actions of one imposer apart."""
    if event.type == "tariff_action":
        return goods_words(event.goods, event.countries())
    if event.type == "export_control":
        return goods_words(event.items, event.countries())
    return set()


def goods_compatible(a: set[str], b: set[str]) -> bool:
    """Same goods: both unspecific, or sharing a word ('rare-earth magnets' ~ 'rare-earth exports')."""
    return (not a and not b) or bool(a & b)


def _person_key(name: str) -> str:
    """A leader as their country when the gazetteer knows them ("Xi", "Xi Jinping" -> china), else the surname."""
    from processors.detectors import gazetteer

    clean = name.strip()
    known = gazetteer.PEOPLE.get(clean) or gazetteer.SURNAMES.get(clean.split()[-1] if clean else "")
    if known is not None:
        return known.country.lower()
    parts = _words(clean)
    return parts[-1] if parts else ""


def base_key(event: Event) -> str:
    """The identity of an event without time and goods: the table key under which its episodes live."""
    kind = event.type
    if kind in ("tariff_action", "export_control"):
        ident = [event.imposer or "", event.target or ""]  # goods are matched per episode, loosely
    elif kind == "leader_meeting":
        people = sorted({_person_key(p) for p in event.participants or []} - {""})
        ident = people or [_words(event.location)[0] if event.location else ""]
    elif kind in ("trade_talks", "trade_truce"):
        ident = sorted(event.parties or [])
    else:  # pragma: no cover - the union is closed
        ident = []
    return f"{kind}:" + "|".join(p.lower() for p in ident)


class HistoryEntry(BaseModel):
    revision: int
    at: datetime  # the publication time of the article that made the change
    article_id: str
    change: EventChange


class TrackedEvent(BaseModel):
    """One real-world event as the processors know it."""

    event: Event
    revision: int = 1
    first_seen: datetime
    last_seen: datetime
    # publication time of the article that last set each alerting field
    field_times: dict[str, datetime] = Field(default_factory=dict)
    history: list[HistoryEntry] = Field(default_factory=list)
    reminded: list[str] = Field(default_factory=list)  # "field:date" reminders already emitted


class Episodes(BaseModel):
    """All tracked events that share a base key (value of the faust table)."""

    events: list[TrackedEvent] = Field(default_factory=list)


def _status_field(event_type: str) -> str:
    return "action" if event_type == "trade_truce" else "status"


def _date_of(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _pick_episode(episodes: Episodes, candidate: Event, published: datetime) -> TrackedEvent | None:
    """The tracked event this candidate reports on: close in time, same goods; the best overlap wins."""
    goods = event_goods(candidate)
    best, best_rank = None, None
    for tracked in episodes.events:
        if not (tracked.first_seen - EPISODE_GAP <= published <= tracked.last_seen + EPISODE_GAP):
            continue
        tracked_goods = event_goods(tracked.event)
        if not goods_compatible(goods, tracked_goods):
            continue
        rank = (len(goods & tracked_goods), tracked.last_seen)
        if best_rank is None or rank > best_rank:
            best, best_rank = tracked, rank
    return best


def _status_may_move(event_type: str, old: str | None, new: str | None) -> bool:
    if new is None or new == old:
        return False
    if old is None or new in _ALWAYS_ALLOWED:
        return True
    ranks = _STATUS_RANK.get(event_type, {})
    return ranks.get(new, 0) >= ranks.get(old, 0)


def _union(old: list[str] | None, new: list[str] | None) -> list[str] | None:
    if not new:
        return old
    merged = list(old or [])
    for item in new:
        if item not in merged:
            merged.append(item)
    return merged


def merge(
    episodes: Episodes | None,
    candidate: Event,
    source: SourceRef,
    *,
    now: datetime,
) -> tuple[Episodes, EventUpdate | None]:
    """Fold one detected event into the tracked state.

    Returns the new state and the update to emit, or None when nothing a
    subscriber cares about changed (a repeat, an older report, a new source).
    """
    episodes = episodes.model_copy(deep=True) if episodes else Episodes()
    published = source.published
    tracked = _pick_episode(episodes, candidate, published)
    if tracked is None:
        key = f"{base_key(candidate)}#{_joined(event_goods(candidate))}@{published:%Y%m%d}"
        event = candidate.model_copy(update={"event_key": stable_hash(key, length=20), "sources": [source]})
        fields = {
            name: published for name in ALERTING_FIELDS[candidate.type] if getattr(event, name, None) is not None
        }
        change = EventChange(kind="new")
        tracked = TrackedEvent(event=event, first_seen=published, last_seen=published, field_times=fields)
        tracked.history.append(HistoryEntry(revision=1, at=published, article_id=source.article_id, change=change))
        episodes.events.append(tracked)
        return episodes, _update(tracked, change, source.article_id, now)

    current = tracked.event
    if any(s.article_id == source.article_id for s in current.sources):
        return episodes, None  # the same article again: a replay or a re-send

    data = current.model_dump()
    data["sources"] = (current.sources + [source])[-MAX_SOURCES:]
    data["evidence"] = _union(current.evidence, candidate.evidence[:1])[:5]  # type: ignore[index]
    data["confidence"] = max(current.confidence, candidate.confidence)
    changes: dict[str, FieldChange] = {}
    status_name = _status_field(current.type)
    alerting = ALERTING_FIELDS[current.type]

    for name, new_value in candidate.model_dump().items():
        if name in ("type", "event_key", "confidence", "evidence", "sources") or new_value is None:
            continue
        old_value = data.get(name)
        if name in ("participants", "parties", "negotiators", "confirmed_by"):
            merged = _union(old_value, new_value)
            if merged != old_value:
                data[name] = merged
                if name in alerting:
                    changes[name] = FieldChange(old=old_value, new=merged)
            continue
        if old_value == new_value:
            continue
        if name not in alerting:
            if old_value is None:
                data[name] = new_value  # enrich a missing slot, silently
            continue
        set_at = tracked.field_times.get(name)
        if set_at is not None and published < set_at:
            continue  # an older report never moves the event backwards
        if name == status_name and not _status_may_move(current.type, old_value, new_value):
            continue
        data[name] = new_value
        tracked.field_times[name] = published
        changes[name] = FieldChange(old=old_value, new=new_value)

    tracked.event = EVENT_ADAPTER.validate_python(data)
    tracked.last_seen = max(tracked.last_seen, published)
    if not changes:
        return episodes, None
    tracked.revision += 1
    change = EventChange(kind="changed", fields=changes)
    tracked.history.append(HistoryEntry(revision=tracked.revision, at=published, article_id=source.article_id, change=change))
    tracked.history = tracked.history[-MAX_HISTORY:]
    return episodes, _update(tracked, change, source.article_id, now)


def _update(tracked: TrackedEvent, change: EventChange, article_id: str, now: datetime) -> EventUpdate:
    key = tracked.event.event_key
    return EventUpdate(
        update_id=EventUpdate.make_id(key, tracked.revision, change.kind),
        revision=tracked.revision,
        event=tracked.event,
        change=change,
        article_id=article_id,
        emitted_at=now,
    )


REMINDER_FIELDS = {"tariff_action": "effective_date", "leader_meeting": "date"}


class ReminderDue(BaseModel):
    """A tracked event whose date is within the reminder lead time (processors-internal)."""

    event_key: str
    field: str
    date: str


def _day(value: str | None) -> datetime | None:
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None  # a month alone or unresolved words: no reminder
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)


def reminders_due(episodes: Episodes, now: datetime, lead: timedelta) -> list[ReminderDue]:
    """Events with a deadline or meeting date in (now, now + lead] not reminded of yet."""
    due = []
    for tracked in episodes.events:
        name = REMINDER_FIELDS.get(tracked.event.type)
        value = getattr(tracked.event, name, None) if name else None
        day = _day(value)
        if name is None or day is None or f"{name}:{value}" in tracked.reminded:
            continue
        if now < day <= now + lead:
            due.append(ReminderDue(event_key=tracked.event.event_key, field=name, date=value))
    return due


def apply_reminder(episodes: Episodes | None, due: ReminderDue, now: datetime) -> tuple[Episodes | None, EventUpdate | None]:
    """Record that a reminder went out and return it, once per event and date (also across restarts)."""
    if episodes is None:
        return None, None
    episodes = episodes.model_copy(deep=True)
    for tracked in episodes.events:
        if tracked.event.event_key != due.event_key:
            continue
        mark = f"{due.field}:{due.date}"
        if mark in tracked.reminded or getattr(tracked.event, due.field, None) != due.date:
            return episodes, None  # already reminded, or the date moved since the check
        tracked.reminded.append(mark)
        change = EventChange(kind="reminder", fields={due.field: FieldChange(old=None, new=due.date)})
        update = EventUpdate(
            update_id=EventUpdate.make_id(due.event_key, 0, f"reminder:{mark}"),
            revision=tracked.revision,
            event=tracked.event,
            change=change,
            article_id=tracked.event.sources[-1].article_id if tracked.event.sources else "",
            emitted_at=now,
        )
        return episodes, update
    return episodes, None
