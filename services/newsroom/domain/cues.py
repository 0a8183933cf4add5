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
    support: bool = False  # a relevance cue that needs core AI cues to mean AI (chips, GPUs)


class Hit(NamedTuple):
    """A cue found at [start, end) of the title or text; kind and weight after context."""

    cue: Cue
    start: int
    end: int
    field: Field
    kind: str
    weight: float
    note: str = ""
    sentence: int = 0  # index into the field's sentence starts (the title is one sentence)


_new = tuple.__new__  # a Hit without NamedTuple's Python-level __new__

# Per automaton key: (cue, exact form or None, bounded left, bounded right, offset in the key).
_Entry = tuple[Cue, str | None, bool, bool, int]
# The hot loop's form of an entry: (cue, kind, weight, exact, left, right, offset, prefix, size).
_Plan = tuple[Cue, str, float, str | None, bool, bool, int, bool, int]


def _plan(entry: _Entry) -> _Plan:
    cue, exact, left, right, offset = entry
    size = len(exact or cue.phrase.rstrip("*"))
    return (cue, cue.kind, cue.weight, exact, left, right, offset, cue.prefix, size)


# Sentence ends share the automaton with the cues (one pass over the text): a Latin stop ends a
# sentence only when whitespace follows ("3.5" does not), possibly after one closing quote or
# bracket; CJK stops and line breaks always do. They have no entries. No cue key starts with
# one of these characters (checked at build), so a sentence end never hides a cue; a cue that
# contains a stop ("U.S.", "St. Louis") hides the sentence end inside it.
_LATIN_STOPS = ".!?"
_CLOSERS = ("", '"', "'", "\u201d", ")", "]")
_SPACES = (" ", "\n", "\t", "\r", "\u00a0", "\u3000")
_BREAKS = ("\n", "\u3002", "\uff01", "\uff1f")
SENTENCE_ENDS = tuple(
    sorted(
        {stop + closer + space for stop in _LATIN_STOPS for closer in _CLOSERS for space in _SPACES}
        | set(_BREAKS)
    )
)


class Found(NamedTuple):
    """The hits of one field, in reading order, and where its sentences start."""

    hits: list[Hit]
    starts: list[int]


def _is_word(ch: str) -> bool:
    # CJK and Hangul are written without spaces, so they never bound a word.
    return ch.isalnum() and ch < "\u2e80"


# The same test as one set lookup, for the hot loop (about 6,400 characters below U+2E80).
_WORD = frozenset(filter(_is_word, map(chr, range(0x2E80))))


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

    automaton: ahocorasick_rs.AhoCorasick
    plans: tuple[tuple[_Plan, ...], ...]
    needs: tuple[int, ...]  # per key: 1 if every plan needs a left bound, 2 a right one

    @classmethod
    def build(cls, cues: Iterable[Cue], case_sensitive: Iterable[Cue]) -> Matcher:
        """Index folded and exact cues by their lower-case key."""
        table: dict[str, list[_Entry]] = {}
        for exact, group in ((False, cues), (True, case_sensitive)):
            for cue in group:
                key = cue.phrase.rstrip("*")
                entry = (cue, key if exact else None, _is_word(key[0]), _is_word(key[-1]), 0)
                table.setdefault(key.lower(), []).append(entry)
        bad = [k for k in table if k[0] in _LATIN_STOPS or any(k.startswith(b) for b in _BREAKS)]
        if bad:
            raise ValueError(f"cue phrases may not start with a sentence stop: {bad}")
        keys = sorted(table)
        nested = {k: _nested(k, table) for k in keys}
        plans = [tuple(_plan(e) for e in (*table[k], *nested[k])) for k in keys]
        keys += SENTENCE_ENDS
        plans += [()] * len(SENTENCE_ENDS)
        needs = tuple(_needs(found) for found in plans)
        # A DFA: more memory at build, about 20% fewer instructions per search than the NFA.
        automaton = ahocorasick_rs.AhoCorasick(
            keys,
            matchkind=ahocorasick_rs.MATCHKIND_LEFTMOST_LONGEST,
            implementation=ahocorasick_rs.Implementation.DFA,
        )
        return cls(automaton, tuple(plans), needs)

    def scan(self, text: str, field: Field) -> list[Hit]:
        """Every cue on word boundaries; traps and longer phrases hide what they cover."""
        base, lower = fold(text)
        return self.find(base, lower, field).hits

    def find(  # noqa: PLR0912 - the hot loop of classification, kept in one function on purpose
        self, base: str, lower: str, field: Field, lead: int = 0, factor: float = 1.0
    ) -> Found:
        """Like scan, on an already folded text and its lower-case twin, with sentence starts.

        Hits starting before `lead` weigh `factor` times their cue's weight (title, lead).
        """
        size = len(lower)
        plans = self.plans
        needs = self.needs
        word = _WORD
        hits: list[Hit] = []
        add = hits.append
        starts = [0]
        sentence = 0
        last_end = -1
        # Leftmost-longest: a longer phrase ("open-source database", a trap) hides the shorter
        # ones inside it, in reading order, so no overlap handling is needed afterwards.
        for index, start, end in self.automaton.find_matches_as_indexes(lower):
            found = plans[index]
            if not found:  # a sentence end; a run of them ("?!", ".\n\n") is one end
                if start != last_end or starts[-1] != start:
                    if end < size:
                        starts.append(end)
                elif end < size:
                    starts[-1] = end  # continues the previous end
                else:
                    starts.pop()
                sentence = len(starts) - 1
                last_end = end
                continue
            # Most keys found inside a word ("ai" in "said") fail a bound every plan needs.
            need = needs[index]
            left_ok = lower[start - 1] not in word if start else True
            if not left_ok and need & 1:
                continue
            right_ok = lower[end] not in word if end < size else True
            if not right_ok and need & 2:
                continue
            scale = factor if start < lead else 1.0
            for cue, kind, weight, exact, left, right, offset, prefix, length in found:
                if offset < 0:  # a phrase nested inside the key: its bounds were checked at build
                    at = start - offset - 1
                    stop = at + length
                    bounded = (left_ok or not left) and (right_ok or not right)
                    if bounded and (exact is None or base[at:stop] == exact):
                        add(_new(Hit, (cue, at, stop, field, kind, weight * scale, "", sentence)))
                    continue
                if left and not left_ok:
                    continue
                stop = end
                if prefix:
                    while stop < size and lower[stop] in word:
                        stop += 1
                elif right and not right_ok:
                    continue
                if exact is not None and base[start:end] != exact:
                    continue
                add(_new(Hit, (cue, start, stop, field, kind, weight * scale, "", sentence)))
        return Found(hits, starts)


def _needs(plans: tuple[_Plan, ...]) -> int:
    """Bit 1: no plan survives a failed left bound; bit 2: none survives a failed right one."""
    left = all(plan[4] for plan in plans)
    right = all(plan[5] and not plan[7] for plan in plans)
    return (1 if plans and left else 0) | (2 if plans and right else 0)


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
