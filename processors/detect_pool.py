"""Detection off the processors' event loop: each article's bytes -> its candidates, in a process pool.

The `detect` agent hands every article record to `DetectorPool.submit` and finishes the records in the
order they were read (processors/app.py, `InOrder`), so the candidates of a partition leave in the order
of its articles whatever order the pool answers in. Detection is pure CPU (~4 ms an article): in the
event loop it held up tracking, sends and acks; in `NEWSALERT_DETECT_PROCESSES` processes it runs beside
them on the other cores. With 0 processes the same function runs in the loop (as before).

`detect_record` is what runs in a pool process: it takes and returns plain bytes and strings (cheap to
pickle), never touches Kafka, and says what went wrong instead of raising, so the agent decides what goes
to the dead-letter topic, in order.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import multiprocessing
import os
import threading
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from newsalert.models import Article, Event, SourceRef
from processors.state import ReminderDue, base_key


class Candidate(BaseModel):
    """A detected event and the article it came from, a due reminder, a request to release the changes
    the alert budget held back, or one to drop episodes past the retention (processors-internal topic)."""

    source: SourceRef | None = None
    event: Event | None = None
    reminder: ReminderDue | None = None
    release_held: bool = False
    # drop the key's closed episodes past the retention as of this publication time (the retention sweep)
    prune_before: datetime | None = None


def source_of(article: Article) -> SourceRef:
    return SourceRef.from_article(article)


def detect_candidates(article: Article) -> list[Candidate]:
    """Run every registered detector on one article (pure; the agent does the I/O)."""
    from processors.detectors import detect_events

    ref = source_of(article)
    return [Candidate(source=ref, event=event) for event in detect_events(article)]


@dataclass
class Detected:
    """What detection made of one article record (returned by `detect_record`, pickled from a pool process).

    `error` set: the record goes to the dead-letter topic with this reason (`trace`: the detector's
    traceback, for the log). Else `candidates` are (key, value, event type) to send to the candidates topic."""

    article_id: str | None = None
    candidates: list[tuple[bytes, bytes, str]] = field(default_factory=list)
    error: str | None = None
    trace: str | None = None
    seconds: float = 0.0


def detect_record(raw: bytes) -> Detected:
    """Validate one article record and run every detector on it (pure; in a pool process or in the loop).

    Never raises for a bad record or a detector bug: the result carries the reason instead."""
    started = time.perf_counter()
    try:
        article = Article.model_validate_json(raw)
    except ValidationError as exc:
        return Detected(error="invalid article: " + "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors()[:5]))
    try:
        candidates: list[Candidate] = detect_candidates(article)
        out = [(base_key(c.event).encode("utf-8"), c.model_dump_json().encode("utf-8"), c.event.type)
               for c in candidates if c.event is not None]
    except Exception as exc:  # a detector bug must not stop the stream: the record is dead-lettered
        return Detected(article_id=article.id, error=f"detector failed: {type(exc).__name__}: {exc}",
                        trace=traceback.format_exc())
    return Detected(article_id=article.id, candidates=out, seconds=time.perf_counter() - started)


def default_processes() -> int:
    """One detector process per CPU beyond the first (the event loop keeps one), at least one."""
    return max(1, (os.cpu_count() or 1) - 1)


def _init_worker(parent: int) -> None:
    """Run once in each pool process: load the detectors and the learned scorer before the first article,
    and exit when the processor that started us is gone (a SIGKILLed processor leaves no detector behind)."""
    from processors.detectors import detect_events  # noqa: F401 - imports, compiled patterns
    from processors.learned import default_scorer

    default_scorer()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class DetectorPool:
    """`processes` detector processes (0: detect in the calling event loop). One per processor worker.

    Created when the `detect` agent starts; `close` at its end. A pool whose process died (killed, out of
    memory) is replaced on the next submit; the records it had are detected again by the new one."""

    def __init__(self, processes: int) -> None:
        self.processes = processes
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def _executor(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            # spawn, not fork: the processor has threads (faust's, the metrics server) a fork would copy mid-state
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.processes, mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker, initargs=(os.getpid(),))
        return self._pool

    def submit(self, raw: bytes) -> "asyncio.Future[Detected]":
        """Start detecting one record; called by the agent for each record it reads, in order."""
        loop = asyncio.get_running_loop()
        if not self.processes:
            future: asyncio.Future[Detected] = loop.create_future()
            future.set_result(detect_record(raw))
            return future
        try:
            return asyncio.wrap_future(self._executor().submit(detect_record, raw), loop=loop)
        except concurrent.futures.BrokenExecutor:  # a process died: a fresh pool takes this and what follows
            self.close()
            return asyncio.wrap_future(self._executor().submit(detect_record, raw), loop=loop)

    async def detect(self, raw: bytes, future: "asyncio.Future[Detected]") -> Detected:
        """The result of `future` (from `submit(raw)`); a pool broken meanwhile detects `raw` again."""
        try:
            return await future
        except concurrent.futures.BrokenExecutor:
            self.close()
            return await self.submit(raw)

    def close(self) -> None:
        """Stop the processes (called when the agent stops; pending work is dropped, its records not acked)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


class InOrder:
    """The `detect` agent's records in flight: detected concurrently, finished (sent, acked) in read order.

    `put` blocks once `window` records are in flight (back-pressure on the stream); a task finishes the
    head record when its detection is done, via the agent's `finish(event, detected)`. An error there
    stops the agent at its next `put` (`check`); nothing after the failed record was acked."""

    def __init__(self, pool: DetectorPool, finish: Any, window: int) -> None:
        self._pool = pool
        self._finish = finish
        self._queue: asyncio.Queue[tuple[Any, asyncio.Future[Detected]]] = asyncio.Queue(maxsize=window)
        self._task: asyncio.Task[None] | None = None
        self._error: BaseException | None = None

    async def put(self, event: Any) -> None:
        """Called once per record read, in order: start its detection and queue it for finishing."""
        self.check()
        if self._task is None:
            self._task = asyncio.ensure_future(self._run())
        await self._queue.put((event, self._pool.submit(event.value)))

    def check(self) -> None:
        if self._error is not None:
            raise self._error
        if self._task is not None and self._task.done() and not self._task.cancelled():
            raise RuntimeError("the detect finisher stopped")

    async def _run(self) -> None:
        try:
            while True:
                event, future = await self._queue.get()
                detected = await self._pool.detect(event.value, future)
                await self._finish(event, detected)
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # noqa: BLE001 - handed to the agent by `check`
            self._error = exc

    async def close(self) -> None:
        """Called when the agent stops: the records not finished stay un-acked (read again by their next owner)."""
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - stopping anyway
                pass
            self._task = None
