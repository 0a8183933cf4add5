"""A fix for faust-streaming 0.15.3's table recovery, installed by the composition root.

When table recovery ends, faust resumes the stream partitions first and only then seeks them to
their committed offsets (Recovery.on_recovery_completed in faust/tables/recovery.py). While
that seek awaits the broker, the fetcher already delivers records into the agents' buffers;
resuming flow control then clears those buffers, and the rest of a batch fetched before the
seek moves the fetcher's read offset past the records just cleared, so their re-read after the
seek is discarded ("DROPPED MESSAGE"). faust's commit lets a one-offset hole at the head of a
partition through, so the next commit passes an event nobody processed. Measured: a worker
replacing a SIGKILLed one lost raw partition 1, offset 5 this way (1 of 70 articles).

SeekFirstRecovery seeks while the stream partitions are still paused, then resumes them and
flow control in one step with no await in between: nothing reaches a buffer before the seek,
and nothing sits in a buffer when it is cleared.
"""

from __future__ import annotations

import asyncio
from typing import Any

from faust.tables import TableManager
from faust.tables.recovery import Recovery


class SeekFirstRecovery(Recovery):
    """faust's Recovery, with the stream partitions sought before they are resumed."""

    async def on_recovery_completed(self, generation_id: int = 0) -> None:
        """faust 0.15.3's on_recovery_completed with one change: seek, then resume."""
        app: Any = self.app
        consumer = app.consumer
        self.log.info("Restore complete!")
        await app.on_rebalance_complete.send()
        self._set_recovery_ended()
        callbacks = [
            asyncio.ensure_future(
                table.on_recovery_completed(
                    self.actives_for_table[table], self.standbys_for_table[table]
                )
            )
            for table in self.tables.values()
        ]
        if callbacks:
            await asyncio.wait(callbacks)
        if app.consumer_generation_id != generation_id:
            self.log.warning("Recovery rebalancing again (generation %r)", generation_id)
            return
        if consumer.assignment():
            self.log.info("Seek stream partitions to committed offsets.")
            timeout = app.conf.broker_request_timeout
            await self._wait(consumer.perform_seek(), timeout=timeout)
        if app.consumer_generation_id != generation_id:
            self.log.warning("Recovery rebalancing again (generation %r)", generation_id)
            return
        # No await from here until flow resumes: the fetcher cannot run in between.
        streams = {tp for tp in consumer.assignment() if not self._is_changelog_tp(tp)}
        consumer.resume_partitions(streams)
        self.completed.set()
        app.flow_control.resume()  # also clears the agents' buffers (clear_on_resume)
        consumer.resume_flow()
        await app._fetcher.maybe_start()
        self.tables.on_actives_ready()
        if not app.assignor.assigned_standbys():
            self.tables.on_standbys_ready()
        app.on_rebalance_end()
        self.log.info("Worker ready")


class SeekFirstTableManager(TableManager):
    """faust's TableManager with SeekFirstRecovery (faust's `TableManager` app setting)."""

    @property
    def recovery(self) -> Recovery:
        if self._recovery is None:
            self._recovery = SeekFirstRecovery(self.app, self, beacon=self.beacon, loop=self.loop)
        return self._recovery
