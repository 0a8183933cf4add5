"""Failed metadata updates are paced by the client's retry backoff; successes are not."""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path
from typing import Any

from aiokafka.client import AIOKafkaClient

from newsroom import aiokafka_backoff
from newsroom.aiokafka_backoff import FailureBackoff, throttled
from newsroom.app import faust_app
from newsroom.settings import Settings


def test_a_failure_delays_the_next_attempt_and_a_success_clears_it() -> None:
    backoff = FailureBackoff(0.1)
    assert backoff.wait_s(5.0) == 0.0
    backoff.record(False, 5.0)
    assert abs(backoff.wait_s(5.03) - 0.07) < 1e-9
    assert backoff.wait_s(5.2) == 0.0
    backoff.record(False, 6.0)
    backoff.record(True, 6.01)
    assert backoff.wait_s(6.02) == 0.0


class Client:
    """What the wrapper reads from an AIOKafkaClient: its retry backoff in seconds."""

    _retry_backoff = 0.1


def test_callers_asking_again_at_once_are_paced_while_updates_fail() -> None:
    """aiokafka's sender and fetcher ask again as soon as an update returns: without the pause
    a refused connection made this loop turn thousands of times a second."""
    calls: list[float] = []

    async def refused(client: Any, cluster: Any, topics: Any) -> bool:
        calls.append(time.monotonic())
        return False

    update = throttled(refused)

    async def spin(seconds: float) -> float:
        client, started = Client(), time.monotonic()
        while time.monotonic() - started < seconds:
            await update(client, None, None)
        return time.monotonic() - started

    elapsed = asyncio.run(spin(0.45))
    # asyncio.sleep never returns early: at most one attempt per 0.1 s, plus the first
    assert len(calls) <= 1 + int(elapsed / 0.1) + 1
    gaps = [b - a for a, b in itertools.pairwise(calls)]
    assert gaps and min(gaps) >= 0.1 - 0.005


def test_successes_are_not_delayed() -> None:
    calls: list[float] = []

    async def works(client: Any, cluster: Any, topics: Any) -> bool:
        calls.append(time.monotonic())
        return True

    update = throttled(works)

    async def run() -> None:
        client = Client()
        for _ in range(50):
            await update(client, None, None)

    asyncio.run(run())
    assert len(calls) == 50
    assert calls[-1] - calls[0] < 50 * 0.1  # 50 paced attempts would take 4.9 s


def test_install_wraps_aiokafka_once_and_uninstall_restores_it() -> None:
    installed = hasattr(AIOKafkaClient, "_newsroom_unthrottled_metadata_update")
    aiokafka_backoff.uninstall()  # another test may have built a faust app, which installs it
    original = AIOKafkaClient._metadata_update
    try:
        aiokafka_backoff.install()
        wrapped = AIOKafkaClient._metadata_update
        assert wrapped is not original
        aiokafka_backoff.install()
        assert AIOKafkaClient._metadata_update is wrapped
        aiokafka_backoff.uninstall()
        assert AIOKafkaClient._metadata_update is original
    finally:  # leave the process as found, also when an assertion failed
        aiokafka_backoff.uninstall()
        if installed:
            aiokafka_backoff.install()


def test_the_faust_app_installs_it(tmp_path: Path) -> None:
    """Every worker (and the bench's faust floor) builds its app through faust_app."""
    installed = hasattr(AIOKafkaClient, "_newsroom_unthrottled_metadata_update")
    aiokafka_backoff.uninstall()
    try:
        faust_app(Settings(data_dir=tmp_path, kafka_bootstrap="127.0.0.1:9"))
        assert hasattr(AIOKafkaClient, "_newsroom_unthrottled_metadata_update")
    finally:
        if not installed:
            aiokafka_backoff.uninstall()
