"""Cue phrases from kb/classify found in a text in one pass (Aho-Corasick), with word bounds."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import ahocorasick

Field = Literal["title", "text"]
POLAR = ("open", "closed", "mixed")

# Same-length substitutions, so offsets in the folded text are offsets in the original.
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"})


@dataclass(frozen=True, slots=True)
class Cue:
    """One phrase of a kb group: its kind (relevance, open, us, negator...) and weight."""

    kind: str
    group: str
    phrase: str
    weight: float
    prefix: bool = False
    actor: str | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """A cue found at [start, end) of the title or text; kind and weight after context."""

    cue: Cue
    start: int
    end: int
    field: Field
    kind: str
    weight: float
    note: str = ""


def _automaton(cues: Iterable[Cue], folded: bool) -> Any:
    by_key: dict[str, list[Cue]] = defaultdict(list)
    for cue in cues:
        key = cue.phrase.rstrip("*")
        by_key[key.lower() if folded else key].append(cue)
    automaton = ahocorasick.Automaton()
    for key, group in by_key.items():
        automaton.add_word(key, tuple(group))
    if by_key:
        automaton.make_automaton()
    return automaton


@dataclass(frozen=True)
class Matcher:
    """Two automata: case-folded phrases and case-sensitive ones (acronyms like US, AI)."""

    folded: Any
    exact: Any
    has_exact: bool

    @classmethod
    def build(cls, cues: Iterable[Cue], case_sensitive: Iterable[Cue]) -> Matcher:
        exact = list(case_sensitive)
        return cls(_automaton(cues, True), _automaton(exact, False), bool(exact))

    def scan(self, text: str, field: Field) -> list[Hit]:
        """Every cue occurrence on word boundaries, traps removing what they overlap."""
        base = text.translate(_FOLD)
        lower = base.lower()
        if len(lower) != len(base):
            lower = "".join(c.lower()[:1] or c for c in base)
        hits = _bounded(self.folded, lower, field)
        if self.has_exact:
            hits += _bounded(self.exact, base, field)
        traps = [h for h in hits if h.kind == "trap"]
        if traps:
            hits = [h for h in hits if h.kind == "trap" or not _inside_any(h, traps)]
        hits.sort(key=lambda h: (h.start, -h.end))
        return _distinct(hits)


def _is_word(ch: str) -> bool:
    # CJK and Hangul are written without spaces, so they never bound a word.
    return ch.isalnum() and ord(ch) < 0x2E80


def _bounded(automaton: Any, haystack: str, field: Field) -> list[Hit]:
    out: list[Hit] = []
    if len(automaton) == 0:
        return out
    size = len(haystack)
    for last, cues in automaton.iter(haystack):
        for cue in cues:
            key_len = len(cue.phrase.rstrip("*"))
            start, end = last + 1 - key_len, last + 1
            if start > 0 and _is_word(cue.phrase[0]) and _is_word(haystack[start - 1]):
                continue
            if cue.prefix:
                while end < size and _is_word(haystack[end]):
                    end += 1
            elif end < size and _is_word(cue.phrase[-1]) and _is_word(haystack[end]):
                continue
            out.append(Hit(cue, start, end, field, cue.kind, cue.weight))
    return out


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


def _inside_any(hit: Hit, traps: list[Hit]) -> bool:
    return any(t.start < hit.end and hit.start < t.end for t in traps)
