"""Classification quality: accuracy, macro-F1, confusion matrices and reliability bins."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from newsroom.evaluation.dataset import Example

BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0001)
Pair = tuple[str, str, float]  # gold, predicted, confidence


def pairs(examples: Sequence[Example]) -> dict[str, list[Pair]]:
    """(gold, predicted, confidence) per question; strategy only where both say AI-relevant."""
    out: dict[str, list[Pair]] = {"ai_relevant": [], "strategy": [], "bloc": []}
    for ex in examples:
        if ex.predicted is None or "ai_relevant" not in ex.gold:
            continue
        c = ex.predicted.classification
        gold_rel = bool(ex.gold["ai_relevant"])
        out["ai_relevant"].append((str(gold_rel), str(c.ai_relevant), c.relevance.confidence))
        if gold_rel and c.ai_relevant and ex.gold.get("strategy"):
            out["strategy"].append(
                (ex.gold["strategy"], str(c.strategy.label), c.strategy.confidence)
            )
        if ex.gold.get("bloc"):
            out["bloc"].append((ex.gold["bloc"], c.bloc.label, c.bloc.confidence))
    return out


def actor_pairs(examples: Sequence[Example]) -> list[Pair]:
    """Gold actor stance vs predicted (an untagged organization counts as `none`)."""
    out: list[Pair] = []
    for ex in examples:
        if ex.predicted is None:
            continue
        found = {a.name.lower(): a.stance for a in ex.predicted.classification.actors}
        for name, stance in (ex.gold.get("actors") or {}).items():
            out.append((stance, found.get(name.lower(), "none"), 1.0))
    return out


def scores(rows: Sequence[Pair]) -> dict[str, Any]:
    """Accuracy, macro-F1 over gold labels, per-label F1 and the confusion matrix."""
    labels = sorted({g for g, _, _ in rows} | {p for _, p, _ in rows})
    confusion = Counter((g, p) for g, p, _ in rows)
    f1 = {}
    for label in sorted({g for g, _, _ in rows}):
        tp = confusion[(label, label)]
        fp = sum(confusion[(g, label)] for g in labels if g != label)
        fn = sum(confusion[(label, p)] for p in labels if p != label)
        f1[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {
        "n": len(rows),
        "accuracy": sum(g == p for g, p, _ in rows) / len(rows) if rows else 0.0,
        "macro_f1": sum(f1.values()) / len(f1) if f1 else 0.0,
        "f1": f1,
        "labels": labels,
        "confusion": [[confusion[(g, p)] for p in labels] for g in labels],
    }


def reliability(rows: Sequence[Pair]) -> list[dict[str, Any]]:
    """Per confidence bin: how many labels, mean confidence, and how many were right."""
    out = []
    for lo, hi in pairwise(BINS):
        inside = [(g == p, c) for g, p, c in rows if lo <= c < hi]
        if inside:
            out.append(
                {
                    "bin": f"{lo:.1f}-{min(hi, 1.0):.1f}",
                    "n": len(inside),
                    "confidence": sum(c for _, c in inside) / len(inside),
                    "accuracy": sum(ok for ok, _ in inside) / len(inside),
                }
            )
    return out


def evaluate_classification(examples: Sequence[Example]) -> dict[str, Any]:
    """The classification section of `newsroom eval`."""
    section: dict[str, Any] = {}
    for question, rows in pairs(examples).items():
        section[question] = scores(rows) | {"reliability": reliability(rows)}
    section["actors"] = scores(actor_pairs(examples))
    return section


def render_classification(section: dict[str, Any]) -> list[str]:
    """Plain-text lines: figures, confusion matrix and reliability per question."""
    lines = ["classification"]
    for question, s in section.items():
        lines.append(
            f"  {question}: n={s['n']} accuracy={s['accuracy']:.3f} macro-F1={s['macro_f1']:.3f}"
        )
        labels = s["labels"]
        lines.append("    gold \\ predicted " + " ".join(f"{lab:>8}" for lab in labels))
        for label, row in zip(labels, s["confusion"], strict=True):
            lines.append(f"    {label:>17} " + " ".join(f"{v:>8}" for v in row))
        for b in s.get("reliability", []):
            lines.append(
                f"    confidence {b['bin']}: n={b['n']:>4} "
                f"mean={b['confidence']:.2f} accuracy={b['accuracy']:.2f}"
            )
    return lines
