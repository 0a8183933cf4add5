"""Normalization: HTML to text, boilerplate, canonical URLs, dates and language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsroom.contracts import RawArticle, Reason
from newsroom.domain.html_text import html_to_text
from newsroom.domain.normalize import (
    Normalized,
    canonical_url,
    clean_text,
    declared_language,
    normalize,
    to_utc,
)
from newsroom.domain.rejection import Rejection
from newsroom.kb import load_normalization_rules

RULES = load_normalization_rules()
NOW = datetime(2025, 9, 1, tzinfo=UTC)


def raw(**fields: object) -> RawArticle:
    base: dict[str, object] = {
        "source": "example",
        "url": "https://example.com/a",
        "title": "A title",
        "body": "Some text about the harbour.",
        "published_at": "2025-08-01T10:00:00+02:00",
    }
    return RawArticle.model_validate(base | fields)


def test_html_blocks_become_lines_and_scripts_vanish() -> None:
    """Paragraphs split lines; script, style and nav content never reaches the text."""
    html = (
        "<html><head><style>p{}</style></head><body><nav>Home | World</nav>"
        "<p>First <b>bold</b>\n paragraph.</p><script>var x = '<p>no</p>';</script>"
        "<div>Second<br>line</div></body></html>"
    )
    text = html_to_text(html)
    assert "Home" not in text and "var x" not in text and "p{}" not in text
    assert [line.strip() for line in text.splitlines() if line.strip()] == [
        "First bold paragraph.",
        "Second",
        "line",
    ]


def test_unclosed_and_nested_markup_is_tolerated() -> None:
    """Broken HTML still yields its text."""
    assert "kept" in html_to_text("<div><p>kept<span>") and html_to_text("") == ""


@pytest.mark.parametrize(
    "line",
    [
        "OpenAI CEO Sam Altman / Courtesy of Yonhap News",
        "Photo courtesy of the city archive",
        "Share your feedback here",
        "Subscribe to our newsletter for the morning briefing",
        "Sign up",
        "By Jane Doe",
        "By Jane Doe and Li Wei, Staff Writers",
        "(Reporting by Ana Lima; Editing by Tom Grey)",
        "Read more: how the harbour was built",
        "Advertisement",
        "© 2025 Example Media. All rights reserved.",
        "Updated: 7 August 2025, 10:41",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    """Credits, prompts, bylines and crumbs are not article text."""
    assert clean_text(f"Real sentence one.\n{line}\nReal sentence two.", RULES) == (
        "Real sentence one.\n\nReal sentence two."
    )


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the council will have voted on the budget.",
        "The museum, courtesy of a donor, reopened its east wing.",
        "Subscribers to the service rose by a tenth in the quarter.",
        "Share prices of the firm rose sharply after the news.",
    ],
)
def test_sentences_that_resemble_boilerplate_are_kept(line: str) -> None:
    """Patterns match whole lines only, so ordinary sentences survive."""
    assert clean_text(line, RULES) == line


def test_text_is_nfc_without_controls_and_single_spaced() -> None:
    """Control and zero-width characters go; whitespace collapses; NFC composes accents."""
    text = clean_text("Cafe\u0301\x00  au\u200b\tlait\r\n\r\n\r\nnext", RULES)
    assert text == "Café au lait\n\nnext"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "HTTPS://Example.COM:443/a/b?utm_source=x&b=2&a=1#frag",
            "https://example.com/a/b?a=1&b=2",
        ),
        ("http://example.com:8080//x?fbclid=1&gclid=2", "http://example.com:8080/x"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/p?id=5&UTM_Campaign=y", "https://example.com/p?id=5"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    """Scheme/host case, default port, tracking parameters and fragment are normalized."""
    assert canonical_url(url, RULES) == expected


@pytest.mark.parametrize("url", ["ftp://example.com/a", "javascript:alert(1)", "/relative/path"])
def test_non_http_urls_are_rejected(url: str) -> None:
    """Only absolute http(s) URLs can be canonical."""
    with pytest.raises(ValueError):
        canonical_url(url, RULES)


def test_dates_become_utc_and_naive_means_utc() -> None:
    """Offsets convert to UTC; a naive time is read as UTC."""
    aware = to_utc(datetime.fromisoformat("2025-08-01T10:00:00+02:00"), NOW, RULES)
    naive = to_utc(datetime(2025, 8, 1, 8, 0), NOW, RULES)
    assert aware == naive == datetime(2025, 8, 1, 8, 0, tzinfo=UTC)


def test_absurd_dates_are_rejected() -> None:
    """Far past and future publication times are errors, not data."""
    result = normalize(raw(published_at="2031-01-01T00:00:00Z"), NOW, RULES)
    assert isinstance(result, Rejection) and result.reason is Reason.INVALID_DATE
    result = normalize(raw(published_at="1901-01-01T00:00:00Z"), NOW, RULES)
    assert isinstance(result, Rejection) and result.reason is Reason.INVALID_DATE


def test_language_is_detected_when_absent_and_normalized_when_declared() -> None:
    """A declared tag keeps its primary subtag; otherwise the text decides."""
    german = "Die Stadtverwaltung hat heute beschlossen, die Brücke im Sommer zu sanieren."
    detected = normalize(raw(body=german, title="Brücke wird saniert"), NOW, RULES)
    declared = normalize(raw(language="en-GB"), NOW, RULES)
    assert isinstance(detected, Normalized) and detected.language == "de"
    assert detected.language_detected
    assert isinstance(declared, Normalized) and declared.language == "en"
    assert declared_language("???") is None


def test_body_html_is_used_when_body_is_missing() -> None:
    """HTML bodies are parsed; credits inside them are stripped."""
    html = "<p>The port reopened.</p><p>Photo courtesy of the port authority</p>"
    result = normalize(raw(body=None, body_html=html), NOW, RULES)
    assert isinstance(result, Normalized) and result.text == "The port reopened."


def test_markup_in_titles_is_removed() -> None:
    """Titles are text, even when scrapers leave tags or entities in them."""
    result = normalize(raw(title="<b>Rates</b> &amp; bonds"), NOW, RULES)
    assert isinstance(result, Normalized) and result.title == "Rates & bonds"


def test_limits_reject_oversized_text() -> None:
    """Text beyond the limit is a too_large rejection."""
    rules = load_normalization_rules(max_text_chars=50)
    result = normalize(raw(body="word " * 40), NOW, rules)
    assert isinstance(result, Rejection) and result.reason is Reason.TOO_LARGE
