"""processors/detect_pool: records detected concurrently are finished in read order; bad records say why."""

from __future__ import annotations

import asyncio
import random
from types import SimpleNamespace

import pytest

from newsalert.bench_pipeline import synthetic_articles
from processors.detect_pool import Detected, DetectorPool, InOrder, detect_record


class ShuffledPool:
    """A pool of `processes` whose answers come back in a random order (as a process pool's may)."""

    def __init__(self, processes: int = 1) -> None:
        self.processes = processes
        self.chunks: list[int] = []  # the size of each task submitted

    def submit_many(self, raws: list[bytes]) -> "asyncio.Future[list[Detected]]":
        self.chunks.append(len(raws))
        future: asyncio.Future[list[Detected]] = asyncio.get_running_loop().create_future()
        asyncio.get_running_loop().call_later(random.uniform(0, 0.01), future.set_result,
                                              [Detected(article_id=raw.decode()) for raw in raws])
        return future

    async def detect_many(self, raws: list[bytes], future: "asyncio.Future[list[Detected]]") -> list[Detected]:
        return await future


def test_finished_in_read_order_whatever_order_detection_ends() -> None:
    finished: list[str] = []

    async def finish(event, detected: Detected) -> None:
        assert detected.article_id == event.value.decode()
        finished.append(detected.article_id)

    async def main(processes: int) -> None:
        in_order = InOrder(ShuffledPool(processes), finish, window=8, chunk=3)  # type: ignore[arg-type]
        for i in range(100):
            await in_order.put(SimpleNamespace(value=f"a{i}".encode()))
        while len(finished) < 100:
            await asyncio.sleep(0.01)
        await in_order.close()

    for processes in (1, 3):
        finished.clear()
        asyncio.run(main(processes))
        assert finished == [f"a{i}" for i in range(100)]


def test_records_read_while_the_pool_is_busy_go_together_and_a_lone_record_goes_at_once() -> None:
    finished: list[str] = []

    async def finish(event, detected: Detected) -> None:
        finished.append(detected.article_id)

    async def main() -> list[int]:
        pool = ShuffledPool(1)
        in_order = InOrder(pool, finish, window=32, chunk=8)  # type: ignore[arg-type]
        for i in range(20):  # read in one go: the first alone, the rest while the pool is busy with it
            await in_order.put(SimpleNamespace(value=f"a{i}".encode()))
        while len(finished) < 20:
            await asyncio.sleep(0.01)
        await in_order.put(SimpleNamespace(value=b"late"))  # the pool is idle again: it goes at once, alone
        while len(finished) < 21:
            await asyncio.sleep(0.01)
        await in_order.close()
        return pool.chunks

    chunks = asyncio.run(main())
    assert finished == [f"a{i}" for i in range(20)] + ["late"]
    assert chunks[0] == 1 and chunks[-1] == 1 and max(chunks) == 8 and sum(chunks) == 21


def test_a_failed_finish_stops_the_agent_and_nothing_after_it_is_finished() -> None:
    finished: list[bytes] = []

    async def finish(event, detected: Detected) -> None:
        if event.value == b"a3":
            raise ConnectionError("broker away")
        finished.append(event.value)

    async def main() -> None:
        in_order = InOrder(DetectorPool(0), finish, window=1)
        with pytest.raises(ConnectionError):
            for i in range(10):
                await in_order.put(SimpleNamespace(value=f"a{i}".encode()))
                await asyncio.sleep(0.01)
        await in_order.close()

    asyncio.run(main())
    assert finished == [b"a0", b"a1", b"a2"]


def test_detect_record_in_this_process_and_in_a_pool_process() -> None:
    article = synthetic_articles(1, "pool")[0]
    raw = article.model_dump_json().encode()
    here = detect_record(raw)
    assert here.error is None and here.article_id == article.id and len(here.candidates) == 1
    bad = detect_record(b'{"id": 3}')
    assert bad.error is not None and bad.error.startswith("invalid article:") and not bad.candidates

    async def in_pool() -> Detected:
        pool = DetectorPool(1)
        try:
            return await pool.detect(raw, pool.submit(raw))
        finally:
            pool.close()

    there = asyncio.run(in_pool())
    assert there.candidates == here.candidates  # the same bytes, whichever process detected them


def test_a_pool_that_cannot_take_a_chunk_stops_the_agent_and_nothing_after_it_is_finished() -> None:
    class FailingPool(ShuffledPool):
        def submit_many(self, raws: list[bytes]) -> "asyncio.Future[list[Detected]]":
            if self.chunks:
                raise RuntimeError("no pool")
            return super().submit_many(raws)

    finished: list[str] = []

    async def finish(event, detected: Detected) -> None:
        finished.append(detected.article_id)

    async def main() -> None:
        in_order = InOrder(FailingPool(1), finish, window=32, chunk=8)  # type: ignore[arg-type]
        with pytest.raises(RuntimeError):
            for i in range(50):
                await in_order.put(SimpleNamespace(value=f"a{i}".encode()))
                await asyncio.sleep(0.005)
        await in_order.close()

    asyncio.run(main())
    assert finished == ["a0"]
