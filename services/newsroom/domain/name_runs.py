"""Runs of capitalized words for the name finder: every run of two words or more, and a lone
word only right after an organization cue ("la consultora Ecolatina")."""

from __future__ import annotations

import re
from collections.abc import Iterator, Set

import ahocorasick_rs

_WORD = re.compile(r"[^\W\d_](?:[\w&'’\-]*\w)?")
_ELISION = re.compile(r"^[lLdD]['’]")
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
Run = tuple[list[Span], list[str]]  # word spans, and the words casefolded


def org_cued(org_before: Set[str], text: str, start: int) -> bool:
    """An organization cue (casefolded words) right before `start` and one space."""
    if start == 0 or text[start - 1] != " ":
        return False
    words = text[max(0, start - 40) : start].rsplit(None, 1)
    return bool(words) and words[-1].casefold() in org_before


class RunFinder:
    """The runs a text holds, words in `not_names` cutting them, in text order."""

    def __init__(self, org_before: Set[str], connectors: Set[str], not_names: Set[str]) -> None:
        self._org_before = org_before
        self._not_names = not_names
        joins = "|".join(re.escape(c) for c in sorted(connectors, key=len, reverse=True))
        glue = f"(?: (?:(?:{joins}) )*)" if joins else " "
        self.pattern = re.compile(f"{_FIRST_CAPITALIZED}(?:{glue}{_CAPITALIZED})*")
        self._multi = re.compile(f"{_FIRST_CAPITALIZED}(?:{glue}{_CAPITALIZED})+")
        words = sorted(org_before)
        self._cue_words = ahocorasick_rs.AhoCorasick(words) if words else None

    def runs(self, text: str) -> Iterator[Run]:
        """Runs of capitalized words joined by single spaces and connectors, each with its
        words casefolded (the judging reads them several times): every run of two words or
        more (one regex pass), and the lone words right after an organization cue, found
        apart (`_lone_cued`) so that the many lone words elsewhere (sentence openings) never
        reach Python."""
        lone = self._lone_cued(text)
        at = 0
        not_names = self._not_names
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
        """Words the run pattern matches alone right after an organization cue (`org_cued`),
        casefolded, in text order. Cued needs a space right before the word, so an elided
        word ("firm l'Oréal", its name after the apostrophe) never is. A start inside a longer
        run can come back too: `_runs` drops those."""
        out: list[tuple[int, int, str]] = []
        for start in self._after_cues(text):
            match = self.pattern.match(text, start)
            if match is None or text.find(" ", start, match.end()) >= 0:
                continue  # no capitalized word here, or one that opens a longer run
            if not org_cued(self._org_before, text, start) or _ELISION.match(
                text[start : start + 2]
            ):
                continue
            word = text[start : match.end()].casefold()
            if word not in self._not_names:
                out.append((start, match.end(), word))
        return out

    def _after_cues(self, text: str) -> list[int]:
        """Every start `org_cued` can accept, and some it will not, in text order.

        Where lower-casing folds each character as casefolding does (always for ASCII), an
        organization cue word found in the lower-cased text (one Aho-Corasick pass) and the
        whitespace after it give the start; elsewhere (German ß, a Greek final sigma) every
        start of a run."""
        if self._cue_words is None:
            return []
        lower = text.lower()
        if not text.isascii() and (len(lower) != len(text) or lower != text.casefold()):
            return [match.start() for match in self.pattern.finditer(text)]
        size = len(lower)
        starts: set[int] = set()
        for _, _, end in self._cue_words.find_matches_as_indexes(lower, overlapping=True):
            after = end
            while after < size and lower[after].isspace():
                after += 1
            if after > end and after < size:
                starts.add(after)
        return sorted(starts)

    def _judged(self, text: str, run: list[Span], folded: list[str]) -> Iterator[Run]:
        """The run, if it has several words or one right after an organization cue."""
        if len(run) > 1 or (run and org_cued(self._org_before, text, run[0][0])):
            yield run, folded
