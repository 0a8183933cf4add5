"""The local broker for commands and tests: use the configured one, else start ours."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from newsroom.local_kafka.broker import LocalBroker
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
