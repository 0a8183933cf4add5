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
   every partition the streams ack to its committed offset, or to its first offset when it has
   no commit (what auto_offset_reset=earliest, the app's setting, starts from) or when
   retention deleted the committed one.
2. faust's commit refuses a hole at the head of the acked offsets only when the committed offset
   is truthy, so never for a partition committed at 0 or not at all. OffsetsConsumer keeps the
   sought start as the committed offset, counts faust's gaps (offsets the fetcher never saw,
   such as transaction markers) as covered, and refuses a commit whose lowest covered offset
   lies more than one past it. faust's allowance of one is kept: after a seek, faust takes the
   committed offset for the last one read, so a control marker there is not recorded as a gap.
3. faust acks the events a stream skips unprocessed: those fetched in an earlier generation, and
   those that reach a stream while flow is suspended for a rebalance. A commit could then pass a
   record nobody processed. OffsetsConsumer does not count those acks; the seek after the
   rebalance reads the records again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer
from faust.transport.drivers import aiokafka as faust_aiokafka
from faust.types import TP
from mode.utils.futures import notify

log = structlog.get_logger("newsroom.offsets")


def start_offset(committed: int | None, first: int) -> int:
    """Where a partition's consumer starts: its commit, or its first offset when it has none or
    the committed one was deleted by retention."""
    return first if committed is None else max(committed, first)


def hole_at_head(covered: Collection[int], committed: int | None) -> bool:
    """Whether committing would skip an offset: the lowest acked or gap offset lies more than
    one past `committed` (the next offset to process)."""
    return committed is not None and bool(covered) and min(covered) - committed > 1


async def seek_to_committed_or_start(
    consumer: AIOKafkaConsumer, acking: Callable[[str], bool]
) -> dict[Any, int | None]:
    """Seek the assigned partitions of `acking` topics to their committed offsets, or to their
    first offset (start_offset); aiokafka's seek_to_committed alone moves only partitions
    committed above 0. Returns where each partition now starts (the others keep aiokafka's
    answer: changelogs, whose positions table recovery owns, have None)."""
    committed: dict[Any, int | None] = dict(await consumer.seek_to_committed())
    streams = [tp for tp in committed if acking(tp.topic)]
    if streams:
        firsts = await consumer.beginning_offsets(streams)
        for tp in streams:
            committed[tp] = start_offset(committed[tp], firsts[tp])
            consumer.seek(tp, committed[tp])
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hole_logged: dict[TP, int | None] = {}

    async def perform_seek(self) -> None:
        """faust's perform_seek on the starts of seek_to_committed_or_start, keeping a start of 0
        as the committed offset (faust drops it)."""
        committed = await self.seek_to_committed()
        self._read_offset.update(
            {tp: o if o is not None and o >= 0 else None for tp, o in committed.items()}
        )
        self._committed_offset.update(
            {TP(tp.topic, tp.partition): o for tp, o in committed.items() if o is not None}
        )

    def _new_offset(self, tp: TP) -> int | None:
        committed = self._committed_offset[tp]
        covered = list(self._acked[tp])
        if self._gap[tp]:
            covered.append(self._gap[tp].begin())
        if hole_at_head(covered, committed):
            if self._hole_logged.get(tp) != committed:
                self._hole_logged[tp] = committed
                log.warning(
                    "offsets.hole_at_head",
                    topic=tp.topic,
                    partition=tp.partition,
                    committed=committed,
                    lowest_acked=min(covered),
                )
            return None
        result: int | None = super()._new_offset(tp)
        return result

    def ack(self, message: Any) -> bool:
        if self._skipped(message):
            self._unacked_messages.discard(message)  # nothing waits for an unprocessed event
            notify(self._waiting_for_ack)
            return False
        acked: bool = super().ack(message)
        return acked

    def _skipped(self, message: Any) -> bool:
        """Whether a stream acks `message` without having processed it (faust streams.py: a
        message of another generation, or one read while flow is suspended, is acked untracked)."""
        generation = getattr(message, "generation_id", None)
        if generation is not None and generation != self.app.consumer_generation_id:
            return True
        return not self.app.flow_control.is_active() and not getattr(message, "tracked", True)
