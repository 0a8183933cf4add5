"""TableState: judge over a faust-like table reads the store and writes through the changelog."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsroom.agents import publish
from newsroom.agents.publish import EXIT_RESTART
from newsroom.agents.raw_store import raw_codec_matches
from newsroom.agents.table_state import TableState
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


def test_the_sweeps_items_and_direct_writes_match_fausts_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sweep's pass over a real RocksDB store gives what faust's own items() gives (the
    store's persisted offset is not a record), and writes to its one database read back
    through faust; with no database open yet, a write goes through faust, which opens it."""
    import weakref

    from faust.streams import _current_event
    from faust.types import TP

    settings = Settings(data_dir=tmp_path, kafka_bootstrap="127.0.0.1:9")
    table = next(iter(build_service(settings).app.tables.values()))
    store = table.data
    changelog = TP(table.changelog_topic.get_topic_name(), 0)
    monkeypatch.setattr(table.app.assignor, "assigned_actives", lambda: {changelog})
    state = TableState(table)
    event = Event()  # the store picks its partition from the event being processed
    token = _current_event.set(weakref.ref(event))  # type: ignore[arg-type]
    try:
        state["first"] = [1, "é"]  # no database yet: faust's _set opens partition 0's
        assert list(store._dbs) == [0]
        records: dict[str, Any] = {
            "first": [1, "é"],
            "uhttps://exemple.fr/é/新闻": [20400, "a-1", 2, "0a1b", "ab12cd34", "a-1"],
            'b3:"quoted\\"': "20400:0a1b2c3d4e5f,ffeeddccbbaa",
        }
        for key, value in records.items():
            state[key] = value  # the database is open: it takes the bytes directly
    finally:
        _current_event.reset(token)
    store.set_persisted_offset(changelog, 5)
    assert dict(state.items()) == dict(store.items()) == records
    assert sorted(state.items()) == sorted(store.items())
    assert all(store[key] == value for key, value in records.items())
    del state["first"]
    assert "first" not in state and "first" not in store


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


class Meta:
    """The part of aiokafka's RecordMetadata an acknowledgement callback reads."""

    def __init__(self, tp: Any, offset: int) -> None:
        self.topic_partition, self.offset = tp, offset


def test_raw_writes_store_then_flush_sends_fausts_changelog_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the worker's real RocksDB table, a write through TableState stores the bytes faust's
    table stores, and `flush` hands the producer the changelog record faust's table would queue
    (topic, key and value bytes, to the changelog's partition 0); acknowledged offsets become the store's persisted offset at the next
    flush."""
    import weakref

    from faust.streams import _current_event
    from faust.types import TP

    settings = Settings(data_dir=tmp_path, kafka_bootstrap="127.0.0.1:9")
    table = next(iter(build_service(settings).app.tables.values()))
    store = table.data
    queued: list[Any] = []  # faust's own path: FutureMessages for its producer buffer
    sent: list[tuple[Any, ...]] = []  # ours: straight to the producer
    acks: list[asyncio.Future[Any]] = []

    class Partition:
        partition = 0

    async def send(*args: Any) -> asyncio.Future[Any]:
        sent.append(args)
        acks.append(asyncio.get_running_loop().create_future())
        return acks[-1]

    monkeypatch.setattr(table.app.producer, "send_soon", queued.append)
    monkeypatch.setattr(table.app.producer, "key_partition", lambda topic, key: Partition())
    monkeypatch.setattr(table.app.producer, "send", send)
    records: dict[str, Any] = {
        "o:articles.raw:0:12": [20400, 1, "duplicate", "a-1", "near", 0.91, None],
        "uhttps://exemple.fr/é/新闻": [20400, "a-1", 2, "0a1b", "ab12cd34", "a-1"],
        'b3:"quoted\\"': "20400:0a1b2c3d4e5f,ffeeddccbbaa",
        # not a layout judge writes: a type where plain orjson and faust's codec differ
        "t:when": [datetime(2026, 1, 1, tzinfo=UTC), "x"],
    }
    state = TableState(table)
    changelog = TP(table.changelog_topic.get_topic_name(), 0)

    event = Event()  # the store picks its partition from the event being processed

    async def write_all() -> None:
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
        assert not sent  # records wait for the flush
        await state.flush()
        for n, ack in enumerate(acks):
            ack.set_result(Meta(changelog, 40 + n))
        await asyncio.sleep(0)  # done callbacks run
        assert store.persisted_offset(changelog) is None
        await state.flush()

    asyncio.run(write_all())
    assert len(queued) == len(sent) == len(records)
    for faust_fut, (topic, key, value, partition, timestamp, headers) in zip(
        queued, sent, strict=True
    ):
        theirs = faust_fut.message
        assert (topic, key, value) == (theirs.channel.get_topic_name(), theirs.key, theirs.value)
        # Partition 0 named, the one the table's recovery reads (faust would hash the key).
        assert (partition, timestamp, headers) == (0, None, None)
    assert store.persisted_offset(changelog) == 40 + len(records) - 1
    for key, value in records.items():
        if key != "t:when":
            assert store[key] == value  # faust's own decoding of what the store holds


def test_a_refused_changelog_record_ends_the_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As for outputs: exit before the next commit, so the input is replayed."""
    import weakref

    from faust.streams import _current_event

    settings = Settings(data_dir=tmp_path, kafka_bootstrap="127.0.0.1:9")
    table = next(iter(build_service(settings).app.tables.values()))
    exits: list[int] = []
    acks: list[asyncio.Future[Any]] = []

    async def send(*args: Any) -> asyncio.Future[Any]:
        acks.append(asyncio.get_running_loop().create_future())
        return acks[-1]

    monkeypatch.setattr(table.app.producer, "send", send)
    monkeypatch.setattr(publish.os, "_exit", exits.append)
    state = TableState(table)

    event = Event()

    async def refuse() -> None:
        _current_event.set(weakref.ref(event))  # type: ignore[arg-type]
        state["k"] = [1]
        await state.flush()
        acks[0].set_exception(RuntimeError("MessageSizeTooLarge"))
        await asyncio.sleep(0)

    asyncio.run(refuse())
    assert exits == [EXIT_RESTART]


class FakeProducer:
    """Records what reaches the producer; `gate` (when set) holds each send until released."""

    def __init__(self) -> None:
        self.sent: list[tuple[bytes, bytes | None]] = []
        self.acks: list[asyncio.Future[Any]] = []
        self.gate: asyncio.Event | None = None
        self.error: BaseException | None = None

    async def send(self, topic: str, key: bytes, value: bytes | None, *rest: Any) -> Any:
        if self.error is not None:
            raise self.error
        if self.gate is not None:
            await self.gate.wait()
        self.sent.append((key, value))
        self.acks.append(asyncio.get_running_loop().create_future())
        return self.acks[-1]


@pytest.fixture
def in_event() -> Iterator[None]:
    """An event being processed (the RocksDB store picks its partition from it)."""
    import weakref

    from faust.streams import _current_event

    event = Event()
    token = _current_event.set(weakref.ref(event))  # type: ignore[arg-type]
    yield
    _current_event.reset(token)


def rocksdb_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, FakeProducer]:
    settings = Settings(data_dir=tmp_path, kafka_bootstrap="127.0.0.1:9")
    table = next(iter(build_service(settings).app.tables.values()))
    producer = FakeProducer()
    monkeypatch.setattr(table.app.producer, "send", producer.send)
    return table, producer


@pytest.mark.usefixtures("in_event")
def test_deletes_and_writes_reach_the_changelog_in_store_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tombstone and a later write of the same key are sent in the order the store saw
    them, also when two flushes overlap (the sweep's and the agent's); the persisted offset is
    the highest acknowledged one whatever order the acknowledgements come in."""
    from faust.types import TP

    table, producer = rocksdb_state(tmp_path, monkeypatch)
    state = TableState(table)
    changelog = TP(table.changelog_topic.get_topic_name(), 0)

    async def run() -> None:
        state["k"] = [1]
        await state.flush()
        del state["k"]  # the sweep's delete ...
        producer.gate = asyncio.Event()
        sweep = asyncio.create_task(state.flush())  # ... held at the producer
        await asyncio.sleep(0)
        state["k"] = [2]  # the agent writes the key again
        agent = asyncio.create_task(state.flush())
        await asyncio.sleep(0)
        producer.gate.set()
        await asyncio.gather(sweep, agent)
        for n, ack in reversed(list(enumerate(producer.acks))):
            ack.set_result(Meta(changelog, 10 + n))
        await asyncio.sleep(0)
        await state.flush()

    asyncio.run(run())
    key = table.data._encode_key("k")
    assert producer.sent == [(key, b"[1]"), (key, None), (key, b"[2]")]
    assert state.get("k") == [2]
    assert table.data.persisted_offset(changelog) == 12
    with pytest.raises(KeyError):
        del state["missing"]


@pytest.mark.usefixtures("in_event")
def test_a_send_that_raises_ends_the_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """faust acks the event of an agent that raised: the process must end before that."""
    table, producer = rocksdb_state(tmp_path, monkeypatch)
    exits: list[int] = []
    monkeypatch.setattr(publish.os, "_exit", exits.append)
    producer.error = RuntimeError("KafkaTimeoutError")
    state = TableState(table)
    state["k"] = [1]
    with pytest.raises(RuntimeError):
        asyncio.run(state.flush())
    assert exits == [EXIT_RESTART]
