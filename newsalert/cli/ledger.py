"""The delivery ledger: `deliveries` (and `--parked`), `redeliver`, `retry` (a parked destination now)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from newsalert.cli._common import add_safe_row, app, err, fail, mask, out, running_bootstrap, settings


@app.command()
def deliveries(failed: Annotated[bool, typer.Option("--failed", help="only failed deliveries")] = False,
               parked: Annotated[bool, typer.Option("--parked", help="the parked destinations instead: what waits, "
                                                                      "since when, the next try, the error")] = False,
               limit: Annotated[int, typer.Option(help="at most this many, newest first")] = 50) -> None:
    """List deliveries from the ledger (or, with --parked, the destinations whose deliveries wait)."""
    from alerts.store import Store

    if failed and parked:
        fail("give --failed or --parked, not both")
    s = settings(announce=True)
    store = Store(s.db_url)
    if parked:
        try:
            show_parked(store, s)
        finally:
            store.close()
        return
    rows = store.deliveries("failed" if failed else None, limit=limit)
    store.close()
    table = Table("updated (UTC)", "delivery id", "status", "attempts", "notifier", "destination", "subscription",
                  "last error", expand=False)
    table.columns[-1].overflow = "fold"  # the whole error, wrapped, never cut off
    for row in rows:
        add_safe_row(table, f"{row.updated_at:%Y-%m-%d %H:%M:%S}" if row.updated_at else "", row.delivery_id,
                     row.status, row.attempts, row.notifier, mask(row.destination), row.subscription_id,
                     row.last_error or "")
    out.print(table)


@app.command()
def redeliver(delivery_id: Annotated[str, typer.Argument(help="id from `newsalert deliveries`")]) -> None:
    """Queue one delivery again for the running alert workers (they hold the Slack/SMTP secrets, not you)."""
    from alerts.store import Store
    from newsalert.kafka import make_producer, send_json
    from newsalert.models import Delivery

    s = settings(announce=True)
    store = Store(s.db_url)
    try:
        row = store.get_delivery(delivery_id)
        if row is None:
            fail(f"no delivery {delivery_id!r}; `newsalert deliveries` lists them")
        if row.status == "sent":
            fail(f"delivery {delivery_id} was sent already ({row.sent_at:%Y-%m-%d %H:%M} UTC); nothing to do"
                 if row.sent_at else f"delivery {delivery_id} was sent already; nothing to do", code=1)
        if row.status == "parked":  # queued again it would jump the line of its destination
            fail(f"delivery {delivery_id} is parked (its destination keeps failing); `newsalert retry {delivery_id}` "
                 "has the workers try that destination now, its deliveries in order", code=1)
        delivery = Delivery.model_validate(row.payload)
        bootstrap = running_bootstrap(s, "the delivery")
        previous = row.last_error
        store.reset_delivery(delivery_id)  # pending again: the worker's dedup step lets it through
    finally:
        store.close()
    producer = make_producer(bootstrap)
    try:
        send_json(producer, s.topics.deliveries(delivery.notifier), str(delivery.subscription_id), delivery).get(timeout=30)
    finally:
        producer.close()
    out.print(f"delivery {delivery_id} queued for the {delivery.notifier} workers"
              + (f" (last error was: {previous})" if previous else "")
              + "; `newsalert deliveries` shows how it went", highlight=False, markup=False)


def show_parked(store: Any, s: Any) -> None:
    """The table of `deliveries --parked`: one row per parked destination, the longest parked first."""
    from datetime import timedelta

    from alerts.parking import parked_list

    horizon = timedelta(hours=s.retry_horizon_hours) if s.retry_horizon_hours else None
    found = parked_list(store, s.max_attempts, horizon)
    if not found:
        out.print("no parked destinations", highlight=False, markup=False)
        return
    table = Table("notifier", "destination", "waiting", "oldest delivery", "first tried (UTC)", "attempts",
                  "next try (UTC)", "gives up (UTC)", "last error", expand=False)
    table.columns[-1].overflow = "fold"
    for p in found:
        add_safe_row(table, p.notifier, mask(p.destination), p.waiting, p.oldest_id, f"{p.since:%Y-%m-%d %H:%M:%S}",
                     p.attempts, f"{p.next_try:%Y-%m-%d %H:%M:%S}",
                     f"{p.gives_up:%Y-%m-%d %H:%M:%S}" if p.gives_up else "", p.last_error or "")
    out.print(table)
    err.print("`newsalert retry DESTINATION` (or the oldest delivery's id) has the workers try one now",
              highlight=False, markup=False, style="dim")


@app.command()
def retry(target: Annotated[str, typer.Argument(help="a parked destination (e.g. C0ALERTS01, ana@example.com) or the "
                                                   "id of one of its deliveries, from `newsalert deliveries --parked`")]
          ) -> None:
    """Try a parked destination now instead of at its next scheduled try (the running alert workers send it)."""
    from alerts.parking import retry_now
    from alerts.store import Store
    from newsalert.textsafe import text_problem

    problem = text_problem(target)
    if problem:
        fail(f"destination {problem}")
    s = settings(announce=True)
    store = Store(s.db_url)
    try:
        made_due = retry_now(store, target, s.max_attempts)
    finally:
        store.close()
    if not made_due:
        fail(f"nothing parked for {target!r}; `newsalert deliveries --parked` lists the parked destinations", code=1)
    for p in made_due:
        out.print(f"{p.notifier} {mask(p.destination)}: delivery {p.oldest_id} is due now ({p.waiting} waiting); the "
                  "running alert workers try it within 5 s, the others follow in order once it goes through; "
                  "`newsalert deliveries --parked` shows how it went", highlight=False, markup=False)
