"""A fix for faust-streaming 0.15.3's fetch while every partition is paused, installed by the
composition root (newsroom.app.faust_app).

faust pauses partitions in its own bookkeeping (the consumer's active set), not in aiokafka, and
hands the active set to aiokafka's Fetcher.fetched_records. aiokafka reads an *empty* set as "no
filter": it returns the prefetched records of every assigned partition and moves their
positions past them. faust then drops those records because their partitions are not active.
The set is empty whenever everything is paused: on each rebalance between the assignment and the
end of table recovery, while the fetcher is already running (a running worker in a rebalance, or
a new one that had to replay part of its changelog). faust's seek to the committed offsets
afterwards puts back only partitions with a committed offset, so a partition nobody had
committed yet lost what was fetched. Measured on the real broker: a worker restarted after its
predecessor died before its first commit processed none of 21 pending articles, and one
restarted on a partly persisted table lost 55 of 120 (2 of 19 such restarts lost articles).

PausedFetchThread gives aiokafka a snapshot of the active set and fetches nothing while it is
empty; the records stay in aiokafka's buffer, their positions unmoved, until faust resumes them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from typing import Any

import faust
from faust.transport.drivers import aiokafka as faust_aiokafka

from newsroom.faust_offsets import OffsetsConsumer, OffsetsThread

# While every partition is paused, faust's fetch loop asks again after this long.
PAUSED_POLL_S = 0.05

Records = Mapping[Any, list[Any]]


async def fetch_active(
    fetch: Callable[[set[Any]], Awaitable[Records]],
    active: Collection[Any],
    timeout: float | None = None,
) -> Records:
    """`fetch` the records of a snapshot of the active partitions; none at all (so no position
    moves) while none is active. `active` is faust's live active set, `fetch` what reads
    aiokafka's buffer for a set of partitions."""
    snapshot = set(active)  # a copy: faust mutates the live set from another thread
    if not snapshot:
        await asyncio.sleep(min(timeout or 0.0, PAUSED_POLL_S))
        return {}
    return await fetch(snapshot)


class PausedFetchThread(OffsetsThread):
    """faust's consumer thread, fetching only what its active set names (fetch_active), and
    seeking partitions without a commit to their start (faust_offsets)."""

    async def _fetch_records(
        self,
        consumer: Any,
        active_partitions: Collection[Any],
        timeout: float | None = None,
        max_records: int | None = None,
    ) -> Records:
        """faust's own _fetch_records, never handed an empty partition set."""
        parent = super()._fetch_records

        async def fetch(partitions: set[Any]) -> Records:
            return await parent(consumer, partitions, timeout, max_records)

        return await fetch_active(fetch, active_partitions, timeout)


class PausedFetchConsumer(OffsetsConsumer):
    """faust's aiokafka consumer with PausedFetchThread and faust_offsets' commit guards."""

    def _new_consumer_thread(self) -> PausedFetchThread:
        return PausedFetchThread(self, loop=self.loop, beacon=self.beacon)


class PausedFetchTransport(faust_aiokafka.Transport):
    """faust's aiokafka transport with PausedFetchConsumer."""

    Consumer = PausedFetchConsumer


class App(faust.App):
    """faust.App whose consumer transport is PausedFetchTransport (newsroom speaks Kafka only):
    the fixes of this module and of faust_offsets. It also notes when each rebalance began and
    how many assignments had come by then (health.join_waited)."""

    join_started_at: float | None = None
    assignments = 0
    assignments_at_join_start = 0

    def _new_transport(self) -> Any:
        return PausedFetchTransport(self.conf.broker_consumer, self)

    def on_rebalance_start(self) -> None:
        # Called by the consumer thread when partitions are revoked, before the group join.
        self.assignments_at_join_start = self.assignments
        self.join_started_at = time.monotonic()
        super().on_rebalance_start()

    async def _on_partitions_assigned(self, assigned: Any, generation_id: int = 0) -> None:
        self.assignments += 1
        await super()._on_partitions_assigned(assigned, generation_id)
