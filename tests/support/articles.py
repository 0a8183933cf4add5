"""Synthetic raw articles (our own words, seeded) and a corpus of malformed payloads."""

from __future__ import annotations

import json
import random
from typing import Any

import orjson

_SUBJECTS = [
    "The city council", "A regional bank", "The football club", "A hospital network",
    "The transport ministry", "A solar start-up", "The national museum", "A shipping firm",
    "The university senate", "A grocery chain", "The weather service", "A film studio",
]  # fmt: skip
_VERBS = [
    "announced", "postponed", "approved", "criticised", "expanded", "reviewed",
    "cancelled", "funded", "defended", "outlined",
]  # fmt: skip
_OBJECTS = [
    "a new budget for road repairs", "plans for a riverside park", "a merger with a rival",
    "a hiring freeze until spring", "longer opening hours", "a ticket price increase",
    "a program for young apprentices", "a review of safety rules", "an exhibition of maps",
    "a water recycling scheme", "a partnership with local farms", "a night bus network",
]  # fmt: skip
_DETAILS = [
    "Officials said the decision followed months of consultation with residents.",
    "Critics argued that the timetable was too ambitious.",
    "The cost was estimated at several million over three years.",
    "A spokesperson declined to comment on the details.",
    "Supporters welcomed the move as overdue.",
    "The plan still needs approval from a regional authority.",
    "Local business owners said they expected more visitors.",
    "A vote is scheduled for the end of the month.",
]  # fmt: skip


def _sentence(rng: random.Random, words: int) -> str:
    """A sentence of pseudo-words: distinct articles share few word shingles."""
    body = " ".join(
        "".join(
            rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(1, 3))
        )
        for _ in range(words)
    )
    return body.capitalize() + "."


def article(index: int, rng: random.Random, **overrides: Any) -> dict[str, Any]:
    """One plausible, unique raw article: a real-looking lead, then distinct filler."""
    subject, verb, obj = rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS)
    filler = [" ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(4)) for _ in range(3)]
    body = (
        f"{subject} {verb} {obj} on day {index} of the session.\n\n"
        + " ".join(rng.sample(_DETAILS, 2))
        + "\n\n"
        + "\n\n".join(filler)
    )
    data = {
        "id": f"syn-{index}",
        "source": "synthetic.example",
        "url": f"https://synthetic.example/news/{index}?utm_source=feed",
        "title": f"{subject} {verb} {obj} ({index})",
        "body": body,
        "published_at": f"2025-03-{1 + index % 28:02d}T{index % 24:02d}:15:00Z",
        "language": "en",
    }
    data.update(overrides)
    return data


def articles(count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    return [article(i, rng) for i in range(count)]


def encode(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data)


def malformed_payloads() -> dict[str, tuple[bytes, str]]:
    """name -> (payload, expected dead-letter reason)."""
    good = article(10**6, random.Random(1))
    deep = b"[" * 10_000 + b"]" * 10_000
    return {
        "truncated_json": (encode(good)[:-20], "invalid_json"),
        "not_json": (b"hello, world", "invalid_json"),
        "nan": (b'{"id": "nan", "title": NaN}', "invalid_json"),
        "deep_nesting": (deep, "invalid_json"),
        "array": (b"[1, 2, 3]", "schema"),
        "string": (b'"just a string"', "schema"),
        "null": (b"null", "schema"),
        "wrong_types": (encode({**good, "id": "wt", "title": {"a": 1}, "url": 5}), "schema"),
        "missing_fields": (b'{"id": "mf", "title": "only a title"}', "schema"),
        "no_body": (encode({k: v for k, v in good.items() if k != "body"} | {"id": "nb"}), "schema"),
        "binary": (bytes(range(256)) * 4, "encoding"),
        "latin1": ('{"id": "café"}'.encode("latin-1"), "encoding"),
        "empty": (b"", "empty"),
        "whitespace_body": (encode({**good, "id": "ws", "body": " \n\t "}), "empty"),
        "script_only_html": (
            encode({**good, "id": "so", "body": None, "body_html": "<script>x()</script>"}),
            "empty",
        ),
        "huge": (encode({**good, "id": "huge", "body": "word " * 700_000}), "too_large"),
        "huge_title": (encode({**good, "id": "ht", "title": "t" * 100_000}), "schema"),
        "bad_url": (encode({**good, "id": "bu", "url": "javascript:alert(1)"}), "invalid_url"),
        "bad_date": (encode({**good, "id": "bd", "published_at": "yesterday"}), "invalid_date"),
        "future_date": (encode({**good, "id": "fd", "published_at": "2999-01-01T00:00:00Z"}), "invalid_date"),
        "ancient_date": (encode({**good, "id": "ad", "published_at": "0001-01-01T00:00:00Z"}), "invalid_date"),
        "year_99999": (encode({**good, "id": "y5", "published_at": "99999-01-01T00:00:00Z"}), "invalid_date"),
        "epoch_far_future": (encode({**good, "id": "ef", "published_at": 10**18}), "invalid_date"),
        "raw_null_bytes": (encode({**good, "id": "rn"}).replace(b'"title":"', b'"title":"\x00\x00'), "invalid_json"),
        "only_null_bytes": (b"\x00" * 1000, "invalid_json"),
        "infinity": (b'{"id": "inf", "title": Infinity}', "invalid_json"),
        "huge_exponent": (b'{"id": 1e400}', "invalid_json"),
        "lone_surrogate": (encode({**good, "id": "ls"}).replace(b'"title":"', b'"title":"\\ud800'), "invalid_json"),
        "utf8_bom": (b"\xef\xbb\xbf" + encode({**good, "id": "bom"}), "invalid_json"),
        "utf16": (json.dumps({**good, "id": "u16"}).encode("utf-16"), "encoding"),
        "deep_nesting_in_field": (encode({**good, "id": "dn"})[:-1] + b',"x":' + b"[" * 10_000 + b"]" * 10_000 + b"}", "invalid_json"),
        "body_3mb": (encode({**good, "id": "b3", "body": "x" * 3_000_000}), "too_large"),
        "title_100kb": (encode({**good, "id": "t1", "title": "word " * 20_000}), "schema"),
        "bool_fields": (encode({**good, "id": "bf", "source": True, "body": False}), "schema"),
        # Duplicate keys: JSON leaves them undefined; newsroom takes the last one (orjson).
        "duplicate_keys": (encode({**good, "id": "dk"})[:-1] + b',"url":"javascript:x"}', "invalid_url"),
        "script_style_only_html": (
            encode({**good, "id": "ss", "body": None, "body_html": "<style>p{}</style><script>a()</script><nav>menu</nav>"}),
            "empty",
        ),
    }  # fmt: skip
