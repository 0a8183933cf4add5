"""The dedup state layout: compact JSON records that each carry the day they were stored.

Keys (one letter, then a short hash):
  o<origin>  replay record: [day, version, status, duplicate_of, method, similarity, changes]
  u<url>     page record:   [day, first_id, version, content_ref, paragraphs, story_id]
  i<id>      scraper id:    [day, url_key]                (only for ids a scraper supplied)
  h<ref>     content:       [day, story_id] or [day, story_id, shingles, signature]
  b<band><h> LSH bucket:    "day:ref,ref,..."             (newest ref first, day of the newest)
A record older than the window is dead: lookups ignore it and `expired_keys` returns it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from newsroom.contracts import Candidate
from newsroom.domain.fingerprint import digest

State = MutableMapping[str, Any]
_EPOCH = date(1970, 1, 1)
PARAGRAPH_CHARS = 4  # per paragraph in page records: enough to diff two versions of one page


def day_of(moment: datetime) -> int:
    """Days since 1970-01-01 (UTC): the unit of retention."""
    return (moment.astimezone(UTC).date() - _EPOCH).days


@dataclass(frozen=True, slots=True)
class Window:
    """Which stored days are still remembered on `today`."""

    today: int
    days: int

    def live(self, day: int) -> bool:
        """Stored less than `days` days ago (or later than today: clocks differ)."""
        return self.today - day < self.days


@dataclass(frozen=True, slots=True)
class Keys:
    """The state keys one candidate touches."""

    origin: str
    url: str
    scraper_id: str | None
    content: str
    ref: str

    @classmethod
    def of(cls, candidate: Candidate) -> Keys:
        fp, article = candidate.fingerprint, candidate.article
        derived = article.id == f"u-{digest(article.canonical_url, 10)}"
        return cls(
            origin=f"o{digest(candidate.origin.key, 8)}",
            url=f"u{fp.url_key[:16]}",
            scraper_id=None if derived else f"i{digest(article.id, 8)}",
            content=f"h{fp.content_hash[:12]}",
            ref=fp.content_hash[:12],
        )


def record_day(value: Any) -> int | None:
    """The day a record was stored, or None for a value this layout does not know."""
    if isinstance(value, list) and value and isinstance(value[0], int):
        return value[0]
    if isinstance(value, str) and ":" in value:
        head = value.split(":", 1)[0]
        return int(head) if head.isdigit() else None
    return None


def live_get(state: State, key: str, window: Window) -> Any:
    """The record at key if it is still inside the window, else None."""
    value = state.get(key)
    day = record_day(value)
    return value if day is not None and window.live(day) else None


def bucket_refs(value: str | None) -> list[str]:
    """Content refs in an LSH bucket, newest first."""
    return value.split(":", 1)[1].split(",") if value else []


def bucket_with(value: str | None, ref: str, day: int, size: int) -> str:
    """The bucket after adding ref (newest first, at most `size` refs)."""
    refs = [ref, *(r for r in bucket_refs(value) if r != ref)][:size]
    return f"{day}:{','.join(refs)}"


def short_paragraphs(paragraphs: Iterable[str]) -> str:
    """Paragraph hashes cut to PARAGRAPH_CHARS each, concatenated."""
    return "".join(p[:PARAGRAPH_CHARS] for p in paragraphs)


def split_paragraphs(packed: str) -> list[str]:
    """Inverse of short_paragraphs."""
    return [packed[i : i + PARAGRAPH_CHARS] for i in range(0, len(packed), PARAGRAPH_CHARS)]


def expired_keys(
    items: Iterable[tuple[str, Any]], today: int, retention_days: int
) -> Iterator[str]:
    """Keys whose record is older than the window: the retention sweep deletes them."""
    window = Window(today, retention_days)
    for key, value in items:
        day = record_day(value)
        if day is not None and not window.live(day):
            yield key
