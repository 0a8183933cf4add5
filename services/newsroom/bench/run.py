"""Orchestrate one benchmark run and return its figures as a dict (printed as JSON)."""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path
from typing import Any

import orjson

from newsroom import kafka_clients
from newsroom.bench.corpus import Corpus, article, real, synthetic
from newsroom.bench.pipeline import (
    Run,
    baseline,
    bench_settings,
    outputs,
    peak_rss_mb,
    percentiles,
    prepare,
    stage_micros,
    tmpdir,
    workers,
)
from newsroom.local_kafka.runtime import local_broker
from newsroom.settings import Settings
from newsroom.topology import RAW


async def paced(settings: Settings, lines: list[bytes], rate: float) -> dict[str, int]:
    """Send at a fixed rate; returns article id -> raw append time (ms)."""
    producer = kafka_clients.producer(settings, linger_ms=0)
    await producer.start()
    sent: dict[str, int] = {}
    start = time.monotonic()
    try:
        futures = []
        for n, line in enumerate(lines):
            ahead = n / rate - (time.monotonic() - start)
            if ahead > 0:
                await asyncio.sleep(ahead)
            futures.append(
                (orjson.loads(line)["id"], await producer.send(settings.topic(RAW), line))
            )
        for key, fut in futures:
            sent[key] = (await fut).timestamp
    finally:
        await producer.stop()
    return sent


def latency_ms(settings: Settings, rate: float, seconds: float, before: int) -> dict[str, float]:
    """End-to-end latency at a fixed offered load: raw append -> output append."""
    rng = random.Random(7)
    count = max(100, min(4000, int(rate * seconds)))
    lines = [orjson.dumps(article(10_000_000 + n, rng) | {"id": f"lat-{n}"}) for n in range(count)]
    sent = asyncio.run(paced(settings, lines, rate))
    recs = asyncio.run(outputs(settings, before + len(sent), timeout=seconds + 60))
    values = []
    for rec in recs:
        value = rec.value_json()
        if isinstance(value, dict) and value.get("id") in sent:
            values.append(float(rec.timestamp - sent[value["id"]]))
    return percentiles(values)


def throughput(settings: Settings, corpus: Corpus, count: int, tmp: Path) -> float:
    """Articles/s of `count` workers on the pre-produced corpus (fresh consumer group)."""
    run_settings = settings.model_copy(update={"app_id": f"{settings.app_id}-w{count}"})
    with workers(run_settings, count, tmp / f"scale-{count}"):
        recs = asyncio.run(outputs(run_settings, len(corpus.messages), timeout=300))
    return round(Run([r.timestamp for r in recs]).rate(), 1)


def run_bench(base: Settings, count: int, data: Path | None, scaling: bool) -> dict[str, Any]:
    """Baseline and pipeline on the same broker and corpus, in one run."""
    corpus = real(data, count) if data else synthetic(count)
    with local_broker(base) as bootstrap, tmpdir() as tmp_name:
        tmp = Path(tmp_name)
        settings = bench_settings(base, bootstrap)
        asyncio.run(prepare(settings, corpus))
        base_rate = asyncio.run(baseline(settings, len(corpus.messages))).rate()
        with workers(settings, 1, tmp) as procs:
            recs = asyncio.run(outputs(settings, len(corpus.messages), timeout=300))
            rate = Run([r.timestamp for r in recs]).rate()
            latency = latency_ms(settings, rate * 0.5, seconds=15, before=len(recs))
            proc, port = procs[0]
            stages = stage_micros(port)
            rss = peak_rss_mb(proc.pid)
        result: dict[str, Any] = {
            "articles": len(corpus.messages),
            "mean_article_bytes": round(corpus.total_bytes / len(corpus.messages)),
            "bad_payloads": corpus.bad,
            "copies": corpus.copies,
            "outputs": len(recs),
            "baseline_articles_per_s": round(base_rate, 1),
            "pipeline_articles_per_s": round(rate, 1),
            "ratio": round(rate / base_rate, 3) if base_rate else 0.0,
            "latency_ms": latency,
            "offered_load_per_s": round(rate * 0.5, 1),
            "peak_rss_mb": round(rss, 1),
            "stage_us_per_article": stages,
        }
        if scaling:
            result["scaling_articles_per_s"] = {
                str(n): throughput(settings, corpus, n, tmp) for n in (1, 2, 4)
            }
        return result
