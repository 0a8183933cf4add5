"""TableState: judge over a faust-like table reads the store and writes through the changelog."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
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


def test_raw_writes_send_what_fausts_table_sends_then_store_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the worker's real RocksDB table, a write through TableState hands the producer the
    same changelog message as a write through faust's table (key and value bytes, partition,
    the persisted-offset callback), before the store holds it, and stores the same bytes."""
    import weakref

    from faust.streams import _current_event

    settings = Settings(data_dir=tmp_path, kafka_bootstrap="127.0.0.1:9")
    table = next(iter(build_service(settings).app.tables.values()))
    store = table.data
    sent: list[tuple[Any, bool]] = []

    class TP:
        partition = 0

    def send_soon(fut: Any) -> None:
        sent.append((fut, store._get(fut.message.key) is not None))

    monkeypatch.setattr(table.app.producer, "send_soon", send_soon)
    monkeypatch.setattr(table.app.producer, "key_partition", lambda topic, key: TP())
    records: dict[str, Any] = {
        "o:articles.raw:0:12": [20400, 1, "duplicate", "a-1", "near", 0.91, None],
        "uhttps://exemple.fr/é/新闻": [20400, "a-1", 2, "0a1b", "ab12cd34", "a-1"],
        'b3:"quoted\\"': "20400:0a1b2c3d4e5f,ffeeddccbbaa",
        # not a layout judge writes: a type where plain orjson and faust's codec differ
        "t:when": [datetime(2026, 1, 1, tzinfo=UTC), "x"],
    }
    state = TableState(table)
    event = Event()
    loop = asyncio.new_event_loop()  # faust's FutureMessage makes an asyncio future
    asyncio.set_event_loop(loop)
    token = _current_event.set(weakref.ref(event))  # type: ignore[arg-type]
    try:
        for key, value in records.items():
            table[key] = value  # faust's own path
            theirs = store._get(store._encode_key(key))
            store._del(store._encode_key(key))
            state[key] = value
            assert store._get(store._encode_key(key)) == theirs
    finally:
        _current_event.reset(token)
        asyncio.set_event_loop(None)
        loop.close()
    assert len(sent) == 2 * len(records)
    for (faust_fut, _), (our_fut, stored_before) in zip(sent[::2], sent[1::2], strict=True):
        ours, theirs = our_fut.message, faust_fut.message
        assert (ours.key, ours.value, ours.partition) == (theirs.key, theirs.value, 0)
        assert (ours.topic, ours.callback) == (theirs.topic, theirs.callback)
        assert not stored_before  # the changelog record is handed over first
    for key, value in records.items():
        if key != "t:when":
            assert store[key] == value  # faust's own decoding of what the store holds
