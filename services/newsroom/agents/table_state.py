"""The dedup table as `judge` sees it: a MutableMapping over a faust table, one lookup per read.

Reading through the table costs two store lookups (mode's dict checks `key in data`, then reads
`data[key]`), each encoding the key again; reading from the store costs one. The dedup stage is
the only writer of its table and reads what it wrote, so both paths see the same records.

On a serialized store (RocksDB) reads and writes also skip faust's serializer registry and its
per-record bookkeeping (newsroom.agents.raw_store). A write then stores the bytes and keeps its
changelog record until the agent awaits `flush()`, which hands each record straight to the
producer (to the changelog's partition 0, see below). faust's table would queue each record in
its producer buffer, a task sending one record per turn of the event loop, and every incoming
message waits while that buffer holds more than 100: a unique article writes 16 records, so the
dedup stage spent more on that queue than on the sends. The agent flushes before it acks its
event, so every record is with the producer before the offset can commit (faust flushes the
producer first). Deletes (the retention sweep's) go the same way, so a tombstone and a later
write of the same key reach the changelog in the order they reached the store; one flush runs at
a time. A record the producer or the broker refuses ends the process before that commit (faust
would log it and commit): the input is replayed and its outputs sent again, but the store
already holds the record, so the changelog keeps that gap, as it would with faust. As faust's
table does, each acknowledged record moves the store's persisted offset (where a recovery
resumes reading the changelog); it is written once per flush, for the highest acknowledged
offset, not once per record: a lagging offset only makes a recovery re-read records it holds
already.

Writes come from the dedup agent, within its events; before the store's one database is open
they go through faust, which opens it for the event's partition. Every changelog record goes to
partition 0, the one a recovery of the table's one partition reads back: faust's eager
partitioning would hash each key over the changelog's partitions, which come to the same
partition 0 when the topic has one, and would send records to partitions no recovery reads if
someone had made it larger.
"""

from __future__ import annotations

import asyncio
from collections.abc import ItemsView, Iterator, MutableMapping
from typing import Any

import orjson

from newsroom.agents.publish import exit_for_restart, exit_if_refused
from newsroom.agents.raw_store import RawItems, encode, raw_codec_matches, read, write


class TableState(MutableMapping[str, Any]):
    """Reads from the table's store; writes reach the store, and the changelog at `flush()`."""

    def __init__(self, table: Any) -> None:
        self._table = table
        self._raw: bool | None = None  # decided on first use: the store exists by then
        self._partition: int | None = None  # the changelog's only partition, if it has one
        self._pending: list[tuple[bytes, bytes | None]] = []  # changelog records not yet sent
        self._acked: dict[Any, int] = {}  # changelog partition -> highest acknowledged offset
        self._persisted: dict[Any, int] = {}
        self._flushing = asyncio.Lock()

    def _raw_codec(self) -> bool:
        """Raw reads and writes: the store's codec is faust's json, the table lets the
        producer place its records (use_partitioner), and no transaction is expected
        (exactly_once would send changelog records within one)."""
        if self._raw is None:
            table = self._table
            self._raw = (
                raw_codec_matches(table.data)
                and bool(table.use_partitioner)
                and not table.app.in_transaction
            )
            if self._raw and table.changelog_topic.partitions == 1:
                self._partition = 0  # the table's one partition: what its recovery reads
        return self._raw

    def get(self, key: str, default: Any = None) -> Any:
        if self._raw_codec():
            raw = read(self._table.data, encode(key))
            return default if raw is None else orjson.loads(raw)
        return self._table.data.get(key, default)

    def __getitem__(self, key: str) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str) and self._raw_codec():
            return read(self._table.data, encode(key)) is not None
        return key in self._table.data

    def __setitem__(self, key: str, value: Any) -> None:
        if not self._raw_codec():
            self._table[key] = value
            return
        raw_key, raw_value = encode(key), encode(value)
        write(self._table.data, raw_key, raw_value)
        self._pending.append((raw_key, raw_value))

    async def flush(self) -> None:
        """Hand the changelog records of the writes and deletes since the last flush to the
        producer, in order; a send that raises ends the process (its event must not be acked)."""
        async with self._flushing:
            for tp, offset in self._acked.items():
                if offset > self._persisted.get(tp, -1):
                    self._table.data.set_persisted_offset(tp, offset)
                    self._persisted[tp] = offset
            if not self._pending:
                return
            pending, self._pending = self._pending, []
            producer = self._table.app.producer
            topic = self._table.changelog_topic.get_topic_name()
            for key, value in pending:
                try:
                    fut = await producer.send(topic, key, value, self._partition, None, None)
                except BaseException as exc:  # cancelled too: the rest would never be sent
                    exit_for_restart("changelog.unsent", exc)
                    raise
                fut.add_done_callback(self._sent)

    def _sent(self, fut: Any) -> None:
        exit_if_refused(fut, "changelog.refused")
        meta = fut.result()
        tp = meta.topic_partition
        if meta.offset > self._acked.get(tp, -1):
            self._acked[tp] = meta.offset

    def __delitem__(self, key: str) -> None:
        if not self._raw_codec():
            del self._table[key]
            return
        raw_key = encode(key)
        if read(self._table.data, raw_key) is None:
            raise KeyError(key)
        self._table.data._del(raw_key)
        self._pending.append((raw_key, None))

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.data)

    def __len__(self) -> int:
        return len(self._table.data)

    def items(self) -> ItemsView[str, Any]:
        """Keys with their values in one pass over the store (the retention sweep reads this)."""
        if self._raw_codec():
            return RawItems(self._table.data)
        view: ItemsView[str, Any] = self._table.data.items()
        return view


_MISSING = object()
