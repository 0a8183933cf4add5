"""Cue matching and context: word bounds, traps, negation, modality and critics."""

from __future__ import annotations

import pytest

from newsroom.domain.context import ContextRules
from newsroom.domain.cue_index import Cue
from newsroom.domain.cues import Hit, Matcher, fold
from newsroom.domain.scan import scan

CUES = [
    Cue("open", "o", "open-sourc*", 1.0, prefix=True),
    Cue("open", "o", "release the weights", 1.0),
    Cue("closed", "c", "closed models", 1.0),
    Cue("negator", "n", "not", 1.0),
    Cue("negator", "n", "stopped", 1.0),
    Cue("modal", "m", "considering", 1.0),
    Cue("critic", "k", "critics", 1.0),
    Cue("trap", "t", "open-source database", 1.0),
    Cue("relevance", "r", "chip*", 1.0, prefix=True),
]
EXACT = [
    Cue("us", "u", "US", 1.0),
    Cue("trap", "t", "China Open", 1.0),
    Cue("china", "c", "China", 1.0),
]
MATCHER = Matcher.build(CUES, EXACT)
RULES = ContextRules(lead_chars=0)


def polar(text: str) -> list[Hit]:
    return scan("", text, MATCHER, RULES).hits("open", "closed", "mixed")


def test_prefix_cue_matches_word_forms_on_word_bounds() -> None:
    """chip* matches chips and chipmakers but not a word that merely contains it."""
    kinds = [h.cue.phrase for h in MATCHER.scan("Chips, chipmakers and microchip", "text")]
    assert kinds == ["chip*", "chip*"]


def test_case_sensitive_acronym_ignores_pronoun() -> None:
    """US the country matches; us the pronoun does not."""
    hits = MATCHER.scan("Tell us about US policy", "text")
    assert [(h.kind, h.start) for h in hits] == [("us", 14)]


def test_trap_removes_overlapping_cues() -> None:
    """China Open (tennis) and an open-source database fire no bloc or strategy cue."""
    hits = MATCHER.scan("He won the China Open. An open-source database changed licence.", "text")
    assert {h.kind for h in hits} == {"trap"}


def test_negation_flips_open_to_closed() -> None:
    """'will not release the weights' and 'stopped open-sourcing' count as closed."""
    for text in ("The lab will not release the weights.", "Meta stopped open-sourcing models."):
        (hit,) = polar(text)
        assert hit.kind == "closed"
        assert hit.note.startswith("negated")


def test_negation_does_not_cross_sentences() -> None:
    """A negator in the previous sentence leaves the cue alone."""
    (hit,) = polar("That is not all. The lab will release the weights.")
    assert hit.kind == "open"


def test_modality_dampens_but_keeps_polarity() -> None:
    """'is considering closed models' is still closed, with less weight."""
    (hit,) = polar("The company is considering closed models.")
    assert hit.kind == "closed"
    assert hit.weight < 1.0


def test_critics_sentence_weighs_less() -> None:
    """A cue in a sentence voicing critics counts for less than the same cue elsewhere."""
    (critic,) = polar("Critics say it is open-source in name only.")
    (plain,) = polar("It is open-source.")
    assert critic.weight < plain.weight


def test_offsets_survive_curly_apostrophes() -> None:
    """Folding typographic characters keeps offsets aligned with the original text."""
    text = "The lab’s chips"
    (hit,) = MATCHER.scan(text, "text")
    assert text[hit.start : hit.end] == "chips"


def test_cue_inside_a_longer_phrase_still_fires() -> None:
    """'AI' inside the organization name 'Acme AI' counts as an AI cue too; a trap hides it."""
    matcher = Matcher.build(
        [Cue("other", "org", "acme ai", 1.0), Cue("trap", "t", "ai weiwei", 1.0)],
        [Cue("relevance", "r", "AI", 0.8)],
    )
    hits = matcher.scan("Acme AI hired staff. Ai Weiwei opened a show.", "text")
    assert [(h.kind, h.start, h.end) for h in hits] == [
        ("other", 0, 7),
        ("relevance", 5, 7),
        ("trap", 21, 30),
    ]


def test_sentence_index_of_hits() -> None:
    """Sentence ends: Latin stops before whitespace, CJK stops, line breaks; runs count once."""
    text = "Chips cost 3.5 bn. Chips sold?! Chips\n\nchips。China chips"
    base, lower = fold(text)
    found = MATCHER.find(base, lower, "text")
    assert [(h.start, h.sentence) for h in found.hits if h.kind == "relevance"] == [
        (0, 0),
        (19, 1),
        (32, 2),
        (39, 3),
        (51, 4),
    ]
    assert found.starts == [0, 19, 32, 39, 45]


def test_lead_hits_weigh_more() -> None:
    """Hits that start before the lead limit are scaled by the lead factor."""
    base, lower = fold("chips and chips")
    weights = [h.weight for h in MATCHER.find(base, lower, "text", lead=5, factor=1.5).hits]
    assert weights == [1.5, 1.0]


def test_cue_phrases_may_not_start_with_a_sentence_stop() -> None:
    """A cue starting with a stop could be hidden by a sentence end; the build refuses it."""
    with pytest.raises(ValueError, match="sentence stop"):
        Matcher.build([Cue("open", "o", ".open", 1.0)], [])
