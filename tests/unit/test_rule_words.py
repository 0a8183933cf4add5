"""Rule words: the one-pass and windowed verdicts equal a regex of the same words on any text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.domain.knowledge import ContextRule
from newsroom.domain.rule_words import RuleWords, allows, window_allows
from newsroom.kb.entities_loader import load_knowledge_base

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _regex(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """The oracle: the words as one word-bounded alternation (the loader's former recipe)."""
    if not words:
        return None
    ordered = sorted(set(words), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


TRICKY = ContextRule(
    id="tricky",
    cues=("a.i.", "ai", "o-1", "u.s. state", ".net", "c++", "x|y", "back\\slash", "é_"),
    vetoes=("s", "ai ai", "-", "北京", "日本語"),
)
WINDOWED = ContextRule(id="windowed", cues=TRICKY.cues, vetoes=TRICKY.vetoes, window=20)
RULES = [*load_knowledge_base().rules.values(), TRICKY, WINDOWED]
WORDS = RuleWords.build(RULES)
VOCAB = sorted(
    {w for r in RULES for w in (*r.cues, *r.vetoes)}
    | {"x", "_", " ", ".", "-", "1", "é", "İ", "ß", "\u00a0", "\n", "said", "北"}
)


def _regex_allows(rule: ContextRule, text: str) -> bool:
    cues, vetoes = _regex(rule.cues), _regex(rule.vetoes)
    if vetoes is not None and vetoes.search(text):
        return False
    return cues is None or cues.search(text) is not None


def test_the_knowledge_base_has_rules_of_both_kinds() -> None:
    """The property below runs over the real rules: whole-text and windowed ones, with words."""
    kb_rules = RULES[:-2]
    assert any(r.window == 0 and (r.cues or r.vetoes) for r in kb_rules)
    assert any(r.window > 0 and (r.cues or r.vetoes) for r in kb_rules)
    assert all(w == w.lower() for r in kb_rules for w in (*r.cues, *r.vetoes))


@FAST
@given(st.lists(st.sampled_from(VOCAB) | st.text(max_size=3), max_size=30))
def test_one_pass_equals_the_regex(parts: list[str]) -> None:
    """Words glued to letters, digits, underscores or other scripts, at the start and the end."""
    text = "".join(parts).lower()
    present = WORDS.present(text)
    for rule in RULES:
        verdict = allows(rule, present) if rule.window == 0 else window_allows(rule, text)
        assert verdict == _regex_allows(rule, text), (rule.id, text)


def test_empty_text_and_edges() -> None:
    """Nothing in an empty text; a word at position 0 and at the very end counts."""
    assert WORDS.present("") == set()
    assert ("tricky", False) in WORDS.present("ai")
    assert ("tricky", False) not in WORDS.present("said")
    assert ("tricky", True) in WORDS.present("x -")


def test_a_windowed_rule_without_cues() -> None:
    """A windowed rule with vetoes only allows any window without one."""
    rule = ContextRule(id="v", vetoes=("fruit",), window=5)
    assert window_allows(rule, "apple pie")
    assert not window_allows(rule, "apple fruit")
    assert window_allows(rule, "apple fruits")
