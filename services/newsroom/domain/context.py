"""Context around cues: negation flips open/closed, modality and critics dampen (in-sentence)."""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.domain.cues import POLAR, Hit

CONTEXT = frozenset(("negator", "modal", "critic"))  # the kinds that change polar hits
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


def resolve(by_kind: dict[str, list[Hit]], rules: ContextRules) -> None:
    """Apply negation, modality and critics to the polar buckets (each kept in reading order)."""
    context: dict[tuple[str, int], list[Hit]] = {}
    for kind in CONTEXT:
        for hit in by_kind.get(kind, ()):
            context.setdefault((hit.field, hit.sentence), []).append(hit)
    if not context:
        return
    changed = False
    resolved: list[tuple[bool, int, Hit]] = []
    for kind in POLAR:
        for hit in by_kind.get(kind, ()):
            around = context.get((hit.field, hit.sentence))
            new = hit if around is None else _polar(hit, around, rules)
            changed = changed or new is not hit
            # Sorted on the original place: a negated hit starts at its negator.
            resolved.append((hit.field != "title", hit.start, new))
    if not changed:
        return
    resolved.sort(key=_place)
    for kind in POLAR:
        by_kind.pop(kind, None)
    for _, _, hit in resolved:
        by_kind.setdefault(hit.kind, []).append(hit)


def _place(item: tuple[bool, int, Hit]) -> tuple[bool, int]:
    return item[0], item[1]


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
