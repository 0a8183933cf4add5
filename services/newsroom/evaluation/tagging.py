"""Tagging quality: precision, recall and F1 per type, gold names resolved through KB aliases."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsroom.contracts import Tags
from newsroom.domain.knowledge import KnowledgeBase
from newsroom.evaluation.dataset import Example

_GROUPS = {"organizations": "organization", "people": "person", "models": "model"}
_ROWS = (
    ("organizations (kb)", ("organizations",), True),
    ("people (kb)", ("people",), True),
    ("models", ("models",), False),
    ("kb orgs+people+models", ("organizations", "people", "models"), True),
    ("organizations (all)", ("organizations",), False),
    ("people (all)", ("people",), False),
    ("people+orgs (all)", ("organizations", "people"), False),
    ("countries", ("countries",), False),
)


def normalized(name: str) -> str:
    """Case-insensitive, article- and possessive-free, single-spaced."""
    text = " ".join(name.casefold().split())
    text = text.removeprefix("the ")
    return text.removesuffix("'s").removesuffix("\u2019s")


class Resolver:
    """Gold names to keys: a KB alias becomes its entity id ("Meta Platforms" == Meta)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._index: dict[str, list[str]] = {}
        for alias in kb.aliases:
            if alias.entity:
                self._index.setdefault(normalized(alias.text), []).append(alias.entity)
        self._kb = kb

    def key(self, name: str, group: str) -> str:
        kind = _GROUPS[group]
        for entity in self._index.get(normalized(name), []):
            if self._kb.entities[entity].kind == kind:
                return f"id:{entity}"
        return f"name:{normalized(name)}"


def _predicted(tags: Tags, group: str) -> set[str]:
    if group == "countries":
        return {c.code for c in tags.countries if c.via != "inferred"}
    return {f"id:{t.id}" if t.id else f"name:{normalized(t.name)}" for t in getattr(tags, group)}


def _gold(gold: dict[str, Any], group: str, resolver: Resolver) -> set[str]:
    names: Iterable[str] = gold.get(group) or ()
    if group == "countries":
        return {n.upper() for n in names}
    return {resolver.key(n, group) for n in names}


def _score(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def evaluate_tagging(examples: list[Example], kb: KnowledgeBase) -> dict[str, Any]:
    """Micro-averaged scores per row of _ROWS, and the first misses and false hits per group."""
    resolver = Resolver(kb)
    counts = {row: [0, 0, 0] for row, _, _ in _ROWS}
    errors: list[dict[str, Any]] = []
    for example in examples:
        if example.predicted is None:
            continue
        for group in ("organizations", "people", "models", "countries"):
            if group not in example.gold:
                continue  # a set labelled for another question (classifier training)
            gold = _gold(example.gold, group, resolver)
            pred = _predicted(example.predicted.tags, group)
            if gold != pred and len(errors) < 2000:
                errors.append(
                    {
                        "id": example.id,
                        "group": group,
                        "missed": sorted(gold - pred),
                        "extra": sorted(pred - gold),
                    }
                )
            for row, groups, kb_only in _ROWS:
                if group in groups:
                    g, p = (_kb(gold), _kb(pred)) if kb_only else (gold, pred)
                    tally = counts[row]
                    tally[0] += len(g & p)
                    tally[1] += len(p - g)
                    tally[2] += len(g - p)
    return {
        "kb_version": kb.version,
        "scores": {r: _score(*c) for r, c in counts.items()},
        "errors": errors,
    }


def _kb(keys: set[str]) -> set[str]:
    return {k for k in keys if k.startswith("id:")}


def render_tagging(section: dict[str, Any]) -> list[str]:
    """One line per row: precision, recall, F1 and the counts behind them."""
    lines = [
        f"tagging (kb {section['kb_version']})",
        f"  {'':24} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}",
    ]
    for row, s in section["scores"].items():
        lines.append(
            f"  {row:24} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}"
            f" {s['tp']:5d} {s['fp']:5d} {s['fn']:5d}"
        )
    return lines
