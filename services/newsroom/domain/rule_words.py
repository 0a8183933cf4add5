"""Whole-text cues and vetoes of the context rules, found for all rules in one pass.

A rule with window 0 searches its whole lower-cased text for a word-bounded cue or veto. The
compiled alternation costs ~100-300 us per 5 KB text when nothing matches (the usual case for
vetoes); one Aho-Corasick pass over every rule's words costs about a fifth of one such search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs

from newsroom.domain.knowledge import ContextRule

# The form the loader compiles a word list to (kb/entities_loader.py, _pattern).
_HEAD, _TAIL = r"(?<!\w)(?:", r")(?!\w)"

Owner = tuple[str, bool]  # (rule id, is a veto)


def pattern_words(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """The literal words of a `(?<!\\w)(?:w1|w2|...)(?!\\w)` pattern, None if it is not one.

    The words are read back from the pattern and accepted only when escaping them again gives
    the very same pattern, so a hit of a word on \\w bounds is exactly a match of the pattern.
    """
    source = pattern.pattern
    if pattern.flags != re.UNICODE or not (source.startswith(_HEAD) and source.endswith(_TAIL)):
        return None
    body = source[len(_HEAD) : -len(_TAIL)]
    words: list[str] = []
    current: list[str] = []
    chars = iter(body)
    for char in chars:
        if char == "\\":
            current.append(next(chars, ""))
        elif char == "|":
            words.append("".join(current))
            current = []
        else:
            current.append(char)
    words.append("".join(current))
    if not all(words) or "|".join(map(re.escape, words)) != body:
        return None
    return tuple(words)


def _is_word(char: str) -> bool:
    """`\\w` as Python's re defines it for str patterns."""
    return char.isalnum() or char == "_"


@dataclass(frozen=True, slots=True)
class RuleWords:
    """The words of every whole-text rule whose patterns read back; owners[i]: key i's rules."""

    matcher: ahocorasick_rs.AhoCorasick | None
    owners: tuple[tuple[Owner, ...], ...]
    rules: frozenset[str]  # ids of the rules answered here; others keep their regex

    @classmethod
    def build(cls, rules: Iterable[ContextRule]) -> RuleWords:
        """Index the cue and veto words of each window-0 rule that has any."""
        table: dict[str, list[Owner]] = {}
        covered: set[str] = set()
        for rule in rules:
            if rule.window > 0 or (rule.cues is None and rule.vetoes is None):
                continue
            parts = [(p, veto) for p, veto in ((rule.cues, False), (rule.vetoes, True)) if p]
            read = [(pattern_words(p), veto) for p, veto in parts]
            if any(words is None for words, _ in read):
                continue
            covered.add(rule.id)
            for words, veto in read:
                for word in words or ():
                    table.setdefault(word, []).append((rule.id, veto))
        keys = sorted(table)
        matcher = (
            ahocorasick_rs.AhoCorasick(keys, implementation=ahocorasick_rs.Implementation.DFA)
            if keys
            else None
        )
        return cls(matcher, tuple(tuple(table[k]) for k in keys), frozenset(covered))

    def present(self, lower: str) -> set[Owner]:
        """The (rule, veto) pairs with at least one word on \\w bounds in the lower-cased text."""
        found: set[Owner] = set()
        if self.matcher is None:
            return found
        size = len(lower)
        owners = self.owners
        # Overlapping: a word failing its bounds must not hide another word inside it.
        for index, start, end in self.matcher.find_matches_as_indexes(lower, overlapping=True):
            if start > 0 and _is_word(lower[start - 1]):
                continue
            if end < size and _is_word(lower[end]):
                continue
            found.update(owners[index])
        return found


def allows(rule: ContextRule, present: set[Owner]) -> bool:
    """A covered rule's verdict from the pairs found in the text: no veto, and a cue if any."""
    if (rule.id, True) in present:
        return False
    return rule.cues is None or (rule.id, False) in present
