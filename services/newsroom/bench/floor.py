"""The faust floor: newsroom's faust configuration running one agent that only forwards.

Its worker consumes the raw topic, parses each message's JSON and sends the bytes on to the
enriched topic, with the pipeline's at-least-once settings, producer batching and send path
(`Outputs.send`: unawaited, checked sends). Its rate is what faust itself allows on this machine
before any newsroom stage runs: the ceiling of any faust pipeline, measured in the same
`newsroom bench` run.
"""

from __future__ import annotations

import contextlib
from typing import Any

import orjson

from newsroom.agents.publish import Outputs
from newsroom.app import Service, bytes_topic, faust_app
from newsroom.health import Health
from newsroom.logs import configure_logging
from newsroom.metrics import Metrics
from newsroom.settings import Settings
from newsroom.topology import ENRICHED, RAW


def build_floor(settings: Settings) -> Service:
    """A worker with faust's costs and none of newsroom's: consume, parse, send."""
    app = faust_app(settings)
    raw, out = bytes_topic(app, settings.topic(RAW)), bytes_topic(app, settings.topic(ENRICHED))
    metrics = Metrics()
    sends = Outputs(out, out, out, out, settings.dlq_payload_max_bytes, metrics)

    @app.agent(raw, name="newsroom.floor")
    async def forward(stream: Any) -> None:
        async for event in stream.events():
            with contextlib.suppress(orjson.JSONDecodeError):
                orjson.loads(event.value or b"null")
            await sends.send(out, event.key, event.value)  # the pipeline's own send path

    # The app has no table, so table recovery says nothing of it: ready means assigned.
    owned: set[Any] = set()

    @app.on_partitions_revoked.connect
    async def on_revoked(sender: Any, revoked: set[Any], **_: Any) -> None:
        owned.clear()

    @app.on_partitions_assigned.connect
    async def on_assigned(sender: Any, assigned: set[Any], **_: Any) -> None:
        owned.update(assigned)

    return Service(app, metrics, Health(ready=lambda: bool(owned)))


def main() -> None:
    from newsroom.commands.worker import run_service

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    run_service(settings, build_floor(settings))


if __name__ == "__main__":
    main()
