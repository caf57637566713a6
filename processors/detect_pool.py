"""Detection off the processors' event loop: each article's bytes -> its candidates, in a process pool.

The `detect` agent hands every article record to `InOrder`, which sends them to `DetectorPool.submit_many`
in chunks, and finishes the records in the order they were read (processors/app.py), so the candidates of
a partition leave in the order of its articles whatever order the pool answers in. Detection is pure CPU
(~1 ms an article): in the
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


def detect_records(raws: list[bytes]) -> list[Detected]:
    """`detect_record` of several records in one call: one round trip to a pool process for all of them."""
    return [detect_record(raw) for raw in raws]


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

    def submit_many(self, raws: list[bytes]) -> "asyncio.Future[list[Detected]]":
        """Start detecting several records in one pool process (one task: the pickling, the pipe writes and
        the wake-ups of a task are paid once for all of them); called by the agent, in read order."""
        loop = asyncio.get_running_loop()
        if not self.processes:
            future: asyncio.Future[list[Detected]] = loop.create_future()
            future.set_result(detect_records(raws))
            return future
        try:
            return asyncio.wrap_future(self._executor().submit(detect_records, raws), loop=loop)
        except concurrent.futures.BrokenExecutor:  # a process died: a fresh pool takes this and what follows
            self.close()
            return asyncio.wrap_future(self._executor().submit(detect_records, raws), loop=loop)

    async def detect_many(self, raws: list[bytes], future: "asyncio.Future[list[Detected]]") -> list[Detected]:
        """The results of `future` (from `submit_many(raws)`); a pool broken meanwhile detects them again."""
        try:
            return await future
        except concurrent.futures.BrokenExecutor:
            self.close()
            return await self.submit_many(raws)

    def submit(self, raw: bytes) -> "asyncio.Future[list[Detected]]":
        """`submit_many` of one record."""
        return self.submit_many([raw])

    async def detect(self, raw: bytes, future: "asyncio.Future[list[Detected]]") -> Detected:
        """The result of `future` (from `submit(raw)`)."""
        return (await self.detect_many([raw], future))[0]

    def close(self) -> None:
        """Stop the processes (called when the agent stops; pending work is dropped, its records not acked)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


class _Chunk:
    """Records read one after another and detected in one pool task (`DetectorPool.submit_many`)."""

    __slots__ = ("raws", "future", "results")

    def __init__(self) -> None:
        self.raws: list[bytes] = []
        self.future: asyncio.Future[list[Detected]] | None = None  # None: not submitted yet (the open chunk)
        self.results: list[Detected] | None = None


class InOrder:
    """The `detect` agent's records in flight: detected concurrently, finished (sent, acked) in read order.

    `put` blocks once `window` records are in flight (back-pressure on the stream); a task finishes the
    head record when its detection is done, via the agent's `finish(event, detected)`. An error there
    stops the agent at its next `put` (`check`); nothing after the failed record was acked.

    Records go to the pool in chunks (issue 9: one task per article cost the processor's event loop and
    the pool's manager thread more than the article's tracking): a record read while a pool process is
    idle is submitted at once, alone (no wait at a low rate); records read while every process is busy
    gather in the open chunk, submitted when a process comes free (a task's answer), when it holds
    `chunk` records, or when `put` or the finisher would otherwise wait for it."""

    def __init__(self, pool: DetectorPool, finish: Any, window: int, chunk: int = 16) -> None:
        self._pool = pool
        self._finish = finish
        self._queue: asyncio.Queue[tuple[Any, _Chunk, int]] = asyncio.Queue(maxsize=window)
        self._chunk_size = max(1, chunk)
        self._processes = max(1, getattr(pool, "processes", 1))
        self._open: _Chunk | None = None
        self._in_flight = 0  # chunks submitted whose answer has not come back
        self._task: asyncio.Task[None] | None = None
        self._error: BaseException | None = None

    async def put(self, event: Any) -> None:
        """Called once per record read, in order: start its detection and queue it for finishing."""
        self.check()
        if self._task is None:
            self._task = asyncio.ensure_future(self._run())
        chunk = self._open
        if chunk is None:
            chunk = self._open = _Chunk()
        index = len(chunk.raws)
        chunk.raws.append(event.value)
        if len(chunk.raws) >= self._chunk_size or self._in_flight < self._processes or self._queue.full():
            self._submit()  # never wait below with a record of the open chunk unsubmitted
        await self._queue.put((event, chunk, index))

    def _submit(self) -> None:
        """Send the open chunk to the pool (nothing when there is none). Raises when the pool cannot take
        it; the chunk then stays open (its records are not lost to the finisher, which tries again)."""
        chunk = self._open
        if chunk is None or not chunk.raws:
            return
        chunk.future = self._pool.submit_many(chunk.raws)
        self._open = None
        self._in_flight += 1
        chunk.future.add_done_callback(self._answered)

    def _answered(self, _future: Any) -> None:
        self._in_flight -= 1
        if self._open is not None and self._error is None:
            try:
                self._submit()  # a process is free: what gathered meanwhile goes now
            except Exception as exc:  # noqa: BLE001 - the agent stops at its next put (`check`)
                self._error = exc

    def check(self) -> None:
        if self._error is not None:
            raise self._error
        if self._task is not None and self._task.done() and not self._task.cancelled():
            raise RuntimeError("the detect finisher stopped")

    async def _run(self) -> None:
        try:
            while True:
                event, chunk, index = await self._queue.get()
                if chunk.future is None:  # the open chunk, and the agent waits for the stream: send it now
                    self._submit()
                if chunk.results is None:
                    assert chunk.future is not None
                    chunk.results = await self._pool.detect_many(chunk.raws, chunk.future)
                await self._finish(event, chunk.results[index])
        except asyncio.CancelledError:
            raise
        except BaseException as exc:  # noqa: BLE001 - handed to the agent by `check`
            self._error = exc

    async def close(self) -> None:
        """Called when the agent stops: the records not finished stay un-acked (read again by their next owner)."""
        self._open = None
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - stopping anyway
                pass
            self._task = None
