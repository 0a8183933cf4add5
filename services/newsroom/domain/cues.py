"""Cue phrases from kb/classify found in a text in one pass (Aho-Corasick), with word bounds."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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


_new = tuple.__new__  # a Hit without NamedTuple's Python-level __new__

# Per automaton key: (cue, exact form or None, bounded left, bounded right, offset in the key).
_Entry = tuple[Cue, str | None, bool, bool, int]


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
                entry = (cue, key if exact else None, _is_word(key[0]), _is_word(key[-1]), 0)
                table.setdefault(key.lower(), []).append(entry)
        keys = sorted(table)
        nested = {k: _nested(k, table) for k in keys}
        automaton = (
            ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST)
            if keys
            else None
        )
        return cls(automaton, tuple((*table[k], *nested[k]) for k in keys))

    def scan(self, text: str, field: Field) -> list[Hit]:
        """Every cue on word boundaries; traps and longer phrases hide what they cover."""
        base, lower = fold(text)
        return self.find(base, lower, field)

    def find(self, base: str, lower: str, field: Field) -> list[Hit]:
        """Like scan, on an already folded text and its lower-case twin."""
        if self.automaton is None:
            return []
        size = len(lower)
        entries = self.entries
        hits: list[Hit] = []
        # Leftmost-longest: a longer phrase ("open-source database", a trap) hides the shorter
        # ones inside it, in reading order, so no overlap handling is needed afterwards.
        for index, start, end in self.automaton.find_matches_as_indexes(lower):
            before = lower[start - 1] if start else " "
            after = lower[end] if end < size else " "
            left_ok = not (before.isalnum() and before < "\u2e80")
            right_ok = not (after.isalnum() and after < "\u2e80")
            for cue, exact, left, right, offset in entries[index]:
                if offset < 0:  # a phrase nested inside the key: its bounds were checked at build
                    start2 = start - offset - 1
                    stop = start2 + len(exact or cue.phrase.rstrip("*"))
                    bounded = (left_ok or not left) and (right_ok or not right)
                    if bounded and (exact is None or base[start2:stop] == exact):
                        hits.append(_new(Hit, (cue, start2, stop, field, cue.kind, cue.weight, "")))
                    continue
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
                hits.append(_new(Hit, (cue, start, stop, field, cue.kind, cue.weight, "")))
        return hits


def _nested(key: str, table: dict[str, list[_Entry]]) -> list[_Entry]:
    """Shorter phrases inside a key on word bounds ("AI" in "Sakana AI"), of kinds it lacks.

    Leftmost-longest matching reports only the longest key; these keep the shorter cues that
    overlapping matching would have found. A trap key keeps none: hiding them is its job.
    """
    own = {entry[0].kind for entry in table[key]}
    if "trap" in own:
        return []
    out: list[_Entry] = []
    for sub, entries in table.items():
        if len(sub) >= len(key) or sub not in key:
            continue
        at = key.find(sub)
        while at >= 0:
            end = at + len(sub)
            inner_left = at == 0 or not _is_word(key[at - 1])
            inner_right = end == len(key) or not _is_word(key[end])
            for cue, exact, left, right, _ in entries:
                if cue.kind in own or cue.prefix or not (inner_left or not left):
                    continue
                if end < len(key) and right and not inner_right:
                    continue
                # Encoded as a negative offset so the hot loop tells nested entries apart.
                out.append((cue, exact, left and at == 0, right and end == len(key), -at - 1))
            at = key.find(sub, at + 1)
    return out
