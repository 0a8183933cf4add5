"""The run pattern's fast first word matches exactly what the plain pattern matches."""

from __future__ import annotations

import random
import re

from newsroom.domain.name_runs import _CAPITALIZED, _FIRST_CAPITALIZED

PLAIN = re.compile(f"{_CAPITALIZED}(?: {_CAPITALIZED})*")
FAST = re.compile(f"{_FIRST_CAPITALIZED}(?: {_CAPITALIZED})*")
EDGES = [
    "Lena Roux",
    "l'Oréal et L'Oréal",
    "d’Artagnan, D'Arcy, d'arcy, l'",
    "O'Brien Ltd",
    "x-Men Ab'C AT&T R&D Labs",
    "\tTab Start\nNew Line",
    "Ωmega Ελλάδα Москва Кремль",
    "中文 Name 张华表示",
    "_Under 9Lives a1B",
    "L",
    "'L",
    "L'",
    "",
]
ALPHABET = "lLdD'’-& \t\n.,AaZzÉéΩω中_1Бб"


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def test_edge_cases_match_the_same_spans() -> None:
    """Names at position 0, elisions, apostrophes, other scripts, tabs and newlines."""
    for text in EDGES:
        assert spans(FAST, text) == spans(PLAIN, text), text


def test_random_texts_match_the_same_spans() -> None:
    """Seeded random strings over the characters the pattern treats specially."""
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choices(ALPHABET, k=rng.randint(1, 12)))
        assert spans(FAST, text) == spans(PLAIN, text), repr(text)
