"""Pydantic models: the contracts between the stages.

Every Kafka record is one of these, serialised as JSON and validated on both
the producing and the consuming side.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator, model_serializer

MAX_ARTICLE_CHARS = 2_000_000


def stable_hash(*parts: str, length: int = 16) -> str:
    """A short, stable hex digest of the parts (ids that survive restarts)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


def _as_utc_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:  # a bare date: "2025-10-26"
            text += "T00:00:00"
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return value


class Article(BaseModel):
    """A news article on the `articles` topic, keyed by `id`."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=200)
    url: str | None = None
    title: str = ""
    published: datetime
    source: str | None = None
    text: str = Field(min_length=1, max_length=MAX_ARTICLE_CHARS)

    @field_validator("published", mode="before")
    @classmethod
    def _published_utc(cls, value: Any) -> Any:
        return _as_utc_datetime(value)

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text is blank")
        return value

    @staticmethod
    def derive_id(url: str | None, title: str, text: str) -> str:
        """The id of an article that came without one: its URL, else its content."""
        if url:
            return "u-" + stable_hash(url.strip())
        return "c-" + stable_hash(title.strip(), text.strip())


class SourceRef(BaseModel):
    """One article that reported an event."""

    article_id: str
    url: str | None = None
    title: str = ""
    published: datetime
    source: str | None = None

    @classmethod
    def from_article(cls, article: "Article") -> "SourceRef":
        """The reference an event keeps to the article that reported it."""
        return cls(article_id=article.id, url=article.url, title=article.title, published=article.published,
                   source=article.source)


class EventBase(BaseModel):
    """Fields every event carries, whatever its type."""

    model_config = ConfigDict(extra="forbid")

    event_key: str = ""
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    evidence: list[str] = Field(default_factory=list)
    sources: list[SourceRef] = Field(default_factory=list)

    def status_value(self) -> str | None:
        """The event's status (a truce's `action`), or None for types without one."""
        return getattr(self, "status", None)

    def countries(self) -> set[str]:
        """Every country the event names, in any role."""
        found: set[str] = set()
        for name in ("imposer", "target"):
            value = getattr(self, name, None)
            if value:
                found.add(value)
        for name in ("parties", "confirmed_by"):
            found.update(getattr(self, name, None) or [])
        return found

    def people(self) -> set[str]:
        """Every person the event names."""
        found: set[str] = set()
        for name in ("participants", "negotiators"):
            found.update(getattr(self, name, None) or [])
        return found

    def headline(self, as_of: date | None = None) -> str:
        """A one-line summary, used in alert titles; `as_of` is the day it is read for (default today)."""
        raise NotImplementedError


def _after(day: str, as_of: date | None) -> bool:
    """Whether a 'YYYY-MM-DD' (or 'YYYY-MM', 'YYYY') slot is wholly after `as_of` (default: today, UTC)."""
    as_of = as_of or datetime.now(timezone.utc).date()
    return day > as_of.isoformat()[: len(day)]


def _join(values: list[str] | None, sep: str = ", ") -> str:
    return sep.join(values or []) or "?"


class TariffAction(EventBase):
    type: Literal["tariff_action"] = "tariff_action"
    imposer: str | None = None
    target: str | None = None
    rate: str | None = None
    goods: str | None = None
    effective_date: str | None = None
    date_text: str | None = None
    status: Literal["threatened", "announced", "in_effect", "delayed", "suspended", "lifted"] = "announced"

    def headline(self, as_of: date | None = None) -> str:
        """`as_of`: the day the line is read for (an alert's: its newest report's; default today). A tariff
        in effect from a later day 'takes effect' then: 'in effect from 9 April' on 8 April misleads."""
        parts = [f"{self.imposer or '?'} tariff"]
        if self.rate:
            parts.append(self.rate)
        if self.target:
            parts.append(f"on {self.target}")
        if self.goods:
            parts.append(f"({self.goods})")
        if self.status == "in_effect" and self.effective_date and _after(self.effective_date, as_of):
            parts.append(f"— takes effect {self.effective_date}")
            return " ".join(parts)
        parts.append(f"— {self.status.replace('_', ' ')}")
        if self.effective_date:
            parts.append(f"from {self.effective_date}")
        return " ".join(parts)


class LeaderMeeting(EventBase):
    type: Literal["leader_meeting"] = "leader_meeting"
    participants: list[str] | None = None
    location: str | None = None
    date: str | None = None
    date_text: str | None = None
    confirmed_by: list[str] | None = None
    status: Literal["proposed", "expected", "confirmed", "held", "cancelled"] = "expected"

    def headline(self, as_of: date | None = None) -> str:
        # (a summit whose leaders the report does not name: "Leaders' summit — expected in Paris", not "Meeting ?")
        who = f"Meeting {' – '.join(self.participants)}" if self.participants else "Leaders' summit"
        text = f"{who} — {self.status}"
        if self.location:
            text += f" in {self.location}"
        if self.date:
            text += f" on {self.date}"
        return text


class ExportControl(EventBase):
    type: Literal["export_control"] = "export_control"
    imposer: str | None = None
    items: str | None = None
    target: str | None = None
    status: Literal["announced", "in_effect", "tightened", "eased", "suspended"] = "announced"

    def headline(self, as_of: date | None = None) -> str:
        text = f"{self.imposer or '?'} export controls" + (f" on {self.items}" if self.items else "")
        if self.target:
            text += f" to {self.target}"
        return f"{text} — {self.status.replace('_', ' ')}"


class TradeTalks(EventBase):
    type: Literal["trade_talks"] = "trade_talks"
    parties: list[str] | None = None
    negotiators: list[str] | None = None
    location: str | None = None
    date: str | None = None
    date_text: str | None = None

    def headline(self, as_of: date | None = None) -> str:
        text = f"Trade talks {_join(self.parties, ' – ')}"
        if self.location:
            text += f" in {self.location}"
        return text


class TradeTruce(EventBase):
    type: Literal["trade_truce"] = "trade_truce"
    parties: list[str] | None = None
    action: Literal["proposed", "agreed", "extended", "expired", "broken"] = "proposed"
    until: str | None = None
    date_text: str | None = None

    def status_value(self) -> str | None:
        return self.action

    def headline(self, as_of: date | None = None) -> str:
        text = f"Trade truce {_join(self.parties, ' – ')} — {self.action}"
        if self.until:
            text += f" until {self.until}"
        return text


Event = Annotated[
    Union[TariffAction, LeaderMeeting, ExportControl, TradeTalks, TradeTruce],
    Field(discriminator="type"),
]
EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)
EVENT_TYPES: dict[str, type[EventBase]] = {
    "tariff_action": TariffAction,
    "leader_meeting": LeaderMeeting,
    "export_control": ExportControl,
    "trade_talks": TradeTalks,
    "trade_truce": TradeTruce,
}

# Slots whose change is worth an alert, per type (besides the event being new).
ALERTING_FIELDS: dict[str, tuple[str, ...]] = {
    "tariff_action": ("status", "effective_date", "rate"),
    "leader_meeting": ("status", "date", "location", "confirmed_by"),
    "export_control": ("status",),
    "trade_talks": ("date", "location"),
    "trade_truce": ("action", "until"),
}


def parse_event(data: dict[str, Any] | str | bytes) -> Event:
    """Validate an event from a dict or JSON."""
    if isinstance(data, (str, bytes)):
        return EVENT_ADAPTER.validate_json(data)
    return EVENT_ADAPTER.validate_python(data)


class FieldChange(BaseModel):
    """One slot's change, with the evidence that made it (all optional: older records carry only old/new)."""

    old: Any = None
    new: Any = None
    sentence: str | None = None  # the sentence of the report that moved the value
    source: SourceRef | None = None  # the article of that report
    support: int | None = None  # distinct stories backing the new value (a re-issued story counts once)
    outlets: int | None = None  # distinct outlets among them

    @model_serializer(mode="wrap")
    def _without_absent_evidence(self, handler: Any) -> Any:
        """Records without per-change evidence keep their old shape: {"old": ..., "new": ...}."""
        data = handler(self)
        if isinstance(data, dict):
            for name in ("sentence", "source", "support", "outlets"):
                if data.get(name) is None:
                    data.pop(name, None)
        return data


class EventChange(BaseModel):
    """Why an update was emitted: a new event, changed fields, or a reminder."""

    kind: Literal["new", "changed", "reminder"]
    fields: dict[str, FieldChange] = Field(default_factory=dict)

    def describe(self) -> str:
        """The change in one line for people ('status: expected → confirmed'); lists as 'A, B', not Python lists."""
        if self.kind == "new":
            return "new event"
        if self.kind == "reminder":
            return "reminder: " + ", ".join(f"{k} {shown_value(v.new)}" for k, v in self.fields.items())
        return "; ".join(f"{name}: {shown_value(c.old) or '—'} → {shown_value(c.new) or '—'}"
                         for name, c in self.fields.items())


def shown_value(value: Any) -> str:
    """A slot value as people read it: lists joined with commas, dates in ISO form, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return ", ".join(shown_value(v) for v in value if shown_value(v))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def short_ref(event_key: str) -> str:
    """The first characters of an event's key: enough to tell events apart in `newsalert events`, an alert's
    footer or a log, without showing the whole hash."""
    return event_key[:8]


class EventUpdate(BaseModel):
    """A record of the `events` topic, keyed by `event.event_key`."""

    update_id: str
    revision: int = Field(ge=1)
    event: Event
    change: EventChange
    article_id: str
    emitted_at: datetime

    @staticmethod
    def make_id(event_key: str, revision: int, kind: str = "changed") -> str:
        return stable_hash(event_key, str(revision), kind, length=24)


class Delivery(BaseModel):
    """A record of a `deliveries.<notifier>` topic, keyed by subscription id."""

    delivery_id: str
    subscription_id: int
    subscriber: str
    channel: str
    notifier: str
    destination: str
    mode: Literal["immediate", "digest"] = "immediate"
    update: EventUpdate

    @staticmethod
    def make_id(update_id: str, subscription_id: int) -> str:
        return stable_hash(update_id, str(subscription_id), length=24)


class DeadLetter(BaseModel):
    """A record that a stage could not handle, with the reason and the original bytes."""

    stage: str
    reason: str
    source_topic: str | None = None
    source_partition: int | None = None
    source_offset: int | None = None
    original: str = Field(description="the original bytes, decoded as UTF-8 with replacement")
    original_key: str | None = None
    failed_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
