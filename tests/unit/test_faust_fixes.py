"""processors/faust_fixes.py: faust's offset bookkeeping never commits past a record that was not acked."""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from faust.types import TP

from processors import faust_fixes

TP0 = TP("t.events.candidates", 0)


def consumer(committed, acked):
    c = SimpleNamespace(_acked=defaultdict(list), _acked_index=defaultdict(set),
                        _committed_offset=defaultdict(lambda: None))
    c._committed_offset[TP0] = committed
    c._acked[TP0].extend(acked)
    c._acked_index[TP0].update(acked)
    return c


def test_one_missing_record_at_the_committed_offset_stops_the_commit():
    # faust 0.15.3 commits 72 here: 70 was never processed (the off-by-one of `min(acked) - committed > 1`)
    c = consumer(70, [71, 72, 73])
    assert faust_fixes._new_offset(c, TP0) is None
    assert c._newsalert_holes[TP0][0] == 70
    c._acked[TP0].append(70)
    assert faust_fixes._new_offset(c, TP0) == 74
    assert TP0 not in c._newsalert_holes


def test_committed_offset_zero_is_an_offset():
    assert faust_fixes._new_offset(consumer(0, [1, 2]), TP0) is None
    assert faust_fixes._new_offset(consumer(0, [0, 1, 3]), TP0) == 2


def test_contiguous_acks_commit_up_to_the_first_hole_and_stale_acks_below_are_harmless():
    c = consumer(10, [8, 10, 11, 12, 14])
    assert faust_fixes._new_offset(c, TP0) == 9  # not > committed: faust's _should_commit drops it
    assert faust_fixes._new_offset(c, TP0) == 13


def test_ack_of_a_message_from_an_earlier_generation_is_not_counted():
    faust_fixes.install()
    from faust.transport.consumer import Consumer

    class Message:
        generation_id, acked = 4, False

    message = Message()
    c = SimpleNamespace(app=SimpleNamespace(consumer_generation_id=5), _unacked_messages={message},
                        _acked=defaultdict(list))
    assert Consumer.ack(c, message) is False  # the new owner reads it again from the committed offset
    assert message.acked and not c._unacked_messages and not c._acked


class FakeConsumer(SimpleNamespace):
    async def earliest_offsets(self, *tps):
        return {tp: self.earliest for tp in tps}

    async def seek(self, tp, offset):
        self.seeks.append((tp, offset))

    def assignment(self):
        return {TP0}


def test_a_missing_record_is_read_again_after_a_while_and_deleted_ones_are_let_go():
    import asyncio

    c = FakeConsumer(**vars(consumer(70, [71, 72])), earliest=0, seeks=[])
    assert faust_fixes._new_offset(c, TP0) is None
    since = c._newsalert_holes[TP0][1]
    asyncio.run(faust_fixes.heal_holes(c, now=since + 1))
    assert c.seeks == []  # it may still be on its way
    asyncio.run(faust_fixes.heal_holes(c, now=since + faust_fixes.HOLE_RESEEK_AFTER + 1))
    assert c.seeks == [(TP0, 70)]

    c.earliest = 71  # retention removed offset 70 before anyone read it: commit on
    asyncio.run(faust_fixes.heal_holes(c, now=since + 3 * faust_fixes.HOLE_RESEEK_AFTER))
    assert faust_fixes._new_offset(c, TP0) == 73


def test_a_partition_without_a_commit_commits_nothing_until_its_earliest_offset_is_known():
    """Issue 13's second cause: faust committed 28 for a candidates partition with no commit yet whose next
    record after a rebalance was 27; offsets 1..26 were never tracked by anyone."""
    import asyncio

    c = FakeConsumer(**vars(consumer(None, [0])), earliest=0, seeks=[])
    assert faust_fixes._new_offset(c, TP0) is None  # faust 0.15.3 commits 1 here without knowing where 0 is
    asyncio.run(faust_fixes.heal_holes(c))
    assert c._committed_offset[TP0] == 0
    assert faust_fixes._new_offset(c, TP0) == 1

    c = FakeConsumer(**vars(consumer(None, [27, 28])), earliest=0, seeks=[])
    assert faust_fixes._new_offset(c, TP0) is None  # faust 0.15.3 commits 29: 0..26 lost
    since = c._newsalert_holes[TP0][1]
    asyncio.run(faust_fixes.heal_holes(c, now=since + 1))
    assert c._committed_offset[TP0] == 0 and c._newsalert_holes[TP0] == (0, since) and c.seeks == []
    assert faust_fixes._new_offset(c, TP0) is None
    asyncio.run(faust_fixes.heal_holes(c, now=since + faust_fixes.HOLE_RESEEK_AFTER + 1))
    assert c.seeks == [(TP0, 0)]  # read again from the start
    c._acked[TP0].extend(range(27))
    assert faust_fixes._new_offset(c, TP0) == 29


def test_a_partition_without_a_commit_waits_while_the_broker_does_not_answer():
    import asyncio

    class Away(FakeConsumer):
        async def earliest_offsets(self, *tps):
            raise ConnectionError("broker away")

    c = Away(**vars(consumer(None, [3])), earliest=0, seeks=[])
    assert faust_fixes._new_offset(c, TP0) is None
    asyncio.run(faust_fixes.heal_holes(c, now=c._newsalert_holes[TP0][1] + 60))
    assert c._committed_offset[TP0] is None and c.seeks == [] and TP0 in c._newsalert_holes
    assert faust_fixes._new_offset(c, TP0) is None


def test_a_changelog_not_yet_in_the_consumers_metadata_is_not_a_partition_mismatch():
    """A broker-restart trial: the consumer's snapshot had 0 partitions for the changelog faust created as it
    started, and every table write crashed the track agent (one candidate per 5 s for minutes)."""
    import pytest
    from faust.exceptions import PartitionsMismatch
    from faust.tables.base import Collection

    faust_fixes.install()
    counts = {"t.events.candidates": 3, "t.changelog": 0}
    table = SimpleNamespace(_verified_source_topics_for_partitions=set(), changelog_topic_name="t.changelog",
                            name="tracked-events",
                            app=SimpleNamespace(consumer=SimpleNamespace(topic_partitions=counts.get)))
    Collection._verify_source_topic_partitions(table, "t.events.candidates")  # no error: not known yet
    assert not table._verified_source_topics_for_partitions  # checked again on a later write
    counts["t.changelog"] = 3
    Collection._verify_source_topic_partitions(table, "t.events.candidates")
    assert table._verified_source_topics_for_partitions == {"t.events.candidates"}
    table._verified_source_topics_for_partitions.clear()
    counts["t.changelog"] = 2  # a real mismatch is still one
    with pytest.raises(PartitionsMismatch):
        Collection._verify_source_topic_partitions(table, "t.events.candidates")
