"""Stage laps land in the stage histogram under their stage's label."""

from __future__ import annotations

from newsroom.metrics import Metrics, Stopwatch


def test_laps_are_observed_per_stage() -> None:
    """Each lap adds one observation of its elapsed time to its own stage's series."""
    ticks = iter([0.0, 0.25, 0.75, 1.0])
    metrics = Metrics()
    watch = Stopwatch(metrics, clock=lambda: next(ticks))
    watch.lap("tag")
    watch.lap("classify")
    watch.lap("tag")
    value = metrics.registry.get_sample_value
    assert value("newsroom_stage_seconds_count", {"stage": "tag"}) == 2
    assert value("newsroom_stage_seconds_sum", {"stage": "tag"}) == 0.5
    assert value("newsroom_stage_seconds_count", {"stage": "classify"}) == 1
    assert watch.laps == {"tag": 0.25, "classify": 0.5}
    assert watch.total_ms() == 750.0
    assert metrics.stage("tag") is metrics.stage("tag")


def test_workers_keep_their_own_series() -> None:
    """Two Metrics (two registries) never share a stage's series."""
    first, second = Metrics(), Metrics()
    Stopwatch(first, clock=iter([0.0, 1.0]).__next__).lap("parse")
    value = second.registry.get_sample_value
    assert value("newsroom_stage_seconds_count", {"stage": "parse"}) is None
