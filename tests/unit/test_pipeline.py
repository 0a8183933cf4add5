"""The offline pipeline: one output per input line, in order, replay-stable."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newsroom.app import build_enricher
from newsroom.commands.offline import enrich_lines
from newsroom.settings import Settings
from tests.support.articles import articles, encode, malformed_payloads

NOW = datetime(2025, 9, 1, tzinfo=UTC)


def run(lines: list[bytes], state: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    enricher = build_enricher(Settings())
    return list(enrich_lines(enricher, lines, "t.jsonl", 1024, state, clock=lambda: NOW))


def test_one_output_per_line_in_order() -> None:
    """Good lines, a copy and bad lines all produce exactly one event each, in input order."""
    first, second = articles(2)
    copy = {**first, "id": "copy", "url": "https://other.example/x"}
    lines = [encode(first), b"{oops", encode(second), encode(copy), b"\xff"]
    out = run(lines)
    assert [o.get("id") or o["reason"] for o in out] == [
        "syn-0",
        "invalid_json",
        "syn-1",
        "copy",
        "encoding",
    ]
    assert out[3]["dedup"] == {
        "status": "duplicate",
        "duplicate_of": "syn-0",
        "method": "exact",
        "similarity": 1.0,
        "changes": None,
    }


def test_replaying_the_same_input_reproduces_event_id_and_verdict() -> None:
    """The same input position yields the same event; it is never a duplicate of itself."""
    state: dict[str, Any] = {}
    line = encode(articles(1)[0])
    first = run([line], state)[0]
    again = run([line], state)[0]
    assert first["event_id"] == again["event_id"]
    assert again["dedup"]["status"] == first["dedup"]["status"] == "unique"


def test_dead_letters_keep_original_bytes_capped() -> None:
    """The original bytes are kept up to the cap; size and hash describe the whole payload."""
    out = run([b"x" * 5000])[0]
    assert out["reason"] == "invalid_json"
    assert out["payload_size"] == 5000 and out["payload_truncated"] is True
    assert len(out["payload_b64"]) == 1368  # base64 of 1024 bytes


def test_every_malformed_payload_becomes_a_dead_letter_with_its_reason() -> None:
    """Each hostile input ends as exactly one dead letter carrying the documented reason."""
    cases = malformed_payloads()
    out = run([payload for payload, _ in cases.values()])
    assert [o.get("reason") for o in out] == [reason for _, reason in cases.values()]
