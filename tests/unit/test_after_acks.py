"""processors.app.AfterAcks: the tracker's changelog writes and acks wait for the updates' acknowledgements,
in record order, and a failed send stops the tracker (issue 9: the tracker no longer awaits each send)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from processors.app import AfterAcks


class FakeTable:
    def __init__(self, log: list) -> None:
        self.log = log

    def send_changelog(self, partition, key, value):  # type: ignore[no-untyped-def]
        self.log.append(("changelog", partition, key, value))


def record(offset: int, partition: int = 0) -> SimpleNamespace:
    return SimpleNamespace(message=SimpleNamespace(partition=partition, offset=offset))


def test_changelog_and_ack_wait_for_the_sends_in_record_order() -> None:
    async def scenario() -> list:
        log: list = []

        async def ack(event):  # type: ignore[no-untyped-def]
            log.append(("ack", event.message.offset))

        after = AfterAcks(FakeTable(log), ack)
        loop = asyncio.get_running_loop()
        first, second = loop.create_future(), loop.create_future()
        after.add(record(1), [first], b"k1", b"v1")
        after.add(record(2, partition=2), [second], b"k2", b"v2")
        after.add(record(3), [], None, None)  # no update, no new state: only its ack
        await asyncio.sleep(0.01)
        assert log == []  # nothing before the first update is acknowledged
        second.set_result("ok")  # the later record's send is acknowledged first: it still waits its turn
        await asyncio.sleep(0.01)
        assert log == []
        first.set_result("ok")
        await asyncio.sleep(0.01)
        after.check()
        return log

    assert asyncio.run(scenario()) == [
        ("changelog", 0, b"k1", b"v1"), ("ack", 1),
        ("changelog", 2, b"k2", b"v2"), ("ack", 2),
        ("ack", 3),
    ]


def test_a_failed_send_stops_the_tracker_and_nothing_after_it_is_acked() -> None:
    async def scenario() -> tuple[list, AfterAcks]:
        log: list = []

        async def ack(event):  # type: ignore[no-untyped-def]
            log.append(("ack", event.message.offset))

        after = AfterAcks(FakeTable(log), ack)
        failed = asyncio.get_running_loop().create_future()
        after.add(record(1), [failed], b"k1", b"v1")
        after.add(record(2), [], b"k2", b"v2")
        failed.set_exception(RuntimeError("broker gone"))
        await asyncio.sleep(0.01)
        return log, after

    log, after = asyncio.run(scenario())
    assert log == []  # neither the state nor the ack of record 1, nor anything after it
    with pytest.raises(RuntimeError, match="broker gone"):
        after.check()
