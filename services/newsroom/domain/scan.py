"""One pass over an article: resolved cue hits for title and text, plus sentence offsets."""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.domain.context import ContextRules, resolve
from newsroom.domain.cues import Hit, Matcher, fold


@dataclass(frozen=True, slots=True)
class Scan:
    """What the feature, actor and evidence steps share about one article."""

    title: str
    text: str
    lower_title: str
    lower_text: str
    starts: tuple[int, ...]
    paragraphs: tuple[int, ...]
    by_kind: dict[str, list[Hit]]
    title_by_kind: dict[str, list[Hit]]
    weights: dict[str, float]
    actor_hits: tuple[Hit, ...]  # hits of cues that name an organization, title first

    def hits(self, *kinds: str) -> list[Hit]:
        """Title and text hits of the given kinds (after negation flips)."""
        if len(kinds) == 1:
            return self.by_kind.get(kinds[0], [])
        return [h for k in kinds for h in self.by_kind.get(k, ())]

    def weight(self, kind: str) -> float:
        """Summed weight of the title and text hits of one kind."""
        return self.weights.get(kind, 0.0)

    def title_weight(self, kind: str) -> float:
        """Summed weight of the title hits of one kind."""
        return sum(h.weight for h in self.title_by_kind.get(kind, ()))


def _buckets(hits: list[Hit]) -> dict[str, list[Hit]]:
    out: dict[str, list[Hit]] = {}
    for hit in hits:
        bucket = out.get(hit.kind)
        if bucket is None:
            out[hit.kind] = [hit]
        else:
            bucket.append(hit)
    return out


def scan(title: str, text: str, matcher: Matcher, rules: ContextRules) -> Scan:
    """Find and contextualize every cue in the title and the text."""
    base_title, lower_title = fold(title)
    base_text, lower_text = fold(text)
    title_found = matcher.find(base_title, lower_title, "title", 1 << 30, rules.title_factor)
    text_found = matcher.find(base_text, lower_text, "text", rules.lead_chars, rules.lead_factor)
    title_hits = resolve(title_found.hits, rules)
    text_hits = resolve(text_found.hits, rules)
    paragraphs = [0]
    at = text.find("\n\n")
    while at >= 0:
        paragraphs.append(at + 2)
        at = text.find("\n\n", at + 2)
    hits = [*title_hits, *text_hits]
    by_kind = _buckets(hits)
    return Scan(
        title=title,
        text=text,
        lower_title=lower_title,
        lower_text=lower_text,
        starts=tuple(text_found.starts),
        paragraphs=tuple(paragraphs),
        by_kind=by_kind,
        title_by_kind=_buckets(title_hits) if title_hits else {},
        weights={kind: sum(h.weight for h in bucket) for kind, bucket in by_kind.items()},
        actor_hits=tuple(h for h in hits if h.cue.actor is not None),
    )
