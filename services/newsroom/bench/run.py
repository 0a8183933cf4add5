"""Orchestrate one benchmark run and return its figures as a dict (printed as JSON)."""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

import orjson

from newsroom import kafka_clients
from newsroom.app import build_enricher
from newsroom.bench.corpus import Corpus, article, real, synthetic
from newsroom.bench.phase import Phase, create, measure, phase_settings, workers
from newsroom.bench.pipeline import (
    baseline,
    bench_settings,
    outputs,
    peak_rss_mb,
    percentiles,
    prepare,
    tmpdir,
)
from newsroom.bench.plain import plain_pipeline
from newsroom.local_kafka.runtime import fresh_broker
from newsroom.settings import Settings
from newsroom.topology import RAW

# The broker is fresh, its JVM cold: on one run, baseline passes over the corpus went from 2,440
# articles/s (first) to a plateau of 3,500-4,050 from the 9th on. So 8 passes warm it up (and are
# not counted), then the baseline is the median of 5 passes (each lasts about a second).
BASELINE_WARM_UP = 8
BASELINE_PASSES = 5


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


def latency_ms(settings: Settings, rate: float, seconds: float) -> dict[str, float]:
    """End-to-end latency at a fixed offered load: raw append -> output append."""
    rng = random.Random(7)
    count = max(100, min(4000, int(rate * seconds)))
    lines = [orjson.dumps(article(10_000_000 + n, rng) | {"id": f"lat-{n}"}) for n in range(count)]
    since = int(time.time() * 1000)
    sent = asyncio.run(paced(settings, lines, rate))
    recs = asyncio.run(outputs(settings, len(sent), timeout=seconds + 60, since_ms=since))
    values = []
    for rec in recs:
        value = rec.value_json()
        if isinstance(value, dict) and value.get("id") in sent:
            values.append(float(rec.timestamp - sent[value["id"]]))
    return percentiles(values)


def baseline_passes(settings: Settings, corpus: Corpus, passes: int) -> list[tuple[float, float]]:
    """Articles/s and CPU ms per article (this process, first record to last commit: consume,
    parse, produce, commit) of baseline passes over the corpus (a new consumer group each)."""
    runs = [asyncio.run(baseline(settings, len(corpus.messages))) for _ in range(passes)]
    return [(run.rate(), run.cpu_ms_per_article()) for run in runs]


def phase(
    settings: Settings,
    corpus: Corpus,
    tmp: Path,
    name: str,
    count: int,
    module: str = "newsroom",
    args: tuple[str, ...] = (),
) -> Phase:
    """`count` workers of `module` in one group, on their own topics (8 raw partitions): the
    scaling runs use newsroom itself, the faust floors the forward-only app (bench.floor)."""
    own = phase_settings(settings, name)
    asyncio.run(create(own))
    with workers(own, count, tmp / name, module=module, args=args) as procs:
        return measure(own, corpus, procs)


def run_bench(base: Settings, count: int, data: Path | None, scaling: bool) -> dict[str, Any]:
    """Baseline and pipeline on one fresh broker and the same corpus, in one run."""
    corpus = real(data, count) if data else synthetic(count)
    started, load = time.monotonic(), os.getloadavg()[0]
    with fresh_broker(base) as bootstrap, tmpdir() as tmp_name:
        tmp = Path(tmp_name)
        settings = bench_settings(base, bootstrap)
        asyncio.run(prepare(settings, corpus))
        baseline_passes(settings, corpus, BASELINE_WARM_UP)
        passes = baseline_passes(settings, corpus, BASELINE_PASSES)
        one = phase_settings(settings, "w1")
        asyncio.run(create(one))
        with workers(one, 1, tmp / "w1") as procs:
            main = measure(one, corpus, procs)
            latency = latency_ms(one, main.rate * 0.5, seconds=30)
            rss = peak_rss_mb(procs[0].proc.pid)
        floor = phase(settings, corpus, tmp, "floor", 1, module="newsroom.bench.floor")
        floor2 = phase(
            settings, corpus, tmp, "floor2", 1, module="newsroom.bench.floor", args=("2",)
        )
        enricher = build_enricher(settings)
        plain = asyncio.run(plain_pipeline(settings, len(corpus.messages), enricher))
        base_rate = statistics.median(rate for rate, _ in passes)
        base_cpu = statistics.median(cpu for _, cpu in passes)
        result: dict[str, Any] = {
            "articles": len(corpus.messages),
            "mean_article_bytes": round(corpus.total_bytes / len(corpus.messages)),
            "bad_payloads": corpus.bad,
            "copies": corpus.copies,
            "outputs": main.outputs,
            "baseline_articles_per_s": round(base_rate, 1),
            "baseline_passes": [round(rate, 1) for rate, _ in passes],
            "baseline_cpu_ms_per_article": round(base_cpu, 3),
            "pipeline_articles_per_s": round(main.rate, 1),
            "ratio": round(main.rate / base_rate, 3) if base_rate else 0.0,
            "faust_floor_articles_per_s": round(floor.rate, 1),
            "faust_floor_ratio": round(floor.rate / base_rate, 3) if base_rate else 0.0,
            "faust_floor_cpu_ms_per_article": round(floor.cpu_ms_per_article, 2),
            "pipeline_share_of_floor": round(main.rate / floor.rate, 3) if floor.rate else 0.0,
            # The pipeline's shape with nothing in it: two forwards per article, via one partition.
            "faust_two_hop_floor_articles_per_s": round(floor2.rate, 1),
            "faust_two_hop_floor_ratio": round(floor2.rate / base_rate, 3) if base_rate else 0.0,
            "faust_two_hop_floor_cpu_ms_per_article": round(floor2.cpu_ms_per_article, 2),
            "plain_pipeline_articles_per_s": round(plain.rate(), 1),
            "plain_pipeline_ratio": round(plain.rate() / base_rate, 3) if base_rate else 0.0,
            "plain_pipeline_cpu_ms_per_article": round(plain.cpu_ms_per_article(), 2),
            "pipeline_share_of_plain": round(main.rate / plain.rate(), 3) if plain.rate() else 0.0,
            "worker_cpu_ms_per_article": round(main.cpu_ms_per_article, 2),
            "worker_cpu_share": round(main.cpu_share, 2),
            # Per CPU second rather than per second: less moved by other jobs on the machine.
            "cpu_ratio": round(base_cpu / main.cpu_ms_per_article, 3)
            if main.cpu_ms_per_article
            else 0.0,
            "latency_ms": latency,
            "offered_load_per_s": round(main.rate * 0.5, 1),
            "peak_rss_mb": round(rss, 1),
            "stage_us_per_article": main.stages,
        }
        if scaling:
            result["scaling"] = {"1": main.as_dict()} | {
                str(n): phase(settings, corpus, tmp, f"w{n}", n).as_dict() for n in (2, 4)
            }
    result["seconds"] = round(time.monotonic() - started)
    result["load_average_1m"] = {"start": load, "end": os.getloadavg()[0]}
    return result
