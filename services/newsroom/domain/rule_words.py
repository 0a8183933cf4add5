"""Cues and vetoes of the context rules, found without the loader's regex alternations.

A rule with window 0 searches its whole lower-cased text for a word-bounded cue or veto. The
compiled alternation costs ~100-300 us per 5 KB text when nothing matches (the usual case for
vetoes); one Aho-Corasick pass over every rule's words costs about a fifth of one such search.
In a rule's short window (a few hundred characters) one str.find per word is cheaper still.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
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


def has_word(words: tuple[str, ...], text: str) -> bool:
    """Whether one of the words occurs on \\w bounds in text (its ends count as bounds)."""
    size = len(text)
    for word in words:
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not _is_word(text[at - 1])) and (end == size or not _is_word(text[end])):
                return True
            at = text.find(word, at + 1)
    return False


@dataclass(frozen=True, slots=True)
class WindowWords:
    """A windowed rule's cue and veto words (None: the rule has none of that kind)."""

    cues: tuple[str, ...] | None
    vetoes: tuple[str, ...] | None

    def allows(self, window: str) -> bool:
        """No veto in the lower-cased window, and a cue if the rule has cues."""
        if self.vetoes is not None and has_word(self.vetoes, window):
            return False
        return self.cues is None or has_word(self.cues, window)

    @classmethod
    def of(cls, rule: ContextRule) -> WindowWords | None:
        """The rule's words, None when a pattern does not read back."""
        cues = pattern_words(rule.cues) if rule.cues is not None else None
        vetoes = pattern_words(rule.vetoes) if rule.vetoes is not None else None
        if (cues is None) != (rule.cues is None) or (vetoes is None) != (rule.vetoes is None):
            return None
        return cls(cues, vetoes)


@dataclass(frozen=True, slots=True)
class RuleWords:
    """The words of every whole-text rule whose patterns read back; owners[i]: key i's rules."""

    matcher: ahocorasick_rs.AhoCorasick | None
    owners: tuple[tuple[Owner, ...], ...]
    rules: frozenset[str]  # ids of the whole-text rules answered here; others keep their regex
    windows: Mapping[str, WindowWords]  # windowed rules by id, those whose patterns read back

    @classmethod
    def build(cls, rules: Iterable[ContextRule]) -> RuleWords:
        """Window-0 rules' words in one automaton; windowed rules' words kept per rule."""
        table: dict[str, list[Owner]] = {}
        covered: set[str] = set()
        windows: dict[str, WindowWords] = {}
        for rule in rules:
            if rule.cues is None and rule.vetoes is None:
                continue
            if rule.window > 0:
                window = WindowWords.of(rule)
                if window is not None:
                    windows[rule.id] = window
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
        owners = tuple(tuple(table[k]) for k in keys)
        return cls(matcher, owners, frozenset(covered), windows)

    def present(self, lower: str) -> set[Owner]:
        """The (rule, veto) pairs with at least one word on \\w bounds in the lower-cased text."""
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
    """A covered rule's verdict from the pairs found in the text: no veto, and a cue if any."""
    if (rule.id, True) in present:
        return False
    return rule.cues is None or (rule.id, False) in present
