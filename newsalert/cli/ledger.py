"""The delivery ledger: `deliveries`, `redeliver`."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from newsalert.cli._common import add_safe_row, app, fail, mask, out, running_bootstrap, settings


@app.command()
def deliveries(failed: Annotated[bool, typer.Option("--failed", help="only failed deliveries")] = False,
               limit: Annotated[int, typer.Option(help="at most this many, newest first")] = 50) -> None:
    """List deliveries from the ledger."""
    from alerts.store import Store

    store = Store(settings(announce=True).db_url)
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
