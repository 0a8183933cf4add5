"""`newsroom enrich FILE`: the same pipeline without Kafka, one output line per input line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import orjson

from newsroom.contracts import Origin
from newsroom.domain.pipeline import Enricher, enrich_and_decide


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
        event = enrich_and_decide(enricher, line, origin, now(), state, dlq_cap)
        yield event.model_dump(mode="json")


def dumps_line(event: dict[str, Any]) -> bytes:
    return orjson.dumps(event) + b"\n"
