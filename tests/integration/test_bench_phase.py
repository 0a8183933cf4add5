"""The bench's measured phases on the real broker: every corpus message comes out once."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
from aiokafka import TopicPartition

from newsroom.app import build_enricher
from newsroom.bench.corpus import synthetic
from newsroom.bench.phase import WARM_UP, create, measure, warm_up_lines, workers
from newsroom.bench.pipeline import prepare
from newsroom.bench.plain import PLAIN_OUT, plain_pipeline
from newsroom.commands.offline import enrich_lines
from newsroom.commands.ops import committed_offsets
from newsroom.commands.streams import consume
from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, DUPLICATES, ENRICHED, candidates_topic


def test_faust_floor_forwards_every_message_unchanged(settings: Settings, tmp_path: Path) -> None:
    """The forward-only faust worker passes each message, bad payloads too, byte for byte."""
    corpus = synthetic(150, seed=5)
    asyncio.run(create(settings))
    with workers(settings, 1, tmp_path / "floor", module="newsroom.bench.floor") as procs:
        phase = measure(settings, corpus, procs)
        alive = procs[0].proc.poll() is None
    assert alive
    assert Counter(r.value for r in phase.records) == Counter(corpus.messages)
    assert {r.topic for r in phase.records} == {settings.topic(ENRICHED)}
    assert phase.rate > 0
    assert phase.cpu_ms_per_article > 0


def test_two_hop_floor_forwards_through_the_candidates_topic(
    settings: Settings, tmp_path: Path
) -> None:
    """The floor in the pipeline's shape: each message crosses the one-partition candidates
    topic, which the floor's own group consumes to its end, then reaches the enriched topic
    byte for byte."""
    corpus = synthetic(120, seed=8)
    asyncio.run(create(settings))
    middle = TopicPartition(candidates_topic(settings), 0)
    floor2 = tmp_path / "floor2"
    with workers(settings, 1, floor2, module="newsroom.bench.floor", args=("2",)) as procs:
        phase = measure(settings, corpus, procs)
        passed = asyncio.run(committed_within(settings, middle, WARM_UP + 120, 30.0))
        alive = procs[0].proc.poll() is None

    async def read_middle() -> list[bytes | None]:
        return [r.value async for r in consume(settings, [middle.topic], True, None, 2.0)]

    assert alive
    assert Counter(r.value for r in phase.records) == Counter(corpus.messages)
    assert {r.topic for r in phase.records} == {settings.topic(ENRICHED)}
    assert Counter(asyncio.run(read_middle())) == Counter(warm_up_lines() + corpus.messages)
    assert passed == WARM_UP + 120  # the second hop read every candidate: a chain, not a fan-out


async def committed_within(
    settings: Settings, tp: TopicPartition, expected: int, timeout: float
) -> int | None:
    """The worker group's committed offset of `tp` once it reaches `expected` (commits come
    at most a second apart), or the last one seen when `timeout` runs out."""
    deadline, seen = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        seen = (await committed_offsets(settings)).get(tp)
        if seen == expected:
            break
        await asyncio.sleep(0.5)
    return seen


def test_pipeline_phase_accounts_for_every_article(settings: Settings, tmp_path: Path) -> None:
    """A pipeline phase: one output per message (copies as duplicates, bad ones dead-lettered)
    and the worker's per-stage costs read from its metrics."""
    corpus = synthetic(150, seed=6)
    asyncio.run(create(settings))
    with workers(settings, 1, tmp_path / "pipeline", env={"NEWSROOM_LOG_LEVEL": "INFO"}) as procs:
        phase = measure(settings, corpus, procs)
    by_topic = Counter(r.topic for r in phase.records)
    assert phase.outputs == len(corpus.messages)
    assert by_topic[settings.topic(DEADLETTER)] == corpus.bad
    assert by_topic[settings.topic(DUPLICATES)] == corpus.copies
    assert by_topic[settings.topic(ENRICHED)] == len(corpus.messages) - corpus.bad - corpus.copies
    assert {"parse", "normalize", "tag", "classify", "fingerprint"} <= set(phase.stages)


def test_plain_pipeline_gives_the_workers_verdicts(settings: Settings) -> None:
    """The no-faust loop: one output per message, the same copies found as the domain finds
    in the same lines offline (the raw topic's 8 partitions change which copy comes first, not
    which articles are copies of which), bad payloads dead-lettered."""
    corpus = synthetic(120, seed=7)
    enricher = build_enricher(settings.model_copy(update={"ner": "off"}))
    asyncio.run(prepare(settings, corpus))
    run = asyncio.run(plain_pipeline(settings, len(corpus.messages), enricher))

    async def read() -> list[dict[str, Any]]:
        topic = settings.topic(PLAIN_OUT)
        return [orjson.loads(r.value) async for r in consume(settings, [topic], True, None, 2.0)]

    produced = asyncio.run(read())
    offline = list(enrich_lines(enricher, corpus.messages, "corpus", 1 << 20))
    assert len(run.stamps) == len(produced) == len(corpus.messages)
    assert copy_groups(produced) == copy_groups(offline)
    assert letters(produced) == letters(offline)
    assert run.verdicts["dead_letter"] == corpus.bad
    assert run.verdicts["duplicate"] == corpus.copies
    assert run.rate() > 0 and run.cpu_ms_per_article() > 0


def copy_groups(events: list[dict[str, Any]]) -> set[frozenset[str]]:
    """Articles grouped with the ones they duplicate (connected, whatever came first)."""
    group: dict[str, set[str]] = {}
    for event in events:
        if "dedup" not in event:
            continue
        members = {event["id"]}
        if event["dedup"]["duplicate_of"]:
            members.add(event["dedup"]["duplicate_of"])
        for member in list(members):
            members |= group.get(member, set())
        for member in members:
            group[member] = members
    return {frozenset(members) for members in group.values()}


def letters(events: list[dict[str, Any]]) -> Counter[tuple[str, str]]:
    return Counter((e["reason"], e["payload_sha256"]) for e in events if "dedup" not in e)
