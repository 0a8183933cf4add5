"""`newsroom demo`: broker, topics, a worker, bundled samples in, a summary of what came out."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from newsroom import kafka_clients
from newsroom.commands.streams import Received, consume, produce_lines, read_lines
from newsroom.local_kafka.runtime import local_broker
from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, DUPLICATES, ENRICHED, RAW, topic_specs


@dataclass
class DemoResult:
    produced: int
    counts: Counter[str] = field(default_factory=Counter)
    events: list[Received] = field(default_factory=list)


def sample_lines() -> list[bytes]:
    """The bundled demo articles (our own words) including malformed payloads."""
    data = resources.files("newsroom.samples").joinpath("demo.jsonl").read_bytes()
    return list(read_lines(data.splitlines(keepends=True)))


def start_worker(settings: Settings, data_dir: Path, log_path: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "NEWSROOM_KAFKA_BOOTSTRAP": settings.bootstrap,
        "NEWSROOM_TOPIC_PREFIX": settings.topic_prefix,
        "NEWSROOM_APP_ID": settings.app_id,
        "NEWSROOM_DATA_DIR": str(data_dir),
        "NEWSROOM_WEB_ENABLED": "false",
        "NEWSROOM_LOG_FORMAT": "json",
    }
    with log_path.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "newsroom", "worker"], env=env, stdout=out, stderr=out
        )


def stop_worker(proc: subprocess.Popen[bytes], timeout: float = 30.0) -> int:
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


async def collect(
    settings: Settings, expected: int, timeout: float, alive: Callable[[], bool]
) -> DemoResult:
    result = DemoResult(produced=expected)
    topics = [settings.topic(t) for t in (ENRICHED, DUPLICATES, DEADLETTER)]
    deadline = time.monotonic() + timeout
    seen: set[tuple[str, int, int]] = set()
    while sum(result.counts.values()) < expected and time.monotonic() < deadline and alive():
        async for rec in consume(settings, topics, True, None, idle_timeout=3.0):
            if (rec.topic, rec.partition, rec.offset) not in seen:
                seen.add((rec.topic, rec.partition, rec.offset))
                result.counts[rec.topic] += 1
                result.events.append(rec)
    return result


def run_demo(base: Settings, timeout: float = 180.0) -> DemoResult:
    """Run the whole flow and return what came out; everything started here is stopped."""
    run_id = time.strftime("%Y%m%d%H%M%S")
    prefix = os.environ.get("NEWSROOM_TOPIC_PREFIX") or f"demo.{run_id}."
    settings = base.model_copy(update={"topic_prefix": prefix, "app_id": f"newsroom-demo-{run_id}"})
    lines = sample_lines()
    with local_broker(settings) as bootstrap, tempfile.TemporaryDirectory() as tmp:
        settings = settings.model_copy(update={"kafka_bootstrap": bootstrap})
        asyncio.run(kafka_clients.create_topics(settings, topic_specs(settings)))
        worker = start_worker(settings, Path(tmp) / "data", Path(tmp) / "worker.log")
        try:
            asyncio.run(produce_lines(settings, settings.topic(RAW), lines))
            result = asyncio.run(
                collect(settings, len(lines), timeout, lambda: worker.poll() is None)
            )
        finally:
            code = stop_worker(worker)
            if code not in (0, -signal.SIGTERM):
                sys.stderr.write((Path(tmp) / "worker.log").read_text()[-4000:])
        return result


def summary_rows(result: DemoResult) -> list[dict[str, Any]]:
    """A few enriched events, reduced to what a person wants to read."""
    rows = []
    for rec in result.events:
        value = rec.value_json()
        if not isinstance(value, dict) or "dedup" not in value:
            continue
        cls = value["classification"]
        rows.append(
            {
                "title": value["title"][:60],
                "verdict": value["dedup"]["status"],
                "lang": value["language"],
                "ai": cls["ai_relevant"],
                "strategy": cls["strategy"]["label"],
                "bloc": cls["bloc"]["label"],
                "orgs": ", ".join(t["name"] for t in value["tags"]["organizations"][:4]),
            }
        )
    return rows
