"""The faust floor: newsroom's faust configuration running agents that only forward.

Its worker consumes the raw topic, parses each message's JSON and sends the bytes on to the
enriched topic, with the pipeline's at-least-once settings, producer batching and send path
(`Outputs.send`: unawaited, checked sends). Its rate is what faust itself allows on this machine
before any newsroom stage runs: the ceiling of any faust pipeline, measured in the same
`newsroom bench` run.

With `hops=2` (`python -m newsroom.bench.floor 2`) it has the pipeline's shape: one agent
forwards raw messages to the internal candidates topic (one partition, as the dedup hop needs)
and a second forwards those to the enriched topic, so every article crosses faust twice, as in
newsroom. No table: the dedup state's changelog records are the dedup stage's own cost.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Any

import orjson

from newsroom.agents.publish import Outputs
from newsroom.app import Service, bytes_topic, faust_app
from newsroom.health import Health
from newsroom.logs import configure_logging
from newsroom.metrics import Metrics
from newsroom.settings import Settings
from newsroom.topology import ENRICHED, RAW, candidates_topic


def build_floor(settings: Settings, hops: int = 1) -> Service:
    """A worker with faust's costs and none of newsroom's: consume, parse, send, `hops` times."""
    if hops not in (1, 2):
        raise ValueError(f"the floor forwards once or twice, not {hops} times")
    app = faust_app(settings)
    raw, out = bytes_topic(app, settings.topic(RAW)), bytes_topic(app, settings.topic(ENRICHED))
    mid = bytes_topic(app, candidates_topic(settings)) if hops == 2 else out
    metrics = Metrics()
    sends = Outputs(mid, out, out, out, settings.dlq_payload_max_bytes, metrics)
    forward(app, raw, mid, sends, "newsroom.floor")
    if hops == 2:
        forward(app, mid, out, sends, "newsroom.floor.second")

    # The app has no table, so table recovery says nothing of it: ready means assigned.
    owned: set[Any] = set()

    @app.on_partitions_revoked.connect
    async def on_revoked(sender: Any, revoked: set[Any], **_: Any) -> None:
        owned.clear()

    @app.on_partitions_assigned.connect
    async def on_assigned(sender: Any, assigned: set[Any], **_: Any) -> None:
        owned.update(assigned)

    return Service(app, metrics, Health(ready=lambda: bool(owned)))


def forward(app: Any, source: Any, target: Any, sends: Outputs, name: str) -> Any:
    """An agent that parses each message of `source` and sends its bytes on to `target`."""

    @app.agent(source, name=name)
    async def agent(stream: Any) -> None:
        async for event in stream.events():
            with contextlib.suppress(orjson.JSONDecodeError):
                orjson.loads(event.value or b"null")
            await sends.send(target, event.key, event.value)  # the pipeline's own send path

    return agent


def main(argv: list[str] | None = None) -> None:
    from newsroom.commands.worker import run_service

    args = sys.argv[1:] if argv is None else argv
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format)
    run_service(settings, build_floor(settings, int(args[0]) if args else 1))


if __name__ == "__main__":
    main()
