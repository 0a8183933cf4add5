"""Heuristic name finder: capitalized runs with organization words, or people near cues.

Language-agnostic and cheap (a few regex passes), so it runs on every article: it is the
fallback for text the English NER model cannot read, and it corrects that model's kinds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsroom.domain.ner import Name, NameKind

_WORD = re.compile(r"[^\W\d_](?:[\w&'’\-]*\w)?")
_ELISION = re.compile(r"^[lLdD]['’]")
_MAX_TOKENS = 8
Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class NameCues:
    """Word lists from kb/entities/names.yaml; all casefolded except the Chinese pattern."""

    org_words: frozenset[str] = frozenset()
    org_suffixes: frozenset[str] = frozenset()
    org_before: re.Pattern[str] | None = None
    person_before: re.Pattern[str] | None = None
    person_after: re.Pattern[str] | None = None
    leading: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    connectors: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    zh_person: re.Pattern[str] | None = None


def organizational(cues: NameCues, surface: str) -> bool:
    """Whether a name holds an organization word or ends in a legal form."""
    words = surface.casefold().replace("-", " ").split()
    return bool(words) and (
        words[-1] in cues.org_suffixes or any(w in cues.org_words for w in words)
    )


def untitled(cues: NameCues, text: str, start: int, end: int) -> int:
    """The start of a span past leading role words ("goalkeeper", "Detective")."""
    while True:
        space = text.find(" ", start, end)
        if space < 0:
            return start
        word = text[start:space]
        if not (word[:1].islower() or word.casefold() in cues.titles):
            return start
        start = space + 1


class HeuristicNames:
    """Finds organizations by their words and people by the cues around them."""

    def __init__(self, cues: NameCues) -> None:
        self._cues = cues

    def find(self, text: str) -> list[Name]:
        out: list[Name] = []
        for run in self._runs(text):
            out += self._judge(text, run)
        if self._cues.zh_person is not None:
            zh = self._cues.zh_person.finditer(text)
            out += [Name("person", m.start(1), m.end(1)) for m in zh]
        return out

    def _runs(self, text: str) -> Iterator[list[Span]]:
        """Maximal runs of capitalized words joined by single spaces and connectors."""
        run: list[Span] = []
        for match in _WORD.finditer(text):
            start, end = match.start(), match.end()
            word = match.group()
            if _ELISION.match(word) and len(word) > 2 and word[2].isupper():
                start, word = start + 2, word[2:]
            folded = word.casefold()
            joined = bool(run) and self._joined(text, run[-1], start)
            if folded in self._cues.not_names:
                joined, word = False, "x"
            elif joined and (word[0].isupper() or folded in self._cues.connectors):
                run.append((start, end))
                continue
            if run:
                yield run
            run = [(start, end)] if word[0].isupper() else []
        if run:
            yield run

    def _joined(self, text: str, last: Span, start: int) -> bool:
        gap = text[last[1] : start]
        return gap == " " or (gap == ". " and _word(text, last).casefold() in self._cues.titles)

    def _judge(self, text: str, run: list[Span]) -> list[Name]:
        cues = self._cues
        while run and _word(text, run[0]).casefold() in cues.leading:
            run = run[1:]
        titled = False
        while run and _word(text, run[0]).casefold() in cues.titles:
            run, titled = run[1:], True
        while run and _word(text, run[-1]).casefold() in cues.connectors:
            run = run[:-1]
        if not run or len(run) > _MAX_TOKENS:
            return []
        split = self._split(text, run)
        if split is not None:  # "Derek Vance of Harbor Lane Research": a person, then a firm
            return self._judge(text, run[:split]) + self._judge(text, run[split + 1 :])
        start, end = run[0][0], run[-1][1]
        if self._org(text, run) or self._org_cued(text[max(0, start - 40) : start]):
            return [Name("organization", start, end)]
        if len(run) < 2 or len(run) > 4 or any(text[s].islower() for s, _ in run):
            return []
        before, after = _clause_tail(text[max(0, start - 40) : start]), text[end : end + 40]
        person = titled or _near(cues.person_before, before)
        person = person or (after.startswith(",") and _near(cues.person_before, after[:32]))
        person = person or _near(cues.person_after, after.split(".")[0])
        return [Name("person", start, end)] if person else []

    def _org(self, text: str, run: list[Span]) -> bool:
        """Organization words, and at least one word that is not one ("Research" alone is not)."""
        words = [_word(text, s).casefold() for s in run]
        if all(w in self._cues.org_words or w in self._cues.connectors for w in words):
            return False
        return organizational(self._cues, " ".join(words))

    def _org_cued(self, before: str) -> bool:
        """An organization cue right before the run ("la consultora Ecolatina")."""
        pattern, tail = self._cues.org_before, before.rstrip().casefold()
        if pattern is None or tail != before.casefold()[: len(tail)] or before[-1:] != " ":
            return False
        return any(m.end() == len(tail) for m in pattern.finditer(tail))

    def _split(self, text: str, run: list[Span]) -> int | None:
        """The connector between a non-organization and an organization, if any."""
        for i, span in enumerate(run):
            inner = 0 < i < len(run) - 1 and _word(text, span).casefold() in self._cues.connectors
            if inner and not self._org(text, run[:i]) and self._org(text, run[i + 1 :]):
                return i
        return None


def _word(text: str, span: Span) -> str:
    return text[span[0] : span[1]]


def _clause_tail(before: str) -> str:
    """The part of `before` in the same sentence as what follows it."""
    cut = max(before.rfind(". "), before.rfind("\n"))
    return before[cut + 1 :] if cut >= 0 else before


def _near(pattern: re.Pattern[str] | None, window: str) -> bool:
    return pattern is not None and pattern.search(window.casefold()) is not None


def find_kind(cues: NameCues, kind: NameKind, surface: str) -> NameKind:
    """A model's person that carries an organization word is an organization."""
    return "organization" if kind == "person" and organizational(cues, surface) else kind
