"""`newsroom bench`: plain aiokafka baseline vs the full pipeline, on the same broker, one run."""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from newsroom import kafka_clients
from newsroom.bench.corpus import Corpus
from newsroom.commands.streams import consume, produce_lines
from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, DUPLICATES, ENRICHED, RAW, TopicSpec, topic_specs


@dataclass
class Run:
    """Output append timestamps (ms) of a measured phase, and the process CPU it spent from its
    first record to its last commit (client start-up, group join and shutdown left out)."""

    stamps: list[int] = field(default_factory=list)
    cpu_s: float = 0.0

    def cpu_ms_per_article(self) -> float:
        return self.cpu_s * 1000 / len(self.stamps) if self.stamps else 0.0

    def rate(self) -> float:
        if len(self.stamps) < 2:
            return 0.0
        span = (max(self.stamps) - min(self.stamps)) / 1000
        return (len(self.stamps) - 1) / span if span > 0 else float("inf")


async def baseline(settings: Settings, count: int) -> Run:
    """A plain at-least-once loop: consume, parse JSON, produce, await sends, commit."""

    def forward(rec: Any) -> bytes:
        with contextlib.suppress(orjson.JSONDecodeError):
            orjson.loads(rec.value or b"null")
        return bytes(rec.value or b"")

    return await at_least_once_loop(settings, count, BASELINE, forward)


BASELINE, PLAIN = "baseline", "plain"  # the in-process loops: consumer group and topic names


def loop_topic(name: str) -> str:
    """The output topic of the in-process loop called `name` (before the settings' prefix)."""
    return f"{name}.out"


async def at_least_once_loop(
    settings: Settings, count: int, name: str, handle: Callable[[Any], bytes]
) -> Run:
    """Consume `count` raw records (a new group), produce what `handle` makes of each to the
    `<name>.out` topic, and per batch await the sends, then commit."""
    consumer = kafka_clients.consumer(
        settings,
        settings.topic(RAW),
        group_id=f"{name}-{uuid.uuid4().hex[:8]}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = kafka_clients.producer(settings, linger_ms=5)
    out_topic = settings.topic(loop_topic(name))
    await consumer.start()
    await producer.start()
    run, done, cpu = Run(), 0, None
    try:
        while done < count:
            batch = await consumer.getmany(timeout_ms=1000, max_records=500)
            if cpu is None and batch:
                cpu = time.process_time()
            futures = []
            for records in batch.values():
                for rec in records:
                    futures.append(await producer.send(out_topic, handle(rec), key=rec.key))
            for meta in await asyncio.gather(*futures):
                run.stamps.append(meta.timestamp)
            done += len(futures)
            await consumer.commit()
        run.cpu_s = time.process_time() - cpu if cpu is not None else 0.0
    finally:
        await producer.stop()
        await consumer.stop()
    return run


async def outputs(settings: Settings, count: int, timeout: float, since_ms: int = 0) -> list[Any]:
    """Read the three output topics until `count` records appended at or after `since_ms`."""
    names = [settings.topic(t) for t in (ENRICHED, DUPLICATES, DEADLETTER)]
    seen: dict[tuple[str, int, int], Any] = {}
    deadline = time.monotonic() + timeout
    while len(seen) < count and time.monotonic() < deadline:
        async for rec in consume(settings, names, True, None, idle_timeout=2.0):
            if rec.timestamp >= since_ms:
                seen[(rec.topic, rec.partition, rec.offset)] = rec
    return list(seen.values())


def peak_rss_mb(pid: int) -> float:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def stage_totals(port: int) -> dict[str, tuple[float, float]]:
    """Seconds and article count so far in each stage, from the worker's own histograms."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as resp:
        text = resp.read().decode()
    sums: dict[str, float] = {}
    counts: dict[str, float] = {}
    for line in text.splitlines():
        for suffix, target in (("_sum", sums), ("_count", counts)):
            prefix = f'newsroom_stage_seconds{suffix}{{stage="'
            if line.startswith(prefix):
                stage = line[len(prefix) :].split('"', 1)[0]
                target[stage] = float(line.rsplit(" ", 1)[1])
    return {s: (sums[s], counts.get(s, 0.0)) for s in sums}


def stage_micros(
    before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]
) -> dict[str, float]:
    """Mean microseconds per article in each stage between two snapshots."""
    out = {}
    for stage, (total, count) in after.items():
        total0, count0 = before.get(stage, (0.0, 0.0))
        if count > count0:
            out[stage] = round((total - total0) / (count - count0) * 1e6, 1)
    return out


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0}
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return {"p50": round(cuts[49], 1), "p95": round(cuts[94], 1), "p99": round(cuts[98], 1)}


async def prepare(settings: Settings, corpus: Corpus) -> None:
    """The input of the in-process loops (the corpus on a raw topic) and their output topics."""
    raw = [spec for spec in topic_specs(settings) if spec.name == settings.topic(RAW)]
    extra = [
        TopicSpec(settings.topic(loop_topic(name)), settings.output_partitions)
        for name in (BASELINE, PLAIN)
    ]
    await kafka_clients.create_topics(settings, [*raw, *extra])
    await produce_lines(settings, settings.topic(RAW), corpus.messages)


def bench_settings(base: Settings, bootstrap: str) -> Settings:
    run = uuid.uuid4().hex[:8]
    return base.model_copy(
        update={
            "kafka_bootstrap": bootstrap,
            "topic_prefix": f"bench.{run}.",
            "app_id": f"bench-{run}",
        }
    )


def tmpdir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="newsroom-bench-")
