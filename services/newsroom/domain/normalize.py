"""Raw article -> clean text, canonical URL, UTC dates and a language, or a Rejection."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import py3langid

from newsroom.contracts import RawArticle, Reason
from newsroom.domain.html_text import html_to_text
from newsroom.domain.rejection import Rejection


@dataclass(frozen=True, slots=True)
class BoilerplateRule:
    name: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class NormalizationRules:
    """Data-driven rules (kb/normalization.yaml) plus size limits from settings."""

    version: str
    tracking_exact: frozenset[str]
    tracking_prefixes: tuple[str, ...]
    boilerplate: tuple[BoilerplateRule, ...]
    max_line_chars: int = 300
    max_title_chars: int = 1000
    max_text_chars: int = 200_000
    max_html_chars: int = 2_000_000
    earliest_year: int = 1990
    future_tolerance: timedelta = timedelta(days=1)
    combined: tuple[re.Pattern[str], ...] = ()

    def __post_init__(self) -> None:
        # One alternation per flag set: a single C-level match instead of a Python loop.
        groups: dict[int, list[str]] = {}
        for rule in self.boilerplate:
            groups.setdefault(rule.pattern.flags, []).append(f"(?:{rule.pattern.pattern})")
        combined = tuple(re.compile("|".join(p), flags) for flags, p in groups.items())
        object.__setattr__(self, "combined", combined)


@dataclass(frozen=True, slots=True)
class Normalized:
    title: str
    text: str
    canonical_url: str
    published_at: datetime
    language: str
    language_detected: bool
    author: str | None


# C0/C1 controls except newline and tab, plus zero-width and bidi-override characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
_MARKUP = re.compile(r"[<&]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def clean_line(line: str) -> str:
    """NFC, no control characters, single spaces, no surrounding space."""
    line = _CONTROL.sub("", unicodedata.normalize("NFC", line))
    # str.split() splits on every Unicode space (NBSP, thin, ideographic ...) at C speed.
    return " ".join(line.split())


def is_boilerplate(line: str, rules: NormalizationRules) -> bool:
    """True when a whole (clean) line is a credit, prompt, byline or navigation crumb."""
    if len(line) > rules.max_line_chars:
        return False
    return any(pattern.fullmatch(line) for pattern in rules.combined)


def clean_text(text: str, rules: NormalizationRules) -> str:
    """Clean lines, drop boilerplate, and join paragraphs with one blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (clean_line(line) for line in text.split("\n"))
    kept = [line for line in lines if line and not is_boilerplate(line, rules)]
    return "\n\n".join(kept)


def canonical_url(url: str, rules: NormalizationRules) -> str:
    """Lower-case scheme and host, drop default port, tracking parameters and fragment."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url[:200]!r}")
    host = parts.hostname.lower().rstrip(".")
    if parts.port is not None and parts.port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in rules.tracking_exact
        and not k.lower().startswith(rules.tracking_prefixes)
    ]
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    return urlunsplit((scheme, host, path, urlencode(sorted(query)), ""))


def to_utc(value: datetime, ingested_at: datetime, rules: NormalizationRules) -> datetime:
    """A publication time in UTC; naive values are UTC; absurd ones raise ValueError."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if value.year < rules.earliest_year:
        raise ValueError(f"published_at {value.isoformat()} is before {rules.earliest_year}")
    if value > ingested_at + rules.future_tolerance:
        raise ValueError(f"published_at {value.isoformat()} is in the future")
    return value


def detect_language(title: str, text: str) -> str:
    """ISO 639-1 code of the dominant language of the title and lead."""
    lang, _score = py3langid.classify(f"{title}\n{text[:2000]}")
    return str(lang)


def declared_language(value: str | None) -> str | None:
    """The primary subtag of a declared language ("en-US" -> "en"), or None if unusable."""
    if not value:
        return None
    match = _LANG.match(value.strip())
    return match.group(1).lower() if match else None


def normalize(
    raw: RawArticle, ingested_at: datetime, rules: NormalizationRules
) -> Normalized | Rejection:
    """Validate and normalize one article; return a Rejection instead of raising."""
    title = clean_line(html_to_text(raw.title) if _MARKUP.search(raw.title) else raw.title)
    if len(title) > rules.max_title_chars:
        return Rejection(
            Reason.TOO_LARGE, f"title has {len(title)} chars > {rules.max_title_chars}"
        )
    if raw.body is not None and raw.body.strip():
        body = raw.body
    else:
        html = raw.body_html or ""
        if len(html) > rules.max_html_chars:
            return Rejection(Reason.TOO_LARGE, f"body_html has {len(html)} chars")
        body = html_to_text(html)
    text = clean_text(body, rules)
    if len(text) > rules.max_text_chars:
        return Rejection(Reason.TOO_LARGE, f"text has {len(text)} chars > {rules.max_text_chars}")
    if not text:
        return Rejection(Reason.EMPTY, "no article text after normalization")
    try:
        url = canonical_url(raw.url, rules)
    except ValueError as exc:
        return Rejection(Reason.INVALID_URL, str(exc))
    try:
        published = to_utc(raw.published_at, ingested_at, rules)
    except ValueError as exc:
        return Rejection(Reason.INVALID_DATE, str(exc))
    language = declared_language(raw.language)
    return Normalized(
        title=title,
        text=text,
        canonical_url=url,
        published_at=published,
        language=language or detect_language(title, text),
        language_detected=language is None,
        author=clean_line(raw.author) if raw.author else None,
    )
