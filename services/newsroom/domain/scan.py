"""One pass over an article: resolved cue hits for title and text, plus sentence offsets."""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.domain.context import ContextRules, resolve, sentence_starts
from newsroom.domain.cues import Hit, Matcher


@dataclass(frozen=True, slots=True)
class Scan:
    """What the feature, actor and evidence steps share about one article."""

    title: str
    text: str
    lower_text: str
    title_hits: tuple[Hit, ...]
    text_hits: tuple[Hit, ...]
    starts: tuple[int, ...]
    paragraphs: tuple[int, ...]

    def hits(self, *kinds: str) -> list[Hit]:
        """Title and text hits of the given kinds (after negation flips)."""
        return [h for h in (*self.title_hits, *self.text_hits) if h.kind in kinds]


def scan(title: str, text: str, matcher: Matcher, rules: ContextRules) -> Scan:
    """Find and contextualize every cue in the title and the text."""
    starts = sentence_starts(text)
    title_hits = resolve(matcher.scan(title, "title"), [0], rules)
    text_hits = resolve(matcher.scan(text, "text"), starts, rules)
    paragraphs = [0]
    at = text.find("\n\n")
    while at >= 0:
        paragraphs.append(at + 2)
        at = text.find("\n\n", at + 2)
    return Scan(
        title=title,
        text=text,
        lower_text=text.lower(),
        title_hits=tuple(title_hits),
        text_hits=tuple(text_hits),
        starts=tuple(starts),
        paragraphs=tuple(paragraphs),
    )
