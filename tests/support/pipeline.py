"""The pipeline's real stage processes, started on a real broker in an isolated namespace.

Each `Pipeline` has its own NEWSALERT_HOME (SQLite, outbox) and its own topic
prefix, so test modules share one broker without seeing each other's records.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Callable

from newsalert.kafka import group_lag, read_all
from newsalert.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def read_outbox(path: Path) -> list[dict[str, Any]]:
    """The console outbox's records so far. A line the worker is writing at this moment is not read yet: only lines
    ended by their newline, as a reader tailing the outbox does (a faster worker made reading one half-written
    likely: the CI of cdb9af9)."""
    if not path.exists():
        return []
    text = path.read_text()
    return [json.loads(line) for line in text[:text.rfind("\n") + 1].splitlines() if line.strip()]


def wait_for(predicate: Callable[[], Any], timeout: float = 60.0, interval: float = 0.3, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


class Pipeline:
    def __init__(self, bootstrap: str, home: Path, **env: str) -> None:
        self.bootstrap = bootstrap
        self.home = home
        self.prefix = f"t{uuid.uuid4().hex[:8]}."
        self.env = dict(os.environ)
        self.env.update(
            NEWSALERT_HOME=str(home),
            NEWSALERT_KAFKA_BOOTSTRAP=bootstrap,
            NEWSALERT_TOPIC_PREFIX=self.prefix,
            NEWSALERT_LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        self.env.update(env)
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.settings = Settings(home=home, kafka_bootstrap=bootstrap, topic_prefix=self.prefix)

    @property
    def topics(self):  # type: ignore[no-untyped-def]
        return self.settings.topics

    def cli(self, *args: str, input: bytes | None = None, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "newsalert.cli", *args], env=self.env, input=input.decode() if input else None,
            capture_output=True, text=True, timeout=timeout, cwd=self.home,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"newsalert {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = open(self.home / f"{name}.log", "ab")
        process = subprocess.Popen([sys.executable, "-m", "newsalert.cli", *args], env=self.env, cwd=self.home,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes[name] = process
        return process

    def start_processor(self) -> None:
        self.start("processor", "processor")

    def start_alerts(self, name: str = "alerts", *args: str) -> subprocess.Popen[bytes]:
        return self.start(name, "alerts", *args)

    def stop(self, name: str, sig: int = signal.SIGTERM, timeout: float = 30) -> int | None:
        process = self.processes.pop(name, None)
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(sig)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        return process.returncode

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def log(self, name: str) -> str:
        path = self.home / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def read(self, topic: str, timeout: float = 3.0) -> list[dict[str, Any]]:
        return read_all(self.bootstrap, topic, timeout)

    def outbox(self) -> list[dict[str, Any]]:
        return read_outbox(self.settings.outbox_path)

    def processor_drained(self, timeout: float = 90.0) -> None:
        """Every article consumed and every candidate tracked (offsets committed after output)."""
        group = self.topics.group("newsalert-processors")
        wait_drained(self, [(group, self.topics.articles), (group, self.topics.event_candidates)], timeout)

    def alerts_drained(self, notifiers: tuple[str, ...] = ("console",), timeout: float = 90.0) -> None:
        pairs = [(self.topics.group("newsalert-router"), self.topics.events)]
        pairs += [(self.topics.group(f"newsalert-deliver-{n}"), self.topics.deliveries(n)) for n in notifiers]
        wait_drained(self, pairs, timeout)

    def assert_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise AssertionError(f"{name} exited with {process.returncode}:\n{self.log(name)[-3000:]}")


def wait_drained(pipeline: "Pipeline", pairs: list[tuple[str, str]], timeout: float = 90.0) -> None:
    """Wait until every (group, topic) has committed everything produced so far."""
    def drained() -> bool:
        pipeline.assert_alive()
        return all(group_lag(pipeline.bootstrap, group, topic) == 0 for group, topic in pairs)

    wait_for(drained, timeout=timeout, interval=0.5, what=f"consumers to catch up on {pairs}")
