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
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from faust.stores.rocksdb import RocksDBOptions
from rocksdict import Rdict

from newsroom.bench.dedup_support import T0, RocksState, bench_candidate
from newsroom.contracts import Fingerprint
from newsroom.domain.dedup import judge
from newsroom.domain.fingerprint import MINHASH_BINS, fingerprint


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


def fill(state: RocksState, articles: int, seed: int = 1, start: datetime = T0) -> float:
    """Judge `articles` distinct synthetic articles over 7 days; returns seconds spent."""
    rng, started = random.Random(seed), time.perf_counter()
    for n in range(articles):
        when = start + timedelta(seconds=n * 7 * 86400 // max(articles, 1))
        judge(bench_candidate(n, synthetic_fingerprint(rng), when), state)
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
        cand = bench_candidate(offset + i, Fingerprint(url_key="", content_hash=""), when)
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
