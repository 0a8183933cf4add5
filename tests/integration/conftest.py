"""The real Apache Kafka broker for integration tests (unless NEWSROOM_KAFKA_BOOTSTRAP is set)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsroom.local_kafka.broker import LocalBroker, free_port
from newsroom.local_kafka.jars import ensure_jars
from newsroom.settings import Settings
from tests.support.kafka import WorkerProcess, isolated_settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A broker for the whole session: the configured one, or a fresh local one."""
    configured = os.environ.get("NEWSROOM_KAFKA_BOOTSTRAP")
    if configured:
        yield configured
        return
    lib = ensure_jars(Settings().home)
    broker = LocalBroker(lib, tmp_path_factory.mktemp("kafka"), free_port())
    broker.start()
    try:
        yield broker.bootstrap
    finally:
        broker.stop()


@pytest.fixture
def settings(kafka_bootstrap: str, tmp_path: Path) -> Settings:
    """Settings isolated from every other test (own topics, group and tables)."""
    return isolated_settings(kafka_bootstrap, tmp_path / "data")


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[object]:
    """Factory for worker processes; all are stopped when the test ends."""
    workers: list[WorkerProcess] = []

    def start(settings: Settings, name: str = "worker") -> WorkerProcess:
        own = settings.model_copy(update={"data_dir": tmp_path / f"{name}-{len(workers)}-data"})
        worker = WorkerProcess(own, tmp_path / f"{name}-{len(workers)}.log")
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).parent.name == "integration":
            item.add_marker(pytest.mark.integration)
