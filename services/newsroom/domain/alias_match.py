"""One Aho-Corasick pass over a text: alias hits at word boundaries, leftmost-longest, gated."""

from __future__ import annotations

from operator import itemgetter
from typing import NamedTuple

from newsroom.domain.alias_index import Automaton
from newsroom.domain.knowledge import Alias, ContextRule, KnowledgeBase
from newsroom.domain.rule_words import Owner, RuleWords, allows, window_allows


class Hit(NamedTuple):
    """An accepted alias occurrence; blockers come back too so callers can mask their span."""

    alias: Alias
    start: int
    end: int


# A Hit without NamedTuple's Python-level __new__: callers pass all three fields, in order
# (tests/unit/test_entities_tagger.py checks the fields of the Hits scan builds).
_new = tuple.__new__


def _bounded(text: str, start: int, end: int, checks: tuple[bool, bool]) -> bool:
    if checks[0] and start > 0:
        before = text[start - 1]
        if before.isalnum() or before == "_":
            return False
        if before == "." and start > 1 and text[start - 2].isalnum():
            return False  # "x.com", "U.S.Apple"
    if not checks[1] or end >= len(text):
        return True
    after = text[end]
    if after.isalnum() or after == "_":
        return False
    if after not in ".,-":  # a space or other punctuation, the usual case
        return True
    nxt = text[end + 1] if end + 1 < len(text) else " "
    # "GPT-4" inside "GPT-4.5", "OpenAI" inside "openai.com", "Claude" inside "Claude-3"
    if after in ".," and (nxt.isdigit() or nxt.islower()):
        return False
    return not (after == "-" and nxt.isdigit())


class _Context:
    """One text's lower-case form and whole-text rule words, found at most once per scan."""

    __slots__ = ("_lower", "_present", "_text", "_words")

    def __init__(self, text: str, words: RuleWords) -> None:
        self._text = text
        self._words = words
        self._lower: str | None = None
        self._present: set[Owner] | None = None

    def lower(self) -> str:
        if self._lower is None:
            self._lower = self._text.lower()
        return self._lower

    def window_allows(self, rule: ContextRule, start: int, end: int) -> bool:
        """Cues and vetoes of `rule` around one mention; a whole text is searched once."""
        if rule.window > 0:
            size = rule.window
            return window_allows(rule, self._text[max(0, start - size) : end + size].lower())
        if self._present is None:
            self._present = self._words.present(self.lower())
        return allows(rule, self._present)


def _rule_allows(rule: ContextRule, text: str, start: int, end: int, context: _Context) -> bool:
    """Neighbours, cues and vetoes of one mention (entity requirements are checked later)."""
    if text[end : end + 12].lower().startswith(rule.not_before):
        return False
    if text[max(0, start - 12) : start].lower().endswith(rule.not_after):
        return False
    if rule.not_in_name and _in_name(text, start, end):
        return False
    if not rule.cues and not rule.vetoes:
        return True
    return context.window_allows(rule, start, end)


def _in_name(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 20) : start]
    after = text[end : end + 20]
    if before.endswith(" ") and before.split() and _capitalized(before.split()[-1]):
        return True
    return after.startswith(" ") and bool(after.split()) and _capitalized(after.split()[0])


def _capitalized(word: str) -> bool:
    word = word.rstrip(".,;:!?'\u2019")
    return word[:1].isupper() and word.isalpha()


def scan(automaton: Automaton, kb: KnowledgeBase, text: str) -> list[Hit]:
    """Accepted hits in text order; overlaps go to the leftmost, then the longest."""
    found: list[tuple[int, int, Alias]] = []
    entries = automaton.entries
    context = _Context(text, automaton.words)
    for index, start, end in automaton.matcher.find_matches_as_indexes(text, overlapping=True):
        _, checks, aliases, free = entries[index]
        if not _bounded(text, start, end, checks):
            continue
        if free is not None:
            found.append((start, -end, free))
            continue
        for alias in aliases:
            rule = kb.rules.get(alias.rule) if alias.rule else None
            if rule is None or _rule_allows(rule, text, start, end, context):
                found.append((start, -end, alias))
                break
    found.sort(key=_SPAN)
    hits: list[Hit] = []
    reached = 0
    for start, neg_end, alias in found:
        if start >= reached:
            hits.append(_new(Hit, (alias, start, -neg_end)))
            reached = -neg_end
    return hits


_SPAN = itemgetter(0, 1)  # (start, -end): no two found items share both
