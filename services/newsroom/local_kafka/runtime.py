"""The local broker for commands and tests: use the configured one, else start ours."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsroom.local_kafka.broker import LocalBroker, free_port
from newsroom.local_kafka.jars import ensure_jars
from newsroom.settings import Settings


def broker_for(settings: Settings) -> LocalBroker:
    """The local broker these settings describe (port and home directory)."""
    port = settings.local_kafka_port
    return LocalBroker(ensure_jars(settings.home), settings.home / f"broker-{port}", port)


@contextmanager
def local_broker(settings: Settings) -> Iterator[str]:
    """Yield a bootstrap address; a broker started here is stopped on exit."""
    if settings.kafka_bootstrap:
        yield settings.kafka_bootstrap
        return
    broker = broker_for(settings)
    started = not broker.is_running()
    broker.start()
    try:
        yield broker.bootstrap
    finally:
        if started:
            broker.stop()


@contextmanager
def fresh_broker(settings: Settings) -> Iterator[str]:
    """Yield a bootstrap address: the configured broker, else a new empty one on a free port.

    Benchmarks use it so every run starts from the same state (no topics of earlier runs, no
    broker shared with other jobs); data and logs live in a temporary directory.
    """
    if settings.kafka_bootstrap:
        yield settings.kafka_bootstrap
        return
    with tempfile.TemporaryDirectory(prefix="newsroom-kafka-") as tmp:
        broker = LocalBroker(ensure_jars(settings.home), Path(tmp), free_port())
        broker.start()
        try:
            yield broker.bootstrap
        finally:
            broker.stop()
