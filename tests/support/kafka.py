"""Test helpers around the real broker: isolated settings, worker processes, produce/collect."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from newsroom.commands.streams import Received, consume, produce_lines
from newsroom.settings import Settings


def isolated_settings(bootstrap: str, data_dir: Path, **overrides: object) -> Settings:
    """Settings with a topic prefix and app id no other test shares."""
    run = uuid.uuid4().hex[:10]
    values: dict[str, object] = {
        "kafka_bootstrap": bootstrap,
        "topic_prefix": f"t{run}.",
        "app_id": f"test-{run}",
        "data_dir": data_dir,
        "web_enabled": False,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def settings_env(settings: Settings) -> dict[str, str]:
    """The NEWSROOM_* environment that reproduces these settings in a subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        text = value.get_secret_value() if hasattr(value, "get_secret_value") else value
        env[f"NEWSROOM_{name.upper()}"] = str(text).lower() if isinstance(text, bool) else str(text)
    env["NEWSROOM_LOG_FORMAT"] = "json"
    return env


class WorkerProcess:
    """`newsroom worker` in a subprocess, logging to a file."""

    def __init__(self, settings: Settings, log_path: Path) -> None:
        self.log_path = log_path
        self._log = log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newsroom", "worker"],
            env=settings_env(settings),
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL: no shutdown, no final commit."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self, timeout: float = 40.0) -> int:
        if self.alive:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return int(self.proc.returncode)

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")


def produce(settings: Settings, topic: str, lines: Iterable[bytes]) -> int:
    return asyncio.run(produce_lines(settings, topic, lines))


def collect(
    settings: Settings,
    topics: list[str],
    expected: int,
    timeout: float,
    settle: float = 3.0,
    alive: Callable[[], bool] = lambda: True,
    distinct: Callable[[Received], Any] | None = None,
) -> list[Received]:
    """Read the topics from the beginning until `expected` records arrived (or timeout, or
    `alive()` turns false), then keep reading for `settle` seconds so that extra records
    would be seen too. With `distinct`, count distinct values of it instead of records
    (replays after a crash repeat records)."""

    async def run() -> list[Received]:
        seen: dict[tuple[str, int, int], Received] = {}
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and alive():
            async for rec in consume(settings, topics, True, None, idle_timeout=settle):
                seen[(rec.topic, rec.partition, rec.offset)] = rec
            found = len({distinct(r) for r in seen.values()}) if distinct else len(seen)
            if found >= expected:
                break
        return list(seen.values())

    return asyncio.run(run())
