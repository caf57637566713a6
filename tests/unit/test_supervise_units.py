"""The supervisor's restart policy and the run lock, with fake units (no processes, no broker)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsalert.supervise import RunLock, RunLockHeld, StageProcess, Supervisor


class FakeUnit:
    """A unit that 'exits' on demand; `starts` counts its (re)starts."""

    def __init__(self, name: str, fail_to_start: int = 0) -> None:
        self.name = name
        self.running = False
        self.starts = 0
        self.fail_to_start = fail_to_start

    def start(self) -> None:
        if self.fail_to_start:
            self.fail_to_start -= 1
            raise ConnectionError("broker not there yet")
        self.running = True
        self.starts += 1

    def alive(self) -> bool:
        return self.running

    def pid(self) -> int | None:
        return 1234 if self.running else None

    def exit_reason(self) -> str:
        return "CommitFailedError"

    def signal_stop(self) -> None:
        pass

    def stop(self, timeout: float) -> None:
        self.running = False


def ticks(n: int):  # type: ignore[no-untyped-def]
    """A should_stop that lets the supervisor loop n times, sleeping a little each time."""
    count = {"left": n}

    def should_stop(wait: float) -> bool:
        time.sleep(0.01)
        count["left"] -= 1
        return count["left"] < 0

    return should_stop


def test_a_unit_that_exits_is_restarted_with_a_line_and_the_others_are_left_alone():
    lines: list[str] = []
    alerts, processor = FakeUnit("alerts"), FakeUnit("processor")
    sup = Supervisor([processor, alerts], say=lines.append, base_delay_s=0.0)
    sup.start()
    alerts.running = False  # it crashed
    assert sup.run(ticks(5)) is None
    assert alerts.starts == 2 and processor.starts == 1
    assert "alerts stage restarted after CommitFailedError, attempt 1" in lines
    assert sup.restarts == 1


def test_backoff_doubles_and_the_supervisor_gives_up_after_quick_failures():
    lines: list[str] = []
    unit = FakeUnit("alerts")
    sup = Supervisor([unit], say=lines.append, base_delay_s=0.001, max_quick_failures=3, healthy_after_s=60)
    sup.start()

    def crash_each_tick(wait: float) -> bool:
        time.sleep(0.01)
        unit.running = False
        return False

    reason = sup.run(crash_each_tick)
    assert reason is not None and "the alerts stage failed 4 times in a row" in reason and "CommitFailedError" in reason
    delays = [line for line in lines if "restarting in" in line]
    assert len(delays) == 3


def test_a_unit_that_ran_healthy_starts_a_new_count():
    unit = FakeUnit("alerts")
    sup = Supervisor([unit], say=lambda line: None, base_delay_s=0.0, max_quick_failures=1, healthy_after_s=0.0)
    sup.start()

    def crash_each_tick(wait: float, n={"left": 20}) -> bool:  # noqa: B006 - a counter on purpose
        time.sleep(0.005)
        unit.running = False
        n["left"] -= 1
        return n["left"] < 0

    assert sup.run(crash_each_tick) is None  # each run counted as healthy: never gives up
    assert unit.starts > 3


def test_a_failed_restart_counts_and_is_tried_again():
    lines: list[str] = []
    unit = FakeUnit("kafka")
    sup = Supervisor([unit], say=lines.append, base_delay_s=0.0, max_quick_failures=5)
    sup.start()
    unit.running = False
    unit.fail_to_start = 2
    assert sup.run(ticks(10)) is None
    assert unit.running and unit.starts == 2
    assert any("restarted after ConnectionError" in line and "attempt 3" in line for line in lines)


def test_second_lock_on_a_home_is_refused_with_the_holder_pid(tmp_path: Path):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from newsalert.supervise import RunLock; "
        f"lock = RunLock(Path({str(tmp_path)!r})).acquire(); print('locked', flush=True); time.sleep(30)")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(RunLockHeld, match=f"pid {holder.pid}"):
            RunLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.wait(timeout=10)
    RunLock(tmp_path).acquire().release()  # the dead holder's lock is gone with it


def test_exit_reason_names_the_exception_or_the_signal(tmp_path: Path):
    log = tmp_path / "stage.log"
    log.write_text("old run: ValueError\n")
    stage = StageProcess("alerts", ["version"], {}, log)
    stage.args = []  # replaced below: a child that prints a failure line and exits 1
    stage.process = subprocess.Popen([sys.executable, "-c", "print('error: router: CommitFailedError: x'); "
                                      "raise SystemExit(1)"], stdout=open(log, "ab"))
    stage._log_offset = len("old run: ValueError\n")
    stage.process.wait(timeout=30)
    assert stage.exit_reason() == "CommitFailedError"
    killed = StageProcess("processor", [], {}, None)
    killed.process = subprocess.Popen([sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"])
    killed.process.wait(timeout=30)
    assert killed.exit_reason() == "SIGKILL"
