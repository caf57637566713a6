"""Supervision for `newsalert run`: stages that restart with backoff and never outlive their supervisor.

Three mechanisms, each covering what the others cannot:

- **Parent-death signal** (Linux `prctl(PR_SET_PDEATHSIG)`): set in every child between fork and exec,
  so the kernel sends the child SIGTERM when `run` dies, however it dies (kill -9, the OOM killer).
  Works for the Java broker too, which runs no code of ours.
- **Parent watch** in our own stage processes (`watch_parent`): a daemon thread that notices the
  orphaning (covers non-Linux systems and a parent that died before the prctl took effect) and then
  stops the stage like SIGTERM does.
- **Stop deadline** (`arm_stop_deadline`): once a stage is asked to stop it has `STOP_GRACE_S` seconds;
  after that it exits hard. A faust worker whose broker is gone would otherwise wait for it forever.

`Supervisor` restarts a stage that exits, with exponential backoff and a console line, and gives up
only when a stage fails again and again right after starting. `RunLock` keeps a second `run` off a
home that already has one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol, Sequence

PARENT_ENV = "NEWSALERT_PARENT_PID"
STOP_GRACE_S = 8.0  # SIGTERM -> exit within 10 s even with the broker gone (the rest is interpreter exit)
EXIT_STOP_TIMEOUT = 75  # exit code of a stage that did not stop cleanly within its grace
PR_SET_PDEATHSIG = 1


# --------------------------------------------------------------------------- in the child


def parent_death_preexec(sig: int = signal.SIGTERM) -> Callable[[], None]:
    """A `preexec_fn` for Popen: the child gets `sig` when the process that started it dies.

    Runs in the child between fork and exec. If the parent already died before the prctl took effect
    (a race the kernel does not cover), the child signals itself at once.
    """
    parent = os.getpid()
    libc_name = ctypes.util.find_library("c")

    def preexec() -> None:
        if not sys.platform.startswith("linux") or libc_name is None:
            return
        libc = ctypes.CDLL(libc_name, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:
            os.kill(os.getpid(), sig)

    return preexec


_deadline_lock = threading.Lock()
_deadline_armed = False


def arm_stop_deadline(grace_s: float = STOP_GRACE_S, reason: str = "stop requested") -> None:
    """Called when a stage is asked to stop: after `grace_s` seconds the process exits hard.

    Idempotent. A clean stop finishes long before; reaching the deadline means something waited on a
    broker or a server that is gone, and the offsets/ledger make a hard exit safe (nothing committed
    is undone, what is not committed is read again).
    """
    global _deadline_armed
    with _deadline_lock:
        if _deadline_armed:
            return
        _deadline_armed = True

    def expire() -> None:
        time.sleep(grace_s)
        try:
            sys.stderr.write(f"newsalert: did not stop within {grace_s:.0f}s of {reason}; exiting hard\n")
            sys.stderr.flush()
        finally:
            os._exit(EXIT_STOP_TIMEOUT)

    threading.Thread(target=expire, name="stop-deadline", daemon=True).start()


def watch_parent(on_orphaned: Callable[[], None] | None = None, interval_s: float = 0.5) -> int | None:
    """In a supervised stage: stop it when the supervisor (`NEWSALERT_PARENT_PID`) is gone.

    Called once at stage start-up. On orphaning, calls `on_orphaned` (default: SIGTERM to ourselves,
    which every stage handles as a stop) and arms the stop deadline. Returns the watched pid, or None
    when the process is not supervised.
    """
    raw = os.environ.get(PARENT_ENV, "")
    if not raw.isdigit():
        return None
    parent = int(raw)

    def orphaned() -> None:
        if on_orphaned is not None:
            on_orphaned()
        else:
            os.kill(os.getpid(), signal.SIGTERM)
        arm_stop_deadline(reason="the supervisor's death")

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                orphaned()
                return
            time.sleep(interval_s)

    if os.getppid() != parent:  # the supervisor died while we started
        orphaned()
        return parent
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    return parent


# --------------------------------------------------------------------------- the run lock


class RunLockHeld(RuntimeError):
    """Another `newsalert run` holds this home."""


class RunLock:
    """An exclusive flock on `$NEWSALERT_HOME/run.lock`, held for the life of `newsalert run`.

    The kernel releases it when the process dies, however it dies, so a stale file never blocks a
    later run. The file carries the holder's pid for the error message.
    """

    def __init__(self, home: Path) -> None:
        self.path = home / "run.lock"
        self._handle = None

    def acquire(self) -> "RunLock":
        """Take the lock or raise RunLockHeld naming the holder's pid."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise RunLockHeld(
                f"another `newsalert run` (pid {holder}) is running on home {self.path.parent}; "
                f"stop it first (Ctrl-C in its terminal, or kill {holder}), or use another NEWSALERT_HOME"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle
        return self

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the descriptor drops the flock
            self._handle = None


# --------------------------------------------------------------------------- supervised units


class Unit(Protocol):
    name: str

    def start(self) -> None: ...
    def alive(self) -> bool: ...
    def pid(self) -> int | None: ...
    def exit_reason(self) -> str: ...
    def signal_stop(self) -> None: ...
    def stop(self, timeout: float) -> None: ...


EXCEPTION_RE = re.compile(r"\b([A-Z][A-Za-z0-9_]*(?:Error|Exception|Exit))\b")


class StageProcess:
    """A stage (`newsalert processor`, `alerts`, ...) run as a child of the supervisor.

    Each start is a new process with the parent-death signal set and `NEWSALERT_PARENT_PID` in its
    environment; its output is appended to `log_path`.
    """

    def __init__(self, name: str, args: Sequence[str], env: dict[str, str], log_path: Path | None = None,
                 *, quiet: bool = False) -> None:
        """`quiet`: stdout goes to the log too (only the alert workers print for the user)."""
        self.name = name
        self.args = list(args)
        self.env = dict(env)
        self.log_path = log_path
        self.quiet = quiet
        self.process: subprocess.Popen[bytes] | None = None
        self._log = None
        self._log_offset = 0

    def start(self) -> None:
        """Start (or start again) the stage process."""
        self._close_log()
        env = dict(self.env)
        env[PARENT_ENV] = str(os.getpid())
        stdout = None
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = open(self.log_path, "ab")
            self._log_offset = self._log.tell()
            stdout = self._log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "newsalert.cli", *self.args],
            env=env,
            stdout=stdout if self.quiet else None,
            stderr=stdout,
            stdin=subprocess.DEVNULL,
            # own process group: a Ctrl-C in the terminal reaches only `run`, which stops the stages in order
            start_new_session=True,
            preexec_fn=parent_death_preexec(signal.SIGTERM),
        )

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def exit_reason(self) -> str:
        """Why the last process exited: the exception its log names, else the signal or exit code."""
        code = self.process.returncode if self.process is not None else None
        if code is not None and code < 0:
            try:
                return signal.Signals(-code).name
            except ValueError:
                return f"signal {-code}"
        found = None
        if self.log_path is not None:
            try:
                with open(self.log_path, "rb") as handle:
                    handle.seek(self._log_offset)
                    text = handle.read()[-64 * 1024:].decode("utf-8", "replace")
            except OSError:
                text = ""
            for line in text.splitlines():
                match = EXCEPTION_RE.findall(line)
                if match:
                    found = match[0] if "error:" in line else match[-1]
        return found or f"exit code {code}"

    def signal_stop(self) -> None:
        if self.alive():
            assert self.process is not None
            self.process.send_signal(signal.SIGTERM)

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM, wait up to `timeout`, then SIGKILL (a stage must not hold `run` hostage)."""
        if self.process is not None and self.alive():
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None


@dataclass
class _State:
    unit: Unit
    started_at: float = 0.0
    attempt: int = 0  # restarts since the unit last ran healthy
    restart_at: float | None = None
    last_reason: str = ""


class Supervisor:
    """Keeps units running: restarts one that exits, with exponential backoff, until asked to stop.

    A unit that ran at least `healthy_after_s` before it exited starts again after `base_delay_s`;
    each further exit soon after a start doubles the delay (up to `max_delay_s`). After
    `max_quick_failures` such exits in a row the supervisor gives up and reports why.
    """

    def __init__(self, units: Sequence[Unit], *, say: Callable[[str], None], state_file: Path | None = None,
                 base_delay_s: float = 1.0, max_delay_s: float = 30.0, healthy_after_s: float = 30.0,
                 max_quick_failures: int = 5) -> None:
        self.states = [_State(unit) for unit in units]
        self.say = say
        self.state_file = state_file
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.healthy_after_s = healthy_after_s
        self.max_quick_failures = max_quick_failures
        self.restarts = 0

    def start(self) -> None:
        """Start every unit (called once, before `run`)."""
        for state in self.states:
            state.unit.start()
            state.started_at = time.monotonic()
        self._write_state()

    def run(self, should_stop: Callable[[float], bool], poll_s: float = 0.5) -> str | None:
        """Watch the units until `should_stop(poll_s)` is true (it waits up to poll_s).

        Returns None when asked to stop, or the reason for giving up on a unit that keeps failing.
        """
        while not should_stop(poll_s):
            now = time.monotonic()
            for state in self.states:
                unit = state.unit
                if state.restart_at is not None:
                    if now >= state.restart_at:
                        state.restart_at = None
                        try:
                            unit.start()
                        except Exception as exc:  # e.g. the broker will not come back yet: count it, back off
                            state.last_reason = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
                            if self._schedule(state, time.monotonic(), started=False):
                                return self._give_up(state)
                            continue
                        state.started_at = time.monotonic()
                        self.restarts += 1
                        self.say(f"{unit.name} stage restarted after {state.last_reason}, attempt {state.attempt}")
                        self._write_state()
                    continue
                if unit.alive():
                    continue
                state.last_reason = unit.exit_reason()
                if self._schedule(state, now, started=True):
                    return self._give_up(state)
        return None

    def _schedule(self, state: _State, now: float, *, started: bool) -> bool:
        """Plan the next start of a unit that exited; True when it failed too often to try again."""
        if started and now - state.started_at >= self.healthy_after_s:
            state.attempt = 0  # it ran fine for a while: this is a new incident, not a crash loop
        state.attempt += 1
        if state.attempt > self.max_quick_failures:
            return True
        delay = min(self.max_delay_s, self.base_delay_s * (2 ** (state.attempt - 1)))
        state.restart_at = now + delay
        self.say(f"{state.unit.name} stage exited ({state.last_reason}); restarting in {delay:.0f}s")
        return False

    def _give_up(self, state: _State) -> str:
        return (f"the {state.unit.name} stage failed {state.attempt} times in a row within "
                f"{self.healthy_after_s:.0f}s of starting; last: {state.last_reason}")

    def stop(self, timeout: float = 15.0) -> None:
        """Stop every unit, the last started first (alert workers before processors before the broker)."""
        units = [state.unit for state in reversed(self.states)]
        for unit in units:
            unit.signal_stop()
        deadline = time.monotonic() + timeout
        for unit in units:
            unit.stop(timeout=max(0.5, deadline - time.monotonic()))
        if self.state_file is not None:
            self.state_file.unlink(missing_ok=True)

    def pids(self) -> dict[str, int | None]:
        return {state.unit.name: state.unit.pid() for state in self.states}

    def _write_state(self) -> None:
        """`$NEWSALERT_HOME/run.json`: the supervisor's pid and each stage's current pid (for operators)."""
        if self.state_file is None:
            return
        data = {"pid": os.getpid(), "stages": self.pids()}
        tmp = self.state_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data) + "\n")
        tmp.replace(self.state_file)
