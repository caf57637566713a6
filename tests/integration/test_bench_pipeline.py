"""`newsalert bench pipeline`, run tiny on the session broker: the output's shape and sane numbers.

Speed is not asserted here (benchmarks are commands); what is asserted can fail when the bench or the
pipeline is broken: every article alerted, every Slack channel posted once per event, the per-channel
rate kept, the stages' histograms present, percentiles ordered.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from newsalert.bench_pipeline import (
    BenchResult,
    format_report,
    histogram_means,
    percentile,
    synthetic_articles,
)

pytestmark = pytest.mark.integration


def test_synthetic_articles_are_distinct_events() -> None:
    from processors.detectors import detect_events
    from processors.state import base_key

    articles = synthetic_articles(120, "t", offset=7)
    keys = set()
    for article in articles:
        events = detect_events(article)
        assert len(events) == 1, article.text
        keys.add(base_key(events[0]))
    assert len(keys) == 120
    assert len({a.id for a in articles}) == 120
    with pytest.raises(ValueError, match="distinct"):
        synthetic_articles(10**6, "t")


def test_percentile_and_histograms() -> None:
    assert percentile([], 50) is None
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([float(i) for i in range(1, 101)], 99) == 99.0
    page = ('# TYPE newsalert_stage_seconds histogram\n'
            'newsalert_stage_seconds_bucket{stage="detect",le="+Inf"} 4.0\n'
            'newsalert_stage_seconds_count{stage="detect"} 4.0\n'
            'newsalert_stage_seconds_sum{stage="detect"} 0.02\n')
    assert histogram_means(page) == {"newsalert_stage_seconds{stage=detect}": {"count": 4, "mean_ms": 5.0}}


def test_bench_pipeline_tiny_run(kafka_bootstrap: str, tmp_path) -> None:
    env = dict(os.environ, NEWSALERT_KAFKA_BOOTSTRAP=kafka_bootstrap, NEWSALERT_HOME=str(tmp_path / "caller-home"))
    proc = subprocess.run(
        [sys.executable, "-m", "newsalert.cli", "bench", "pipeline", "--rate", "10", "--seconds", "1", "--burst", "12",
         "--subscriptions", "4", "--slack-latency-ms", "5", "--retry-after", "1", "--json"],
        env=env, capture_output=True, text=True, timeout=400,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(proc.stdout)
    assert "Traceback" not in proc.stderr

    raw, pipe, burst, fan = data["raw"], data["pipeline"], data["burst"], data["fanout"]
    assert (raw["count"], raw["missing"]) == (10, 0)
    assert 0 < raw["p50_ms"] <= raw["p99_ms"] <= raw["max_ms"]
    assert (pipe["count"], pipe["missing"]) == (10, 0)  # every article alerted once the stages were up
    assert 0 < pipe["p50_ms"] <= pipe["p99_ms"]
    assert pipe["p50_ms"] > raw["p50_ms"]  # four Kafka hops and the stages cannot beat one hop
    assert burst["alerted"] == burst["articles"] == 12
    assert burst["pipeline_per_s"] > 0 and burst["detectors_alone_per_s"] > 0
    for stage in ("detect", "track", "route"):
        assert data["stages"][f"newsalert_stage_seconds{{stage={stage}}}"]["count"] > 0
    assert data["stages"]["newsalert_delivery_seconds{notifier=console}"]["count"] >= 12
    assert fan["posted"] == 4  # one post per channel
    assert fan["limited"]["posted"] == 4  # the rate-limited channel got its post too, after its 429
    assert fan["limited"]["first_other_post_s"] <= fan["limited"]["last_other_post_s"]
    assert fan["limited"]["limited_channel_post_s"] >= 1.0  # it waited its Retry-After
    assert fan["min_gap_one_channel_s"] >= 0.9  # at most one message per second per channel
    assert data["notes"] == []

    report = format_report(BenchResult(**data))
    for words in ("raw kafka-python", "article->alert", "detectors alone", "newsalert_stage_seconds{stage=track}",
                  "fan-out of one event to 4 Slack channels", "429 Retry-After 1"):
        assert words in report


def test_restart_rows_print_each_table_store_side_by_side() -> None:
    runs = [{"events": 0, "store": "rocksdb", "ready_s": 2.0, "rss_mb": 87.9},
            {"events": 0, "store": "memory", "ready_s": 2.1, "rss_mb": 86.0},
            {"events": 100000, "store": "rocksdb", "ready_s": 2.5, "rss_mb": 91.3},
            {"events": 100000, "store": "memory", "ready_s": 36.9, "rss_mb": 383.0}]
    result = BenchResult(options={"rate": 10, "seconds": 1}, machine={"cpus": 2, "load_before": [0], "broker": "x"},
                         restart={"runs": runs})
    lines = [line for line in format_report(result).splitlines() if "tracked events" in line][1:]
    assert len(lines) == 2, lines  # one line per count, both stores on it
    assert "rocksdb  ready in   2.0 s" in lines[0] and "memory   ready in   2.1 s" in lines[0]
    assert lines[0].endswith("<- baseline")
    assert "100,000 tracked events" in lines[1] and "383.0 MiB" in lines[1] and "91.3 MiB" in lines[1]
