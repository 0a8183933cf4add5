"""The dedup table as `judge` sees it: a MutableMapping over a faust table, one lookup per read.

Reading through the table costs two store lookups (mode's dict checks `key in data`, then reads
`data[key]`), each encoding the key again; reading from the store costs one. Writes and deletes
still go through the table, so every change reaches the changelog. The dedup stage is the only
writer of its table and reads what it wrote, so both paths see the same records.

On a serialized store (RocksDB) reads also skip faust's serializer registry: the key is encoded
with orjson and the stored bytes decoded with orjson, which is what faust's json codec does
(faust uses orjson when installed). That is checked on first use against the store's own
encoder and decoder; any difference and reads go through faust's path instead.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, MutableMapping
from typing import Any

import orjson

# Keys the check encodes both ways: plain, non-ASCII, and characters JSON escapes.
_PROBE_KEYS = ("h0a1b2c3", "u:https://exemple.fr/é/新闻", 'q"\\\n\t')
_PROBE_VALUE = b'[20400,"id-1",3,["a",null],0.5,"2:ab,cd",{"k":[1]}]'


def raw_codec_matches(store: Any) -> bool:
    """Whether orjson encodes keys and decodes values exactly as this faust store does."""
    if not all(hasattr(store, name) for name in ("_get", "_encode_key", "_decode_value")):
        return False  # the in-memory store keeps objects, not bytes
    try:
        keys_match = all(store._encode_key(k) == orjson.dumps(k) for k in _PROBE_KEYS)
        return keys_match and store._decode_value(_PROBE_VALUE) == orjson.loads(_PROBE_VALUE)
    except Exception:  # any codec surprise: use faust's own path
        return False


class TableState(MutableMapping[str, Any]):
    """Reads from the table's store, writes through the table (store + changelog)."""

    def __init__(self, table: Any) -> None:
        self._table = table
        self._raw: bool | None = None  # decided on first read: the store exists by then

    def _raw_reads(self) -> bool:
        if self._raw is None:
            self._raw = raw_codec_matches(self._table.data)
        return self._raw

    def get(self, key: str, default: Any = None) -> Any:
        if self._raw_reads():
            raw = self._table.data._get(orjson.dumps(key))
            return default if raw is None else orjson.loads(raw)
        return self._table.data.get(key, default)

    def __getitem__(self, key: str) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._table.data

    def __setitem__(self, key: str, value: Any) -> None:
        self._table[key] = value

    def __delitem__(self, key: str) -> None:
        del self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table.data)

    def __len__(self) -> int:
        return len(self._table.data)

    def items(self) -> ItemsView[str, Any]:
        """Keys with their values in one pass over the store (the retention sweep reads this)."""
        view: ItemsView[str, Any] = self._table.data.items()
        return view


_MISSING = object()
