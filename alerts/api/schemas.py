"""Request and response bodies of the REST API (pydantic v2)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from newsalert.textsafe import text_problem

Mode = Literal["immediate", "digest"]


def _clean_text(value: object) -> object:
    """Every stored text field: no lone surrogates, no control characters (a 422 says which and where)."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                raise ValueError(problem)
    return value


_TEXT = classmethod(lambda cls, v: _clean_text(v))


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"channel": "tariffs", "destination": "ana@example.org", "countries": ["China"], "mode": "digest"},
        {"channel": "leader-meetings", "notifier": "slack", "destination": "#trade-desk", "people": ["Xi Jinping"],
         "statuses": ["confirmed", "held"], "reminders": True},
    ]})

    subscriber: str | None = Field(None, max_length=200, description="whose subscription; a subscriber token may "
                                   "only give its own (or omit it), the admin token must give it")
    channel: str = Field(min_length=1, max_length=100, description="a channel name, see GET /channels")
    notifier: str | None = Field(None, description="email, slack or console; omitted: inferred from the destination")
    destination: str = Field(min_length=1, max_length=500, description="an email address; a Slack channel id "
                             "(C0123456789) or #name; a Slack incoming-webhook URL; or `console`")
    countries: list[str] = Field(default_factory=list, max_length=50, description="only events naming one of these countries")
    people: list[str] = Field(default_factory=list, max_length=50, description="only events naming one of these people")
    statuses: list[str] = Field(default_factory=list, max_length=20, description="only events with one of these statuses")
    min_confidence: float = Field(0.0, ge=0.0, le=1.0, description="only events at least this confident")
    mode: Mode = Field("immediate", description="immediate: one message per update; digest: grouped per period")
    reminders: bool = Field(False, description="also remind before deadlines and meeting dates")
    muted_until: datetime | None = Field(None, description="no alerts before this time (ISO 8601; no zone = UTC)")

    _text = field_validator("subscriber", "channel", "notifier", "destination", "countries", "people", "statuses")(_TEXT)


class SubscriptionPatch(BaseModel):
    """Only the fields given change; `muted_until: null` unmutes."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"countries": ["China", "EU"], "mode": "digest"}, {"muted_until": "2026-01-05T08:00:00Z"}, {"muted_until": None},
    ]})

    countries: list[str] | None = Field(None, max_length=50)
    people: list[str] | None = Field(None, max_length=50)
    statuses: list[str] | None = Field(None, max_length=20)
    min_confidence: float | None = Field(None, ge=0.0, le=1.0)
    mode: Mode | None = None
    reminders: bool | None = None
    muted_until: datetime | None = None

    _text = field_validator("countries", "people", "statuses")(_TEXT)


def _utc(value: datetime | None) -> datetime | None:
    """SQLite hands back times without a zone; they were stored as UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


class Subscription(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    subscriber: str
    channel: str
    notifier: str
    destination: str = Field(description="in lists, a webhook URL shows only its host")
    countries: list[str]
    people: list[str]
    statuses: list[str]
    min_confidence: float
    mode: str
    reminders: bool
    muted_until: datetime | None
    created_at: datetime | None
    verification: str = Field("active", description="active: alerts are delivered; pending: the destination "
                              "must first confirm the code sent to it (POST /subscriptions/{id}/verify) "
                              "or an admin approve it (POST /subscriptions/{id}/approve)")
    note: str | None = Field(None, description="on creation: whether a verification code was sent")

    _zones = field_validator("muted_until", "created_at")(classmethod(lambda cls, v: _utc(v)))


class ChannelOut(BaseModel):
    name: str
    description: str
    builtin: bool
    filter: dict[str, object]
    summary: str
    statuses: list[str] = Field(description="statuses a subscription to this channel can filter on")


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    subscriber: str = Field(min_length=1, max_length=200, pattern=r"^[^\r\n\x00]+$")
    label: str = Field("", max_length=200, pattern=r"^[^\r\n\x00]*$")

    _text = field_validator("subscriber", "label")(_TEXT)


class VerifyCode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=32, description="the code sent to the destination")


class Token(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    subscriber: str
    label: str
    created_at: datetime | None

    _zones = field_validator("created_at")(classmethod(lambda cls, v: _utc(v)))


class NewToken(Token):
    token: str = Field(description="the bearer token; shown only now, the server keeps only its SHA-256")


class Me(BaseModel):
    subscriber: str | None
    admin: bool


class Problem(BaseModel):
    """An error: `detail` for machines (FastAPI's shape), `message` for people."""

    detail: object
    message: str
