"""Per-article classification time on a ~5 KB article: `python -m newsroom.bench.classify`."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from newsroom.contracts import EntityTag, Tags
from newsroom.kb.classify_loader import load_classifier

REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "reference"
FALLBACK = (
    "OpenAI released open-weight models on Hugging Face, while keeping GPT-5 proprietary. "
    "DeepSeek, the Chinese lab, published R1 under the MIT licence. Meta is weighing a closed "
    "model for its superintelligence work, the company said, as the US-China AI race heats up. "
)
ORGS = (("openai", "OpenAI", "US"), ("deepseek", "DeepSeek", "CN"), ("meta", "Meta", "US"))


def sample(size: int = 5000) -> tuple[str, str]:
    """A title and ~size characters of text (the reference article when present)."""
    files = sorted(REFERENCE.glob("*.txt")) if REFERENCE.is_dir() else []
    raw = files[0].read_text("utf-8") if files else f"Open and closed AI\n{FALLBACK * 30}"
    title, _, body = raw.partition("\n")
    body = body.strip()
    while len(body) < size:
        body = f"{body}\n\n{body}"
    return title, body[:size]


def tags() -> Tags:
    """Tags as the tagger would give them for the sample (three organizations)."""
    orgs = tuple(
        EntityTag(id=i, name=n, kb=True, mentions=5, first_offset=0, salience=0.8, country=c)
        for i, n, c in ORGS
    )
    return Tags(kb_version="bench", organizations=orgs)


def main(rounds: int = 1000) -> None:
    """Print median and p95 classification time per article, CPU time and wall time, in ms.

    CPU time (this thread's) is the per-core cost the target is about; wall time also counts
    the moments other processes on a shared machine took the core.
    """
    classifier = load_classifier()
    title, text = sample()
    article_tags = tags()
    for _ in range(50):
        classifier.classify(title, text, article_tags)
    cpu, wall = [], []
    for _ in range(rounds):
        start_cpu, start_wall = time.thread_time(), time.perf_counter()
        classifier.classify(title, text, article_tags)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)
    cpu.sort()
    wall.sort()
    print(
        f"classify: {len(text)} chars, {rounds} rounds on one core: "
        f"CPU median {statistics.median(cpu):.3f} ms, p95 {cpu[int(0.95 * rounds)]:.3f} ms; "
        f"wall median {statistics.median(wall):.3f} ms, p95 {wall[int(0.95 * rounds)]:.3f} ms"
    )


if __name__ == "__main__":
    main()
