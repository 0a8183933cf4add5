"""Heuristic name finder: capitalized runs with organization words, or people near cues.

Language-agnostic and cheap (a few regex passes), so it runs on every article: it is the
fallback for text the English NER model cannot read, and it corrects that model's kinds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick_rs

from newsroom.domain.ner import Name, NameKind

_WORD = re.compile(r"[^\W\d_](?:[\w&'’\-]*\w)?")
_ELISION = re.compile(r"^[lLdD]['’]")
_MAX_TOKENS = 8
_UPPER = "".join(chr(c) for c in range(0x10000) if chr(c).isupper() and chr(c).isalpha())
_CAPITALIZED = rf"(?<![\w'’\-])(?:[lLdD]['’])?[{re.escape(_UPPER)}](?:[\w&'’\-]*\w)?"
# _CAPITALIZED led by a plain character set, which lets the engine skip to the next possible
# first letter in its C loop (a fifth of the pass on 5 KB articles): the first character is
# read, then the one before it is checked by a two-wide lookbehind, then the elision is tried
# first as above. The same matches as _CAPITALIZED (tests/unit/test_names_pattern.py).
_FIRST_CAPITALIZED = (
    rf"[{re.escape(_UPPER)}lLdD](?<![\w'’\-][\s\S])"
    rf"(?:(?<=[lLdD])['’][{re.escape(_UPPER)}]|(?<=[{re.escape(_UPPER)}]))(?:[\w&'’\-]*\w)?"
)
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
        joins = "|".join(re.escape(c) for c in sorted(cues.connectors, key=len, reverse=True))
        glue = f"(?: (?:(?:{joins}) )*)" if joins else " "
        self._run = re.compile(f"{_FIRST_CAPITALIZED}(?:{glue}{_CAPITALIZED})*")
        self._multi = re.compile(f"{_FIRST_CAPITALIZED}(?:{glue}{_CAPITALIZED})+")
        words = sorted(cues.org_before)
        self._cue_words = ahocorasick_rs.AhoCorasick(words) if words else None

    def find(self, text: str) -> list[Name]:
        out: list[Name] = []
        for run, folded in self._runs(text):
            out += self._judge(text, run, folded)
        if self._cues.zh_person is not None and not text.isascii():  # isascii: O(1) in CPython
            zh = self._cues.zh_person.finditer(text)
            out += [Name("person", m.start(1), m.end(1)) for m in zh]
        return out

    def _runs(self, text: str) -> Iterator[tuple[list[Span], list[str]]]:
        """Runs of capitalized words joined by single spaces and connectors, each with its
        words casefolded (the judging reads them several times), in text order: every run of
        two words or more (one regex pass), and a lone word only right after an organization
        cue ("la consultora Ecolatina"), found apart (`_lone_cued`) so that the many lone
        words elsewhere (sentence openings) never reach Python."""
        lone = self._lone_cued(text)
        at = 0
        not_names = self._cues.not_names
        for match in self._multi.finditer(text):
            start, end = match.span()
            while at < len(lone) and lone[at][0] < start:
                yield [lone[at][:2]], [lone[at][2]]
                at += 1
            while at < len(lone) and lone[at][0] < end:
                at += 1  # a word inside this run: the run's, not a lone one
            run: list[Span] = []
            folded: list[str] = []
            for word_match in _WORD.finditer(text, start, end):
                start, end = word_match.span()
                if _ELISION.match(word_match.group()):
                    start += 2
                word = text[start:end].casefold()
                if word in not_names:
                    yield from self._judged(text, run, folded)
                    run, folded = [], []
                else:
                    run.append((start, end))
                    folded.append(word)
            yield from self._judged(text, run, folded)
        for start, end, word in lone[at:]:
            yield [(start, end)], [word]

    def _lone_cued(self, text: str) -> list[tuple[int, int, str]]:
        """Words the run pattern matches alone right after an organization cue (`_org_cued`),
        casefolded, in text order. Cued needs a space right before the word, so an elided
        word ("firm l'Oréal", its name after the apostrophe) never is. A start inside a longer
        run can come back too: `_runs` drops those."""
        out: list[tuple[int, int, str]] = []
        for start in self._after_cues(text):
            match = self._run.match(text, start)
            if match is None or text.find(" ", start, match.end()) >= 0:
                continue  # no capitalized word here, or one that opens a longer run
            if not self._org_cued(text, start) or _ELISION.match(text[start : start + 2]):
                continue
            word = text[start : match.end()].casefold()
            if word not in self._cues.not_names:
                out.append((start, match.end(), word))
        return out

    def _after_cues(self, text: str) -> list[int]:
        """Every start `_org_cued` can accept, and some it will not, in text order.

        Where lower-casing folds each character as casefolding does (always for ASCII), an
        organization cue word found in the lower-cased text (one Aho-Corasick pass) and the
        whitespace after it give the start; elsewhere (German ß, a Greek final sigma) every
        start of a run."""
        if self._cue_words is None:
            return []
        lower = text.lower()
        if not text.isascii() and (len(lower) != len(text) or lower != text.casefold()):
            return [match.start() for match in self._run.finditer(text)]
        size = len(lower)
        starts: set[int] = set()
        for _, _, end in self._cue_words.find_matches_as_indexes(lower, overlapping=True):
            after = end
            while after < size and lower[after].isspace():
                after += 1
            if after > end and after < size:
                starts.add(after)
        return sorted(starts)

    def _judged(
        self, text: str, run: list[Span], folded: list[str]
    ) -> Iterator[tuple[list[Span], list[str]]]:
        """The run, if it has several words or one right after an organization cue."""
        if len(run) > 1 or (run and self._org_cued(text, run[0][0])):
            yield run, folded

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
        if self._org(folded) or self._org_cued(text, start):
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

    def _org_cued(self, text: str, start: int) -> bool:
        """An organization cue right before `start` ("la consultora Ecolatina")."""
        if start == 0 or text[start - 1] != " ":
            return False
        words = text[max(0, start - 40) : start].rsplit(None, 1)
        return bool(words) and words[-1].casefold() in self._cues.org_before

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
