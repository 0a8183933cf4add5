"""faust_offsets' commit guards on the consumer the composition root builds: a commit never
skips an offset at the head, a start of 0 counts as committed, stale acks do not count."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from faust.types import TP
from faust.types.tuples import ConsumerMessage

from newsroom.app import create_app
from newsroom.faust_offsets import OffsetsConsumer, OffsetsThread, hole_at_head, start_offset
from newsroom.settings import Settings

RAW = TP("articles.raw", 0)


@pytest.fixture
def consumer() -> Iterator[Any]:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    app = create_app(Settings(ner="off"))
    app.topics.acks_enabled_for = lambda topic: True  # as once the agents subscribed
    app.consumer_generation_id = 2
    app.flow_control.resume()  # a running worker between rebalances
    yield app.consumer
    asyncio.set_event_loop(None)
    loop.close()


def message(offset: int, generation: int, tracked: bool = True) -> ConsumerMessage:
    """A fetched message; `tracked` once a stream took it for processing."""
    fetched = ConsumerMessage(
        RAW.topic, RAW.partition, offset, 0.0, 0, None, b"k", b"v", None,
        tp=RAW, generation_id=generation,
    )  # fmt: skip
    fetched.tracked = tracked
    return fetched


def test_the_worker_consumer_carries_the_guards(consumer: Any) -> None:
    assert isinstance(consumer, OffsetsConsumer)
    assert isinstance(consumer._thread, OffsetsThread)


@pytest.mark.parametrize(
    ("committed", "first", "start"), [(None, 0, 0), (None, 40, 40), (0, 0, 0), (7, 0, 7), (7, 9, 9)]
)
def test_a_partition_starts_at_its_commit_or_its_first_offset(
    committed: int | None, first: int, start: int
) -> None:
    assert start_offset(committed, first) == start


@pytest.mark.parametrize(
    ("covered", "committed", "hole"),
    [
        ([5, 6], 5, False),
        ([6, 7], 5, False),  # one offset: a control marker at the committed offset
        ([7, 8], 5, True),
        ([3], 0, True),  # faust checked nothing for a commit of 0
        ([0, 1], 0, False),
        ([9], None, False),
    ],
)
def test_a_hole_at_the_head(covered: list[int], committed: int | None, hole: bool) -> None:
    assert hole_at_head(covered, committed) is hole


def test_a_commit_never_passes_a_hole_at_the_head(consumer: Any) -> None:
    """faust checked nothing for a partition committed at 0 (or not at all): from acked 1238 on
    it committed 1243, past 1,237 records nobody processed."""
    consumer._committed_offset[RAW] = 0
    consumer._acked[RAW].extend([1238, 1239, 1240])
    assert consumer._new_offset(RAW) is None
    consumer._acked[RAW].extend(range(1238))
    assert consumer._new_offset(RAW) == 1241


def test_a_gap_the_fetcher_saw_counts_as_covered(consumer: Any) -> None:
    """Offsets the fetcher never saw (transaction markers) are faust's gaps, not holes; a gap
    that begins past the head is still a hole."""
    consumer._committed_offset[RAW] = 10
    consumer._gap[RAW].addi(11, 13)
    consumer._acked[RAW].extend([13, 14])
    assert consumer._new_offset(RAW) == 15

    consumer._committed_offset[RAW] = 20
    consumer._gap[RAW].addi(23, 25)
    consumer._acked[RAW].extend([25])
    assert consumer._new_offset(RAW) is None


def test_a_sought_start_of_0_is_kept_as_the_committed_offset(consumer: Any) -> None:
    async def sought() -> dict[TP, int]:
        return {RAW: 0}

    consumer.seek_to_committed = sought
    asyncio.get_event_loop().run_until_complete(consumer.perform_seek())
    assert consumer._committed_offset[RAW] == 0
    assert consumer._read_offset[RAW] == 0


def test_an_event_of_an_earlier_generation_is_not_counted_as_processed(consumer: Any) -> None:
    stale, current = message(3, generation=1), message(4, generation=2)
    consumer._unacked_messages.add(stale)
    assert consumer.ack(stale) is False
    assert stale not in consumer._unacked_messages  # nothing waits for it
    assert consumer.ack(current) is True
    assert list(consumer._acked[RAW]) == [4]


def test_an_event_skipped_while_flow_is_suspended_is_not_counted(consumer: Any) -> None:
    """A stream skips (and faust acks) what it reads during a rebalance's suspended flow; what
    it took before (tracked) and finishes meanwhile still counts."""
    consumer.app.flow_control.suspend()
    skipped, finished = message(5, generation=2, tracked=False), message(6, generation=2)
    assert consumer.ack(skipped) is False
    assert consumer.ack(finished) is True
    assert list(consumer._acked[RAW]) == [6]
