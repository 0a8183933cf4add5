"""TableState: judge over a faust-like table reads the store and writes through the changelog."""

from __future__ import annotations

from typing import Any

from newsroom.agents.table_state import TableState
from newsroom.domain.dedup import judge
from tests.support.dedup_variants import candidate, variants


class ChangeloggedTable:
    """Like a faust table: a store (`data`), and a changelog of every write made through it."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.changelog: list[tuple[str, Any]] = []

    def __getitem__(self, key: str) -> Any:
        raise AssertionError("reads go to the store, in one lookup")

    def __setitem__(self, key: str, value: Any) -> None:
        self.changelog.append((key, value))
        self.data[key] = value

    def __delitem__(self, key: str) -> None:
        self.changelog.append((key, None))
        del self.data[key]


def test_reads_come_from_the_store_and_writes_reach_the_changelog() -> None:
    """Every write and delete is a changelog record; get, in and items read the store."""
    table = ChangeloggedTable()
    state = TableState(table)
    state["a"] = [1]
    state["b"] = [2]
    del state["a"]
    assert table.changelog == [("a", [1]), ("b", [2]), ("a", None)]
    assert (state.get("a"), state.get("b"), "a" in state, "b" in state) == (None, [2], False, True)
    assert dict(state.items()) == {"b": [2]} and len(state) == 1 and list(state) == ["b"]


def test_judge_gives_the_same_verdicts_and_the_changelog_rebuilds_the_state() -> None:
    """Verdicts equal those over a dict; replaying the changelog yields the same records."""
    plain: dict[str, Any] = {}
    table = ChangeloggedTable()
    state = TableState(table)
    for offset, v in enumerate(variants(per_story=6)):
        c = candidate(v.raw, offset)
        assert judge(c, state) == judge(c, plain)
    rebuilt: dict[str, Any] = {}
    for key, value in table.changelog:
        if value is None:
            rebuilt.pop(key, None)
        else:
            rebuilt[key] = value
    assert rebuilt == plain == table.data
