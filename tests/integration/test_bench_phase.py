"""The bench's measured phases on the real broker: every corpus message comes out once."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

from newsroom.bench.corpus import synthetic
from newsroom.bench.phase import create, measure, workers
from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, DUPLICATES, ENRICHED


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
