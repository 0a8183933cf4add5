"""Bench helpers: a MutableMapping over rocksdict shaped like the Faust table, and candidates."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from datetime import UTC, datetime
from typing import Any

import orjson

from newsroom.contracts import (
    ArticleCore,
    BlocResult,
    Candidate,
    Classification,
    Fingerprint,
    Origin,
    Relevance,
    StrategyResult,
    Tags,
)

T0 = datetime(2026, 11, 1, tzinfo=UTC)


class RocksState(MutableMapping[str, Any]):
    """A MutableMapping over rocksdict with JSON keys and values, like the Faust table."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def __getitem__(self, key: str) -> Any:
        raw = self.db.get(orjson.dumps(key))
        if raw is None:
            raise KeyError(key)
        return orjson.loads(raw)

    def get(self, key: str, default: Any = None) -> Any:
        raw = self.db.get(orjson.dumps(key))
        return default if raw is None else orjson.loads(raw)

    def __setitem__(self, key: str, value: Any) -> None:
        self.db[orjson.dumps(key)] = orjson.dumps(value)

    def __delitem__(self, key: str) -> None:
        del self.db[orjson.dumps(key)]

    def __iter__(self) -> Iterator[str]:
        keys = self.db.keys()
        return (orjson.loads(k) for k in keys)

    def __len__(self) -> int:
        keys = self.db.keys()
        return sum(1 for _ in keys)


_EMPTY = Classification(
    ai_relevant=False,
    relevance=Relevance(confidence=0.0),
    strategy=StrategyResult(label=None, confidence=0.0),
    bloc=BlocResult(label="neither", confidence=0.0),
)
_CORE = ArticleCore(
    id="-",
    source="bench",
    url="https://bench.example/",
    canonical_url="https://bench.example/",
    title="",
    text="",
    language="en",
    language_detected=False,
    published_at=T0,
    ingested_at=T0,
    tags=Tags(kb_version="bench"),
    classification=_EMPTY,
)


def bench_candidate(n: int, fp: Fingerprint, when: datetime) -> Candidate:
    url = f"https://outlet{n % 500}.example/news/{n}"
    update = {"id": f"u-{n:020x}", "canonical_url": url, "ingested_at": when}
    core = _CORE.model_copy(update=update)
    origin = Origin(topic="news.articles.raw", partition=n % 8, offset=n)
    return Candidate.model_construct(origin=origin, fingerprint=fp, article=core)
