"""Subscription rules shared by the REST API and the Slack slash command (no HTTP here)."""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

from alerts.channels import Channel
from alerts.notifiers import NOTIFIERS, get_notifier
from alerts.store import Store, SubscriptionRow
from newsalert.textsafe import text_problem

MODES = ("immediate", "digest")
FILTER_FIELDS = ("countries", "people", "statuses", "min_confidence")


class FieldError(ValueError):
    """One invalid input field, with a message for the person who sent it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class Conflict(Exception):
    def __init__(self, existing: SubscriptionRow) -> None:
        super().__init__(f"an identical subscription exists: {existing.id}")
        self.existing = existing


def _statuses_of(event_cls: type) -> list[str]:
    for name in ("status", "action"):
        field = getattr(event_cls, "model_fields", {}).get(name)
        if field is not None and typing.get_origin(field.annotation) is typing.Literal:
            return [str(v) for v in typing.get_args(field.annotation)]
    return []


def valid_statuses(channel: Channel) -> list[str]:
    """The statuses events of this channel can have (all known ones for a channel over every type)."""
    from newsalert.models import EVENT_TYPES

    types = channel.filter.types or list(EVENT_TYPES)
    seen: dict[str, None] = {}
    for etype in types:
        cls = EVENT_TYPES.get(etype)
        if cls is not None:
            for status in _statuses_of(cls):
                seen.setdefault(status, None)
    return list(seen)


DIGEST_NOTIFIERS = ("email",)  # the notifiers that can gather updates into one message per period


def infer_notifier(destination: str) -> str:
    """The notifier a destination means when it can only mean one: an email address, a Slack channel
    (id like C0123456789 or #name) or webhook URL, the console. Anything else: FieldError asking for
    `notifier` (a bare word was silently a Slack channel, "not-an-email" became #not-an-email)."""
    value = (destination or "").strip()
    if value.lower() in ("console", "stdout"):
        return "console"
    if re.match(r"^https?://", value, re.I):
        return "slack"
    if "@" in value:
        return "email"
    if value.startswith("#") or re.match(r"^[CGD][A-Z0-9]{8,}$", value):
        return "slack"
    raise FieldError("notifier", f"cannot tell which notifier {value[:60]!r} is for: give \"notifier\" "
                                 f"({', '.join(sorted(NOTIFIERS))}), or write a Slack channel as #name or its id "
                                 "(C0123456789), an email address as name@example.com")


def _canonical_list(field: str, values: Iterable[str] | None, canonical: Callable[[str], str]) -> list[str]:
    """The cleaned values of a list filter, each through `canonical` (a ValueError is the field's error),
    without repeats, in the order given."""
    out: list[str] = []
    for value in clean_list(field, values):
        try:
            name = canonical(value)
        except ValueError as exc:
            raise FieldError(field, str(exc)) from None
        if name not in out:
            out.append(name)
    return out


def check_countries(values: Iterable[str] | None) -> list[str]:
    """Country filters by the detectors' gazetteer: "United States", "U.S.", "USA" -> "US"; typos refused
    with the closest names."""
    from newsalert.places import canonical_country

    return _canonical_list("countries", values, canonical_country)


def check_people(values: Iterable[str] | None) -> list[str]:
    """People as events spell the known ones; a near miss of a known name is refused with the name."""
    from newsalert.places import canonical_person

    return _canonical_list("people", values, canonical_person)


def check_mode(mode: str, notifier: str) -> str:
    if mode not in MODES:
        raise FieldError("mode", f"must be one of: {', '.join(MODES)}")
    if mode == "digest" and notifier not in DIGEST_NOTIFIERS:
        raise FieldError("mode", f"digest works with {', '.join(DIGEST_NOTIFIERS)} only; {notifier} gets each "
                                 "update as it comes (use mode \"immediate\")")
    return mode


def mask_destination(destination: str) -> str:
    """Webhook URLs are secrets: keep the scheme and host, hide the path and any user:password@."""
    match = re.match(r"^(https?://)(?:[^/@]*@)?([^/@]+)(/|$)", destination or "", re.I)
    return f"{match.group(1)}{match.group(2)}/…" if match else destination


def check_text(field: str, value: str) -> str:
    """Refuse text that cannot be stored and shown safely (lone surrogates, control characters)."""
    problem = text_problem(value)
    if problem:
        raise FieldError(field, problem)
    return value


def clean_list(field: str, values: Iterable[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        text = str(value).strip()
        if not text:
            raise FieldError(field, "empty values are not allowed")
        if any(ch in text for ch in "\r\n\x00"):
            raise FieldError(field, f"{text[:40]!r} contains a line break")
        check_text(field, text)
        if len(text) > 100:
            raise FieldError(field, f"{text[:40]!r}… is longer than 100 characters")
        if text not in out:
            out.append(text)
    return out


def check_channel(channels: dict[str, Channel], name: str) -> Channel:
    channel = channels.get(name)
    if channel is None:
        raise FieldError("channel", f"unknown channel {name!r}; valid channels: {', '.join(channels)}")
    return channel


def check_statuses(channel: Channel, statuses: list[str]) -> list[str]:
    valid = valid_statuses(channel)
    for status in statuses:
        if valid and status not in valid:
            raise FieldError("statuses", f"{status!r} is not a status of channel {channel.name!r}; "
                                         f"valid statuses: {', '.join(valid)}")
    return statuses


def check_destination(settings: Any, notifier: str, destination: str) -> str:
    if notifier not in NOTIFIERS:
        raise FieldError("notifier", f"unknown notifier {notifier!r}; valid notifiers: {', '.join(sorted(NOTIFIERS))}")
    try:
        return get_notifier(notifier, settings).validate_destination(destination)
    except ValueError as exc:
        raise FieldError("destination", str(exc)) from None


def check_min_confidence(value: float) -> float:
    if not 0.0 <= float(value) <= 1.0:
        raise FieldError("min_confidence", f"must be between 0 and 1, got {value}")
    return float(value)


def aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)  # a time without zone is taken as UTC
    return value


def create_subscription(
    store: Store, settings: Any, channels: dict[str, Channel], *, subscriber: str, channel: str,
    destination: str, notifier: str | None = None, countries: Iterable[str] | None = None,
    people: Iterable[str] | None = None, statuses: Iterable[str] | None = None, min_confidence: float = 0.0,
    mode: str = "immediate", reminders: bool = False, muted_until: datetime | None = None,
    trusted: bool = True,
) -> SubscriptionRow:
    """Validate and store one subscription. FieldError on bad input, Conflict when an identical one exists.

    `trusted`: the destination is vouched for (the admin, the operator's CLI, a Slack user in the channel
    the command was typed in). A subscriber's own email address or Slack destination is not: the row is
    stored `pending` with a code the caller sends there (see `needs_verification`), and nothing is
    delivered until the code is confirmed or an admin approves it.
    """
    if not subscriber or len(subscriber) > 200 or any(ch in subscriber for ch in "\r\n\x00"):
        raise FieldError("subscriber", "must be 1 to 200 characters on one line")
    check_text("subscriber", subscriber)
    check_text("channel", channel)
    check_text("destination", destination)
    chan = check_channel(channels, channel)
    notifier = notifier or infer_notifier(destination)
    destination = check_destination(settings, notifier, destination)
    fields = dict(
        subscriber=subscriber, channel=chan.name, notifier=notifier, destination=destination,
        countries=check_countries(countries), people=check_people(people),
        statuses=check_statuses(chan, clean_list("statuses", statuses)),
        min_confidence=check_min_confidence(min_confidence),
    )
    check_mode(mode, notifier)
    for row in store.subscriptions(subscriber):  # identical: same filters, mode and reminders
        if all(getattr(row, k) == v for k, v in fields.items()) and row.mode == mode and bool(row.reminders) == bool(reminders):
            raise Conflict(row)
    verification = "active" if trusted or not needs_verification(notifier) else "pending"
    return store.add_subscription(**fields, mode=mode, reminders=bool(reminders), muted_until=aware(muted_until),
                                  verification=verification)


def needs_verification(notifier: str) -> bool:
    """Destinations outside this system (a mailbox, a Slack channel or webhook) must prove they are the subscriber's."""
    return notifier in ("email", "slack")


def change_subscription(
    store: Store, channels: dict[str, Channel], row: SubscriptionRow, changes: dict[str, Any]
) -> SubscriptionRow:
    """Apply a partial update (filters, mode, reminders, muted_until); FieldError on bad input."""
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "countries":
            values[name] = check_countries(value)
        elif name == "people":
            values[name] = check_people(value)
        elif name == "statuses":
            values[name] = clean_list(name, value)
        elif name == "min_confidence":
            values[name] = check_min_confidence(value)
        elif name == "mode":
            values[name] = check_mode(value, row.notifier)
        elif name == "reminders":
            values[name] = bool(value)
        elif name == "muted_until":
            values[name] = aware(value)
        else:
            raise FieldError(name, "cannot be changed; delete the subscription and create a new one")
    if "statuses" in values and row.channel in channels:
        check_statuses(channels[row.channel], values["statuses"])
    updated = store.update_subscription(row.id, **values)
    if updated is None:
        raise LookupError(row.id)
    return updated


@dataclass
class Principal:
    """Who is calling: the admin, or one subscriber."""

    subscriber: str | None
    admin: bool = False

    def owns(self, row: SubscriptionRow) -> bool:
        return self.admin or row.subscriber == self.subscriber
