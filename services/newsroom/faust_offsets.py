"""Fixes for faust-streaming 0.15.3's offsets across a rebalance, installed by the composition
root through faust_fetch's consumer (newsroom.app.faust_app).

1. A partition nobody has committed is never sought back. After each assignment faust seeks
   its partitions to their committed offsets with aiokafka's seek_to_committed, which moves
   only partitions committed above 0. At the revoke before, faust cleared the records its agents
   had buffered but not processed; a partition without a commit keeps its position after them,
   so they are never read again, and faust's commit (2) then passes them. Measured on the real
   broker: a worker whose dedup agent had not yet committed its partition when a second worker
   joined skipped candidates 1-1,237 of 1,650 and committed past them (1,087 of 1,500 articles
   lost; 1 in about 13 runs of the rebalance fault test). `seek_to_committed_or_start` seeks
   such partitions to their first offset, what a consumer with auto_offset_reset=earliest (the
   app's setting) starts from.
2. faust's commit refuses a hole at the head of the acked offsets only when the committed offset
   is truthy, so never for a partition committed at 0 or not at all, and it lets a hole of one
   offset through. OffsetsConsumer keeps the sought start as the committed offset and refuses
   any commit whose lowest acked offset lies past it.
3. faust acks the events a stream skips because they were fetched in an earlier generation, so
   a commit can pass a record before its re-read copy is processed. OffsetsConsumer does not
   count those acks; the seek after the rebalance reads the records again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from aiokafka import AIOKafkaConsumer
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP


def unpositioned(committed: Mapping[Any, int | None]) -> list[Any]:
    """Partitions aiokafka's seek_to_committed leaves where they are: no commit, or 0."""
    return [tp for tp, offset in committed.items() if offset is None or offset <= 0]


def hole_at_head(acked: Collection[int], committed: int | None) -> bool:
    """Whether committing the acked offsets would skip one: the lowest is past `committed`
    (the next offset to process)."""
    return committed is not None and bool(acked) and min(acked) > committed


async def seek_to_committed_or_start(
    consumer: AIOKafkaConsumer, acking: Callable[[str], bool]
) -> dict[Any, int | None]:
    """Seek the assigned partitions to their committed offsets, and those of `acking` topics
    that have none (or 0) to their first offset. Returns where each now starts (None: left
    alone, such as changelogs, whose positions table recovery owns)."""
    committed: dict[Any, int | None] = dict(await consumer.seek_to_committed())
    start = [tp for tp in unpositioned(committed) if acking(tp.topic)]
    if start:
        firsts = await consumer.beginning_offsets(start)
        for tp in start:
            consumer.seek(tp, firsts[tp])
            committed[tp] = firsts[tp]
    return committed


class OffsetsThread(faust_aiokafka.AIOKafkaConsumerThread):
    """faust's consumer thread; its seek to committed offsets also positions (1)."""

    async def seek_to_committed(self) -> Mapping[TP, int]:
        # faust's type says int; aiokafka's mapping holds None for a partition without a commit.
        offsets: Mapping[TP, int] = await self.call_thread(self._seek_to_committed_or_start)
        return offsets

    async def _seek_to_committed_or_start(self) -> Mapping[Any, int | None]:
        acking = self.app.topics.acks_enabled_for
        return await seek_to_committed_or_start(self._ensure_consumer(), acking)


class OffsetsConsumer(faust_aiokafka.Consumer):
    """faust's aiokafka consumer with the commit guards (2) and (3)."""

    async def perform_seek(self) -> None:
        """faust's perform_seek, keeping a start of 0 as the committed offset (faust drops it)."""
        committed = await self.seek_to_committed()
        self._read_offset.update(
            {tp: o if o is not None and o >= 0 else None for tp, o in committed.items()}
        )
        self._committed_offset.update(
            {TP(tp.topic, tp.partition): o for tp, o in committed.items() if o is not None}
        )

    def _new_offset(self, tp: TP) -> int | None:
        if not self._gap[tp] and hole_at_head(self._acked[tp], self._committed_offset[tp]):
            return None
        result: int | None = super()._new_offset(tp)
        return result

    def ack(self, message: Any) -> bool:
        generation = getattr(message, "generation_id", None)
        if generation is not None and generation != self.app.consumer_generation_id:
            self._unacked_messages.discard(message)  # nothing waits for a stale event
            return False
        acked: bool = super().ack(message)
        return acked
