"""join_waited: a rebalance that got no assignment waits; table recovery after one does not."""

from __future__ import annotations

from newsroom.health import join_waited


def test_no_rebalance_waits_for_nothing() -> None:
    assert join_waited(500.0, None, 0, 0) == 0.0


def test_a_join_without_an_assignment_waits_since_the_rebalance_began() -> None:
    assert join_waited(131.0, 100.0, 3, 3) == 31.0


def test_after_the_assignment_a_long_recovery_is_not_waiting() -> None:
    assert join_waited(10_000.0, 100.0, 4, 3) == 0.0


def test_a_clock_that_went_back_never_gives_a_negative_wait() -> None:
    assert join_waited(99.0, 100.0, 3, 3) == 0.0
