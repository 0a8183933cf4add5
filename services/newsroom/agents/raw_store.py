"""A faust RocksDB store read and written as bytes, bypassing faust's per-record machinery.

Keys and values are encoded with the function faust's json codec calls (faust.utils.json.dumps:
orjson with faust's options and fallback) and stored bytes decoded with orjson, which is what
that codec does when orjson is installed. That a store uses that codec is checked against its
own encoders and decoders (`raw_codec_matches`); any difference and callers use faust's path.

The dedup table has one partition, so its RocksDB store holds one database, and reads, writes
and iteration can go to it directly (`single_db`): faust's path would probe the bloom filter
before each read and update its key index (an LRU map behind a lock) on every read and write.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator
from typing import Any

import orjson
from faust.utils import json as faust_json

encode: Any = faust_json.dumps  # bytes, from orjson (a str from the stdlib: the check fails)

# Keys the check encodes both ways: plain, non-ASCII, and characters JSON escapes.
_PROBE_KEYS = ("h0a1b2c3", "u:https://exemple.fr/é/新闻", 'q"\\\n\t')
_PROBE_VALUE = b'[20400,"id-1",3,["a",null],0.5,"2:ab,cd",{"k":[1]}]'


def raw_codec_matches(store: Any) -> bool:
    """Whether faust's json function encodes keys and values, and orjson decodes them,
    exactly as this faust store does."""
    names = ("_get", "_set", "_encode_key", "_encode_value", "_decode_key", "_decode_value")
    if not all(hasattr(store, name) for name in names):
        return False  # the in-memory store keeps objects, not bytes
    try:
        keys_match = all(
            store._encode_key(k) == encode(k) and store._decode_key(encode(k)) == k
            for k in _PROBE_KEYS
        )
        value = orjson.loads(_PROBE_VALUE)
        values_match = store._encode_value(value) == encode(value)
        return keys_match and values_match and store._decode_value(_PROBE_VALUE) == value
    except Exception:  # any codec surprise: use faust's own path
        return False


def single_db(store: Any) -> Any:
    """The store's database when it holds exactly one (RocksDB, one partition), else None.

    Read on every call: a rebalance closes and reopens databases."""
    dbs = getattr(store, "_dbs", None)
    if isinstance(dbs, dict) and len(dbs) == 1:
        return next(iter(dbs.values()))
    return None


def read(store: Any, raw_key: bytes) -> bytes | None:
    """One lookup in the single database, else faust's byte-level read."""
    db = single_db(store)
    raw: bytes | None = store._get(raw_key) if db is None else db.get(raw_key)
    return raw


def write(store: Any, raw_key: bytes, raw_value: bytes) -> None:
    """Into the single database, else through faust's byte-level write (which opens the
    database of the current event's partition)."""
    db = single_db(store)
    if db is None:
        store._set(raw_key, raw_value)
    else:
        db.put(raw_key, raw_value)


class RawItems(ItemsView[str, Any]):
    """The store's records decoded with orjson (what its checked codec does), not through
    faust's serializer registry; faust's own pass skips databases of standby partitions and
    the persisted-offset record, and so does this one."""

    def __init__(self, store: Any) -> None:
        super().__init__(store)
        self._store = store

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        for key, value in self._store._iteritems():
            yield orjson.loads(key), orjson.loads(value)
