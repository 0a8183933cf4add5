"""No boilerplate pattern can be driven into catastrophic backtracking by an adversarial line."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from newsroom.app import build_enricher
from newsroom.contracts import Origin, Reason
from newsroom.domain.normalize import clean_text, is_boilerplate
from newsroom.domain.rejection import Rejection
from newsroom.kb import load_normalization_rules
from newsroom.settings import Settings
from tests.support.articles import articles, encode

RULES = load_normalization_rules()
# Per fullmatch of one line (at most max_line_chars); linear patterns take microseconds.
LINE_BUDGET_S = 0.05
# A whole article of adversarial lines at the text limit.
ARTICLE_BUDGET_S = 3.0


def fragments(pattern: str) -> list[str]:
    """Literal pieces of a pattern plus the characters its classes and separators accept."""
    words = re.findall(r"[A-Za-z©@|/.:,&'-]{1,20}", pattern.replace("\\s", " "))
    return sorted(set(words) | {" ", "a", "A", "1", "/", "|", "@", ".", "-", "a.", "Ab "})


def adversarial_lines(pattern: str, width: int) -> list[str]:
    """Long repeats of each fragment (and pairs), each spoiled at the end so matching fails."""
    pieces = fragments(pattern)
    lines = []
    for i, piece in enumerate(pieces):
        nxt = pieces[(i + 1) % len(pieces)]
        for unit in (piece, piece + " ", piece + nxt, piece + " " + nxt + " "):
            body = (unit * (width // max(1, len(unit)) + 1))[: width - 1]
            lines.extend([body, body + "\x01", "By " + body[:-4] + " !", body + "\n"])
    return lines


PATTERNS = [(rule.name, rule.pattern) for rule in RULES.boilerplate] + [
    (f"combined-{i}", p) for i, p in enumerate(RULES.combined)
]


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_pattern_is_linear_on_adversarial_lines(name: str, pattern: re.Pattern[str]) -> None:
    """Every fullmatch of an adversarial line of max_line_chars finishes within the budget."""
    worst = 0.0
    for line in adversarial_lines(pattern.pattern, RULES.max_line_chars):
        started = time.perf_counter()
        pattern.fullmatch(line)
        worst = max(worst, time.perf_counter() - started)
    assert worst < LINE_BUDGET_S, (name, worst)


def test_lines_above_the_line_limit_are_never_matched() -> None:
    """The length guard in front of the patterns bounds every match by max_line_chars."""
    line = "Courtesy of " + "a" * RULES.max_line_chars
    assert not is_boilerplate(line, RULES)


def test_a_whole_adversarial_article_cleans_within_the_budget() -> None:
    """An article at the text limit made of adversarial lines is cleaned in bounded time."""
    lines = [line for _, p in PATTERNS for line in adversarial_lines(p.pattern, 299)]
    text = "\n".join(lines)
    text = text[: RULES.max_text_chars]
    started = time.perf_counter()
    clean_text(text, RULES)
    assert time.perf_counter() - started < ARTICLE_BUDGET_S


def test_the_harness_catches_a_known_catastrophic_pattern() -> None:
    """Sanity: the generated lines do drive a nested quantifier past the budget."""
    evil = re.compile(r"(?:a+)+b")
    started = time.perf_counter()
    lines = [line for line in adversarial_lines(evil.pattern, 24) if set(line) == {"a"}]
    evil.fullmatch(lines[0])
    assert time.perf_counter() - started > LINE_BUDGET_S


def test_an_article_over_its_time_budget_is_rejected_too_slow() -> None:
    """The enricher checks the injected clock between stages and gives up with too_slow."""
    ticks = iter(range(0, 1000, 10))  # every reading is 10 s after the previous one
    enricher = replace(build_enricher(Settings(ner="off")), budget_s=5.0, clock=lambda: next(ticks))
    origin = Origin(topic="t", partition=0, offset=0)
    result = enricher.prepare(encode(articles(1)[0]), origin, datetime.now(UTC))
    assert isinstance(result, Rejection) and result.reason is Reason.TOO_SLOW, result
    assert "normalize" in result.detail


def test_the_default_budget_leaves_a_text_at_the_limit_untouched() -> None:
    """An article at max_text_chars enriches well inside the default budget."""
    enricher = build_enricher(Settings(ner="off"))
    body = "\n\n".join(a["body"] for a in articles(400))[: RULES.max_text_chars - 1000]
    payload = encode(articles(1)[0] | {"body": body})
    started = time.perf_counter()
    result = enricher.prepare(payload, Origin(topic="t", partition=0, offset=0), datetime.now(UTC))
    assert not isinstance(result, Rejection), result
    assert time.perf_counter() - started < (enricher.budget_s or 0) / 2
