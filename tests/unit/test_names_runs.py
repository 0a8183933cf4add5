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
    """One pass of the run pattern; each match judged in place, lone words included."""
    for match in RUNS.pattern.finditer(text):
        run: list[tuple[int, int]] = []
        folded: list[str] = []
        for word_match in _WORD.finditer(text, *match.span()):
            start, end = word_match.span()
            if _ELISION.match(word_match.group()):
                if " " not in text[match.start() : match.end()]:
                    break  # a lone elided word is never cued: nothing before its name
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


WORDS = (
    "the firm", "la consultora", "startup", "Group", "Union", "beratungsfirma", "subfirm",
    "Acme", "Vela", "Orbis", "Weiß", "Straße", "ΟΔΟΣ", "οδός", "Σ", "İstanbul", "l'Oréal",
    "d’Arcy", "of", "de la", "and", "said", "Monday", "Research", "AT&T", "X-Men", "The",
    "Inc", "42", "中文", "ﬁrm", "FIRM", "Firma",
)  # fmt: skip
GLUE = (" ", " ", " ", "  ", ". ", ", ", "\n", "\n\n", "\t", " (", "-")


def test_runs_match_the_reference_on_random_texts() -> None:
    """Seeded texts of cues, names, connectors, elisions, ß, sigmas and odd spacing."""
    rng = random.Random(11)
    for _ in range(4000):
        parts = [rng.choice(WORDS) + rng.choice(GLUE) for _ in range(rng.randint(1, 12))]
        text = "".join(parts)
        assert list(RUNS.runs(text)) == list(reference(text)), repr(text)


def test_runs_match_the_reference_on_both_paths() -> None:
    """ASCII text takes the cue-word pass, text with ß the pass over every run."""
    text = "Analysts at the firm Kestrel said the startup Vela and Acme Group Holdings grew."
    for prefix in ("", "Straße: ", "ΟΔΟΣ "):
        assert list(RUNS.runs(prefix + text)) == list(reference(prefix + text)), prefix
        names = [(n.kind, (prefix + text)[n.start : n.end]) for n in FINDER.find(prefix + text)]
        assert ("organization", "Kestrel") in names and ("organization", "Vela") in names
