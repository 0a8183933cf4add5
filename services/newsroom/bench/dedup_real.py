"""Dedup over real news (../shared/data/real, never committed): copies found, and pairs to inspect.

Each CSV row becomes a raw article and goes through normalize -> fingerprint -> judge, in file
order, as it would through the two hops. Prints counts per verdict and a sample of flagged pairs
(side by side openings and the reported similarity) for a human to check precision.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsroom.bench.dedup_support import bench_candidate
from newsroom.contracts import RawArticle
from newsroom.domain.dedup import judge
from newsroom.domain.fingerprint import fingerprint
from newsroom.domain.normalize import Normalized, normalize
from newsroom.kb import load_normalization_rules

DATA = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "real"
T0 = datetime(2026, 11, 1, tzinfo=UTC)


def rows(folder: Path) -> Iterator[tuple[str, RawArticle]]:
    """(dataset, raw article) for the Helsinki and BBC files."""
    csv.field_size_limit(sys.maxsize)
    with (folder / "news_helsinki_summit_2018.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            body = r["text"].replace(" ### ", "\n\n")
            url = f"https://{r['publisher']}/helsinki/{r['id']}"
            yield (
                "helsinki",
                RawArticle(source=r["publisher"], url=url, title="", body=body, published_at=T0),
            )
    for part in ("bbc_news_part1.csv", "bbc_news_part2.csv"):
        with (folder / part).open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                url = f"https://bbc.example/{r['category']}/{r['file_id']}"
                raw = RawArticle(
                    source="bbc", url=url, title=r["title"], body=r["text"], published_at=T0
                )
                yield "bbc", raw


def main(argv: list[str] | None = None) -> None:
    """Print copies found per dataset and method, and `--sample` flagged pairs to inspect."""
    parser = argparse.ArgumentParser(prog="newsroom bench dedup-real")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args(argv)
    rules, state = load_normalization_rules(), dict[str, Any]()
    texts: dict[str, str] = {}
    counts: Counter[tuple[str, str, str]] = Counter()
    flagged: list[tuple[str, str, str, float | None]] = []
    for n, (dataset, raw) in enumerate(rows(args.data)):
        norm = normalize(raw, T0, rules)
        if not isinstance(norm, Normalized):
            counts[(dataset, "rejected", norm.reason.value)] += 1
            continue
        fp = fingerprint(norm.canonical_url, norm.text)
        cand = bench_candidate(n, fp, T0)
        cand = cand.model_copy(update={"article": cand.article.model_copy(update={"id": raw.url})})
        texts[raw.url] = norm.text
        d = judge(cand, state).dedup
        counts[(dataset, d.status, d.method)] += 1
        if d.status == "duplicate" and d.duplicate_of:
            flagged.append((d.method, raw.url, d.duplicate_of, d.similarity))
    for key, value in sorted(counts.items()):
        print(f"{key[0]:9s} {key[1]:9s} {key[2]:6s} {value}")
    near = [f for f in flagged if f[0] == "near"]
    sample = random.Random(args.seed).sample(near, min(args.sample, len(near)))
    for method, url, original, sim in sorted(sample, key=lambda f: f[3] or 0.0):
        print(f"\n--- {method} similarity={sim} {url} -> {original}")
        print(f"  A: {texts[url][:300]!r}")
        print(f"  B: {texts[original][:300]!r}")


if __name__ == "__main__":
    main()
