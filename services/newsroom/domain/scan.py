"""One pass over an article: resolved cue hits for title and text, plus sentence offsets."""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter

from newsroom.domain.context import CONTEXT, ContextRules, resolve
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
    title_weights: dict[str, float]
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
        return self.title_weights.get(kind, 0.0)


_WEIGHT = itemgetter(5)  # Hit.weight, read in C by sum(map(...)) rather than by a generator


def _buckets(hits: list[Hit]) -> dict[str, list[Hit]]:
    out: dict[str, list[Hit]] = {}
    for hit in hits:
        bucket = out.get(hit.kind)
        if bucket is None:
            out[hit.kind] = [hit]
        else:
            bucket.append(hit)
    return out


def _title_weights(by_kind: dict[str, list[Hit]]) -> dict[str, float]:
    """Summed weight of the title hits per kind (they come first in every bucket)."""
    out: dict[str, float] = {}
    for kind, bucket in by_kind.items():
        total = 0.0
        for hit in bucket:
            if hit.field != "title":
                break
            total += hit.weight
        if total:
            out[kind] = total
    return out


def scan(title: str, text: str, matcher: Matcher, rules: ContextRules) -> Scan:
    """Find and contextualize every cue in the title and the text."""
    base_title, lower_title = fold(title)
    base_text, lower_text = fold(text)
    title_found = matcher.find(base_title, lower_title, "title", 1 << 30, rules.title_factor)
    text_found = matcher.find(base_text, lower_text, "text", rules.lead_chars, rules.lead_factor)
    hits = [*title_found.hits, *text_found.hits]
    by_kind = _buckets(hits)
    if not CONTEXT.isdisjoint(by_kind):
        resolve(by_kind, rules)
    paragraphs = [0]
    at = text.find("\n\n")
    while at >= 0:
        paragraphs.append(at + 2)
        at = text.find("\n\n", at + 2)
    return Scan(
        title=title,
        text=text,
        lower_title=lower_title,
        lower_text=lower_text,
        starts=tuple(text_found.starts),
        paragraphs=tuple(paragraphs),
        by_kind=by_kind,
        title_weights=_title_weights(by_kind) if title_found.hits else {},
        weights={kind: sum(map(_WEIGHT, bucket)) for kind, bucket in by_kind.items()},
        actor_hits=tuple(h for h in hits if h.cue.actor is not None),
    )
