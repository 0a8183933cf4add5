"""Parsing raw bytes: every kind of bad input maps to a stable reason, never an exception."""

from __future__ import annotations

import pytest

from newsroom.contracts import RawArticle
from newsroom.domain.parse import parse_raw
from newsroom.domain.rejection import Rejection
from tests.support.articles import encode, malformed_payloads

LIMIT = 2 * 1024 * 1024


@pytest.mark.parametrize(("name", "case"), sorted(malformed_payloads().items()))
def test_malformed_payloads_are_rejected_or_normalized_away(
    name: str, case: tuple[bytes, str]
) -> None:
    """Parse-level failures carry the documented reason code; the rest parse."""
    payload, reason = case
    result = parse_raw(payload, LIMIT)
    if isinstance(result, Rejection):
        assert result.reason.value == reason, (name, result)
    else:  # decided later, by normalization
        assert reason in {"empty", "invalid_url", "invalid_date", "too_large"}, name


def test_unknown_fields_are_ignored_and_numeric_ids_become_strings() -> None:
    """The raw contract is lenient toward what scrapers add."""
    payload = encode(
        {
            "id": 42,
            "source": "s",
            "url": "https://e.com/x",
            "title": "t",
            "body": "b",
            "published_at": "2025-01-01",
            "scraper_debug": {"x": 1},
        }
    )
    result = parse_raw(payload, LIMIT)
    assert isinstance(result, RawArticle) and result.id == "42"
