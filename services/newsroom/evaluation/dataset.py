"""Labelled examples: a raw article line plus its `gold` labels, enriched offline."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from newsroom.contracts import EnrichedArticle, Origin
from newsroom.domain.pipeline import Enricher, decide
from newsroom.domain.rejection import Rejection


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled article and what the pipeline made of it (None when rejected)."""

    id: str
    gold: dict[str, Any]
    raw: dict[str, Any]
    predicted: EnrichedArticle | None
    rejection: Rejection | None


def read_examples(paths: Iterable[Path]) -> Iterator[tuple[str, dict[str, Any], bytes]]:
    for path in paths:
        for number, line in enumerate(path.read_bytes().splitlines()):
            if not line.strip():
                continue
            data = orjson.loads(line)
            gold = data.pop("gold")
            yield f"{path.name}:{number}", gold, orjson.dumps(data)


def run_examples(enricher: Enricher, paths: Iterable[Path]) -> list[Example]:
    """Enrich every labelled article (each with a fresh dedup state: eval is per article)."""
    out: list[Example] = []
    now = datetime.now(UTC)
    for ref, gold, payload in read_examples(paths):
        raw = orjson.loads(payload)
        origin = Origin(topic="eval", partition=0, offset=len(out))
        result = enricher.prepare(payload, origin, now)
        if isinstance(result, Rejection):
            out.append(Example(raw.get("id") or ref, gold, raw, None, result))
        else:
            out.append(Example(raw.get("id") or ref, gold, raw, decide(result, {}), None))
    return out
