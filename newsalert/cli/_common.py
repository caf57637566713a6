"""What every command group shares: the typer app and its groups, the consoles, one-line failures,
the home and the broker a command works with, and safe table rows.

Imported by every module of newsalert.cli; stage code is imported inside each command, so the CLI
starts fast and a stage never needs another stage's modules.
"""

from __future__ import annotations

import re
import sys
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from newsalert.settings import Settings, get_settings


app = typer.Typer(
    help="newsalert: news event alerts over Kafka (articles -> events -> Slack, email, console).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
kafka_app = typer.Typer(help="The local Kafka broker (under NEWSALERT_HOME).", no_args_is_help=True)
token_app = typer.Typer(help="API tokens of subscribers (only a hash is stored).", no_args_is_help=True)
bench_app = typer.Typer(help="Benchmarks that print figures next to a baseline measured in the same run.", no_args_is_help=True)
app.add_typer(kafka_app, name="kafka")
app.add_typer(bench_app, name="bench")
app.add_typer(token_app, name="token")

out = Console(emoji=False, width=None if sys.stdout.isatty() else 200)  # pipes get whole rows
err = Console(stderr=True, emoji=False, soft_wrap=True)

NOTIFIER_OF_FLAG = {"email": "email", "slack_channel": "slack", "slack_webhook": "slack", "console": "console"}
EMAIL_RE = re.compile(r"^[^@\s<>\"',;]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


class UserError(Exception):
    """A problem with what the user asked; printed as one line, never a traceback."""


def fail(message: str, code: int = 2) -> None:
    from rich.markup import escape

    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def settings(announce: bool = False) -> Settings:
    """The settings, logging configured; `announce`: say which home the command works on (stderr)."""
    from newsalert.log import configure

    s = get_settings()
    configure(s.log_level, secrets=secret_values(s))
    if announce:
        say_home(s)
    return s


def home_note(s: Settings) -> str:
    """`home /path (why)`: printed by every command that reads or changes a home's state."""
    return f"home {s.home_dir} ({s.home_origin})"


def say_home(s: Settings) -> None:
    """The home on stderr, so stdout stays what the command prints (e.g. `TOKEN=$(newsalert token create …)`)."""
    err.print(home_note(s), highlight=False, markup=False, style="dim")


def secret_values(s: Settings) -> list[Any]:
    """Every configured secret, for the log redaction (called when a command starts)."""
    return [s.api_admin_token, s.slack_signing_secret, s.slack_bot_token, s.smtp_password, s.ingest_token,
            s.ingest_hmac_secret]


def bootstrap_for(s: Settings, start: bool = True) -> str:
    from newsalert import localkafka

    bootstrap = localkafka.bootstrap_servers(s, start_if_needed=start)
    if s.topic_prefix:
        localkafka.create_topics(bootstrap, s.topic_partitions, s.topics.all())
    return bootstrap


def read_only_bootstrap(s: Settings) -> str:
    """The broker for a read-only command (`events`): the configured cluster or a running local broker.

    Called instead of `bootstrap_for`, which would start the local broker and leave it running; with
    none running, the command stops with one line saying how to start one."""
    from newsalert import localkafka

    if s.kafka_bootstrap:
        return s.kafka_bootstrap
    info = localkafka.status(s)
    if not info.get("running"):
        fail(f"no Kafka is running for {s.home_dir}, so there are no tracked events to read; start the pipeline "
             "(`newsalert run`) or the broker (`newsalert kafka start`), or set NEWSALERT_KAFKA_BOOTSTRAP", code=1)
    return str(info["bootstrap"])


def running_bootstrap(s: Settings, purpose: str) -> str:
    """The broker for a one-shot producer (`produce`, `poll --once`): never starts one.

    A broker started by a one-shot command would outlive it and nothing would read what it got."""
    from newsalert import localkafka

    if s.kafka_bootstrap:
        bootstrap_for(s, start=False)  # creates missing topics on the configured cluster
        return s.kafka_bootstrap
    info = localkafka.status(s)
    if not info.get("running"):
        fail(f"no Kafka is running for {home_note(s)}, so nothing would read {purpose}; start the pipeline first "
             "(`newsalert run`, in another terminal), or set NEWSALERT_HOME to the home where it runs, or "
             "NEWSALERT_KAFKA_BOOTSTRAP to a cluster", code=1)
    return str(info["bootstrap"])


def warn_if_no_processor(s: Settings, bootstrap: str) -> None:
    """One line when no processor reads this home's articles: what was sent waits in Kafka."""
    from newsalert.kafka import group_has_members

    if group_has_members(bootstrap, s.topics.group("newsalert-processors")) is False:
        err.print(f"warning: no processor is reading articles at {bootstrap} ({home_note(s)}); they wait in Kafka "
                  "until `newsalert run` or `newsalert processor` starts", highlight=False, markup=False,
                  style="yellow")


def stage_bootstrap(s: Settings) -> str:
    """`bootstrap_for` for the long-running stages: a Kafka that does not answer yet is waited for.

    Called once when `newsalert processor` or `newsalert alerts` starts. An outage at start-up is not
    a bug: exiting would only make the supervisor count it as a crash (and give up after a few); the
    one-shot tools (`produce`, ...) still fail at once with one line. SIGTERM ends the wait.
    """
    import time

    from newsalert.kafka import Backoff, describe, is_retriable

    backoff = Backoff(base_s=1.0, max_s=15.0)
    while True:
        try:
            return bootstrap_for(s)
        except Exception as exc:
            if not is_retriable(exc):
                raise
            delay = backoff.next_delay()
            where = s.kafka_bootstrap or "the local broker"
            err.print(f"waiting for Kafka at {where} ({describe(exc)}); trying again in {delay:.0f}s",
                      highlight=False, markup=False)
            time.sleep(delay)


def add_safe_row(table: Table, *cells: Any) -> None:
    """A table row of stored values: control characters and lone surrogates escaped, no rich markup.

    Every table of stored text goes through here, so an escape sequence in a subscriber name, a filter
    or a token label is shown as `\x1b[...`, never sent to the operator's terminal."""
    from rich.text import Text

    from newsalert.textsafe import printable

    table.add_row(*(Text(printable(cell)) for cell in cells))


def mask(destination: str) -> str:
    """Webhook URLs are secrets: show only their host (and never a user:password@)."""
    from alerts.api.service import mask_destination

    return mask_destination(destination)


def check_id(value: int, what: str, listing: str) -> int:
    """An id from the command line within the database's 64-bit range, or one clear line."""
    from alerts.store import valid_id

    if not valid_id(value):
        fail(f"no {what} {value if len(str(value)) <= 30 else str(value)[:30] + '…'}; `{listing}` lists them")
    return value
