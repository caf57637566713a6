"""`bench pipeline`: the whole pipeline's latency, throughput and fan-out (newsalert/bench_pipeline.py)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from newsalert.cli._common import bench_app, err, fail, out, settings


@bench_app.command("pipeline")
def bench_pipeline(
    rate: Annotated[float, typer.Option(min=0.1, help="articles per second of the latency phases")] = 100.0,
    seconds: Annotated[float, typer.Option(min=0.1, help="length of the latency phases")] = 10.0,
    burst: Annotated[int, typer.Option(min=1, help="articles sent at once for the throughput figure")] = 3000,
    subscriptions: Annotated[int, typer.Option(min=0, help="Slack subscriptions (distinct channels) of the fan-out; 0: skip it")] = 1000,
    slack_latency_ms: Annotated[float, typer.Option(min=0, help="how long the loopback Slack API takes to answer")] = 100.0,
    retry_after: Annotated[float, typer.Option(min=0, help="Retry-After of the rate-limited channel's 429")] = 30.0,
    partitions: Annotated[Optional[int], typer.Option(min=1, help="partitions of the bench's topics (default NEWSALERT_TOPIC_PARTITIONS)")] = None,
    events: Annotated[Optional[list[int]], typer.Option(min=1, help="also time a processor restart with this many tracked events, next to one with none (repeatable: --events 10000 --events 100000)")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="print the figures as JSON")] = False,
) -> None:
    """Time the whole pipeline on a scratch home: latency at a rate, a burst, per-stage time and Slack fan-out,
    each next to its baseline measured in the same run (raw kafka-python; the detectors alone)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from newsalert.bench_pipeline import BenchOptions, format_report, result_json, run_bench

    settings()
    options = BenchOptions(rate=rate, seconds=seconds, burst=burst, subscriptions=subscriptions,
                           slack_latency_ms=slack_latency_ms, retry_after_s=retry_after, partitions=partitions,
                           events=list(events or []))
    columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed:,.0f}/{task.total:,.0f}"),
               TimeElapsedColumn())
    try:
        with Progress(*columns, console=err, transient=True) as progress:
            result = run_bench(options, progress=progress)
    except (ValueError, RuntimeError) as exc:
        fail(str(exc), code=1)
    if json_out:
        print(result_json(result))
    else:
        out.print(format_report(result), highlight=False, markup=False)
