"""Process lifecycle: stop flags on SIGINT/SIGTERM, and the `newsalert run` supervisor."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Sequence

PARENT_ENV = "NEWSALERT_PARENT_PID"


class StopFlag:
    """Set by SIGINT/SIGTERM, or when the supervising parent process is gone."""

    def __init__(self) -> None:
        self._event = threading.Event()
        parent = os.environ.get(PARENT_ENV)
        self._parent = int(parent) if parent and parent.isdigit() else None

    def install(self) -> "StopFlag":
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: self._event.set())
        return self

    def set(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        if self._parent is not None and os.getppid() != self._parent:
            self._event.set()  # orphaned: the supervisor died without telling us
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(seconds)


class Child:
    """A stage process started by the supervisor, in its own process group."""

    def __init__(self, name: str, args: Sequence[str], env: dict[str, str], log_path: Path | None = None,
                 *, quiet: bool = False) -> None:
        """`quiet`: stdout goes to the log too (only the alert workers print for the user)."""
        self.name = name
        self.args = list(args)
        child_env = dict(env)
        child_env[PARENT_ENV] = str(os.getpid())
        stdout = None
        self._log = None
        if log_path is not None:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = open(log_path, "ab")
            stdout = self._log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newsalert.cli", *self.args],
            env=child_env,
            stdout=stdout if quiet else None,
            stderr=stdout,
            start_new_session=True,
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 20.0) -> int | None:
        if self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self._log:
            self._log.close()
        return self.process.returncode


def supervise(children: list[Child], stop: StopFlag, poll_s: float = 0.5) -> str | None:
    """Wait until asked to stop or a child dies; return the name of a child that died, if any."""
    while not stop.wait(poll_s):
        for child in children:
            if not child.alive():
                return child.name
    return None


def stop_all(children: list[Child]) -> None:
    for child in reversed(children):
        if child.alive():
            child.process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 20
    for child in reversed(children):
        child.stop(timeout=max(0.1, deadline - time.monotonic()))
