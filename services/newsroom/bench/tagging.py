"""Tagging throughput on 5 KB articles: `python -m newsroom.bench.tagging [--ner]`."""

from __future__ import annotations

import argparse
import time
from importlib import resources

import orjson

from newsroom.domain.entities import Tagger
from newsroom.kb.entities_loader import load_knowledge_base

ARTICLE_BYTES = 5_000


def articles(count: int) -> list[tuple[str, str]]:
    """Sample articles from the package, each body repeated up to about 5 KB."""
    lines = resources.files("newsroom.samples").joinpath("demo.jsonl").read_bytes().splitlines()
    pool = []
    for line in lines:
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue  # the demo file holds broken lines on purpose, for the dead-letter topic
        if isinstance(row, dict) and row.get("body") and row.get("title"):
            pool.append((str(row["title"]), str(row["body"])))
    out = []
    for i in range(count):
        title, body = pool[i % len(pool)]
        text = body
        while len(text.encode()) < ARTICLE_BYTES:
            text += "\n\n" + body
        out.append((title, text.encode()[:ARTICLE_BYTES].decode(errors="ignore")))
    return out


def measure(
    tagger: Tagger, docs: list[tuple[str, str]], kb_only: bool = False
) -> tuple[float, float]:
    """Articles per second and MB per second over docs, in this thread's CPU time (one core)."""
    started = time.thread_time()
    for title, text in docs:
        if kb_only:
            tagger.scan(title, text, "en")
        else:
            tagger.tag(title, text, "en")
    seconds = time.thread_time() - started
    size = sum(len(t.encode()) + len(b.encode()) for t, b in docs)
    return len(docs) / seconds, size / seconds / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=5_000)
    parser.add_argument("--ner", action="store_true", help="also time the spaCy fallback")
    args = parser.parse_args()
    kb = load_knowledge_base()
    docs = articles(args.count)
    rate, mbps = measure(Tagger(kb), docs, kb_only=True)
    print(f"kb only        {rate:10.0f} articles/s {mbps:8.2f} MB/s  ({len(kb.aliases)} aliases)")
    rate, mbps = measure(Tagger(kb), docs)
    print(f"kb + heuristic {rate:10.0f} articles/s {mbps:8.2f} MB/s")
    if args.ner:
        from newsroom.domain.ner import SpacyNames

        names = SpacyNames()
        few = docs[: max(50, args.count // 50)]
        for label, chars in (("ner lead 600", 600), ("ner full text", None)):
            rate, mbps = measure(Tagger(kb, names, model_chars=chars), few)
            print(f"{label:14} {rate:10.0f} articles/s {mbps:8.2f} MB/s  ({1000 / rate:.1f} ms)")


if __name__ == "__main__":
    main()
