"""faust_offsets' commit guards on the consumer the composition root builds: a commit never
skips an offset at the head, a start of 0 counts as committed, stale acks do not count."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from faust.types import TP, Message

from newsroom.app import create_app
from newsroom.faust_offsets import OffsetsConsumer, OffsetsThread, hole_at_head, unpositioned
from newsroom.settings import Settings

RAW = TP("articles.raw", 0)


@pytest.fixture
def consumer() -> Iterator[Any]:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    app = create_app(Settings(ner="off"))
    app.topics.acks_enabled_for = lambda topic: True  # as once the agents subscribed
    app.consumer_generation_id = 2
    yield app.consumer
    asyncio.set_event_loop(None)
    loop.close()


def message(offset: int, generation: int) -> Message:
    return Message(
        RAW.topic, RAW.partition, offset, 0.0, 0, None, b"k", b"v", None,
        tp=RAW, generation_id=generation,
    )  # fmt: skip


def test_the_worker_consumer_carries_the_guards(consumer: Any) -> None:
    assert isinstance(consumer, OffsetsConsumer)
    assert isinstance(consumer._thread, OffsetsThread)


def test_only_partitions_without_a_commit_above_0_are_unpositioned() -> None:
    assert unpositioned({RAW: None, TP("a", 1): 0, TP("a", 2): 7}) == [RAW, TP("a", 1)]


@pytest.mark.parametrize(
    ("acked", "committed", "hole"),
    [([5, 6], 5, False), ([6, 7], 5, True), ([3], 0, True), ([0, 1], 0, False), ([9], None, False)],
)
def test_a_hole_at_the_head(acked: list[int], committed: int | None, hole: bool) -> None:
    assert hole_at_head(acked, committed) is hole


def test_a_commit_never_passes_an_offset_at_the_head(consumer: Any) -> None:
    """faust alone let a one-offset hole through (next offset 4, acked 5 and 6: it committed 7)
    and checked nothing for a partition committed at 0."""
    consumer._committed_offset[RAW] = 4
    consumer._acked[RAW].extend([5, 6])
    assert consumer._new_offset(RAW) is None
    consumer._acked[RAW].append(4)
    assert consumer._new_offset(RAW) == 7

    consumer._committed_offset[RAW] = 0
    consumer._acked[RAW].extend([3, 4])
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
