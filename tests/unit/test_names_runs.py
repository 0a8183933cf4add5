"""The name finder's runs match a plain reference: every run of the run pattern, in order, a
lone word kept only right after an organization cue (the finder finds those apart)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from newsroom.domain.name_runs import RunFinder, org_cued
from newsroom.domain.names import HeuristicNames
from newsroom.kb.entities_loader import load_knowledge_base

CUES = load_knowledge_base().name_cues
RUNS = RunFinder(CUES.org_before, CUES.connectors, CUES.not_names)
FINDER = HeuristicNames(CUES)
_WORD = re.compile(r"[^\W\d_](?:[\w&'’\-]*\w)?")
_ELISION = re.compile(r"^[lLdD]['’]")

Run = tuple[list[tuple[int, int]], list[str]]


def reference(text: str) -> Iterator[Run]:
    """One pass of the run pattern; each match judged in place, lone words included (the
    finder's code before it found lone words apart)."""
    for match in RUNS.pattern.finditer(text):
        start, end = match.span()
        if text.find(" ", start, end) < 0:  # one word: kept only right after a cue
            if org_cued(CUES.org_before, text, start) and not _ELISION.match(
                text[start : start + 2]
            ):
                word = text[start:end].casefold()
                if word not in CUES.not_names:
                    yield [(start, end)], [word]
            continue
        run: list[tuple[int, int]] = []
        folded: list[str] = []
        for word_match in _WORD.finditer(text, start, end):
            start, end = word_match.span()
            if _ELISION.match(word_match.group()):
                start += 2
            word = text[start:end].casefold()
            if word in CUES.not_names:
                yield from kept(text, run, folded)
                run, folded = [], []
            else:
                run.append((start, end))
                folded.append(word)
        yield from kept(text, run, folded)


def kept(text: str, run: list[tuple[int, int]], folded: list[str]) -> Iterator[Run]:
    if len(run) > 1 or (run and org_cued(CUES.org_before, text, run[0][0])):
        yield run, folded


# Words that keep the casefolded text the length of the text (the cue-word pass), with cues
# inside words, around long spaces, beside "&" and apostrophes, outside the BMP, in Greek
# (final sigma) and in letters casefolding treats specially (long s, Kelvin sign).
WORDS = (
    "the firm", "la consultora", "startup", "start-up", "Group", "Union", "beratungsfirma",
    "subfirm", "firmly", "x" * 38 + "firm", "compañía", "Acme", "Vela", "Orbis", "Foo&Bar",
    "&Bar", "AT&T", "X-Men", "ΟΔΟΣ", "οδός", "Σ", "ſtartup", "\u212aONZERN", "😀", "𝐀cme",
    "l'Oréal", "d’Arcy", "L'", "De", "of", "de la", "and", "said", "Monday", "Research", "The",
    "Inc", "42", "中文", "FIRM", "Firma",
)  # fmt: skip
# Words whose casefolding is longer than they are: the single pass.
LONGER = ("Weiß", "Straße", "İstanbul", "ﬁrm")
GLUE = (
    " ", " ", " ", "  ", ". ", ", ", "\n", "\n\n", "\t", " (", "-", "&", "'", "’", "", " & ",
    " " * 36, " " * 41, "\u00a0", " \u00a0", "\x1c ",
)  # fmt: skip


def random_text(rng: random.Random, words: tuple[str, ...]) -> str:
    return "".join(rng.choice(words) + rng.choice(GLUE) for _ in range(rng.randint(1, 12)))


def test_runs_match_the_reference_on_random_texts() -> None:
    """Seeded texts of cues, names, connectors, elisions, sigmas and odd spacing, most on the
    cue-word pass, some with a word that sends them to the single pass."""
    rng = random.Random(11)
    for number in range(6000):
        text = random_text(rng, WORDS + LONGER if number % 5 == 0 else WORDS)
        assert list(RUNS.runs(text)) == list(reference(text)), repr(text)


def test_runs_match_the_reference_on_both_paths() -> None:
    """ASCII text takes the cue-word pass, text with ß the single pass, with the same runs."""
    text = "Analysts at the firm Kestrel said the startup Vela and Acme Group Holdings grew."
    for prefix in ("", "Straße: ", "ΟΔΟΣ ", "&" * 40):
        assert list(RUNS.runs(prefix + text)) == list(reference(prefix + text)), prefix
        names = [(n.kind, (prefix + text)[n.start : n.end]) for n in FINDER.find(prefix + text)]
        assert ("organization", "Kestrel") in names and ("organization", "Vela") in names


class Counting:
    """A compiled pattern that counts the searches made through it."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.match(text, pos)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        self.calls += 1
        return self.pattern.finditer(text)


def test_words_joined_by_many_ampersands_take_the_single_pass() -> None:
    """'A&A&...&A' would make the several-word pattern restart after every '&' and read to the
    end of the word each time: such text never reaches that pattern."""
    finder = RunFinder(CUES.org_before, CUES.connectors, CUES.not_names)
    multi = finder._multi = Counting(finder._multi)  # type: ignore[assignment]
    text = "A&" * 4000 + "A said the firm Acme."
    assert list(finder.runs(text)) == list(reference(text))
    assert multi.calls == 0
    assert list(finder.runs("AT&T and S&P said the firm Acme Group grew.")) != []
    assert multi.calls == 1


def test_cues_inside_a_long_run_are_not_matched_one_by_one() -> None:
    """In an all-caps paragraph every 'GROUP ' is a cue inside one long run: none of them is
    matched on its own (each match would read on to the end of the run)."""
    finder = RunFinder(CUES.org_before, CUES.connectors, CUES.not_names)
    pattern = finder.pattern = Counting(finder.pattern)  # type: ignore[assignment]
    text = "GROUP " * 4000 + "said the firm Acme."
    assert list(finder.runs(text)) == list(reference(text))
    assert pattern.calls == 2  # "said", after the last "GROUP " and outside the run; "Acme"
