"""Context around cues: negation flips open/closed, modality and critics dampen (in-sentence)."""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.domain.cues import POLAR, Hit

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


def resolve(hits: list[Hit], rules: ContextRules) -> list[Hit]:
    """Apply negation, modality and critics to the hits of one field (in reading order)."""
    context: dict[int, list[Hit]] = {}
    for hit in hits:
        if hit.kind in _CONTEXT:
            context.setdefault(hit.sentence, []).append(hit)
    if not context:
        return hits
    out = list(hits)
    for i, hit in enumerate(hits):
        around = context.get(hit.sentence)
        if around is not None and hit.kind in POLAR:
            out[i] = _polar(hit, around, rules)
    return out


def _polar(hit: Hit, around: list[Hit], rules: ContextRules) -> Hit:
    """A polar hit after the negators, modals and critics of its sentence."""
    original = hit
    neg = _before(original, around, "negator", rules.negation_window)
    if neg is not None:
        hit = hit._replace(
            kind=_FLIP[hit.kind],
            weight=hit.weight * rules.negation_factor,
            start=neg.start,
            note=f"negated:{neg.cue.phrase} ",
        )
    if _before(original, around, "modal", rules.modal_window) is not None:
        hit = hit._replace(weight=hit.weight * rules.modal_factor, note=hit.note + "modal ")
    if any(other.kind == "critic" for other in around):
        hit = hit._replace(weight=hit.weight * rules.critic_factor, note=hit.note + "critic ")
    return hit


def _before(target: Hit, around: list[Hit], kind: str, window: int) -> Hit | None:
    """The closest hit of `kind` ending within `window` chars before the target."""
    best: Hit | None = None
    for other in around:
        if other.kind == kind and other.end <= target.start <= other.end + window:
            best = other
    return best
