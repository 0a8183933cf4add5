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
_UPPER = "".join(chr(c) for c in range(0x10000) if chr(c).isupper() and chr(c).isalpha())
_CAPITALIZED = rf"(?<![\w'’\-])(?:[lLdD]['’])?[{re.escape(_UPPER)}](?:[\w&'’\-]*\w)?"
Span = tuple[int, int]


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
        joins = "|".join(re.escape(c) for c in sorted(cues.connectors, key=len, reverse=True))
        glue = f"(?: (?:(?:{joins}) )*)" if joins else " "
        # The lookahead lets the engine skip to the next possible first letter before it tries
        # the lookbehind (a quarter of the pass on 5 KB articles); it matches the same spans.
        first = f"(?=[{re.escape(_UPPER)}lLdD])"
        self._run = re.compile(f"{first}{_CAPITALIZED}(?:{glue}{_CAPITALIZED})*")

    def find(self, text: str) -> list[Name]:
        out: list[Name] = []
        for run in self._runs(text):
            out += self._judge(text, run)
        if self._cues.zh_person is not None:
            zh = self._cues.zh_person.finditer(text)
            out += [Name("person", m.start(1), m.end(1)) for m in zh]
        return out

    def _runs(self, text: str) -> Iterator[list[Span]]:
        """Runs of capitalized words joined by single spaces and connectors (one regex pass);
        a lone word only right after an organization cue ("la consultora Ecolatina")."""
        not_names = self._cues.not_names
        for match in self._run.finditer(text):
            start, end = match.span()
            if text.find(" ", start, end) < 0:  # one word (most runs): no word split needed
                if _ELISION.match(text[start : start + 2]):
                    start += 2  # "l'Oréal": the elision is not part of the name
                if self._org_cued(text, start) and text[start:end].casefold() not in not_names:
                    yield [(start, end)]
                continue
            run: list[Span] = []
            for word in _WORD.finditer(text, match.start(), match.end()):
                start, end = word.span()
                if _ELISION.match(word.group()):
                    start += 2
                if text[start:end].casefold() in not_names:
                    yield from self._judged(text, run)
                    run = []
                else:
                    run.append((start, end))
            yield from self._judged(text, run)

    def _judged(self, text: str, run: list[Span]) -> Iterator[list[Span]]:
        """The run, if it has several words or one right after an organization cue."""
        if len(run) > 1 or (run and self._org_cued(text, run[0][0])):
            yield run

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
        if self._org(text, run) or self._org_cued(text, start):
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

    def _org_cued(self, text: str, start: int) -> bool:
        """An organization cue right before `start` ("la consultora Ecolatina")."""
        if start == 0 or text[start - 1] != " ":
            return False
        words = text[max(0, start - 40) : start].rsplit(None, 1)
        return bool(words) and words[-1].casefold() in self._cues.org_before

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
