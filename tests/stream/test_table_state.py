"""TableState: judge over a faust-like table reads the store and writes through the changelog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsroom.agents.table_state import TableState, raw_codec_matches
from newsroom.app import build_service
from newsroom.domain.dedup import judge
from newsroom.settings import Settings
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


def test_raw_reads_of_a_rocksdb_store_equal_fausts_own(tmp_path: Path) -> None:
    """On the worker's real RocksDB store, orjson reads give what faust's codec gives, for
    every record layout judge writes (keys with non-ASCII and escaped characters too)."""
    settings = Settings(data_dir=tmp_path, kafka_bootstrap="127.0.0.1:9")
    table = next(iter(build_service(settings).app.tables.values()))
    store = table.data
    assert raw_codec_matches(store)
    records: dict[str, Any] = {
        "o:articles.raw:0:12": [20400, 1, "duplicate", "a-1", "near", 0.91, None],
        "uhttps://exemple.fr/é/新闻": [20400, "a-1", 2, "0a1b", "ab12cd34", "a-1"],
        "h0a1b2c3d4e5f": [20400, "a-1", 311, "AAECAwQ="],
        'b3:"quoted\\"': "20400:0a1b2c3d4e5f,ffeeddccbbaa",
    }
    db = store._db_for_partition(0)
    for key, value in records.items():
        db.put(store._encode_key(key), store._encode_value(value))
    state = TableState(table)
    for key, value in records.items():
        assert state.get(key) == store[key] == value
        assert state[key] == value
        assert key in state
    assert state.get("missing") is None
    assert "missing" not in state
    with pytest.raises(KeyError):
        state["missing"]


def test_a_store_of_objects_is_read_through_faust() -> None:
    """A store without byte codecs (faust's memory store) is not read raw."""
    table = ChangeloggedTable()
    assert not raw_codec_matches(table.data)
    state = TableState(table)
    state["k"] = [1, "x"]
    assert state.get("k") == [1, "x"]


class Message:
    partition = 0


class Event:
    message = Message()


def test_raw_writes_reach_the_changelog_then_the_store_as_faust_encodes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the worker's real RocksDB table a write sends faust's own bytes to the table's
    changelog (through its send_changelog) before the store holds them."""
    import weakref

    from faust.streams import _current_event

    settings = Settings(data_dir=tmp_path, kafka_bootstrap="127.0.0.1:9")
    table = next(iter(build_service(settings).app.tables.values()))
    store = table.data
    sent: list[tuple[Any, ...]] = []

    def send_changelog(partition: int, key: bytes, value: bytes, *serializers: str) -> None:
        sent.append((partition, key, value, serializers, store._get(key) is not None))

    monkeypatch.setattr(table, "send_changelog", send_changelog)
    event = Event()
    _current_event.set(weakref.ref(event))  # type: ignore[arg-type]
    records: dict[str, Any] = {
        "o:articles.raw:0:12": [20400, 1, "duplicate", "a-1", "near", 0.91, None],
        "uhttps://exemple.fr/é/新闻": [20400, "a-1", 2, "0a1b", "ab12cd34", "a-1"],
        'b3:"quoted\\"': "20400:0a1b2c3d4e5f,ffeeddccbbaa",
    }
    state = TableState(table)
    try:
        for key, value in records.items():
            state[key] = value
    finally:
        _current_event.set(None)
    # The table lets the producer's partitioner pick (use_partitioner): None, as faust sends.
    assert table.partition_for_key("any") is None
    assert sent == [
        (None, store._encode_key(k), store._encode_value(v), ("raw", "raw"), False)
        for k, v in records.items()
    ]
    for key, value in records.items():
        assert store[key] == value  # faust's own decoding of what the store holds
