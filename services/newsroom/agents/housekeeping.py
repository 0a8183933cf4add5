"""Timers beside the agents: event-loop heartbeat and consumer lag."""

from __future__ import annotations

from typing import Any

import structlog

from newsroom.agents.publish import Outputs
from newsroom.health import Health

log = structlog.get_logger("newsroom.housekeeping")


def register(app: Any, out: Outputs, health: Health) -> None:
    """Attach the timers to the app."""

    @app.timer(interval=1.0)
    async def heartbeat() -> None:
        health.beat()

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
