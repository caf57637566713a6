"""`newsalert kafka start|stop|status`: the local broker of a home."""

from __future__ import annotations

import typer

from newsalert.cli._common import home_note, kafka_app, out, settings


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
