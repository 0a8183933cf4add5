"""One measured phase of `newsroom bench`: N workers of one group on fresh topics, warmed up.

Each phase gets its own topics, consumer group and tables, so no phase reads another's outputs.
The corpus is sent only once every worker reports ready (assigned, tables recovered, not
rebalancing) and a warm-up batch has gone through, so the figure is steady-state throughput:
neither start-up, nor a rebalance, nor first-call costs fall inside the measured span.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from newsroom import kafka_clients
from newsroom.bench.corpus import Corpus, article
from newsroom.bench.pipeline import Run, outputs, stage_micros, stage_totals
from newsroom.commands.streams import produce_lines
from newsroom.local_kafka.broker import free_port
from newsroom.settings import Settings
from newsroom.topology import RAW, topic_specs

WARM_UP = 200  # articles through every phase before the measured corpus
READY_STEADY_S = 3.0  # every worker ready this long: the group has settled


@dataclass(frozen=True)
class Worker:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    def log_tail(self, chars: int = 2000) -> str:
        return self.log.read_text(errors="replace")[-chars:]


@dataclass(frozen=True)
class Phase:
    """What one phase measured over the corpus (warm-up excluded)."""

    rate: float
    outputs: int
    cpu_ms_per_article: float  # worker CPU (user + system) over the measured span
    cpu_share: float  # worker CPU seconds per wall second (1.0: one core all the time)
    stages: dict[str, float]  # mean microseconds per article, all workers together
    records: list[Any] = field(default_factory=list, repr=False)  # the outputs

    def as_dict(self) -> dict[str, float]:
        return {
            "articles_per_s": round(self.rate, 1),
            "outputs": self.outputs,
            "worker_cpu_ms_per_article": round(self.cpu_ms_per_article, 2),
            "worker_cpu_share": round(self.cpu_share, 2),
        }


def phase_settings(settings: Settings, name: str) -> Settings:
    """Own topics, consumer group and changelog for one phase."""
    run = uuid.uuid4().hex[:8]
    return settings.model_copy(
        update={"topic_prefix": f"bench.{run}.{name}.", "app_id": f"bench-{run}-{name}"}
    )


def worker_env(
    settings: Settings, web_port: int, data_dir: Path, extra: dict[str, str] | None = None
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")}
    env.update(
        NEWSROOM_KAFKA_BOOTSTRAP=settings.bootstrap,
        NEWSROOM_TOPIC_PREFIX=settings.topic_prefix,
        NEWSROOM_APP_ID=settings.app_id,
        NEWSROOM_DATA_DIR=str(data_dir),
        NEWSROOM_WEB_PORT=str(web_port),
        NEWSROOM_WEB_ENABLED="true",
        NEWSROOM_LOG_LEVEL="WARNING",
        NEWSROOM_LOG_FORMAT="json",
    )
    # What a bench run may vary from its environment: NER and the dedup table's settings.
    env.update(
        (k, v) for k, v in os.environ.items() if k.startswith(("NEWSROOM_NER", "NEWSROOM_DEDUP_"))
    )
    return env | (extra or {})


@contextlib.contextmanager
def workers(
    settings: Settings,
    count: int,
    tmp: Path,
    data_dirs: list[Path] | None = None,
    env: dict[str, str] | None = None,
    module: str = "newsroom",
    args: tuple[str, ...] = (),
) -> Iterator[list[Worker]]:
    """`count` worker processes of one consumer group (`module`, `args`: the bench's faust
    floor and its number of hops)."""
    procs: list[Worker] = []
    tmp.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        port = free_port(avoid={w.port for w in procs})  # earlier ones may not be bound yet
        log_path = tmp / f"worker-{n}.log"
        log = log_path.open("wb")
        data = data_dirs[n] if data_dirs else tmp / f"data-{n}"
        environ = worker_env(settings, port, data, env)
        cmd = [sys.executable, "-m", module, *(["worker"] if module == "newsroom" else []), *args]
        proc = subprocess.Popen(cmd, env=environ, stdout=log, stderr=log)
        procs.append(Worker(proc, port, log_path))
    try:
        yield procs
    finally:
        for w in procs:
            w.proc.send_signal(signal.SIGTERM)
        for w in procs:
            try:
                w.proc.wait(40)
            except subprocess.TimeoutExpired:
                w.proc.kill()


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as r:
            return bool(r.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def wait_ready(procs: list[Worker], timeout: float = 180.0) -> None:
    """Until every worker has been ready for READY_STEADY_S in a row."""
    deadline, since = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        if any(w.proc.poll() is not None for w in procs):
            tails = "\n".join(w.log_tail() for w in procs)
            raise RuntimeError(f"a bench worker exited during start-up:\n{tails}")
        if all(_ready(w.port) for w in procs):
            since = since or time.monotonic()
            if time.monotonic() - since >= READY_STEADY_S:
                return
        else:
            since = None
        time.sleep(0.5)
    tails = "\n".join(w.log_tail() for w in procs)
    raise RuntimeError(f"bench workers not ready within {timeout:.0f} s:\n{tails}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def warm_up_lines(count: int = WARM_UP) -> list[bytes]:
    """Articles like the corpus's, under ids and URLs the corpus never uses."""
    rng = random.Random(11)
    return [
        orjson.dumps(
            article(20_000_000 + n, rng) | {"id": f"warm-{n}", "url": f"https://warm.example/{n}"}
        )
        for n in range(count)
    ]


async def create(settings: Settings) -> None:
    await kafka_clients.create_topics(settings, topic_specs(settings))


def send_and_collect(settings: Settings, lines: list[bytes], timeout: float) -> list[Any]:
    """Send lines to the raw topic; the outputs appended since (one per line)."""
    since = int(time.time() * 1000)
    asyncio.run(produce_lines(settings, settings.topic(RAW), lines))
    return asyncio.run(outputs(settings, len(lines), timeout=timeout, since_ms=since))


def measure(settings: Settings, corpus: Corpus, procs: list[Worker]) -> Phase:
    """Warm up, then the corpus through ready workers: rate from output append times."""
    wait_ready(procs)
    send_and_collect(settings, warm_up_lines(), timeout=120)
    stages0 = _stage_totals(procs)
    cpu0, wall0 = sum(cpu_seconds(w.proc.pid) for w in procs), time.monotonic()
    recs = send_and_collect(settings, corpus.messages, timeout=600)
    cpu = sum(cpu_seconds(w.proc.pid) for w in procs) - cpu0
    share = cpu / (time.monotonic() - wall0)
    rate = Run([r.timestamp for r in recs]).rate()
    stages = stage_micros(stages0, _stage_totals(procs))
    return Phase(rate, len(recs), cpu * 1000 / max(1, len(recs)), share, stages, recs)


def _stage_totals(procs: list[Worker]) -> dict[str, tuple[float, float]]:
    """Stage seconds and counts summed over the workers."""
    merged: dict[str, tuple[float, float]] = {}
    for w in procs:
        for stage, (total, count) in stage_totals(w.port).items():
            total0, count0 = merged.get(stage, (0.0, 0.0))
            merged[stage] = (total0 + total, count0 + count)
    return merged
