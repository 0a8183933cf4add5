"""The cue automaton's keys and, per key, the cues it stands for (built once from kb/classify)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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


# Per automaton key: (cue, exact form or None, bounded left, bounded right, offset in the key).
_Entry = tuple[Cue, str | None, bool, bool, int]
# The hot loop's form of an entry: (cue, kind, weight, exact, left, right, offset, prefix, size).
Plan = tuple[Cue, str, float, str | None, bool, bool, int, bool, int]


def _plan(entry: _Entry) -> Plan:
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


def is_word(ch: str) -> bool:
    """A character that continues a word: a letter or digit outside the CJK blocks."""
    # CJK and Hangul are written without spaces, so they never bound a word.
    return ch.isalnum() and ch < "\u2e80"


def build_index(
    cues: Iterable[Cue], case_sensitive: Iterable[Cue]
) -> tuple[list[str], tuple[tuple[Plan, ...], ...], tuple[int, ...]]:
    """Automaton keys (lower-cased cues, then the sentence ends), each key's plans and needs."""
    table: dict[str, list[_Entry]] = {}
    for exact, group in ((False, cues), (True, case_sensitive)):
        for cue in group:
            key = cue.phrase.rstrip("*")
            entry = (cue, key if exact else None, is_word(key[0]), is_word(key[-1]), 0)
            table.setdefault(key.lower(), []).append(entry)
    bad = [k for k in table if k[0] in _LATIN_STOPS or any(k.startswith(b) for b in _BREAKS)]
    if bad:
        raise ValueError(f"cue phrases may not start with a sentence stop: {bad}")
    keys = sorted(table)
    nested = {k: _nested(k, table) for k in keys}
    plans = [tuple(_plan(e) for e in (*table[k], *nested[k])) for k in keys]
    keys += SENTENCE_ENDS
    plans += [()] * len(SENTENCE_ENDS)
    return keys, tuple(plans), tuple(_needs(found) for found in plans)


def _needs(plans: tuple[Plan, ...]) -> int:
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
            inner_left = at == 0 or not is_word(key[at - 1])
            inner_right = end == len(key) or not is_word(key[end])
            for cue, exact, left, right, _ in entries:
                if cue.kind in own or cue.prefix or not (inner_left or not left):
                    continue
                if end < len(key) and right and not inner_right:
                    continue
                # Encoded as a negative offset so the hot loop tells nested entries apart.
                out.append((cue, exact, left and at == 0, right and end == len(key), -at - 1))
            at = key.find(sub, at + 1)
    return out
