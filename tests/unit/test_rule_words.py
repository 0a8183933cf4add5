"""Whole-text rule words: the one-pass verdict equals the loader's regex on any text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.domain.knowledge import ContextRule
from newsroom.domain.rule_words import RuleWords, WindowWords, allows, pattern_words
from newsroom.kb.entities_loader import load_knowledge_base

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _pattern(words: list[str]) -> re.Pattern[str]:
    """The loader's recipe (kb/entities_loader.py)."""
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


TRICKY = ContextRule(
    id="tricky",
    cues=_pattern(["a.i.", "ai", "o-1", "u.s. state", ".net", "c++", "x|y", "back\\slash", "é_"]),
    vetoes=_pattern(["s", "ai ai", "-", "北京", "日本語"]),
)
WINDOWED = ContextRule(id="windowed", cues=TRICKY.cues, vetoes=TRICKY.vetoes, window=20)
RULES = [*load_knowledge_base().rules.values(), TRICKY, WINDOWED]
WORDS = RuleWords.build(RULES)
VOCAB = sorted(
    {w for r in RULES for p in (r.cues, r.vetoes) if p for w in pattern_words(p) or ()}
    | {"x", "_", " ", ".", "-", "1", "é", "İ", "ß", "\u00a0", "\n", "said", "北"}
)


def _regex_allows(rule: ContextRule, text: str) -> bool:
    if rule.vetoes is not None and rule.vetoes.search(text):
        return False
    return rule.cues is None or rule.cues.search(text) is not None


def test_words_read_back_from_the_loader_pattern() -> None:
    """Escaping the words read back gives the pattern; other shapes are refused."""
    words = pattern_words(_pattern(["c++", "x|y", "a.i.", "back\\slash"]))
    assert words is not None
    assert set(words) == {"c++", "x|y", "a.i.", "back\\slash"}
    assert pattern_words(re.compile(r"(?<!\w)(?:a|b+)(?!\w)")) is None
    assert pattern_words(re.compile(r"(?<!\w)(?:ai)(?!\w)", re.IGNORECASE)) is None
    assert pattern_words(re.compile(r"\b(?:ai)\b")) is None


def test_every_rule_of_the_kb_is_covered() -> None:
    """The knowledge base's rules with cues or vetoes all take the regex-free paths."""
    whole = {r.id for r in RULES if r.window <= 0 and (r.cues or r.vetoes)}
    assert whole <= WORDS.rules
    windowed = {r.id for r in RULES if r.window > 0 and (r.cues or r.vetoes)}
    assert windowed <= set(WORDS.windows)


@FAST
@given(st.lists(st.sampled_from(VOCAB) | st.text(max_size=3), max_size=30))
def test_one_pass_equals_the_regex(parts: list[str]) -> None:
    """Words glued to letters, digits, underscores or other scripts, at the start and the end."""
    text = "".join(parts).lower()
    present = WORDS.present(text)
    for rule in RULES:
        if rule.id in WORDS.rules:
            assert allows(rule, present) == _regex_allows(rule, text), (rule.id, text)
        window = WORDS.windows.get(rule.id)
        if window is not None:
            assert window.allows(text) == _regex_allows(rule, text), (rule.id, text)


def test_empty_text_and_edges() -> None:
    """Nothing in an empty text; a word at position 0 and at the very end counts."""
    assert WORDS.present("") == set()
    assert ("tricky", False) in WORDS.present("ai")
    assert ("tricky", False) not in WORDS.present("said")
    assert ("tricky", True) in WORDS.present("x -")


def test_window_words_of_a_rule_without_cues() -> None:
    """A windowed rule with vetoes only allows any window without one."""
    words = WindowWords.of(ContextRule(id="v", vetoes=_pattern(["fruit"]), window=5))
    assert words is not None
    assert words.allows("apple pie")
    assert not words.allows("apple fruit")
    assert words.allows("apple fruits")
