"""Channels (named filters over events) and subscription matching: pure functions."""

from __future__ import annotations

import tomllib
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, Field, ValidationError

from newsalert.models import EventBase


class ChannelFilter(BaseModel):
    """What a channel lets through. Empty lists mean 'any'."""

    model_config = {"extra": "forbid"}

    types: list[str] = Field(default_factory=list)
    countries_all: list[str] = Field(default_factory=list, description="the event names all of these countries")
    countries_any: list[str] = Field(default_factory=list, description="the event names one of these countries")
    people_any: list[str] = Field(default_factory=list)
    statuses: list[str] = Field(default_factory=list)
    min_confidence: float = 0.0

    def describe(self) -> str:
        parts = []
        for name, value in self.model_dump().items():
            if value:
                parts.append(f"{name}={','.join(value) if isinstance(value, list) else value}")
        return " ".join(parts) or "(everything)"


class Channel(BaseModel):
    name: str
    description: str = ""
    filter: ChannelFilter
    builtin: bool = False


BUILTIN_CHANNELS: dict[str, Channel] = {
    name: Channel(name=name, description=f"every {etype.replace('_', ' ')} event", filter=ChannelFilter(types=[etype]), builtin=True)
    for name, etype in (
        ("tariffs", "tariff_action"),
        ("leader-meetings", "leader_meeting"),
        ("export-controls", "export_control"),
        ("trade-talks", "trade_talks"),
        ("trade-truces", "trade_truce"),
    )
}


class ChannelConfigError(ValueError):
    pass


def load_channels(path: Path | None) -> dict[str, Channel]:
    """Built-in channels plus those of a TOML file: `[channels.us-china] countries_all = ["US", "China"]`."""
    channels = dict(BUILTIN_CHANNELS)
    if path is None or not path.exists():
        return channels
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ChannelConfigError(f"{path}: cannot read channels: {exc}") from None
    for name, spec in (data.get("channels") or {}).items():
        if not isinstance(spec, dict):
            raise ChannelConfigError(f"{path}: [channels.{name}] must be a table of filters")
        spec = dict(spec)
        description = str(spec.pop("description", ""))
        try:
            channels[name] = Channel(name=name, description=description, filter=ChannelFilter(**spec))
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ChannelConfigError(f"{path}: [channels.{name}]: {problems}") from None
    return channels


def _fold(values: list[str] | set[str]) -> set[str]:
    return {v.casefold() for v in values}


def _fold_countries(values: list[str] | set[str]) -> set[str]:
    """Countries by the gazetteer's short name: "United States", "U.S." and "US" are one (older rows too)."""
    from newsalert.places import country_key

    return {country_key(v).casefold() for v in values}


def event_countries(event: EventBase) -> set[str]:
    """The folded countries a filter tests an event against: the ones it names and, for a customs union, its
    members today (a tariff on the EU is a tariff on German goods: a filter on Germany lets it through)."""
    from newsalert.places import union_members

    named = set(event.countries())
    year = datetime.now(timezone.utc).year
    return _fold_countries(named | {m for union in named for m in union_members(union, year)})


def passes(filter_: ChannelFilter, event: EventBase) -> bool:
    """Whether a channel's filter lets this event through."""
    if filter_.types and getattr(event, "type", None) not in filter_.types:
        return False
    if filter_.countries_all or filter_.countries_any:
        # only for a filter on countries: the gazetteer look-ups were half of routing a fan-out (issue 9)
        countries = event_countries(event)
        if filter_.countries_all and not _fold_countries(filter_.countries_all) <= countries:
            return False
        if filter_.countries_any and not (_fold_countries(filter_.countries_any) & countries):
            return False
    if filter_.people_any and not _people_match(filter_.people_any, event.people()):
        return False
    if filter_.statuses and (event.status_value() or "") not in filter_.statuses:
        return False
    return event.confidence >= filter_.min_confidence


def _people_match(wanted: list[str], people: set[str]) -> bool:
    # "Xi" matches "Xi Jinping", "Trump" matches "Donald Trump": any word or the whole name.
    names = _fold(people)
    words = {word for name in names for word in name.split()}
    return any(w.casefold() in names or w.casefold() in words for w in wanted)


class SubscriptionLike(Protocol):
    channel: str
    countries: list[str]
    people: list[str]
    statuses: list[str]
    min_confidence: float
    muted_until: datetime | None


def subscription_matches(
    subscription: SubscriptionLike, channels: dict[str, Channel], event: EventBase, *, now: datetime
) -> bool:
    """Whether a subscription wants this event: its channel's filter, then its own filters."""
    channel = channels.get(subscription.channel)
    if channel is None or not passes(channel.filter, event):
        return False
    if subscription.muted_until is not None:
        muted = subscription.muted_until
        if muted.tzinfo is None:
            muted = muted.replace(tzinfo=now.tzinfo)
        if now < muted:
            return False
    if not (subscription.countries or subscription.people or subscription.statuses):
        # no filters of its own but the floor: what `passes` would answer, without a ChannelFilter per
        # (update, subscription) (issue 9)
        return event.confidence >= (subscription.min_confidence or 0.0)
    own = ChannelFilter(
        countries_any=list(subscription.countries or []),
        people_any=list(subscription.people or []),
        statuses=list(subscription.statuses or []),
        min_confidence=subscription.min_confidence or 0.0,
    )
    return passes(own, event)


def channel_table(channels: dict[str, Channel]) -> list[dict[str, Any]]:
    return [
        {"name": c.name, "builtin": c.builtin, "filter": c.filter.describe(), "description": c.description}
        for c in channels.values()
    ]
