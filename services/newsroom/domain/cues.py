"""Cue phrases from kb/classify found in a text in one pass (Aho-Corasick), with word bounds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Literal, NamedTuple

import ahocorasick_rs

Field = Literal["title", "text"]
POLAR = ("open", "closed", "mixed")

# Same-length substitutions, so offsets in the folded text are offsets in the original.
_FOLD = (("\u2019", "'"), ("\u2018", "'"), ("\u2010", "-"), ("\u2011", "-"), ("\u2013", "-"))


@dataclass(frozen=True, slots=True)
class Cue:
    """One phrase of a kb group: its kind (relevance, open, us, negator...) and weight."""

    kind: str
    group: str
    phrase: str
    weight: float
    prefix: bool = False
    actor: str | None = None


class Hit(NamedTuple):
    """A cue found at [start, end) of the title or text; kind and weight after context."""

    cue: Cue
    start: int
    end: int
    field: Field
    kind: str
    weight: float
    note: str = ""


_START = itemgetter(1)

# Per automaton key: (cue, exact form or None, bounded on the left, bounded on the right).
_Entry = tuple[Cue, str | None, bool, bool]


def _is_word(ch: str) -> bool:
    # CJK and Hangul are written without spaces, so they never bound a word.
    return ch.isalnum() and ch < "\u2e80"


def fold(text: str) -> tuple[str, str]:
    """The text with typographic quotes and dashes folded, and its lower-case twin (same length)."""
    for old, new in _FOLD:
        if old in text:
            text = text.replace(old, new)
    lower = text.lower()
    if len(lower) != len(text):
        lower = "".join(c.lower()[:1] or c for c in text)
    return text, lower


@dataclass(frozen=True)
class Matcher:
    """One automaton over lower-cased keys; case-sensitive cues (US, AI) are checked on a hit."""

    automaton: ahocorasick_rs.AhoCorasick | None
    entries: tuple[tuple[_Entry, ...], ...]

    @classmethod
    def build(cls, cues: Iterable[Cue], case_sensitive: Iterable[Cue]) -> Matcher:
        """Index folded and exact cues by their lower-case key."""
        table: dict[str, list[_Entry]] = {}
        for exact, group in ((False, cues), (True, case_sensitive)):
            for cue in group:
                key = cue.phrase.rstrip("*")
                entry = (cue, key if exact else None, _is_word(key[0]), _is_word(key[-1]))
                table.setdefault(key.lower(), []).append(entry)
        keys = sorted(table)
        automaton = ahocorasick_rs.AhoCorasick(keys) if keys else None
        return cls(automaton, tuple(tuple(table[k]) for k in keys))

    def scan(self, text: str, field: Field) -> list[Hit]:
        """Every cue occurrence on word boundaries, traps removing what they overlap."""
        base, lower = fold(text)
        return self.find(base, lower, field)

    def find(self, base: str, lower: str, field: Field) -> list[Hit]:
        """Like scan, on an already folded text and its lower-case twin."""
        if self.automaton is None:
            return []
        size = len(lower)
        entries = self.entries
        hits: list[Hit] = []
        traps = False
        raw = self.automaton.find_matches_as_indexes(lower, overlapping=True)
        # Matches come ordered by end; reversed then stably sorted by start, the longer of two
        # matches starting together comes first (what _distinct keeps).
        raw.reverse()
        raw.sort(key=_START)
        for index, start, end in raw:
            before = lower[start - 1] if start else " "
            after = lower[end] if end < size else " "
            left_ok = not (before.isalnum() and before < "\u2e80")
            right_ok = not (after.isalnum() and after < "\u2e80")
            for cue, exact, left, right in entries[index]:
                if left and not left_ok:
                    continue
                stop = end
                if cue.prefix:
                    while stop < size and _is_word(lower[stop]):
                        stop += 1
                elif right and not right_ok:
                    continue
                if exact is not None and base[start:end] != exact:
                    continue
                traps = traps or cue.kind == "trap"
                hits.append(Hit(cue, start, stop, field, cue.kind, cue.weight))
        if traps:
            spans = [(h.start, h.end) for h in hits if h.kind == "trap"]
            hits = [h for h in hits if h.kind == "trap" or not _inside_any(h, spans)]
        return _distinct(hits)


def _distinct(hits: list[Hit]) -> list[Hit]:
    """Drop a hit overlapping an earlier (or longer) hit of the same kind: count it once."""
    reach: dict[str, int] = {}
    out = []
    for hit in hits:
        if hit.start < reach.get(hit.kind, -1):
            continue
        reach[hit.kind] = hit.end
        out.append(hit)
    return out


def _inside_any(hit: Hit, spans: list[tuple[int, int]]) -> bool:
    return any(s < hit.end and hit.start < e for s, e in spans)
