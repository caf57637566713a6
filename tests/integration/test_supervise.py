"""`newsalert run` as a supervisor: a killed stage is restarted, nothing outlives run, one run per home."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from newsalert.supervise import RunLock
from tests.support.faults import RunProcess, Sender, alerted_articles, distinct_articles, pid_alive
from tests.support.pipeline import Pipeline, read_outbox, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.faults]


def test_killed_stage_is_restarted_and_a_second_run_is_refused(kafka_bootstrap: str, tmp_path: Path):
    p = Pipeline(kafka_bootstrap, tmp_path)
    run = RunProcess(p.env, tmp_path, "--no-samples")
    try:
        wait_for(lambda: "stages started" in run.output(), timeout=60, what="run to start its stages")
        first = run.stages()
        assert set(first) == {"processor", "alerts"}

        second = p.cli("run", "--no-samples", check=False, timeout=60)
        assert second.returncode == 1
        assert f"another `newsalert run` (pid {run.process.pid}) is running on home" in second.stderr
        assert set(run.stages().values()) == set(first.values())  # the refused run started nothing

        os.kill(first["alerts"], signal.SIGKILL)
        wait_for(lambda: "alerts stage restarted after SIGKILL, attempt 1" in run.output(), timeout=30,
                 what="run to restart the alerts stage")
        restarted = run.stages()
        assert restarted["alerts"] != first["alerts"] and pid_alive(restarted["alerts"])
        assert restarted["processor"] == first["processor"]  # the other stages were left alone

        sender = Sender(p.bootstrap, p.topics.articles)
        articles = distinct_articles(3, "restart")
        sender.send(articles)
        assert sender.acknowledged(30) == {a.id for a in articles}
        sender.close()
        wait_for(lambda: set(alerted_articles(p.outbox())) >= {a.id for a in articles}, timeout=60,
                 what="alerts from the restarted stage")
        assert run.process.poll() is None
    finally:
        code = run.stop(signal.SIGINT)
        run.kill_leftovers()
    assert code == 0, run.output()[-3000:]
    assert "stopped cleanly" in run.output()


def test_run_restarts_its_broker_and_kill_9_of_run_stops_everything(tmp_path: Path):
    """run's own broker SIGKILLed: run starts it again and alerts flow; then run is SIGKILLed (the OOM
    killer's way): nothing of the home keeps running, and the next run may take the home."""
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSALERT_KAFKA_BOOTSTRAP", "KAFKA_BOOTSTRAP_SERVERS")}
    env.update(NEWSALERT_HOME=str(tmp_path), NEWSALERT_LOG_LEVEL="INFO", PYTHONUNBUFFERED="1")
    outbox = tmp_path / "outbox.jsonl"
    run = RunProcess(env, tmp_path, "--no-samples")
    try:
        wait_for(lambda: "stages started" in run.output(), timeout=120, what="run to start its broker and stages")
        stages = run.stages()
        assert set(stages) == {"kafka", "processor", "alerts"} and all(pid_alive(pid) for pid in stages.values())

        os.kill(stages["kafka"], signal.SIGKILL)
        wait_for(lambda: "kafka stage restarted after SIGKILL, attempt 1" in run.output(), timeout=60,
                 what="run to restart its broker")
        bootstrap = run.output().split("Kafka at ", 1)[1].split()[0]
        sender = Sender(bootstrap, "articles")
        articles = distinct_articles(3, "broker-restart")
        sender.send(articles)
        assert sender.acknowledged(60) == {a.id for a in articles}
        sender.close()
        def alerted() -> set[str]:
            return set(alerted_articles(read_outbox(outbox)))

        wait_for(lambda: alerted() >= {a.id for a in articles}, timeout=90,
                 what="alerts after the broker restart")

        stages = run.stages()
        assert all(pid_alive(pid) for pid in stages.values())
        run.process.send_signal(signal.SIGKILL)
        run.process.wait(timeout=10)
        started = time.monotonic()
        wait_for(lambda: not any(pid_alive(pid) for pid in stages.values()), timeout=30,
                 what=f"the stages {stages} to die with their supervisor")
        print(f"after kill -9 of run, its broker and stages were gone in {time.monotonic() - started:.1f}s")
        RunLock(tmp_path).acquire().release()  # the kernel released run's lock: a new run may start
    finally:
        run.stop()
        run.kill_leftovers()
