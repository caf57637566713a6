"""Subscriptions and channels: `subscribe`, `subscriptions`, `unsubscribe`, `approve`, `channels`."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Annotated, Optional

import typer
from rich.table import Table

from newsalert.cli._common import (EMAIL_RE, NOTIFIER_OF_FLAG, add_safe_row, app, check_id, err, fail, home_note, mask, out,
                                    settings)
from newsalert.settings import Settings, get_settings


# -- subscriptions ----------------------------------------------------------------------------


@app.command()
def subscribe(
    channel: Annotated[str, typer.Argument(help="channel name (see `newsalert channels`)")],
    email: Annotated[Optional[str], typer.Option(help="email address to send to")] = None,
    slack_channel: Annotated[Optional[str], typer.Option(help="Slack channel id or #name (bot token)")] = None,
    slack_webhook: Annotated[Optional[str], typer.Option(help="Slack incoming webhook URL")] = None,
    console: Annotated[bool, typer.Option("--console", help="print to the console and the outbox")] = False,
    country: Annotated[Optional[list[str]], typer.Option(help="only events naming this country (repeatable)")] = None,
    person: Annotated[Optional[list[str]], typer.Option(help="only events naming this person (repeatable)")] = None,
    status: Annotated[Optional[list[str]], typer.Option(help="only events with this status (repeatable)")] = None,
    min_confidence: Annotated[float, typer.Option(help="only events at least this confident (0..1)")] = 0.0,
    subscriber: Annotated[str, typer.Option(help="who this subscription belongs to")] = "local",
    reminders: Annotated[bool, typer.Option(help="also remind before deadlines and meeting dates")] = False,
    digest: Annotated[bool, typer.Option("--digest", help="email: one message per NEWSALERT_DIGEST_PERIOD instead of one per update")] = False,
    mute_until: Annotated[Optional[str], typer.Option(help="deliver nothing before this time (ISO 8601, UTC)")] = None,
) -> None:
    """Subscribe a destination to a channel, with optional extra filters."""
    from alerts.channels import ChannelConfigError, load_channels
    from alerts.store import Store

    s = settings()
    try:
        channels = load_channels(s.channels_path)
    except ChannelConfigError as exc:
        fail(str(exc))
    if channel not in channels:
        fail(f"unknown channel {channel!r}; valid channels: {', '.join(channels)}")
    given = {k: v for k, v in (("email", email), ("slack_channel", slack_channel), ("slack_webhook", slack_webhook),
                               ("console", "console" if console else None)) if v}
    if len(given) != 1:
        fail("give exactly one destination: --email ADDR, --slack-channel ID, --slack-webhook URL or --console")
    kind, destination = next(iter(given.items()))
    from newsalert.textsafe import text_problem

    for label, values in (("--subscriber", [subscriber]), ("destination", [destination]), ("--country", country or []),
                          ("--person", person or []), ("--status", status or [])):
        for value in values:
            problem = text_problem(value)
            if problem:
                fail(f"{label} {problem}")
    destination = validate_destination(kind, destination)
    if not 0.0 <= min_confidence <= 1.0:
        fail(f"--min-confidence must be between 0 and 1, got {min_confidence}")
    if digest and kind != "email":
        fail("--digest works with --email only (Slack and the console get each update as it comes)")
    muted = None
    if mute_until:
        try:
            muted = datetime.fromisoformat(mute_until)
        except ValueError:
            fail(f"--mute-until {mute_until!r} is not a time; write it as 2025-11-01T08:00")
        muted = muted if muted.tzinfo else muted.replace(tzinfo=timezone.utc)
    from alerts.api.service import Conflict, FieldError, create_subscription

    notifier = NOTIFIER_OF_FLAG[kind]
    store = Store(s.db_url)
    try:  # the same rules as the REST API and the slash command (countries by the gazetteer, digest, statuses)
        row = create_subscription(
            store, s, channels, subscriber=subscriber, channel=channel, notifier=notifier, destination=destination,
            countries=country, people=person, statuses=status, min_confidence=min_confidence, reminders=reminders,
            mode="digest" if digest else "immediate", muted_until=muted, trusted=True,
        )
    except FieldError as exc:
        flag = {"countries": "--country", "people": "--person", "statuses": "--status", "mode": "--digest",
                "min_confidence": "--min-confidence"}.get(exc.field, exc.field)
        fail(f"{flag}: {exc.message}" if flag.startswith("--") else exc.message)
    except Conflict as exc:  # subscribing twice is not an error: say which one it is
        out.print(f"subscription {exc.existing.id} exists already with the same destination and filters; nothing "
                  f"added; {home_note(s)}", highlight=False, markup=False)
        return
    finally:
        store.close()
    out.print(f"subscription {row.id}: {channel} -> {notifier}"
              f"{'' if kind == 'console' else ' ' + mask(destination)}; {home_note(s)}", highlight=False,
              markup=False)  # a webhook URL is a secret: never echoed whole
    if filters := [*row.countries, *row.people]:
        out.print(f"filters as events name them: {', '.join(filters)}", highlight=False, markup=False)
    unconfigured = notifier_unconfigured(s, kind)
    if unconfigured:
        err.print(f"warning: {unconfigured}; deliveries to it will fail until then (`newsalert deliveries --failed` "
                  "shows them)", highlight=False, markup=False, style="yellow")


def notifier_unconfigured(s: Settings, kind: str) -> str | None:
    """What the delivery worker lacks to reach this kind of destination, or None."""
    if kind == "email" and not s.smtp_host:
        return "no SMTP server is configured: set NEWSALERT_SMTP_HOST (and _PORT, _USER, _PASSWORD) for the alert workers"
    if kind == "slack_channel" and not s.slack_bot_token:
        return "no Slack bot token is configured: set NEWSALERT_SLACK_BOT_TOKEN=xoxb-… for the alert workers"
    return None


def validate_destination(kind: str, destination: str) -> str:
    """The notifier's own check, so the CLI, the API and the sender agree on what a destination is."""
    from alerts.notifiers import get_notifier

    if kind == "email" and (not EMAIL_RE.match(destination) or len(destination) > 254):
        fail(f"{destination!r} is not an email address; write it as name@example.com")
    if kind == "slack_webhook" and not re.match(r"^https?://[^\s/]+/\S+$", destination):
        fail(f"{destination!r} is not a webhook URL; it looks like https://hooks.slack.com/services/T.../B.../...")
    try:
        return get_notifier(NOTIFIER_OF_FLAG[kind], get_settings()).validate_destination(destination)
    except ValueError as exc:
        fail(str(exc))
    raise AssertionError("unreachable")


@app.command()
def subscriptions() -> None:
    """List the subscriptions."""
    from alerts.store import Store

    s = settings(announce=True)
    store = Store(s.db_url)
    rows = store.subscriptions()
    store.close()
    table = Table("id", "subscriber", "channel", "notifier", "destination", "filters", "mode", "verification")
    for row in rows:
        filters = " ".join(
            f"{name}={','.join(map(str, value))}" for name, value in (("country", row.countries), ("person", row.people),
                                                                     ("status", row.statuses)) if value
        )
        if row.min_confidence:
            filters += f" min-confidence={row.min_confidence}"
        add_safe_row(table, row.id, row.subscriber, row.channel, row.notifier, mask(row.destination), filters.strip(),
                     row.mode, getattr(row, "verification", "active"))
    out.print(table)


@app.command()
def unsubscribe(subscription_id: Annotated[int, typer.Argument(help="id from `newsalert subscriptions`")]) -> None:
    """Remove a subscription."""
    from alerts.store import Store

    check_id(subscription_id, "subscription", "newsalert subscriptions")
    store = Store(settings(announce=True).db_url)
    removed = store.remove_subscription(subscription_id)
    store.close()
    if not removed:
        fail(f"no subscription {subscription_id}; `newsalert subscriptions` lists them")
    out.print(f"subscription {subscription_id} removed")


@app.command()
def approve(subscription_id: Annotated[int, typer.Argument(help="id of a pending subscription (`newsalert subscriptions`)")]) -> None:
    """Vouch for a pending subscription's destination: alerts are delivered to it from now on."""
    from alerts.store import Store

    check_id(subscription_id, "subscription", "newsalert subscriptions")
    store = Store(settings(announce=True).db_url)
    try:
        row = store.approve_subscription(subscription_id)
    finally:
        store.close()
    if row is None:
        fail(f"no subscription {subscription_id}; `newsalert subscriptions` lists them")
    out.print(f"subscription {subscription_id} approved: alerts go to {mask(row.destination)}", highlight=False,
              markup=False)


@app.command()
def channels(countries: Annotated[bool, typer.Option("--countries", help="list the country names filters take (and their aliases) instead")] = False) -> None:
    """List the channels and their filters (or, with --countries, the country names)."""
    from alerts.channels import ChannelConfigError, channel_table, load_channels

    if countries:
        from newsalert.places import country_aliases, country_names

        table = Table("country", "also written as")
        for short in country_names():
            table.add_row(short, ", ".join(a for a in country_aliases(short) if a != short))
        out.print(table)
        return
    s = settings(announce=True)
    try:
        known = load_channels(s.channels_path)
    except ChannelConfigError as exc:
        fail(str(exc))
    table = Table("channel", "kind", "filter", "description")
    for row in channel_table(known):
        table.add_row(row["name"], "built-in" if row["builtin"] else "configured", row["filter"], row["description"])
    out.print(table)
