"""Counting an article's mentions per entity: how often, how prominently, first where."""

from __future__ import annotations

from collections.abc import ItemsView
from dataclasses import dataclass, field

from newsroom.contracts import CountryVia
from newsroom.domain.knowledge import KnowledgeBase

LEAD_CHARS = 600
TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 3.0, 2.0, 1.0

Key = tuple[str, str]  # ("kb", entity id), or (kind, surface) for an unlinked name


def lead_end(text: str) -> int:
    """The lead is the first paragraph, at most LEAD_CHARS long."""
    cut = text.find("\n\n", 0, LEAD_CHARS)
    return cut if cut > 0 else min(len(text), LEAD_CHARS)


def salience(weight: float) -> float:
    """Saturating: one title mention gives 0.6, one body mention 0.33, many mentions near 1."""
    return round(weight / (weight + 2.0), 3)


@dataclass(slots=True)
class Seen:
    mentions: int = 0
    weight: float = 0.0
    first: int | None = None  # first offset in the text; None when only the title names it
    vias: set[CountryVia] = field(default_factory=set)

    def copy(self) -> Seen:
        return Seen(self.mentions, self.weight, self.first, set(self.vias))

    def absorb(self, other: Seen) -> None:
        self.mentions += other.mentions
        self.weight += other.weight
        if other.first is not None and (self.first is None or other.first < self.first):
            self.first = other.first


class Tally:
    """Mentions per entity; unlinked names are merged case-insensitively."""

    def __init__(self, lead_end: int) -> None:
        self._lead_end = lead_end
        self._seen: dict[Key, Seen] = {}
        self._folded: dict[Key, Key] = {}

    def add(self, key: Key, in_title: bool, start: int, via: CountryVia) -> None:
        if key[0] != "kb":
            key = self._folded.setdefault((key[0], key[1].casefold()), key)
        seen = self._seen.get(key)
        if seen is None:  # not setdefault: that builds a Seen (and its set) on every call
            seen = self._seen[key] = Seen()
        seen.mentions += 1
        seen.vias.add(via)
        if in_title:
            seen.weight += TITLE_WEIGHT
            return
        seen.weight += LEAD_WEIGHT if start < self._lead_end else BODY_WEIGHT
        if seen.first is None or start < seen.first:
            seen.first = start

    def copy(self) -> Tally:
        """An independent copy, in the same order: name finding extends scan's counts."""
        twin = Tally(self._lead_end)
        twin._seen = {key: seen.copy() for key, seen in self._seen.items()}
        twin._folded = dict(self._folded)
        return twin

    def items(self) -> ItemsView[Key, Seen]:
        return self._seen.items()

    def merge_surnames(self, kb: KnowledgeBase) -> None:
        """A lone "Okafor" after "Marisol Okafor" is him; with no full name it is dropped."""
        fulls: dict[str, list[Key]] = {}
        for key in self._seen:
            name = kb.entities[key[1]].name if key[0] == "kb" else key[1]
            kind = kb.entities[key[1]].kind if key[0] == "kb" else key[0]
            if kind == "person" and " " in name:
                fulls.setdefault(name.split()[-1], []).append(key)
        for key in [k for k in self._seen if k[0] == "person" and " " not in k[1]]:
            owners = fulls.get(key[1], [])
            if len(owners) == 1:
                self._seen[owners[0]].absorb(self._seen.pop(key))
            elif _latin(key[1]):
                del self._seen[key]  # a lone "Marlowe" or "Zhang": too weak to be a tag


def _latin(word: str) -> bool:
    """Latin script (where single words are rarely whole names), not CJK or Hangul."""
    return all(ord(c) < 0x2000 for c in word)
