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
# Above this many "&" in a text, runs come from the single pass (see RunFinder.runs).
_MAX_AMPERSANDS = 32


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
        words casefolded (the judging reads them several times), in text order.

        Every run of two words or more comes from one regex pass, and the lone words right
        after an organization cue from one Aho-Corasick pass over the casefolded text, so that
        the many lone words elsewhere (sentence openings) never reach Python. Two kinds of text
        take the single pass of `_one_pass` instead: one whose casefolding changes its length
        (German ß, ligatures: offsets would not line up), and one with many ampersands, where
        the several-word pattern would restart inside every "A&B&C" word and read on to its
        end each time (quadratic; the single pass reads such a word once).
        """
        folded = text.casefold()
        if len(folded) != len(text) or text.count("&") > _MAX_AMPERSANDS:
            yield from self._one_pass(text)
            return
        spans = [match.span() for match in self._multi.finditer(text)]
        lone = self._lone_cued(text, folded, spans)
        at = 0
        for start, end in spans:
            while at < len(lone) and lone[at][0] < start:
                yield [lone[at][:2]], [lone[at][2]]
                at += 1
            yield from self._words(text, start, end)
        for start, end, word in lone[at:]:
            yield [(start, end)], [word]

    def _one_pass(self, text: str) -> Iterator[Run]:
        """The same runs from one pass of the run pattern, each lone word tested in place."""
        for match in self.pattern.finditer(text):
            start, end = match.span()
            if text.find(" ", start, end) >= 0:
                yield from self._words(text, start, end)
            elif lone := self._lone(text, start, end):
                yield [lone[:2]], [lone[2]]

    def _words(self, text: str, start: int, end: int) -> Iterator[Run]:
        """The run of several words at [start, end), cut where a word is not a name."""
        run: list[Span] = []
        folded: list[str] = []
        for word_match in _WORD.finditer(text, start, end):
            start, end = word_match.span()
            if _ELISION.match(word_match.group()):
                start += 2
            word = text[start:end].casefold()
            if word in self._not_names:
                yield from self._judged(text, run, folded)
                run, folded = [], []
            else:
                run.append((start, end))
                folded.append(word)
        yield from self._judged(text, run, folded)

    def _lone(self, text: str, start: int, end: int) -> tuple[int, int, str] | None:
        """The one-word run at [start, end), casefolded, if an organization cue precedes it.
        Cued needs a space right before the word, so an elided word ("firm l'Oréal", its name
        after the apostrophe) never is."""
        if not org_cued(self._org_before, text, start) or _ELISION.match(text[start : start + 2]):
            return None
        word = text[start:end].casefold()
        return None if word in self._not_names else (start, end, word)

    def _lone_cued(self, text: str, folded: str, spans: list[Span]) -> list[tuple[int, int, str]]:
        """The cued one-word runs, in text order. A candidate start inside a run of several
        words (`spans`) is that run's and is passed over before any matching (in an all-caps
        paragraph every cue would otherwise read on to the end of the run). A start outside
        them opens a one-word match if any: a longer one would be in `spans`."""
        out: list[tuple[int, int, str]] = []
        inside = 0
        for start in self._after_cues(folded):
            while inside < len(spans) and spans[inside][1] <= start:
                inside += 1
            if inside < len(spans) and spans[inside][0] <= start:
                continue
            match = self.pattern.match(text, start)
            if match is not None and (lone := self._lone(text, start, match.end())):
                out.append(lone)
        return out

    def _after_cues(self, folded: str) -> list[int]:
        """Every start `org_cued` can accept, and some it will not, in text order: after an
        organization cue word found in the casefolded text (the same length as the text, so
        the same offsets) and the whitespace that follows it, ending in a space."""
        if self._cue_words is None:
            return []
        size = len(folded)
        starts: set[int] = set()
        for _, _, end in self._cue_words.find_matches_as_indexes(folded, overlapping=True):
            after = end
            while after < size and folded[after].isspace():
                after += 1
            if end < after < size and folded[after - 1] == " ":
                starts.add(after)
        return sorted(starts)

    def _judged(self, text: str, run: list[Span], folded: list[str]) -> Iterator[Run]:
        """The run, if it has several words or one right after an organization cue."""
        if len(run) > 1 or (run and org_cued(self._org_before, text, run[0][0])):
            yield run, folded
