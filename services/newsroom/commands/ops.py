"""Operator commands: topics describe, status (lag and worker health), dlq replay."""

from __future__ import annotations

import base64
import urllib.request
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from aiokafka.structs import TopicPartition

from newsroom import kafka_clients
from newsroom.commands.streams import consume, produce_lines
from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, RAW, topic_specs


@dataclass(frozen=True, slots=True)
class PartitionLag:
    topic: str
    partition: int
    end: int
    committed: int | None

    @property
    def lag(self) -> int:
        return self.end - (self.committed or 0)


async def end_offsets(settings: Settings, topics: list[str]) -> dict[TopicPartition, int]:
    """High watermark of every partition of the topics that exist."""
    client = kafka_clients.admin(settings)
    await client.start()
    try:
        present = set(await client.list_topics())
    finally:
        await client.close()
    existing = [t for t in topics if t in present]
    if not existing:
        return {}
    consumer = kafka_clients.consumer(settings, *existing, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        parts = [
            TopicPartition(t, p)
            for t in existing
            for p in sorted(consumer.partitions_for_topic(t) or ())
        ]
        return dict(await consumer.end_offsets(parts)) if parts else {}
    finally:
        await consumer.stop()


async def describe(settings: Settings) -> list[dict[str, Any]]:
    """Each newsroom topic: partitions, messages held (sum of end offsets) and size limit."""
    names = [spec.name for spec in topic_specs(settings)]
    ends = await end_offsets(settings, names)
    limits = await kafka_clients.topic_limits(settings, names)
    rows = []
    for name in names:
        parts = [n for tp, n in ends.items() if tp.topic == name]
        rows.append(
            {
                "topic": name,
                "exists": name in limits,
                "partitions": len(parts),
                "end_offsets": sum(parts),
                "max_message_bytes": limits.get(name),
            }
        )
    return rows


async def committed_offsets(settings: Settings) -> dict[TopicPartition, int]:
    """The worker group's committed offset of every partition it has committed."""
    client = kafka_clients.admin(settings)
    await client.start()
    try:
        committed = await client.list_consumer_group_offsets(settings.app_id)
    finally:
        await client.close()
    return {tp: meta.offset for tp, meta in committed.items() if meta.offset >= 0}


async def lag(settings: Settings) -> list[PartitionLag]:
    """Lag of the worker group on the raw topic, per partition."""
    done = await committed_offsets(settings)
    ends = await end_offsets(settings, [settings.topic(RAW)])
    return [
        PartitionLag(tp.topic, tp.partition, end, done.get(tp)) for tp, end in sorted(ends.items())
    ]


def worker_health(url: str) -> str:
    """'ready', 'not ready' or 'unreachable' for a worker's base URL."""
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/health/ready", timeout=3) as resp:
            return "ready" if resp.status == 200 else "not ready"
    except urllib.error.HTTPError:
        return "not ready"
    except OSError:
        return "unreachable"


async def dead_letters(
    settings: Settings, reason: str | None, timeout: float
) -> AsyncIterator[dict[str, Any]]:
    """Dead letters from the beginning, optionally of one reason."""
    async for rec in consume(settings, [settings.topic(DEADLETTER)], True, None, timeout):
        letter = rec.value_json()
        if isinstance(letter, dict) and (reason is None or letter.get("reason") == reason):
            yield letter


async def replay(
    settings: Settings, reason: str | None, dry_run: bool, timeout: float
) -> dict[str, int]:
    """Re-send the original bytes of dead letters to the raw topic (truncated ones are skipped)."""
    payloads: list[bytes] = []
    skipped = 0
    async for letter in dead_letters(settings, reason, timeout):
        if letter.get("payload_truncated") or letter.get("reason") == "publish_failed":
            skipped += 1
            continue
        payloads.append(base64.b64decode(letter["payload_b64"]))
    sent = 0 if dry_run else await produce_lines(settings, settings.topic(RAW), payloads)
    return {"matched": len(payloads) + skipped, "replayable": len(payloads), "skipped": skipped,
            "sent": sent}  # fmt: skip
