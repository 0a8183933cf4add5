"""The classifier on real public news from ../shared/data/real (skipped where it is absent).

No gold labels exist for these rows, so the checks are what the data guarantees by itself:
2004 Sci/Tech wire copy predates the AI industry this service watches, and the early-2025
DeepSeek coverage is mostly about it.
"""

from __future__ import annotations

import pytest

from newsroom.domain.classify import Classifier
from newsroom.domain.entities import Tagger
from newsroom.evaluation.real import DATA, ag_news_sci_tech, classify_all, deepseek_news
from newsroom.kb.classify_loader import load_classifier
from newsroom.kb.entities_loader import load_knowledge_base

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"no real data at {DATA}")


@pytest.fixture(scope="module")
def tools() -> tuple[Classifier, Tagger]:
    return load_classifier(), Tagger(load_knowledge_base())


def test_2004_sci_tech_wire_copy_is_almost_never_ai_industry(
    tools: tuple[Classifier, Tagger],
) -> None:
    """Graphics cards, PDAs, chips and Linux news of 2004 are not AI-industry stories."""
    classifier, tagger = tools
    results = classify_all(ag_news_sci_tech(DATA / "ag_news_test.csv"), classifier, tagger)
    flagged = [title for title, r in results if r.ai_relevant]
    assert len(results) == 1900
    assert len(flagged) <= 3, flagged


def test_deepseek_coverage_is_mostly_ai_industry(tools: tuple[Classifier, Tagger]) -> None:
    """Most of the DeepSeek news rows are AI-relevant, and their bloc is mostly China or both."""
    classifier, tagger = tools
    path = DATA / "ai_news_deepseek_newsapi_2025.csv"
    results = [r for _, r in classify_all(deepseek_news(path), classifier, tagger)]
    relevant = [r for r in results if r.ai_relevant]
    assert len(relevant) >= 0.75 * len(results)
    china_or_both = [r for r in relevant if r.bloc.label in ("china", "both")]
    assert len(china_or_both) >= 0.75 * len(relevant)
