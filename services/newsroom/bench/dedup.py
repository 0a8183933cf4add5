"""Dedup benchmark: fingerprint + lookup time per 5 KB article, and state bytes per article.

State lives in a real RocksDB (rocksdict, with the options Faust's rocksdb:// store uses), keys
and values JSON-encoded as the Faust table encodes them. Bytes per article are measured on disk
(SST files after flush and full compaction) after a million synthetic articles.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator, MutableMapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from faust.stores.rocksdb import RocksDBOptions
from rocksdict import Rdict

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
from newsroom.domain.dedup import judge
from newsroom.domain.fingerprint import MINHASH_BINS, fingerprint

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


def _candidate(n: int, fp: Fingerprint, when: datetime) -> Candidate:
    url = f"https://outlet{n % 500}.example/news/{n}"
    update = {"id": f"u-{n:020x}", "canonical_url": url, "ingested_at": when}
    core = _CORE.model_copy(update=update)
    origin = Origin(topic="news.articles.raw", partition=n % 8, offset=n)
    return Candidate.model_construct(origin=origin, fingerprint=fp, article=core)


def synthetic_fingerprint(rng: random.Random, paragraphs: int = 18) -> Fingerprint:
    """What fingerprint() returns for a distinct 5 KB article, without the text."""
    return Fingerprint.model_construct(
        url_key=f"{rng.getrandbits(128):032x}",
        content_hash=f"{rng.getrandbits(128):032x}",
        minhash=tuple(rng.getrandbits(32) for _ in range(MINHASH_BINS)),
        shingles=rng.randint(700, 900),
        paragraphs=tuple(f"{rng.getrandbits(32):08x}" for _ in range(paragraphs)),
    )


def article_text(rng: random.Random, vocab: list[str], chars: int = 5000) -> list[list[str]]:
    """A synthetic article of about `chars` characters: paragraphs of sentences."""
    paragraphs, size = [], 0
    while size < chars:
        sentences = [" ".join(rng.choices(vocab, k=rng.randint(12, 24))) + "." for _ in range(3)]
        paragraphs.append(sentences)
        size += sum(len(s) + 1 for s in sentences)
    return paragraphs


def _logical_bytes(db: Any) -> int:
    items: Iterator[tuple[bytes, bytes]] = db.items()
    return sum(len(k) + len(v) for k, v in items)


def _sst_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.glob("*.sst"))


def fill(state: RocksState, articles: int, seed: int = 1) -> float:
    """Judge `articles` distinct synthetic articles over 7 days; returns seconds spent."""
    rng, started = random.Random(seed), time.perf_counter()
    for n in range(articles):
        when = T0 + timedelta(seconds=n * 7 * 86400 // max(articles, 1))
        judge(_candidate(n, synthetic_fingerprint(rng), when), state)
    return time.perf_counter() - started


def timed(state: RocksState, count: int, offset: int, seed: int = 2) -> dict[str, list[float]]:
    """Fingerprint + judge real 5 KB texts; every second one is a trimmed copy of the previous.

    Wall-clock and CPU time are both kept: on a shared machine the wall clock includes waiting.
    """
    rng = random.Random(seed)
    vocab = [f"{rng.choice('bcdfghklmnprst')}{rng.choice('aeiou')}{i}" for i in range(20000)]
    names = ("fingerprint", "judge", "total", "total (CPU)")
    times: dict[str, list[float]] = {name: [] for name in names}
    when, paragraphs = T0 + timedelta(days=7), article_text(rng, vocab)
    for i in range(count):
        if i % 2 == 0:
            paragraphs = article_text(rng, vocab)
        else:
            del paragraphs[rng.randrange(len(paragraphs))][0]
        text = "\n\n".join(" ".join(p) for p in paragraphs if p)
        cand = _candidate(offset + i, Fingerprint(url_key="", content_hash=""), when)
        c0, t0 = time.thread_time(), time.perf_counter()
        fp = fingerprint(f"https://bench.example/{i}", text)
        t1 = time.perf_counter()
        judge(cand.model_copy(update={"fingerprint": fp}), state)
        t2, c2 = time.perf_counter(), time.thread_time()
        times["fingerprint"].append(t1 - t0)
        times["judge"].append(t2 - t1)
        times["total"].append(t2 - t0)
        times["total (CPU)"].append(c2 - c0)
    return times


def _ms(values: list[float]) -> str:
    p95 = statistics.quantiles(values, n=20)[-1]
    return f"median {statistics.median(values) * 1000:.3f} ms, p95 {p95 * 1000:.3f} ms"


def main(argv: list[str] | None = None) -> None:
    """Print dedup timings and state bytes per retained article."""
    parser = argparse.ArgumentParser(prog="newsroom bench dedup")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--timed", type=int, default=4000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        path = Path(tmp) / "db"
        db = Rdict(str(path), RocksDBOptions(use_rocksdict=True).as_options())
        state = RocksState(db)
        seconds = fill(state, args.articles)
        db.flush()
        db.compact_range(None, None)
        on_disk, logical = _sst_bytes(path), _logical_bytes(db)
        times = timed(state, args.timed, args.articles)
        db.close()
    n = args.articles
    print(
        f"state: {n:,} distinct synthetic articles judged in {seconds:.0f} s ({n / seconds:,.0f}/s)"
    )
    print(f"  RocksDB SST bytes per retained article (flushed, compacted): {on_disk / n:,.0f}")
    print(f"  JSON key+value bytes per retained article: {logical / n:,.0f}")
    print(f"timings over {args.timed:,} 5 KB articles against that state (half are near copies):")
    for name, values in times.items():
        print(f"  {name:12s} {_ms(values)}")
    ceiling = 1 / statistics.mean(times["judge"])
    print(f"  serialized dedup stage ceiling (judge only): {ceiling:,.0f} articles/s")


if __name__ == "__main__":
    main()
