"""Context around cues: negation flips open/closed, modality and critics dampen, position weighs."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from newsroom.domain.cues import POLAR, Hit

# One branch starting with a character class, so the regex engine skips ahead fast; a Latin
# stop only ends a sentence when whitespace follows ("3.5" and "U.S." do not).
_SENTENCE_END = re.compile(r"[.!?。！？\n]+[\"'”’)\]」』]*\s*")
_LATIN_STOPS = frozenset(".!?\"'”’)]")
_new = tuple.__new__  # a Hit without NamedTuple's Python-level __new__
_CONTEXT = frozenset(("negator", "modal", "critic"))
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
    out = [0]
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if end >= len(text) or text[end - 1] in _LATIN_STOPS:
            continue
        out.append(end)
    return out


def resolve(hits: list[Hit], starts: list[int], rules: ContextRules) -> list[Hit]:
    """Apply negation, modality, critics and position to the hits of one field (sorted)."""
    context = [i for i, h in enumerate(hits) if h.kind in _CONTEXT]
    if context:
        hits = _contextual(hits, starts, rules, context)
    if hits and hits[0].field == "title":
        factor = rules.title_factor
        return [_new(Hit, (*h[:5], h.weight * factor, h.note)) for h in hits]
    lead, factor = rules.lead_chars, rules.lead_factor
    return [_new(Hit, (*h[:5], h.weight * factor, h.note)) if h.start < lead else h for h in hits]


def _contextual(
    hits: list[Hit], starts: list[int], rules: ContextRules, context: list[int]
) -> list[Hit]:
    """Negators, modals and critics change the polar hits of their sentence."""
    sentence = {i: bisect_right(starts, hits[i].start) - 1 for i in context}
    polar = [i for i, h in enumerate(hits) if h.kind in POLAR]
    sentence.update((i, bisect_right(starts, hits[i].start) - 1) for i in polar)
    negators = [i for i in context if hits[i].kind == "negator"]
    modals = [i for i in context if hits[i].kind == "modal"]
    critic_sentences = {sentence[i] for i in context if hits[i].kind == "critic"}
    out = list(hits)
    for i in polar:
        current = _polar(hits, i, sentence, negators, modals, rules)
        if sentence[i] in critic_sentences:
            weight = current.weight * rules.critic_factor
            current = current._replace(weight=weight, note=current.note + "critic ")
        out[i] = current
    return out


def _polar(
    hits: list[Hit],
    i: int,
    sentence: dict[int, int],
    negators: list[int],
    modals: list[int],
    rules: ContextRules,
) -> Hit:
    hit = hits[i]
    neg = _before(hits, i, sentence, negators, rules.negation_window)
    if neg is not None:
        hit = hit._replace(
            kind=_FLIP[hit.kind],
            weight=hit.weight * rules.negation_factor,
            start=neg.start,
            note=f"negated:{neg.cue.phrase} ",
        )
    if _before(hits, i, sentence, modals, rules.modal_window) is not None:
        hit = hit._replace(weight=hit.weight * rules.modal_factor, note=hit.note + "modal ")
    return hit


def _before(
    hits: list[Hit], i: int, sentence: dict[int, int], candidates: list[int], window: int
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
