"""Properties of the raw parser and the normalizer: only the Rejection path, clean output."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.contracts import RawArticle
from newsroom.domain.normalize import Normalized, normalize
from newsroom.domain.parse import parse_raw
from newsroom.domain.rejection import Rejection
from newsroom.kb import load_normalization_rules

RULES = load_normalization_rules()
NOW = datetime(2025, 9, 1, tzinfo=UTC)
LIMIT = 64 * 1024
TAG = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**64 - 1)
    | st.floats(allow_nan=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
FIELDS = ["id", "source", "url", "title", "body", "body_html", "published_at", "language"]
raw_dicts = st.dictionaries(st.sampled_from(FIELDS), json_values | st.text(), max_size=8)

TAGS = ["p", "div", "b", "i", "a", "script", "style", "nav", "br", "span", "li", "table", "td"]
text_bits = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="<>&"), max_size=40
)


@st.composite
def html_fragments(draw: st.DrawFn) -> str:
    """Well- and ill-formed markup around arbitrary text without its own markup characters."""
    parts = []
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        kind = draw(st.sampled_from(["open", "close", "both", "text", "attr", "comment"]))
        text = draw(text_bits)
        parts.append(
            {
                "open": f"<{tag}>{text}",
                "close": f"{text}</{tag}>",
                "both": f"<{tag}>{text}</{tag}>",
                "text": text,
                "attr": f"<{tag} class=\"x\" data-y='{text[:5]}'>{text}",
                "comment": f"<!-- {text} -->",
            }[kind]
        )
    return "".join(parts)


def check(result: Normalized | Rejection) -> None:
    if isinstance(result, Normalized):
        for value in (result.title, result.text):
            assert not CONTROL.search(value), value
        assert not TAG.search(result.title) and result.text.strip() == result.text


@FAST
@given(st.binary(max_size=2048))
def test_parse_raw_never_raises_on_arbitrary_bytes(payload: bytes) -> None:
    """Any bytes become a RawArticle or a Rejection."""
    assert isinstance(parse_raw(payload, LIMIT), RawArticle | Rejection)


@FAST
@given(raw_dicts)
def test_parse_raw_never_raises_on_arbitrary_json_objects(data: dict[str, object]) -> None:
    """Any JSON object, with any types in the article's fields, parses or is rejected."""
    assert isinstance(parse_raw(orjson.dumps(data), LIMIT), RawArticle | Rejection)


@FAST
@given(
    title=st.text(max_size=300),
    body=st.text(max_size=2000),
    url=st.text(min_size=1, max_size=60) | st.just("https://example.com/a?utm_source=x&b=1#f"),
)
def test_normalize_plain_text_is_clean_or_rejected(title: str, body: str, url: str) -> None:
    """Arbitrary Unicode (controls, zero-width, bidi) never survives into title or text."""
    raw = RawArticle(source="s", url=url, title=title, body=body, published_at=NOW)
    result = normalize(raw, NOW, RULES)
    assert isinstance(result, Normalized | Rejection)
    check(result)


@FAST
@given(title=html_fragments(), html=html_fragments())
def test_normalize_html_never_leaks_markup(title: str, html: str) -> None:
    """Text from body_html (and an HTML title) carries no tag and no control character."""
    raw = RawArticle(
        source="s", url="https://e.com/a", title=title, body_html=html, published_at=NOW
    )
    result = normalize(raw, NOW, RULES)
    assert isinstance(result, Normalized | Rejection)
    check(result)
    if isinstance(result, Normalized):
        assert not TAG.search(result.text), result.text


@FAST
@given(st.binary(max_size=512))
def test_the_whole_parse_then_normalize_path_only_rejects(payload: bytes) -> None:
    """parse_raw followed by normalize ends in a Normalized or a Rejection, never an exception."""
    raw = parse_raw(
        b'{"source":"s","url":"https://e.com/","published_at":"2025-01-01",'
        b'"title":"t","body":' + orjson.dumps(payload.decode("latin-1")) + b"}",
        LIMIT,
    )
    assert isinstance(raw, RawArticle)
    check(normalize(raw, NOW, RULES))
