"""`make demo` flow on the session broker: every bundled sample comes out exactly once."""

from __future__ import annotations

from collections import Counter

import pytest

from newsroom.commands.demo import run_demo, sample_lines
from newsroom.settings import Settings


def test_demo_accounts_for_every_sample(
    kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Samples in = events out, with the copies, the update and the bad lines where they belong."""
    monkeypatch.delenv("NEWSROOM_TOPIC_PREFIX", raising=False)
    result = run_demo(Settings(kafka_bootstrap=kafka_bootstrap), timeout=120)
    assert sum(result.counts.values()) == result.produced == len(sample_lines())
    short = Counter({topic.rsplit(".", 1)[-1]: n for topic, n in result.counts.items()})
    assert short == Counter({"enriched": 7, "duplicates": 2, "deadletter": 7})
    verdicts = Counter(
        r.value_json()["dedup"]["status"]
        for r in result.events
        if "dedup" in (r.value_json() or {})
    )
    assert verdicts == Counter({"unique": 6, "update": 1, "duplicate": 2})
