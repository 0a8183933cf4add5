"""One pass over an article: resolved cue hits for title and text, plus sentence offsets."""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.domain.context import ContextRules, resolve, sentence_starts
from newsroom.domain.cues import Hit, Matcher, fold


@dataclass(frozen=True, slots=True)
class Scan:
    """What the feature, actor and evidence steps share about one article."""

    title: str
    text: str
    lower_title: str
    lower_text: str
    title_hits: tuple[Hit, ...]
    text_hits: tuple[Hit, ...]
    starts: tuple[int, ...]
    paragraphs: tuple[int, ...]
    by_kind: dict[str, list[Hit]]
    title_by_kind: dict[str, list[Hit]]

    def hits(self, *kinds: str) -> list[Hit]:
        """Title and text hits of the given kinds (after negation flips)."""
        if len(kinds) == 1:
            return self.by_kind.get(kinds[0], [])
        return [h for k in kinds for h in self.by_kind.get(k, ())]

    def weight(self, kind: str) -> float:
        """Summed weight of the title and text hits of one kind."""
        return sum(h.weight for h in self.by_kind.get(kind, ()))

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
    starts = sentence_starts(text)
    title_hits = resolve(matcher.find(base_title, lower_title, "title"), [0], rules)
    text_hits = resolve(matcher.find(base_text, lower_text, "text"), starts, rules)
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
        title_hits=tuple(title_hits),
        text_hits=tuple(text_hits),
        starts=tuple(starts),
        paragraphs=tuple(paragraphs),
        by_kind=_buckets([*title_hits, *text_hits]),
        title_by_kind=_buckets(title_hits),
    )
