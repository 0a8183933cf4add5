"""faust_fetch on the real broker: while faust has every partition paused, nothing is fetched
and no position moves; records of paused partitions wait in aiokafka's buffer."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from newsroom import kafka_clients
from newsroom.faust_fetch import fetch_active
from newsroom.settings import Settings
from newsroom.topology import RAW
from tests.support.faults import create_topics

VALUES = [f"record-{n}".encode() for n in range(5)]


def buffered(consumer: AIOKafkaConsumer, timeout: float) -> Any:
    """What faust's consumer thread does with a partition set: read aiokafka's buffer."""
    return lambda partitions: consumer._fetcher.fetched_records(partitions, timeout=timeout)


async def _produce(settings: Settings, tps: list[TopicPartition]) -> None:
    producer = kafka_clients.producer(settings)
    await producer.start()
    try:
        for tp in tps:
            for value in VALUES:
                await producer.send_and_wait(tp.topic, value, partition=tp.partition)
    finally:
        await producer.stop()


async def _prefetched(settings: Settings, tps: list[TopicPartition]) -> AIOKafkaConsumer:
    """A consumer at offset 0 of `tps` whose background fetcher holds their records (not yet
    handed out: positions still 0)."""
    consumer = kafka_clients.consumer(settings, group_id=None, auto_offset_reset="earliest")
    await consumer.start()
    consumer.assign(tps)
    await consumer.seek_to_beginning(*tps)
    buffered: Any = consumer._fetcher._records  # the fetcher's buffer of fetched records
    deadline = time.monotonic() + 30
    while not all(tp in buffered for tp in tps):
        assert time.monotonic() < deadline, "aiokafka never prefetched the records"
        await asyncio.sleep(0.05)
    for tp in tps:
        assert await consumer.position(tp) == 0
    return consumer


def test_aiokafka_hands_out_every_partition_for_an_empty_set(settings: Settings) -> None:
    """The premise of faust_fetch: aiokafka reads an empty partition set as no filter."""
    create_topics(settings)
    tps = [TopicPartition(settings.topic(RAW), p) for p in (0, 1)]

    async def run() -> None:
        await _produce(settings, tps)
        consumer = await _prefetched(settings, tps)
        try:
            got = await consumer._fetcher.fetched_records(set(), timeout=1.0)
            assert set(got) == set(tps)
            assert [await consumer.position(tp) for tp in tps] == [5, 5]
        finally:
            await consumer.stop()

    asyncio.run(run())


def test_nothing_is_fetched_while_every_partition_is_paused(settings: Settings) -> None:
    """An empty active set fetches nothing and moves no position; one active partition gets
    its own records only, the paused one keeps its records for later."""
    create_topics(settings)
    active, paused = (TopicPartition(settings.topic(RAW), p) for p in (0, 1))

    async def run() -> None:
        await _produce(settings, [active, paused])
        consumer = await _prefetched(settings, [active, paused])
        try:
            for _ in range(5):
                assert await fetch_active(buffered(consumer, 0.2), set(), timeout=0.2) == {}
            assert [await consumer.position(tp) for tp in (active, paused)] == [0, 0]

            got = await fetch_active(buffered(consumer, 5.0), {active}, timeout=5.0)
            assert list(got) == [active]
            assert [r.value for r in got[active]] == VALUES
            assert await consumer.position(paused) == 0

            got = await fetch_active(buffered(consumer, 5.0), {paused}, timeout=5.0)
            assert [r.value for r in got[paused]] == VALUES
        finally:
            await consumer.stop()

    asyncio.run(run())
