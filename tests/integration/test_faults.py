"""Faults on the real broker: SIGKILL, rebalances, a broker outage, lost table state, refused
writes. Each run is accounted: every input id comes out, replays agree, nothing is lost."""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import shutil
import signal
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsroom import kafka_clients
from newsroom.local_kafka.broker import LocalBroker, free_port
from newsroom.local_kafka.jars import ensure_jars
from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, ENRICHED, RAW, topic_specs
from tests.support.articles import articles, encode, malformed_payloads
from tests.support.faults import (
    Ledger,
    Supervisor,
    create_topics,
    output_topics,
    report,
    wait_outputs,
    wait_stable,
)
from tests.support.kafka import WorkerProcess, collect, isolated_settings, produce

# make test runs a few thousand articles per fault; make soak sets 10,000.
N = int(os.environ.get("NEWSROOM_FAULT_ARTICLES", "1500"))
SCALE = max(1.0, N / 1500)  # waits grow with the run size
REPORT = (
    Path(os.environ["NEWSROOM_RELIABILITY_REPORT"])
    if os.environ.get("NEWSROOM_RELIABILITY_REPORT")
    else None
)


def fast(settings: Settings) -> Settings:
    """Fault tests are about delivery, not tagging quality: skip the spaCy fallback."""
    return settings.model_copy(update={"ner": "off"})


def run_ids(count: int, seed: int = 7) -> tuple[list[bytes], list[str]]:
    batch = articles(count, seed)
    return [encode(a) for a in batch], [a["id"] for a in batch]


def account(settings: Settings, ids: list[str], expected: int, timeout: float) -> Ledger:
    records = collect(settings, output_topics(settings), expected=expected, timeout=timeout)
    ledger = Ledger.of(settings, records)
    ledger.assert_complete(ids)
    return ledger


def test_sigkill_mid_run_then_restart_loses_nothing(settings: Settings, start_worker: Any) -> None:
    """SIGKILL one worker part-way through N articles, restart it: every id out, replays agree."""
    settings = fast(settings)
    lines, ids = run_ids(N)
    create_topics(settings)
    produce(settings, settings.topic(RAW), lines)
    worker = start_worker(settings, "w")
    reached = wait_outputs(settings, N // 3, timeout=180 * SCALE)
    worker.kill()
    assert 0 < reached < N, reached
    start_worker(settings, "w")
    ledger = account(settings, ids, N, timeout=240 * SCALE)
    report("sigkill", f"killed at {reached}/{N}; " + ledger.summary(N), REPORT)


def test_two_workers_one_killed_one_added_lose_nothing(
    settings: Settings, start_worker: Any
) -> None:
    """Two workers share N articles; one is SIGKILLed and a third joins: same accounting."""
    settings = fast(settings)
    lines, ids = run_ids(N, seed=11)
    create_topics(settings)
    produce(settings, settings.topic(RAW), lines)
    first, _second = start_worker(settings, "a"), start_worker(settings, "b")
    reached = wait_outputs(settings, N // 4, timeout=180 * SCALE)
    first.kill()
    third = start_worker(settings, "c")
    ledger = account(settings, ids, N, timeout=300 * SCALE)
    assert third.alive, third.log_text()[-2000:]
    report("rebalance", f"killed 1 of 2 at {reached}/{N}, added 1; " + ledger.summary(N), REPORT)


def test_partitions_nobody_committed_move_to_a_running_worker_losing_nothing(
    settings: Settings, start_worker: Any
) -> None:
    """Two workers are assigned before any input; one freezes (SIGSTOP) and never commits. After
    its session times out the other, already fetching, takes over its partitions, which have no
    committed offset: every id comes out (faust_fetch; faust alone dropped such records)."""
    settings = fast(settings)
    lines, ids = run_ids(N // 3, seed=17)
    create_topics(settings)
    frozen = start_worker(settings, "a")
    wait_stable(settings, 1, timeout=120)
    start_worker(settings, "b")
    wait_stable(settings, 2, timeout=180)
    frozen.proc.send_signal(signal.SIGSTOP)
    try:
        produce(settings, settings.topic(RAW), lines)
        ledger = account(settings, ids, len(ids), timeout=300 * SCALE)
    finally:
        frozen.kill()
    report("frozen", "1 of 2 frozen before any commit; " + ledger.summary(len(ids)), REPORT)


def test_a_worker_stuck_in_a_group_join_exits_for_its_supervisor(
    settings: Settings, start_worker: Any
) -> None:
    """A join that gets no assignment within NEWSROOM_JOIN_TIMEOUT_S ends the worker with exit
    code 70, for its supervisor to restart it. Here a frozen member holds the join up until its
    60 s session expires, well past the 10 s limit (and past a slow start of the third worker)."""
    settings = fast(settings).model_copy(update={"join_timeout_s": 10})
    create_topics(settings)
    joining = start_worker(settings, "a")
    wait_stable(settings, 1, timeout=120)
    frozen = start_worker(settings, "b")
    wait_stable(settings, 2, timeout=180)
    frozen.proc.send_signal(signal.SIGSTOP)
    try:
        start_worker(settings, "c")  # its join starts a rebalance the frozen member holds up
        code = joining.proc.wait(timeout=120)
    finally:
        frozen.kill()
    assert code == 70, joining.log_text()[-2000:]
    assert '"event":"worker.group_join_stuck"' in joining.log_text()


def failed_metadata_updates(logs: Iterable[Path]) -> int:
    """aiokafka's "Unable to update metadata" lines, with the repeats RepeatFilter held back."""
    total = 0
    for path in logs:
        for line in path.read_text(errors="replace").splitlines():
            if "Unable to update metadata from" in line:
                held = re.search(r"\[(\d+) more like this", line)
                total += 1 + (int(held.group(1)) if held else 0)
    return total


def test_broker_outage_of_20s_workers_recover_nothing_lost(tmp_path: Path) -> None:
    """A broker of the test's own is stopped 20 s mid-run and restarted; the supervised worker
    carries on (restarted by its supervisor if it exits) and every article comes out."""
    broker = LocalBroker(ensure_jars(Settings().home), tmp_path / "kafka", free_port())
    broker.start()
    supervisor: Supervisor | None = None
    try:
        settings = fast(isolated_settings(broker.bootstrap, tmp_path / "data"))
        count = N // 2
        lines, ids = run_ids(count, seed=13)
        create_topics(settings)
        produce(settings, settings.topic(RAW), lines)
        runs = iter(range(100))

        def start() -> WorkerProcess:
            return WorkerProcess(settings, tmp_path / f"worker-{next(runs)}.log")

        supervisor = Supervisor(start)
        reached = wait_outputs(settings, count // 4, timeout=180 * SCALE)
        stopped = time.monotonic()
        broker.stop()
        time.sleep(20)
        broker.start()
        down_s = time.monotonic() - stopped
        ledger = account(settings, ids, count, timeout=300 * SCALE)
        failed = failed_metadata_updates(tmp_path.glob("worker-*.log"))
        report(
            "broker_outage",
            f"broker down 20 s at {reached}/{count}; worker exits {supervisor.exit_codes}, "
            f"restarts {supervisor.restarts}; {failed} failed metadata updates; "
            + ledger.summary(count),
            REPORT,
        )
        # aiokafka_backoff: at most one failed update per 100 ms per client (a worker has a
        # consumer and a producer; 4 leaves room), against about 4,300 a second without it.
        assert 0 < failed <= 4 * down_s / 0.1 + 50, failed  # 0: the log lines were not found
    finally:
        if supervisor is not None:
            supervisor.stop()
        broker.stop()


def test_deleted_table_state_is_rebuilt_from_the_changelog(
    settings: Settings, tmp_path: Path
) -> None:
    """A worker's RocksDB directory is deleted while it is stopped; after restart the table is
    rebuilt from the changelog: re-sent copies of old articles are still duplicates."""
    settings = fast(settings.model_copy(update={"data_dir": tmp_path / "state"}))
    old = articles(300, seed=17)
    create_topics(settings)
    produce(settings, settings.topic(RAW), [encode(a) for a in old])
    worker = WorkerProcess(settings, tmp_path / "first.log")
    try:
        assert wait_outputs(settings, len(old), timeout=180) >= len(old)
    finally:
        assert worker.stop() == 0
    assert any((tmp_path / "state").rglob("*")), "no table state on disk"
    shutil.rmtree(tmp_path / "state")
    copies = [{**a, "id": f"again-{a['id']}", "url": a["url"] + "&copy=1"} for a in old[:100]]
    fresh = articles(100, seed=99)
    fresh = [{**a, "id": f"new-{a['id']}", "url": a["url"] + "&n=1"} for a in fresh]
    produce(settings, settings.topic(RAW), [encode(a) for a in copies + fresh])
    worker = WorkerProcess(settings, tmp_path / "second.log")
    try:
        total = len(old) + len(copies) + len(fresh)
        # Count distinct articles, not records: a restart may replay some outputs.
        records = collect(
            settings,
            output_topics(settings),
            expected=total,
            timeout=240,
            distinct=lambda r: (r.value_json() or {}).get("id"),
        )
    finally:
        worker.stop()
    ledger = Ledger.of(settings, records)
    ledger.assert_complete([a["id"] for a in old + copies + fresh])
    verdicts = {r.value_json()["id"]: r.value_json()["dedup"] for r in records if r.value}
    wrong = [c["id"] for c in copies if verdicts[c["id"]]["status"] != "duplicate"]
    assert not wrong, wrong[:5]
    assert all(verdicts[c["id"]]["duplicate_of"] == c["id"][6:] for c in copies)
    assert all(verdicts[a["id"]]["status"] == "unique" for a in fresh)
    report(
        "table_state_deleted",
        "300 old, state dir deleted, 100 copies -> 100 duplicates, 100 new -> unique; "
        + ledger.summary(total),
        REPORT,
    )


def test_output_topic_refusing_a_write_dead_letters_it(
    settings: Settings, start_worker: Any
) -> None:
    """The enriched topic allows 64 KiB records; a valid ~140 KB article is dead-lettered
    publish_failed, the small ones go through, nothing is silently dropped."""
    small_limit = 64 * 1024
    limited = {"max.message.bytes": str(small_limit)}
    specs = [
        replace(s, configs=s.configs | limited) if s.name == settings.topic(ENRICHED) else s
        for s in topic_specs(settings)
    ]
    asyncio.run(kafka_clients.create_topics(settings, specs))
    normal = articles(50, seed=23)
    big = articles(1, seed=29)[0] | {"id": "big-one", "url": "https://big.example/1"}
    big["body"] = "\n\n".join(
        f"Paragraph {i} of a long but valid report on the harbour works." for i in range(2000)
    )
    produce(settings, settings.topic(RAW), [encode(a) for a in [*normal, big]])
    worker = start_worker(fast(settings))
    records = collect(settings, output_topics(settings), expected=len(normal) + 1, timeout=180)
    ledger = Ledger.of(settings, records)
    ledger.assert_complete([a["id"] for a in [*normal, big]])
    assert ledger.outcomes["big-one"] == [("dlq:publish_failed", "publish_failed")]
    assert worker.alive, worker.log_text()[-2000:]
    report(
        "refused_write",
        f"enriched max.message.bytes=64 KiB, 1 article of {len(encode(big))} bytes -> "
        "publish_failed; " + ledger.summary(len(normal) + 1),
        REPORT,
    )


def rss_kib(pid: int) -> tuple[int, int]:
    """Resident and peak resident set size of a process, in KiB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def timed_batch(settings: Settings, lines: list[bytes], before: int) -> float:
    """Seconds until the outputs grew by len(lines) after producing them."""
    started = time.monotonic()
    produce(settings, settings.topic(RAW), lines)
    reached = wait_outputs(settings, before + len(lines), timeout=240)
    assert reached >= before + len(lines), (reached, before + len(lines))
    return time.monotonic() - started


def test_hostile_burst_keeps_memory_bounded_and_throughput(
    settings: Settings, start_worker: Any
) -> None:
    """Every malformed kind, ten times over (~70 MB), between two batches of good articles:
    each is a dead letter with its reason, RSS growth stays bounded, throughput holds."""
    settings = fast(settings)
    create_topics(settings)
    worker = start_worker(settings)
    warm, good_a, good_b = articles(600, seed=41), articles(600, seed=43), articles(600, seed=47)
    good_a = [a | {"id": f"a-{a['id']}", "url": a["url"] + "&a=1"} for a in good_a]
    good_b = [a | {"id": f"b-{a['id']}", "url": a["url"] + "&b=1"} for a in good_b]
    timed_batch(settings, [encode(a) for a in warm], 0)  # imports, caches, table recovery
    first = timed_batch(settings, [encode(a) for a in good_a], len(warm))
    rss_before, _ = rss_kib(worker.proc.pid)
    corpus = malformed_payloads()
    burst = [payload for _ in range(10) for payload, _reason in corpus.values()]
    timed_batch(settings, burst, len(warm) + len(good_a))
    rss_after, peak = rss_kib(worker.proc.pid)
    second = timed_batch(
        settings, [encode(a) for a in good_b], len(warm) + len(good_a) + len(burst)
    )
    total = len(warm) + len(good_a) + len(burst) + len(good_b)
    records = collect(settings, output_topics(settings), expected=total, timeout=120)
    assert worker.alive, worker.log_text()[-2000:]
    ledger = Ledger.of(settings, records)
    ledger.assert_complete([a["id"] for a in warm + good_a + good_b])
    reasons: dict[str, set[str]] = {}
    for rec in records:
        if rec.topic == settings.topic(DEADLETTER):
            letter = rec.value_json()
            reasons.setdefault(letter["payload_sha256"], set()).add(letter["reason"])
    for name, (payload, reason) in corpus.items():
        assert reasons.get(hashlib.sha256(payload).hexdigest()) == {reason}, name
    assert ledger.dead_letters == len(burst)
    growth_mib = (rss_after - rss_before) / 1024
    assert growth_mib < 300, growth_mib
    assert second < first * 2 + 10, (first, second)
    report(
        "hostile_burst",
        f"{len(corpus)} kinds x10 = {len(burst)} payloads ({sum(map(len, burst)) >> 20} MiB): "
        f"{ledger.dead_letters} dead letters, reasons as expected; RSS {rss_before >> 10} -> "
        f"{rss_after >> 10} MiB (peak {peak >> 10}); 600 good articles in {first:.1f} s before, "
        f"{second:.1f} s after; " + ledger.summary(total),
        REPORT,
    )


def lower_limit(settings: Settings, topic: str, limit: int) -> None:
    """Set max.message.bytes of a live topic (AlterConfigs), behind the worker's back."""
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    async def run() -> None:
        client = kafka_clients.admin(settings)
        await client.start()
        try:
            configs = {"max.message.bytes": str(limit), "message.timestamp.type": "LogAppendTime"}
            await client.alter_configs([ConfigResource(ConfigResourceType.TOPIC, topic, configs)])
        finally:
            await client.close()

    asyncio.run(run())


def test_write_refused_by_the_broker_restarts_the_worker_then_dead_letters(
    settings: Settings, tmp_path: Path
) -> None:
    """The enriched topic's limit drops while the worker runs, so its size pre-check is stale and
    the broker itself refuses the send: the worker exits (70) before committing, its supervisor
    restarts it, and the replayed article is dead-lettered publish_failed. Nothing is dropped."""
    settings = fast(settings)
    create_topics(settings)
    warm = articles(30, seed=53)
    produce(settings, settings.topic(RAW), [encode(a) for a in warm])
    runs = iter(range(100))
    supervisor = Supervisor(lambda: WorkerProcess(settings, tmp_path / f"worker-{next(runs)}.log"))
    try:
        assert wait_outputs(settings, len(warm), timeout=180) >= len(warm)
        lower_limit(settings, settings.topic(ENRICHED), 64 * 1024)
        big = articles(1, seed=59)[0] | {"id": "big-late", "url": "https://big.example/2"}
        big["body"] = "\n\n".join(f"Paragraph {i} of a long valid report." for i in range(3000))
        after = [a | {"id": f"after-{a['id']}", "url": a["url"] + "&z=1"} for a in articles(20)]
        produce(settings, settings.topic(RAW), [encode(a) for a in [big, *after]])
        total = len(warm) + 1 + len(after)
        records = collect(settings, output_topics(settings), expected=total, timeout=240)
    finally:
        supervisor.stop()
    ledger = Ledger.of(settings, records)
    ledger.assert_complete([a["id"] for a in [*warm, big, *after]])
    assert set(ledger.outcomes["big-late"]) == {("dlq:publish_failed", "publish_failed")}
    report(
        "refused_by_broker",
        f"limit lowered to 64 KiB under a running worker; exits {supervisor.exit_codes}, "
        f"restarts {supervisor.restarts}; big article -> publish_failed; " + ledger.summary(total),
        REPORT,
    )
