"""The dedup table as `judge` sees it: a MutableMapping over a faust table, one lookup per read.

Reading through the table costs two store lookups (mode's dict checks `key in data`, then reads
`data[key]`), each encoding the key again; reading from the store costs one. Writes and deletes
still go through the table, so every change reaches the changelog. The dedup stage is the only
writer of its table and reads what it wrote, so both paths see the same records.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, MutableMapping
from typing import Any


class TableState(MutableMapping[str, Any]):
    """Reads from the table's store, writes through the table (store + changelog)."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def __getitem__(self, key: str) -> Any:
        return self._table.data[key]

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
