"""The long-running stages and the whole pipeline: `processor`, `alerts`, `run`."""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from importlib import resources
from typing import Annotated, Any, Optional

import typer

from newsalert import __version__
from newsalert.cli._common import app, bootstrap_for, fail, home_note, out, settings, stage_bootstrap
from newsalert.settings import Settings


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
