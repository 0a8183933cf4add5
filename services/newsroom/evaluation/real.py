"""Label distributions on real public news (no gold labels): `python -m newsroom.evaluation.real`.

Reads ../shared/data/real when present (never copied into the repository):
- AG News test rows of class 4 (Sci/Tech): 2004 technology wire copy, nearly none of it about
  the AI industry, so every AI-relevant label is a candidate false positive;
- the early-2025 DeepSeek coverage (NewsAPI): mostly AI industry news.
Prints the distribution of each label and the AI-relevant AG News rows, for review by hand.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from newsroom.contracts import Classification
from newsroom.domain.classify import Classifier
from newsroom.domain.entities import Tagger
from newsroom.kb.classify_loader import load_classifier
from newsroom.kb.entities_loader import load_knowledge_base

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "real"
SCI_TECH = "4"


def ag_news_sci_tech(path: Path) -> Iterator[tuple[str, str]]:
    """(title, text) of the Sci/Tech rows; AG News escapes line breaks as backslashes."""
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) == 3 and row[0] == SCI_TECH:
                yield row[1], row[2].replace("\\", " ")


def deepseek_news(path: Path) -> Iterator[tuple[str, str]]:
    """(title, description + content) of the rows that have text."""
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = " ".join(p for p in (row.get("description"), row.get("content")) if p)
            if text.strip():
                yield row.get("title") or "", text


def distribution(results: list[Classification]) -> dict[str, Counter[str]]:
    """Counts of each label value."""
    return {
        "ai_relevant": Counter(str(r.ai_relevant) for r in results),
        "strategy": Counter(str(r.strategy.label) for r in results if r.ai_relevant),
        "bloc": Counter(r.bloc.label for r in results),
    }


def classify_all(
    rows: Iterator[tuple[str, str]], classifier: Classifier, tagger: Tagger
) -> list[tuple[str, Classification]]:
    """Title and classification of every row, tagged as in the pipeline (knowledge base)."""
    out = []
    for title, text in rows:
        tags = tagger.scan(title, text, "en").tags
        out.append((title, classifier.classify(title, text, tags)))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show", type=int, default=20, help="AI-relevant AG News rows to list")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        raise SystemExit(f"no real data at {args.data}")
    classifier, tagger = load_classifier(), Tagger(load_knowledge_base())
    sets = {
        "AG News Sci/Tech": ag_news_sci_tech(args.data / "ag_news_test.csv"),
        "DeepSeek NewsAPI 2025": deepseek_news(args.data / "ai_news_deepseek_newsapi_2025.csv"),
    }
    for name, rows in sets.items():
        results = classify_all(rows, classifier, tagger)
        print(f"{name}: {len(results)} rows")
        for label, counts in distribution([r for _, r in results]).items():
            print(f"  {label}: {dict(counts.most_common())}")
        if name.startswith("AG"):
            flagged = [(t, r) for t, r in results if r.ai_relevant]
            for title, r in flagged[: args.show]:
                print(f"    AI-relevant {r.relevance.confidence:.2f}: {title[:90]}")


if __name__ == "__main__":
    main()
