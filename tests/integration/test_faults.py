"""Faults on the real broker: SIGKILL, rebalances, a broker outage, lost table state, refused
writes. Each run is accounted: every input id comes out, replays agree, nothing is lost."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from newsroom.settings import Settings
from newsroom.topology import RAW
from tests.support.articles import articles, encode
from tests.support.faults import Ledger, create_topics, output_topics, report, wait_outputs
from tests.support.kafka import collect, produce

# make test runs a few thousand articles per fault; make soak sets 10,000.
N = int(os.environ.get("NEWSROOM_FAULT_ARTICLES", "2000"))
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
    reached = wait_outputs(settings, N // 3, timeout=180)
    worker.kill()
    assert 0 < reached < N, reached
    start_worker(settings, "w")
    ledger = account(settings, ids, N, timeout=240)
    report("sigkill", f"killed at {reached}/{N}; " + ledger.summary(N), REPORT)
