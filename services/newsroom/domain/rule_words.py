"""Cues and vetoes of the context rules: words found on word bounds, without regexes.

A rule with window 0 looks in its whole lower-cased text for a word-bounded cue or veto. An
alternation regex of a rule's words costs ~100-300 us per 5 KB text when nothing matches (the
usual case for vetoes); one Aho-Corasick pass over every rule's words costs about a fifth of
one such search. In a rule's short window (a few hundred characters) one str.find per word is
cheaper still. Word bounds are those of a regex's \\w: a letter, digit or underscore next to a
hit makes it part of a longer word.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs

from newsroom.domain.knowledge import ContextRule

Owner = tuple[str, bool]  # (rule id, is a veto)


def _is_word(char: str) -> bool:
    """`\\w` as Python's re defines it for str patterns."""
    return char.isalnum() or char == "_"


def has_word(words: tuple[str, ...], text: str) -> bool:
    """Whether one of the words occurs on word bounds in text (its ends count as bounds)."""
    size = len(text)
    for word in words:
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not _is_word(text[at - 1])) and (end == size or not _is_word(text[end])):
                return True
            at = text.find(word, at + 1)
    return False


def window_allows(rule: ContextRule, window: str) -> bool:
    """No veto in the lower-cased window around a mention, and a cue if the rule has cues."""
    if rule.vetoes and has_word(rule.vetoes, window):
        return False
    return not rule.cues or has_word(rule.cues, window)


@dataclass(frozen=True, slots=True)
class RuleWords:
    """The words of every whole-text rule in one automaton; owners[i]: the rules of key i."""

    matcher: ahocorasick_rs.AhoCorasick | None
    owners: tuple[tuple[Owner, ...], ...]

    @classmethod
    def build(cls, rules: Iterable[ContextRule]) -> RuleWords:
        table: dict[str, list[Owner]] = {}
        for rule in rules:
            if rule.window > 0:
                continue
            for words, veto in ((rule.cues, False), (rule.vetoes, True)):
                for word in words:
                    table.setdefault(word, []).append((rule.id, veto))
        keys = sorted(table)
        matcher = (
            ahocorasick_rs.AhoCorasick(keys, implementation=ahocorasick_rs.Implementation.DFA)
            if keys
            else None
        )
        return cls(matcher, tuple(tuple(table[k]) for k in keys))

    def present(self, lower: str) -> set[Owner]:
        """The (rule, veto) pairs with at least one word on word bounds in the lower-cased text."""
        found: set[Owner] = set()
        if self.matcher is None:
            return found
        size = len(lower)
        owners = self.owners
        # Overlapping: a word failing its bounds must not hide another word inside it.
        for index, start, end in self.matcher.find_matches_as_indexes(lower, overlapping=True):
            before = lower[start - 1] if start else " "
            after = lower[end] if end < size else " "
            # _is_word inlined: "ai" and "model" match inside many words of an AI article.
            if before.isalnum() or before == "_" or after.isalnum() or after == "_":
                continue
            found.update(owners[index])
        return found


def allows(rule: ContextRule, present: set[Owner]) -> bool:
    """A whole-text rule's verdict from the pairs found in the text: no veto, a cue if any."""
    if (rule.id, True) in present:
        return False
    return not rule.cues or (rule.id, False) in present
