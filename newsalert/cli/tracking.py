"""`newsalert events`: the tracked events, their slots and history."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated, Any, Optional

import typer

from newsalert.cli._common import app, fail, out, read_only_bootstrap, settings


@app.command()
def events(
    type_: Annotated[Optional[str], typer.Option("--type", help="only this event type, e.g. tariff_action")] = None,
    channel: Annotated[Optional[str], typer.Option(help="only events this channel lets through")] = None,
    since: Annotated[Optional[str], typer.Option(help="only events reported since this date (YYYY-MM-DD)")] = None,
    history: Annotated[bool, typer.Option(help="show each event's history of changes")] = True,
) -> None:
    """The tracked events with their current slots and history (why each alert went out)."""
    from rich.markup import escape

    from alerts.channels import ChannelConfigError, load_channels, passes
    from newsalert.models import short_ref
    from newsalert.textsafe import printable
    from newsalert.models import EVENT_TYPES
    from processors.inspect import select, tracked_events

    s = settings(announce=True)
    if type_ and type_ not in EVENT_TYPES:
        fail(f"unknown event type {type_!r}; valid: {', '.join(EVENT_TYPES)}")
    since_at = None
    if since:
        try:
            since_at = datetime.fromisoformat(since).replace(tzinfo=timezone.utc)
        except ValueError:
            fail(f"--since {since!r} is not a date; write it as YYYY-MM-DD")
    channel_filter = None
    if channel:
        try:
            known = load_channels(s.channels_path)
        except ChannelConfigError as exc:
            fail(str(exc))
        if channel not in known:
            fail(f"unknown channel {channel!r}; valid channels: {', '.join(known)}")
        channel_filter = known[channel].filter
    found = select(tracked_events(s, read_only_bootstrap(s)), event_type=type_, since=since_at)
    if channel_filter is not None:
        found = [t for t in found if passes(channel_filter, t.event)]
    if not found:
        out.print("no tracked events match")
        return
    for tracked in found:
        event = tracked.event
        out.print(f"[bold]{escape(printable(event.headline()))}[/]  ({event.type}, ref {short_ref(event.event_key)}, "
                  f"revision {tracked.revision}, {len(event.sources)} source(s), confidence {event.confidence:.0%})",
                  highlight=False)
        out.print("  " + readable_slots(event), highlight=False, markup=False)
        if history:
            for entry in tracked.history:
                out.print(f"    {entry.at:%Y-%m-%d %H:%M} r{entry.revision} {entry.change.describe()} "
                          f"(article {entry.article_id})", highlight=False, markup=False)


def readable_slots(event: Any) -> str:
    """An event's slots on one line as people read them: 'participants: A, B · status: confirmed'.

    Called for each event `newsalert events` prints; stored text is made printable (no escape codes)."""
    from newsalert.models import shown_value
    from newsalert.textsafe import printable

    slots = event.model_dump(exclude={"type", "event_key", "confidence", "evidence", "sources"}, exclude_none=True)
    shown = ((name.replace("_", " "), shown_value(value)) for name, value in slots.items())
    return " · ".join(f"{name}: {printable(value)}" for name, value in shown if value)
