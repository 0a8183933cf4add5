"""The retention sweep timer of the dedup agent, driven tick by tick with an in-memory table."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from types import SimpleNamespace
from typing import Any

import pytest

from newsroom.agents import dedup as dedup_agent
from newsroom.agents.publish import now
from newsroom.agents.table_state import TableState
from newsroom.domain.dedup_state import day_of

Tick = Callable[[], Coroutine[Any, Any, None]]


class SnapshotTable(dict[str, Any]):
    """Iterates over a snapshot of its items, as a RocksDB iterator does."""

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return list(super().items())


class StoreOnly:
    """A table whose store is an in-memory dict: TableState deletes through it."""

    def __init__(self, data: SnapshotTable) -> None:
        self.data = data

    def __delitem__(self, key: str) -> None:
        del self.data[key]


def _timer_of(table: SnapshotTable, ready: bool = True) -> Tick:
    timers: list[Tick] = []

    def timer(_interval: float, name: str) -> Callable[[Tick], Tick]:
        def attach(fn: Tick) -> Tick:
            timers.append(fn)
            return fn

        return attach

    completed = SimpleNamespace(is_set=lambda: ready)
    app = SimpleNamespace(
        timer=timer,
        rebalancing=False,
        tables=SimpleNamespace(recovery=SimpleNamespace(completed=completed)),
    )
    dedup_agent.register_sweep(app, TableState(StoreOnly(table)), retention_days=7)
    return timers[0]


async def test_sweep_deletes_expired_records_a_bounded_batch_per_tick(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each tick scans at most the budget; after a pass only records inside the window remain."""
    monkeypatch.setattr(dedup_agent, "SWEEP_KEYS_PER_TICK", 4)
    today = day_of(now())
    table = SnapshotTable(
        {f"o{i}": [today - 30, 1, "unique", None, "none", None, None] for i in range(10)}
    )
    table.update({f"b{i}": f"{today}:abc" for i in range(5)})
    sweep = _timer_of(table)
    sizes = []
    for _ in range(4):
        before = len(table)
        await sweep()
        sizes.append(before - len(table))
    assert max(sizes) <= 4
    assert set(table) == {f"b{i}" for i in range(5)}


async def test_sweep_waits_for_table_recovery() -> None:
    """Before recovery completes nothing is scanned or deleted."""
    table = SnapshotTable({"o1": [0, 1, "unique", None, "none", None, None]})
    await _timer_of(table, ready=False)()
    assert "o1" in table


async def test_a_record_rewritten_since_the_pass_began_is_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sweep re-reads a record its snapshot calls expired; a fresh rewrite survives."""
    monkeypatch.setattr(dedup_agent, "SWEEP_KEYS_PER_TICK", 2)
    today = day_of(now())
    old = [today - 30, 1, "unique", None, "none", None, None]
    table = SnapshotTable({"o1": old, "o2": old, "o3": old, "o4": old})
    sweep = _timer_of(table)
    await sweep()  # the pass's snapshot now holds o3 and o4 as expired
    table["o4"] = [today, 1, "unique", None, "none", None, None]
    await sweep()
    assert set(table) == {"o4"}
