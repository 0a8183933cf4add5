"""produce and consume: move lines and messages between files and topics."""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any

import orjson

from newsroom import kafka_clients
from newsroom.settings import Settings


def read_lines(stream: Iterable[bytes]) -> Iterable[bytes]:
    """Lines as bytes without their line terminator (a final newline adds no line)."""
    for line in stream:
        yield line[:-1] if line.endswith(b"\n") else line


async def produce_lines(
    settings: Settings,
    topic: str,
    lines: Iterable[bytes],
    rate: float | None = None,
    on_sent: Any = None,
) -> int:
    """Send each line as one message; every send is confirmed before returning."""
    producer = kafka_clients.producer(settings, linger_ms=5)
    await producer.start()
    sent = 0
    pending: list[asyncio.Future[Any]] = []
    started = time.monotonic()
    try:
        for line in lines:
            pending.append(await producer.send(topic, value=line))
            sent += 1
            if len(pending) >= 500:
                await asyncio.gather(*pending)
                pending.clear()
            if on_sent is not None:
                on_sent(sent)
            if rate:
                ahead = sent / rate - (time.monotonic() - started)
                if ahead > 0:
                    await asyncio.sleep(ahead)
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
    return sent


@dataclass(frozen=True, slots=True)
class Received:
    topic: str
    partition: int
    offset: int
    timestamp: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]

    def value_json(self) -> Any:
        """The value parsed as JSON, or its bytes in base64 when it is not JSON."""
        if self.value is None:
            return None
        try:
            return orjson.loads(self.value)
        except orjson.JSONDecodeError:
            return {"value_b64": base64.b64encode(self.value).decode()}

    def envelope(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "partition": self.partition,
            "offset": self.offset,
            "timestamp": self.timestamp,
            "key": self.key.decode("utf-8", "replace") if self.key is not None else None,
            "headers": {k: v.decode("utf-8", "replace") for k, v in self.headers},
            "value": self.value_json(),
        }


async def consume(
    settings: Settings,
    topics: list[str],
    from_beginning: bool,
    max_messages: int | None,
    idle_timeout: float,
) -> AsyncIterator[Received]:
    """Messages of the topics (no consumer group, nothing committed) until max or idle."""
    consumer = kafka_clients.consumer(
        settings,
        *topics,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
    )
    await consumer.start()
    count = 0
    try:
        while max_messages is None or count < max_messages:
            batch = await consumer.getmany(timeout_ms=int(idle_timeout * 1000))
            if not batch:
                return
            for records in batch.values():
                for rec in records:
                    yield Received(
                        rec.topic,
                        rec.partition,
                        rec.offset,
                        rec.timestamp,
                        rec.key,
                        rec.value,
                        tuple(rec.headers or ()),
                    )
                    count += 1
                    if max_messages is not None and count >= max_messages:
                        return
    finally:
        await consumer.stop()
