"""Timers beside the agents: event-loop heartbeat, group-join watch and consumer lag."""

from __future__ import annotations

import os
import time
from typing import Any

import structlog

from newsroom.agents.publish import EXIT_RESTART, Outputs
from newsroom.health import Health, join_waited

log = structlog.get_logger("newsroom.housekeeping")


def register(
    app: Any,
    out: Outputs,
    health: Health,
    join_limit_s: float,
) -> None:
    """Attach the timers to the app (a faust_fetch.App). A group join stuck past its limit ends
    the process: nothing is left to commit then (faust flushed and committed at the revoke), and
    the restarted worker joins as a new member."""

    @app.timer(interval=1.0)
    async def heartbeat() -> None:
        health.beat()
        waited = join_waited(
            time.monotonic(), app.join_started_at, app.assignments, app.assignments_at_join_start
        )
        if waited > join_limit_s:
            log.critical("worker.group_join_stuck", waited_s=round(waited), limit_s=join_limit_s)
            os._exit(EXIT_RESTART)

    @app.timer(interval=5.0)
    async def lag() -> None:
        from faust.types import TP

        for (topic, partition), position in list(out.positions.items()):
            try:
                highwater = app.consumer.highwater(TP(topic, partition))
            except Exception:  # partition revoked in a rebalance since we saw it
                out.positions.pop((topic, partition), None)
                continue
            if highwater is not None:
                behind = max(0, highwater - position)
                out.metrics.consumer_lag.labels(topic, str(partition)).set(behind)
