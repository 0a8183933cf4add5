"""Prometheus instruments of a worker, in their own registry (no global state)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

_STAGE_BUCKETS = (0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5)
_E2E_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


@dataclass
class Metrics:
    """Every metric the dashboard (deploy/grafana) and alerts rely on."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    # The stage histogram's child per stage: labels() takes a lock and checks its values on
    # every call, and every article laps about nine stages.
    _stages: dict[str, Histogram] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        r = self.registry
        self.articles_in = Counter(
            "newsroom_articles_in", "Messages consumed, by stage.", ["stage"], registry=r
        )
        self.articles_out = Counter(
            "newsroom_articles_out",
            "Events published, by topic and verdict.",
            ["topic", "verdict"],
            registry=r,
        )
        self.dead_letters = Counter(
            "newsroom_dead_letters", "Dead letters, by reason.", ["reason"], registry=r
        )
        self.stage_seconds = Histogram(
            "newsroom_stage_seconds",
            "Time per article in each stage.",
            ["stage"],
            buckets=_STAGE_BUCKETS,
            registry=r,
        )
        self.end_to_end_seconds = Histogram(
            "newsroom_end_to_end_seconds",
            "Raw append time to output append time.",
            buckets=_E2E_BUCKETS,
            registry=r,
        )
        self.consumer_lag = Gauge(
            "newsroom_consumer_lag",
            "High watermark minus next offset to process.",
            ["topic", "partition"],
            registry=r,
        )
        self.table_entries = Gauge(
            "newsroom_table_entries", "Entries in a state table.", ["table"], registry=r
        )
        self.info = Gauge(
            "newsroom_info",
            "Versions of the running worker (value 1).",
            ["version", "kb_version", "classifier_version"],
            registry=r,
        )
        self.worker_ready = Gauge(
            "newsroom_worker_ready", "1 when tables are recovered and not rebalancing.", registry=r
        )

    def stage(self, name: str) -> Histogram:
        """The stage histogram's series of one stage."""
        child = self._stages.get(name)
        if child is None:
            child = self._stages[name] = self.stage_seconds.labels(name)
        return child


class Stopwatch:
    """Laps between named stage boundaries, fed to the stage histogram."""

    def __init__(self, metrics: Metrics, clock: Callable[[], float] = time.perf_counter) -> None:
        self._metrics = metrics
        self._clock = clock
        self._last = clock()
        self.laps: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = self._clock()
        elapsed = now - self._last
        self._last = now
        self.laps[stage] = elapsed
        self._metrics.stage(stage).observe(elapsed)

    def total_ms(self) -> float:
        return round(sum(self.laps.values()) * 1000, 3)
