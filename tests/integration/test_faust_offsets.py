"""faust_offsets on the real broker: after a rebalance, a partition nobody has committed goes
back to its first offset instead of staying past records a worker fetched but never processed."""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import RecordsToDelete

from newsroom import kafka_clients
from newsroom.faust_offsets import seek_to_committed_or_start
from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, RAW
from tests.support.faults import create_topics

COUNT = 6


async def _produce(settings: Settings, tps: list[TopicPartition]) -> None:
    producer = kafka_clients.producer(settings)
    await producer.start()
    try:
        for tp in tps:
            for n in range(COUNT):
                await producer.send_and_wait(tp.topic, f"r{n}".encode(), partition=tp.partition)
    finally:
        await producer.stop()


async def _read_all(settings: Settings, tps: list[TopicPartition]) -> AIOKafkaConsumer:
    """A consumer of the app's group that fetched every record of `tps` and committed none
    (the worker whose agents had them buffered when the rebalance cleared the buffers)."""
    consumer = kafka_clients.consumer(
        settings, group_id=settings.app_id, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    consumer.assign(tps)
    deadline = time.monotonic() + 30
    while [await consumer.position(tp) for tp in tps] != [COUNT] * len(tps):
        assert time.monotonic() < deadline, "the records never came"
        await consumer.getmany(*tps, timeout_ms=500)
    return consumer


def test_aiokafka_leaves_a_partition_without_a_commit_where_it_is(settings: Settings) -> None:
    """The premise: seek_to_committed moves only partitions committed above 0."""
    create_topics(settings)
    tp = TopicPartition(settings.topic(RAW), 0)

    async def run() -> None:
        await _produce(settings, [tp])
        consumer = await _read_all(settings, [tp])
        try:
            assert await consumer.seek_to_committed() == {tp: None}
            assert await consumer.position(tp) == COUNT
        finally:
            await consumer.stop()

    asyncio.run(run())


async def _delete_before(settings: Settings, tp: TopicPartition, offset: int) -> None:
    """What retention does: the partition's log now starts at `offset`."""
    admin = kafka_clients.admin(settings)
    await admin.start()
    try:
        await admin.delete_records({tp: RecordsToDelete(before_offset=offset)}, timeout_ms=10000)
    finally:
        await admin.close()


def test_partitions_without_a_commit_go_back_to_their_first_offset(settings: Settings) -> None:
    """Uncommitted: back to 0 and read again. Committed: to the commit. Committed before what
    retention kept: to the first offset left. A topic the streams do not ack (a changelog, whose
    position recovery owns): left where it is."""
    create_topics(settings)
    fresh, committed, trimmed = (TopicPartition(settings.topic(RAW), p) for p in (0, 1, 2))
    other = TopicPartition(settings.topic(DEADLETTER), 0)
    acking = {settings.topic(RAW)}

    async def run() -> None:
        await _produce(settings, [fresh, committed, trimmed, other])
        consumer = await _read_all(settings, [fresh, committed, trimmed, other])
        try:
            await consumer.commit({committed: 4, trimmed: 1})
            await _delete_before(settings, trimmed, 3)
            starts = await seek_to_committed_or_start(consumer, acking.__contains__)
            assert starts == {fresh: 0, committed: 4, trimmed: 3, other: None}
            positions = [await consumer.position(tp) for tp in (fresh, committed, trimmed, other)]
            assert positions == [0, 4, 3, COUNT]
            again = await consumer.getmany(fresh, timeout_ms=5000)
            assert [r.offset for r in again[fresh]][:1] == [0]
        finally:
            await consumer.stop()

    asyncio.run(run())
