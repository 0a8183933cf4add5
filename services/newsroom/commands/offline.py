"""`newsroom enrich FILE`: the same pipeline without Kafka, one output line per input line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import orjson

from newsroom.contracts import Origin
from newsroom.domain.pipeline import Enricher, dead_letter, decide
from newsroom.domain.rejection import Rejection


def enrich_lines(
    enricher: Enricher,
    lines: Iterable[bytes],
    source_name: str,
    dlq_cap: int,
    state: dict[str, Any] | None = None,
    clock: Any = None,
) -> Iterator[dict[str, Any]]:
    """Yield the event each input line becomes: enriched, duplicate or dead letter."""
    state = {} if state is None else state
    now = clock or (lambda: datetime.now(UTC))
    for number, line in enumerate(lines):
        origin = Origin(topic=f"file:{source_name}", partition=0, offset=number)
        result = enricher.prepare(line, origin, now())
        if isinstance(result, Rejection):
            yield dead_letter(line, origin, result, now(), dlq_cap).model_dump(mode="json")
        else:
            yield decide(result, state).model_dump(mode="json")


def dumps_line(event: dict[str, Any]) -> bytes:
    return orjson.dumps(event) + b"\n"
