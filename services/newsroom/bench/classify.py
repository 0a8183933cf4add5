"""Per-article classification time for 5 KB articles: `python -m newsroom.bench.classify`.

Two figures, both CPU time of one thread (the per-core cost; wall time on a shared machine
also counts the moments other processes held the core, so it is printed too):
- the reference article (the densest AI story we have: about 40 cues per KB), repeated to
  5,000 characters, timed over many rounds;
- our labelled evaluation articles, each normalized and its paragraphs repeated to 5,000
  characters, each timed over a few rounds: the median over articles is the typical cost.
Tags come from the knowledge-base tagger, as in the pipeline.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import orjson

from newsroom.contracts import RawArticle, Tags
from newsroom.domain.classify import Classifier
from newsroom.domain.entities import Tagger
from newsroom.domain.normalize import Normalized, normalize
from newsroom.kb import load_normalization_rules
from newsroom.kb.classify_loader import load_classifier
from newsroom.kb.entities_loader import load_knowledge_base

REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "reference"
LABELLED = Path(__file__).resolve().parents[3] / "tests" / "data" / "labelled"
SIZE = 5000
FALLBACK = (
    "OpenAI released open-weight models on Hugging Face, while keeping GPT-5 proprietary. "
    "DeepSeek, the Chinese lab, published R1 under the MIT licence. Meta is weighing a closed "
    "model for its superintelligence work, the company said, as the US-China AI race heats up. "
)


def to_size(body: str, size: int = SIZE) -> str:
    """The body's paragraphs repeated until the text has `size` characters."""
    body = body.strip() or "."
    text = body
    while len(text) < size:
        text = f"{text}\n\n{body}"
    return text[:size]


def sample(size: int = SIZE) -> tuple[str, str]:
    """A title and `size` characters of text (the reference article when present)."""
    files = sorted(REFERENCE.glob("*.txt")) if REFERENCE.is_dir() else []
    raw = files[0].read_text("utf-8") if files else f"Open and closed AI\n{FALLBACK * 30}"
    title, _, body = raw.partition("\n")
    return title, to_size(body, size)


def labelled_articles() -> Iterator[tuple[str, str, str]]:
    """(id, title, 5 KB text) of each labelled evaluation article, normalized as in the pipeline."""
    rules = load_normalization_rules()
    now = datetime.now(UTC)
    for path in sorted(LABELLED.glob("*.jsonl")):
        if path.name.startswith("train"):
            continue
        for line in path.read_bytes().splitlines():
            if not line.strip():
                continue
            row = orjson.loads(line)
            norm = normalize(RawArticle.model_validate(row), now, rules)
            if isinstance(norm, Normalized):
                yield row["id"], norm.title, to_size(norm.text)


def cpu_ms(run: Callable[[], object], rounds: int) -> tuple[list[float], list[float]]:
    """Sorted CPU and wall milliseconds of `rounds` calls."""
    cpu, wall = [], []
    for _ in range(rounds):
        start_cpu, start_wall = time.thread_time(), time.perf_counter()
        run()
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)
    return sorted(cpu), sorted(wall)


def _tags(tagger: Tagger, title: str, text: str) -> Tags:
    return tagger.scan(title, text, "en").tags


def reference(classifier: Classifier, tagger: Tagger, rounds: int) -> str:
    """The reference article's line of the report."""
    title, text = sample()
    tags = _tags(tagger, title, text)
    cpu_ms(lambda: classifier.classify(title, text, tags), 50)
    cpu, wall = cpu_ms(lambda: classifier.classify(title, text, tags), rounds)
    return (
        f"reference article, {len(text)} chars, {rounds} rounds: "
        f"CPU median {statistics.median(cpu):.3f} ms, p95 {cpu[int(0.95 * rounds)]:.3f} ms; "
        f"wall median {statistics.median(wall):.3f} ms"
    )


def corpus(classifier: Classifier, tagger: Tagger, rounds: int) -> str:
    """The labelled articles' line of the report (median over articles of each one's median)."""
    per_article: dict[str, list[float]] = {"ai": [], "other": []}
    for article_id, title, text in labelled_articles():
        tags = _tags(tagger, title, text)
        classifier.classify(title, text, tags)
        cpu, _ = cpu_ms(lambda: classifier.classify(title, text, tags), rounds)  # noqa: B023
        per_article["ai" if article_id.startswith("ai") else "other"].append(statistics.median(cpu))
    if not per_article["ai"] and not per_article["other"]:
        return f"labelled articles: none found under {LABELLED}"
    every = sorted(per_article["ai"] + per_article["other"])
    parts = [
        f"{name} {statistics.median(values):.3f} ms (n={len(values)})"
        for name, values in per_article.items()
        if values
    ]
    return (
        f"labelled articles at {SIZE} chars, CPU median over articles "
        f"{statistics.median(every):.3f} ms, p90 {every[int(0.9 * len(every))]:.3f} ms; "
        + ", ".join(parts)
    )


def main(rounds: int = 1000, corpus_rounds: int = 15) -> None:
    """Print the two figures."""
    classifier = load_classifier()
    tagger = Tagger(load_knowledge_base())
    print(f"classify: {reference(classifier, tagger, rounds)}")
    print(f"classify: {corpus(classifier, tagger, corpus_rounds)}")


if __name__ == "__main__":
    main()
