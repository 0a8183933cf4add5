"""Context around cues: negation flips open/closed, modality and critics dampen, position weighs."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from newsroom.domain.cues import POLAR, Hit

_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*\s+|[。！？]+[”」』]*\s*|\n+")
_FLIP = {"open": "closed", "closed": "open", "mixed": "mixed"}


@dataclass(frozen=True, slots=True)
class ContextRules:
    """Windows (characters) and factors from kb/classify/strategy.yaml."""

    negation_window: int = 45
    modal_window: int = 60
    negation_factor: float = 0.8
    modal_factor: float = 0.6
    critic_factor: float = 0.35
    title_factor: float = 2.0
    lead_chars: int = 500
    lead_factor: float = 1.5
    stance_min: float = 0.6
    stance_balance: float = 0.35
    model_weight: float = 1.0


def sentence_starts(text: str) -> list[int]:
    """Offsets where sentences (or paragraphs) begin."""
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


def resolve(hits: list[Hit], starts: list[int], rules: ContextRules) -> list[Hit]:
    """Apply negation, modality, critics and position to the hits of one field (sorted)."""
    sentence = [bisect_right(starts, h.start) - 1 for h in hits]
    negators = [i for i, h in enumerate(hits) if h.kind == "negator"]
    modals = [i for i, h in enumerate(hits) if h.kind == "modal"]
    critic_sentences = {sentence[i] for i, h in enumerate(hits) if h.kind == "critic"}
    out: list[Hit] = []
    for i, hit in enumerate(hits):
        current = hit
        if hit.kind in POLAR:
            current = _polar(hits, i, sentence, negators, modals, rules)
            if sentence[i] in critic_sentences:
                weight = current.weight * rules.critic_factor
                current = replace(current, weight=weight, note=current.note + "critic ")
        out.append(_positioned(current, rules))
    return out


def _polar(
    hits: list[Hit],
    i: int,
    sentence: list[int],
    negators: list[int],
    modals: list[int],
    rules: ContextRules,
) -> Hit:
    hit = hits[i]
    neg = _before(hits, i, sentence, negators, rules.negation_window)
    if neg is not None:
        hit = replace(
            hit,
            kind=_FLIP[hit.kind],
            weight=hit.weight * rules.negation_factor,
            start=neg.start,
            note=f"negated:{neg.cue.phrase} ",
        )
    if _before(hits, i, sentence, modals, rules.modal_window) is not None:
        hit = replace(hit, weight=hit.weight * rules.modal_factor, note=hit.note + "modal ")
    return hit


def _before(
    hits: list[Hit], i: int, sentence: list[int], candidates: list[int], window: int
) -> Hit | None:
    """The closest candidate ending within `window` chars before hit i, in its sentence."""
    target = hits[i]
    best: Hit | None = None
    for j in candidates:
        other = hits[j]
        if other.end > target.start or sentence[j] != sentence[i]:
            continue
        if target.start - other.end <= window:
            best = other
    return best


def _positioned(hit: Hit, rules: ContextRules) -> Hit:
    if hit.field == "title":
        return replace(hit, weight=hit.weight * rules.title_factor)
    if hit.start < rules.lead_chars:
        return replace(hit, weight=hit.weight * rules.lead_factor)
    return hit
