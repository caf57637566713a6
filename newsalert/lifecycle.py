"""Process lifecycle of a stage: a stop flag set by SIGINT/SIGTERM or by the supervisor's death.

The `newsalert run` supervisor itself lives in `newsalert.supervise`.
"""

from __future__ import annotations

import signal
import threading

from newsalert.supervise import arm_stop_deadline, watch_parent


class StopFlag:
    """Set by SIGINT/SIGTERM, or when the supervising parent process is gone.

    Once set by a signal, the process has `supervise.STOP_GRACE_S` seconds to stop before it exits
    hard: a worker blocked on a broker that is gone must not ignore its stop.
    """

    def __init__(self) -> None:
        self._event = threading.Event()

    def install(self, *, deadline: bool = True) -> "StopFlag":
        """Called once in the main thread: installs the signal handlers and the parent watch.

        `deadline=False` for `newsalert run`, which stops its children with its own timeouts.
        """
        def on_signal(signum: int, _frame: object) -> None:
            self._event.set()
            if deadline:
                arm_stop_deadline(reason=signal.Signals(signum).name)

        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, on_signal)
        watch_parent(self._orphaned)
        return self

    def _orphaned(self) -> None:
        self._event.set()

    def set(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(seconds)
