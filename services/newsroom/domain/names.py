"""Heuristic name finder: capitalized runs with organization words, or people near cues.

Language-agnostic and cheap (a few regex passes), so it runs on every article: it is the
fallback for text the English NER model cannot read, and it corrects that model's kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsroom.domain.name_runs import RunFinder, Span, org_cued
from newsroom.domain.ner import Name, NameKind

_MAX_TOKENS = 8


@dataclass(frozen=True, slots=True)
class NameCues:
    """Word lists from kb/entities/names.yaml; all casefolded except the Chinese pattern."""

    org_words: frozenset[str] = frozenset()
    org_suffixes: frozenset[str] = frozenset()
    org_before: frozenset[str] = frozenset()  # single words
    person_before: re.Pattern[str] | None = None
    person_after: re.Pattern[str] | None = None
    leading: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()
    connectors: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    zh_person: re.Pattern[str] | None = None  # matches Chinese only: ASCII text skips it


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
        self._org_or_connector = cues.org_words | cues.connectors
        self._runs = RunFinder(cues.org_before, cues.connectors, cues.not_names)

    def find(self, text: str) -> list[Name]:
        out: list[Name] = []
        for run, folded in self._runs.runs(text):
            out += self._judge(text, run, folded)
        if self._cues.zh_person is not None and not text.isascii():  # isascii: O(1) in CPython
            zh = self._cues.zh_person.finditer(text)
            out += [Name("person", m.start(1), m.end(1)) for m in zh]
        return out

    def _judge(self, text: str, run: list[Span], folded: list[str]) -> list[Name]:
        """The names in a run; `folded` holds its words casefolded, in step with `run`."""
        cues = self._cues
        first, last = 0, len(run)
        while first < last and folded[first] in cues.leading:
            first += 1
        titled = False
        while first < last and folded[first] in cues.titles:
            first, titled = first + 1, True
        while last > first and folded[last - 1] in cues.connectors:
            last -= 1
        run, folded = run[first:last], folded[first:last]
        if not run or len(run) > _MAX_TOKENS:
            return []
        split = self._split(folded)
        if split is not None:  # "Derek Vance of Harbor Lane Research": a person, then a firm
            head = self._judge(text, run[:split], folded[:split])
            return head + self._judge(text, run[split + 1 :], folded[split + 1 :])
        start, end = run[0][0], run[-1][1]
        if self._org(folded) or org_cued(cues.org_before, text, start):
            return [Name("organization", start, end)]
        if len(run) < 2 or len(run) > 4 or any(text[s].islower() for s, _ in run):
            return []
        before, after = _clause_tail(text[max(0, start - 40) : start]), text[end : end + 40]
        person = titled or _near(cues.person_before, before)
        person = person or (after.startswith(",") and _near(cues.person_before, after[:32]))
        person = person or _near(cues.person_after, after.split(".")[0])
        return [Name("person", start, end)] if person else []

    def _org(self, folded: list[str]) -> bool:
        """Organization words, and at least one word that is not one ("Research" alone is not)."""
        if all(w in self._org_or_connector for w in folded):
            return False
        return organizational(self._cues, " ".join(folded))

    def _split(self, folded: list[str]) -> int | None:
        """The connector between a non-organization and an organization, if any."""
        for i in range(1, len(folded) - 1):
            if folded[i] not in self._cues.connectors:
                continue
            if not self._org(folded[:i]) and self._org(folded[i + 1 :]):
                return i
        return None


def _clause_tail(before: str) -> str:
    """The part of `before` in the same sentence as what follows it."""
    cut = max(before.rfind(". "), before.rfind("\n"))
    return before[cut + 1 :] if cut >= 0 else before


def _near(pattern: re.Pattern[str] | None, window: str) -> bool:
    return pattern is not None and pattern.search(window.casefold()) is not None


def find_kind(cues: NameCues, kind: NameKind, surface: str) -> NameKind:
    """A model's person that carries an organization word is an organization."""
    return "organization" if kind == "person" and organizational(cues, surface) else kind
