"""Compose the per-question reports (tagging, classification) into one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsroom.domain.pipeline import Enricher
from newsroom.evaluation.classification import evaluate_classification, render_classification
from newsroom.evaluation.dataset import run_examples
from newsroom.evaluation.tagging import evaluate_tagging, render_tagging


def evaluate(enricher: Enricher, paths: list[Path]) -> dict[str, Any]:
    """Every section's figures, keyed by section name."""
    examples = run_examples(enricher, paths)
    rejected = [e.id for e in examples if e.predicted is None]
    report: dict[str, Any] = {"articles": len(examples), "rejected": rejected}
    # Sections are added here by the tagging and classification evaluators.
    report["tagging"] = evaluate_tagging(examples, enricher.tagger.kb)
    report["classification"] = evaluate_classification(examples)
    return report


def render(report: dict[str, Any]) -> str:
    """Plain-text tables of the report."""
    lines = [f"articles: {report['articles']}  rejected: {len(report['rejected'])}"]
    if "tagging" in report:
        lines += render_tagging(report["tagging"])
    if "classification" in report:
        lines += render_classification(report["classification"])
    return "\n".join(lines)
