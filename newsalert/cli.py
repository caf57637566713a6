"""The `newsalert` command line: one entry point for every stage and tool.

Stage code is imported inside each command, so the CLI starts fast and a stage
never needs another stage's modules.
"""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from newsalert import __version__
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


# -- kafka -----------------------------------------------------------------------------


@kafka_app.command("start")
def kafka_start() -> None:
    """Start the local broker (downloads the jars once), create the topics, print the bootstrap address."""
    from newsalert import localkafka

    s = settings()
    if s.kafka_bootstrap:
        out.print(f"NEWSALERT_KAFKA_BOOTSTRAP is set ({s.kafka_bootstrap}): using that cluster, starting nothing.")
        localkafka.create_topics(s.kafka_bootstrap, s.topic_partitions, s.topics.all())
        return
    bootstrap = localkafka.start(s)
    out.print(f"Kafka {s.kafka_version} running at {bootstrap}; {home_note(s)}", highlight=False, markup=False)


@kafka_app.command("stop")
def kafka_stop() -> None:
    """Stop the local broker of this home."""
    from newsalert import localkafka

    stopped = localkafka.stop(settings(announce=True))
    out.print("stopped" if stopped else "not running")


@kafka_app.command("status")
def kafka_status() -> None:
    """Say whether the local broker of this home runs, and where."""
    from newsalert import localkafka

    info = localkafka.status(settings(announce=True))
    for key, value in info.items():
        out.print(f"{key}: {value}", highlight=False)
    if not info.get("running"):
        raise typer.Exit(1)


# -- producers ------------------------------------------------------------------------------


@app.command()
def produce(
    paths: Annotated[list[str], typer.Argument(help="article files (JSON, JSON Lines, text, HTML), or - for stdin")],
) -> None:
    """Send articles to the running pipeline of this home (never starts a broker).

    \b
    Article formats (each input file, or stdin with -):
      JSON object, array of objects, or JSON Lines, one article each:
        {"id": "reuters-123", "url": "https://...", "title": "headline",
         "published": "2025-07-01T09:30:00Z", "source": "Reuters",
         "text": "the article body"}
        Only text is required. id: derived from url/title/text when
        missing. published: the time of sending when missing (give it:
        events move by publication time).
      Plain text: the first line is the title, the rest the body.
      HTML: title and main text extracted with trafilatura.
    Bad inputs get one line each and the rest still go; the exit code
    is 1 when any input was skipped.
    """
    from datetime import datetime, timezone

    from newsalert.ingest import parse_path, parse_stream
    from newsalert.kafka import make_producer
    from producers.publish import publish

    s = settings()

    def items():  # type: ignore[no-untyped-def]
        for raw in paths:  # each input bounded (size, regular files only, nesting): a bad one never stops the rest
            if raw == "-":
                yield from parse_stream(sys.stdin.buffer, name="stdin")
            else:
                yield from parse_path(Path(raw))

    bootstrap = running_bootstrap(s, "the articles")
    producer = make_producer(bootstrap)
    try:
        report = publish(producer, items(), topic=s.topics.articles, on_error=lambda line: err.print(f"[red]skipped[/] {line}", highlight=False))
    finally:
        producer.close()
    out.print(f"sent {len(report.sent)} article(s) to {bootstrap}; {len(report.errors)} input(s) skipped "
              f"; {home_note(s)}", highlight=False, markup=False)
    if report.sent:
        warn_if_no_processor(s, bootstrap)
    if report.errors:
        raise typer.Exit(1)  # some inputs were not sent: scripts must see it


@app.command()
def poll(
    urls: Annotated[Optional[list[str]], typer.Argument(help="RSS/Atom feed URLs (default: NEWSALERT_FEEDS)")] = None,
    once: Annotated[bool, typer.Option(help="poll each feed once and exit")] = False,
) -> None:
    """Poll RSS/Atom feeds and send their new entries (each entry once, also across restarts)."""
    from newsalert.kafka import make_producer
    from newsalert.lifecycle import StopFlag
    from producers.feeds import FeedState, poll_and_send, run_poller
    from producers.publish import send_article

    s = settings()
    feeds = urls or s.feeds
    if not feeds:
        fail("no feeds: pass feed URLs or set NEWSALERT_FEEDS=url1,url2")
    bootstrap = running_bootstrap(s, "the feed entries") if once else bootstrap_for(s)
    producer = make_producer(bootstrap)
    state = FeedState(s.home_dir / "feeds.sqlite")

    def send(article):  # type: ignore[no-untyped-def]
        send_article(producer, article, s.topics.articles).get(timeout=30)  # type: ignore[attr-defined]

    failed = 0
    try:
        if once:
            for url in feeds:
                result = poll_and_send(url, state, send)
                for problem in result.errors:
                    err.print(f"[red]problem[/] {problem}", highlight=False)
                unreadable = (result.status or 0) >= 400 or (result.status is None and bool(result.errors)
                                                               and not result.new_articles)
                failed += unreadable
                out.print(f"{url}: HTTP {result.status or 'no answer'}, {len(result.new_articles)} new", highlight=False,
                          markup=False)
        else:
            run_poller(feeds, state, send, interval_s=s.feed_interval, should_stop=StopFlag().install())
    finally:
        producer.close()
        state.close()
    if failed:
        fail(f"{failed} of {len(feeds)} feed(s) could not be read (see the lines above)", code=1)


@app.command()
def ingest(port: Annotated[int, typer.Option(help="port on 127.0.0.1")] = 8088,
           host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1") -> None:
    """Serve `POST /articles` and send what arrives to Kafka (authenticated: NEWSALERT_INGEST_TOKEN or _HMAC_SECRET)."""
    from newsalert.kafka import make_producer
    from newsalert.lifecycle import StopFlag
    from producers.http_ingest import kafka_batch_sender, make_server, serve_in_thread

    s = settings()
    secret = lambda v: v.get_secret_value() if v is not None else None  # noqa: E731
    if not s.ingest_token and not s.ingest_hmac_secret and not (s.ingest_allow_anonymous and host in ("127.0.0.1", "localhost", "::1")):
        fail("the ingest endpoint needs authentication: set NEWSALERT_INGEST_TOKEN (clients send `Authorization: "
             "Bearer <token>`) or NEWSALERT_INGEST_HMAC_SECRET (clients sign bodies); "
             "NEWSALERT_INGEST_ALLOW_ANONYMOUS=true works on a loopback address only")
    producer = make_producer(bootstrap_for(s))
    server = make_server(host, port, kafka_batch_sender(producer, s.topics.articles), token=secret(s.ingest_token),
                         hmac_secret=secret(s.ingest_hmac_secret), allow_anonymous=s.ingest_allow_anonymous,
                         max_articles=s.ingest_max_articles, timeout_s=s.ingest_timeout)
    serve_in_thread(server)
    out.print(f"POST articles to http://{host}:{server.server_address[1]}/articles")
    stop = StopFlag().install()
    while not stop.wait(0.5):
        pass
    server.shutdown()
    producer.close()


# -- stage workers -------------------------------------------------------------------------


@app.command()
def processor() -> None:
    """Run the stream processors (faust): articles -> events."""
    from newsalert.metrics import serve as serve_metrics
    from newsalert.supervise import watch_parent
    from processors.app import run_worker

    s = settings()
    serve_metrics(s.metrics_port)
    stop_deadline_on_faust_signals()
    watch_parent()  # under `run`: SIGTERM ourselves when the supervisor is gone
    bootstrap = stage_bootstrap(s)
    sys.argv = [sys.argv[0], "worker"]
    run_worker(s, bootstrap, loglevel="warning")


def stop_deadline_on_faust_signals() -> None:
    """A faust worker asked to stop gets STOP_GRACE_S seconds, then exits hard.

    faust (mode) handles SIGTERM/SIGINT in its event loop and then waits for the broker to take its
    last commit; with the broker gone it would wait forever and need SIGKILL. The offsets make the
    hard exit safe: what was not committed is read again.
    """
    import mode.worker

    from newsalert.supervise import arm_stop_deadline

    original = mode.worker.Worker._schedule_shutdown
    if getattr(original, "_newsalert_deadline", False):
        return

    def schedule_shutdown(self, signal):  # type: ignore[no-untyped-def]
        arm_stop_deadline(reason=getattr(signal, "name", str(signal)))
        return original(self, signal)

    schedule_shutdown._newsalert_deadline = True  # type: ignore[attr-defined]
    mode.worker.Worker._schedule_shutdown = schedule_shutdown  # type: ignore[method-assign]


@app.command()
def alerts(
    notifier: Annotated[Optional[list[str]], typer.Option(help="notifiers to deliver for (default: all)")] = None,
    router: Annotated[bool, typer.Option(help="also run the router (events -> deliveries)")] = True,
) -> None:
    """Run the alert workers: the router and one delivery worker per notifier, until SIGTERM."""
    import functools
    import threading

    from alerts.deliver import run_delivery_worker
    from alerts.notifiers import NOTIFIERS
    from alerts.router import run_router
    from newsalert.lifecycle import StopFlag
    from newsalert.metrics import serve as serve_metrics
    from newsalert.supervise import watch_parent

    s = settings()
    serve_metrics(s.metrics_port)
    names = notifier or list(NOTIFIERS)
    unknown = [n for n in names if n not in NOTIFIERS]
    if unknown:
        fail(f"unknown notifier {', '.join(unknown)}; valid: {', '.join(NOTIFIERS)}")
    watch_parent()  # under `run`: stop (SIGTERM ourselves) when the supervisor is gone, also while waiting
    bootstrap = stage_bootstrap(s)
    stop = StopFlag().install()
    threads = []
    errors: list[str] = []

    def guarded(name: str, target, *args) -> threading.Thread:  # type: ignore[no-untyped-def]
        def body() -> None:
            try:
                target(*args)
            except Exception as exc:  # not retriable (the loops ride through outages): a bug. Stop the
                # process with its cause, so `run`, systemd or Kubernetes restarts it
                import structlog

                structlog.get_logger("alerts").exception("stage thread failed", thread=name)
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
                stop.set()
        thread = threading.Thread(target=body, name=name, daemon=True)
        thread.start()
        return thread

    def say_failure(line: str) -> None:  # stdout: the console of `newsalert run`
        from newsalert.textsafe import printable

        print(printable(line), flush=True)

    if router:
        threads.append(guarded("router", run_router, s, bootstrap, stop))
    for name in names:
        threads.append(guarded(f"deliver-{name}", functools.partial(run_delivery_worker, on_failed=say_failure), s,
                               bootstrap, name, stop))
    while not stop.wait(0.5):
        pass
    for thread in threads:
        thread.join(timeout=30)
    if errors:
        fail("; ".join(errors), code=1)


@app.command()
def run(
    samples: Annotated[bool, typer.Option(help="feed the bundled sample articles")] = True,
    duration: Annotated[Optional[float], typer.Option(help="stop after this many seconds (default: until Ctrl-C)")] = None,
) -> None:
    """The whole pipeline in one command: broker, processors, alert workers, feeds; Ctrl-C stops it cleanly.

    Stages that exit are restarted with backoff; they all die with this process, however it dies.
    """
    from newsalert import localkafka
    from newsalert.lifecycle import StopFlag
    from newsalert.supervise import RunLock, RunLockHeld, StageProcess, Supervisor

    s = settings()
    try:
        lock = RunLock(s.home_dir).acquire()
    except RunLockHeld as exc:
        fail(str(exc), code=1)
    stop = StopFlag().install(deadline=False)
    started_broker = not s.kafka_bootstrap and not localkafka.status(s).get("running")
    out.print(f"[bold]newsalert[/] {__version__}: {home_note(s)}")
    if started_broker:
        first = "" if localkafka.status(s).get("jars_cached") else " (this first time, its jars are downloaded from Maven Central)"
        out.print(f"starting the local Kafka broker{first} ...")
    if started_broker:
        bootstrap = localkafka.start(s, die_with_parent=True)  # dies with us: no orphaned broker JVM
        if s.topic_prefix:
            localkafka.create_topics(bootstrap, s.topic_partitions, s.topics.all())
    else:
        bootstrap = bootstrap_for(s)
    out.print(f"Kafka at {bootstrap}")
    store_default_subscriptions(s, samples)
    env = dict(os.environ, NEWSALERT_KAFKA_BOOTSTRAP=bootstrap, NEWSALERT_HOME=str(s.home_dir))
    logs = s.home_dir / "logs"
    def with_metrics(offset: int) -> dict[str, str]:
        if s.metrics_port is None:
            return env
        return dict(env, NEWSALERT_METRICS_PORT=str(s.metrics_port + offset))

    units: list[Any] = []
    if started_broker:
        units.append(LocalBroker(s))
    units += [
        StageProcess("processor", ["processor"], with_metrics(0), logs / "processor.log"),
        StageProcess("alerts", ["alerts"], with_metrics(1), logs / "alerts.log"),
    ]
    if s.feeds:
        units.append(StageProcess("feeds", ["poll"], env, logs / "feeds.log"))
    if s.ingest_port:
        units.append(StageProcess("ingest", ["ingest", "--port", str(s.ingest_port)], env, logs / "ingest.log"))
    if s.api_admin_token or s.slack_signing_secret:
        units.append(StageProcess("api", ["api"], env, logs / "api.log", quiet=True))
        out.print(f"REST API and slash command at http://{s.api_host}:{s.api_port} (OpenAPI at /docs)")
    supervisor = Supervisor(units, say=lambda line: out.print(line, highlight=False, markup=False),
                            state_file=s.home_dir / "run.json")
    supervisor.start()
    out.print(f"stages started ({', '.join(u.name for u in units if u.name != 'kafka')}); logs in {logs}")
    if samples:
        sent = produce_samples(bootstrap, s)
        out.print(f"fed {sent} sample article(s) (their alerts are printed as they come; outbox: {s.outbox_path})")
    if duration:
        import threading

        threading.Timer(duration, stop.set).start()
    gave_up = supervisor.run(stop.wait)
    out.print("stopping ...")
    supervisor.stop()
    lock.release()
    if gave_up:
        fail(f"{gave_up}; see {logs}", code=1)
    out.print("stopped cleanly")


class LocalBroker:
    """The local broker `run` started, as a supervised unit: started again if it dies, stopped last."""

    name = "kafka"

    def __init__(self, s: Settings) -> None:
        self.settings = s
        self._pid: int | None = None

    def start(self) -> None:
        """(Re)start the broker on the same ports; blocks until it answers (raises if it cannot start)."""
        from newsalert import localkafka

        localkafka.start(self.settings, die_with_parent=True)
        self._pid = localkafka.running_pid(self.settings)

    def alive(self) -> bool:
        from newsalert import localkafka

        pid = localkafka.running_pid(self.settings)
        if pid is not None:
            self._pid = pid  # an operator's `newsalert kafka start` counts too
        return pid is not None

    def pid(self) -> int | None:
        return self._pid

    def exit_reason(self) -> str:
        import signal as signals

        from newsalert import localkafka

        code = localkafka.exit_code(self._pid) if self._pid else None
        if code is not None and code < 0:
            return signals.Signals(-code).name
        return f"exit code {code}" if code is not None else "broker gone"

    def signal_stop(self) -> None:
        """The broker stops last, after every stage committed what it could."""

    def stop(self, timeout: float = 30) -> None:
        from newsalert import localkafka

        localkafka.stop(self.settings, timeout=max(timeout, 10))


def produce_samples(bootstrap: str, s: Settings) -> int:
    """Send the bundled samples one by one, each after the processors took the previous one.

    Arrival order never moves an event backwards, so an older sample arriving
    after a newer one would change nothing: the demo sends them in their order.
    """
    from newsalert.ingest import parse_bytes
    from newsalert.kafka import make_producer, wait_consumed
    from producers.publish import publish

    files = sorted(p for p in resources.files("newsalert.samples").iterdir() if p.name.endswith(".json"))
    now = datetime.now(timezone.utc)
    items = [item for f in files for item in parse_bytes(f.read_bytes(), name=f.name, published=now)]
    items.sort(key=lambda item: item.article.published if item.article else now)
    producer = make_producer(bootstrap)
    group = s.topics.group("newsalert-processors")
    sent = 0
    try:
        for item in items:
            sent += len(publish(producer, [item], topic=s.topics.articles).sent)
            wait_consumed(bootstrap, group, s.topics.articles, timeout_s=90)
    finally:
        producer.close()
    return sent


def store_default_subscriptions(s: Settings, samples: bool) -> None:
    """On a fresh home, subscribe the console to every channel, so the samples show alerts."""
    from alerts.channels import load_channels
    from alerts.store import Store

    store = Store(s.db_url)
    try:
        if store.subscriptions():
            return
        for name in load_channels(s.channels_path):
            store.add_subscription(subscriber="local", channel=name, notifier="console", destination="console")
        out.print("fresh home: subscribed the console to every channel")
    finally:
        store.close()


@app.command()
def events(
    type_: Annotated[Optional[str], typer.Option("--type", help="only this event type, e.g. tariff_action")] = None,
    channel: Annotated[Optional[str], typer.Option(help="only events this channel lets through")] = None,
    since: Annotated[Optional[str], typer.Option(help="only events reported since this date (YYYY-MM-DD)")] = None,
    history: Annotated[bool, typer.Option(help="show each event's history of changes")] = True,
) -> None:
    """The tracked events with their current slots and history (why each alert went out)."""
    from alerts.channels import ChannelConfigError, load_channels, passes
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
        slots = event.model_dump(exclude={"type", "event_key", "confidence", "evidence", "sources"}, exclude_none=True)
        out.print(f"[bold]{event.headline()}[/]  ({event.type}, key {event.event_key}, revision {tracked.revision}, "
                  f"{len(event.sources)} source(s), confidence {event.confidence:.0%})", highlight=False)
        out.print("  " + ", ".join(f"{k}={v}" for k, v in slots.items()), highlight=False, markup=False)
        if history:
            for entry in tracked.history:
                out.print(f"    {entry.at:%Y-%m-%d %H:%M} r{entry.revision} {entry.change.describe()} "
                          f"(article {entry.article_id})", highlight=False, markup=False)


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


# -- REST API ---------------------------------------------------------------------------------


@app.command()
def api(host: Annotated[Optional[str], typer.Option(help="address (default NEWSALERT_API_HOST)")] = None,
        port: Annotated[Optional[int], typer.Option(help="port (default NEWSALERT_API_PORT)")] = None) -> None:
    """Serve the REST API for subscriptions and channels (OpenAPI at /docs) and the Slack slash command."""
    from alerts.api import serve

    serve(settings(), host=host, port=port)


@token_app.command("create")
def token_create(subscriber: Annotated[str, typer.Argument(help="who the token acts for, e.g. ana@example.com")],
                 label: Annotated[str, typer.Option(help="a note to recognise the token by")] = "") -> None:
    """Create an API token; it is printed once and only its hash is kept."""
    from alerts.api import create_token

    try:
        token = create_token(settings(announce=True), subscriber, label=label)
    except ValueError as exc:
        fail(str(exc))
    out.print(token, highlight=False)


@token_app.command("list")
def token_list(subscriber: Annotated[Optional[str], typer.Option(help="only this subscriber's tokens")] = None) -> None:
    """List API tokens (never the tokens themselves)."""
    from alerts.api import list_tokens

    table = Table("id", "subscriber", "label", "created")
    for row in list_tokens(settings(announce=True), subscriber=subscriber):
        add_safe_row(table, row["id"], row["subscriber"], row.get("label") or "", row["created_at"])
    out.print(table)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="id from `newsalert token list`")]) -> None:
    """Revoke an API token."""
    from alerts.api import revoke_token

    check_id(token_id, "token", "newsalert token list")
    if not revoke_token(settings(announce=True), token_id):
        fail(f"no token {token_id}; `newsalert token list` lists them")
    out.print(f"token {token_id} revoked")


# -- detection ----------------------------------------------------------------------------------


@app.command()
def detect(files: Annotated[list[str], typer.Argument(help="articles: corpus JSON, JSON Lines, plain text or HTML; - reads stdin")]) -> None:
    """Print one JSON line per article: {"id": ..., "events": [...]}. Exit 1 when an input was skipped."""
    from newsalert.ingest import parse_path, parse_stream
    from processors.detectors import detect_events

    problems = 0
    for raw in files:
        items = parse_stream(sys.stdin.buffer, name="stdin") if raw == "-" else parse_path(Path(raw))
        for item in items:
            if item.article is None:
                err.print(f"[red]skipped[/] {item.origin}: {item.error}", highlight=False)
                problems += 1
                continue
            events = [e.model_dump(mode="json", exclude={"event_key", "sources"}) for e in detect_events(item.article)]
            sys.stdout.write(json.dumps({"id": item.article.id, "events": events}, ensure_ascii=False) + "\n")
    if problems:
        raise typer.Exit(1)


@app.command()
def replay(
    paths: Annotated[list[Path], typer.Argument(help="folders of article JSON (or JSON Lines) and article files")],
    speed: Annotated[Optional[float], typer.Option(help="X times publication-time speed (default: as fast as taken)")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="in this process: real detectors, the processors' state functions")] = False,
) -> None:
    """Send articles in publication order through the pipeline (or --dry-run in process); print the alert timeline."""
    from newsalert.replay import command

    code = command(paths, speed=speed, dry_run_only=dry_run, settings=settings(), bootstrap_for=bootstrap_for,
                   out=out, err=err)
    if code:
        raise typer.Exit(code)


@app.command("eval")
def eval_(
    directories: Annotated[list[Path], typer.Argument(help="folders shaped like the corpus (articles + labels.jsonl), "
                                                           "or X.json with X.labels.jsonl beside it")],
    quiet: Annotated[bool, typer.Option("--quiet", help="only the summary, not each miss and false alarm")] = False,
    cv: Annotated[bool, typer.Option("--cv", help="leave one source out: fit the scorer on the other folders, "
                                                  "score the held-out one (dev and reuters1987 are one source)")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="the figures as JSON")] = False,
) -> None:
    """Score the detectors with ../shared/corpus/SCORING.md's rules: P/R/F1 per type, slot accuracy, misses, false alarms.

    Exits 1 when the pooled folders miss the targets (micro F1 and slot accuracy 0.85, at most one event per
    40 articles labelled with none).
    """
    from processors.eval import run_cv, run_eval

    for directory in directories:
        labels_beside = directory.with_name(directory.stem + ".labels.jsonl")
        if not directory.is_dir() and not (directory.is_file() and labels_beside.is_file()):
            fail(f"{directory} is not a folder with *.json articles and labels.jsonl, nor an article X.json with "
                 "X.labels.jsonl beside it")
        if directory.is_dir() and not ((directory / "labels.jsonl").exists()
                                       or (directory / "articles" / "labels.jsonl").exists()):
            fail(f"{directory} has no labels.jsonl: label the articles first (see ../shared/corpus/LABELING.md)")
    if cv:
        if len({d.name for d in directories}) < 2:
            fail("--cv needs at least two labelled folders (one is held out while the others train the scorer)")
        text, data = run_cv(list(directories))
        out.print(json.dumps(data, indent=1, default=str) if as_json else text, highlight=False, markup=False)
        return
    text, metrics = run_eval(list(directories), verbose=not quiet)
    if as_json:
        keep = {k: v for k, v in metrics.items() if k not in ("misses", "false_alarms", "slot_errors")}
        out.print(json.dumps(keep, indent=1), highlight=False, markup=False)
    else:
        out.print(text, highlight=False, markup=False)
    if not metrics.get("targets", {}).get("met", True):
        raise typer.Exit(1)


@app.command()
def train(
    directories: Annotated[Optional[list[Path]], typer.Argument(help="labelled folders (default: every folder of "
                                                                     "the corpus at NEWSALERT_CORPUS or ../shared/corpus)")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="where to write the model "
                                                                        "(default: the package's processors/model.json)")] = None,
) -> None:
    """Rebuild the learned scorer from labelled folders (byte-for-byte the same from the same folders)."""
    from processors.learned import MODEL_PATH
    from processors.train import train as fit

    folders = list(directories or [])
    if not folders:
        root = default_corpus()
        root = root.parent if root is not None and root.name == "dev" else root
        if root is None:
            fail("no labelled folders: pass them (e.g. ../shared/corpus/dev ../shared/corpus/news2025) "
                 "or set NEWSALERT_CORPUS")
        folders = sorted(p for p in root.iterdir() if (p / "labels.jsonl").exists())
    for folder in folders:
        if not (folder / "labels.jsonl").exists():
            fail(f"{folder} has no labels.jsonl: label the articles first (see ../shared/corpus/LABELING.md)")
    scorer = fit(folders)
    target = output or MODEL_PATH
    target.write_text(scorer.to_json(), encoding="utf-8")
    out.print(f"model written to {target}: {scorer.meta.get('articles')} articles, "
              f"{scorer.meta.get('proposals')} proposals, calibrated types: {', '.join(scorer.models) or 'none'}",
              highlight=False, markup=False)


@bench_app.command("detect")
def bench_detect(corpus: Annotated[Optional[Path], typer.Argument(help="folder of article JSON files")] = None) -> None:
    """Articles per second of the detectors, next to a sentence-splitting baseline."""
    from processors.bench import run_bench

    folder = corpus or default_corpus()
    if folder is None or not folder.is_dir():
        fail("no corpus folder: pass one (e.g. ../shared/corpus/dev)")
    out.print(run_bench(folder), highlight=False, markup=False)


def default_corpus() -> Path | None:
    env = os.environ.get("NEWSALERT_CORPUS")
    for candidate in ([Path(env) / "dev", Path(env)] if env else []) + [Path.cwd().parent / "shared" / "corpus" / "dev"]:
        if candidate.is_dir():
            return candidate
    return None


@app.command()
def version() -> None:
    """Print the version."""
    out.print(__version__)


def main() -> None:
    """Entry point: every expected failure is one clear line on stderr, never a traceback."""
    from pydantic import ValidationError

    try:
        app()
    except typer.Exit:
        raise
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        err.print(f"[bold red]error:[/] bad setting: {problems} (check the NEWSALERT_ variables)", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence for users
        from kafka.errors import KafkaError
        from rich.markup import escape

        text = str(exc)
        if isinstance(exc, KafkaError) and ("bootstrap" in text.lower() or "broker" in text.lower()):
            where = os.environ.get("NEWSALERT_KAFKA_BOOTSTRAP") or "the local broker"
            message = (f"cannot reach Kafka at {where} ({type(exc).__name__}). Is the broker running? "
                       "Unset NEWSALERT_KAFKA_BOOTSTRAP to use the local one (`newsalert kafka start`).")
        else:
            message = text if text.startswith(type(exc).__name__) else f"{type(exc).__name__}: {text}"
        err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
        if os.environ.get("NEWSALERT_DEBUG"):
            raise
        sys.exit(1)


if __name__ == "__main__":
    main()
