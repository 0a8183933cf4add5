"""Signatures of an article for deduplication: URL key and normalized-content hash."""

from __future__ import annotations

import hashlib
import re

from newsroom.contracts import Fingerprint

_WORD = re.compile(r"\w+")


def digest(value: str, size: int = 16) -> str:
    """A short stable hex digest."""
    return hashlib.blake2b(value.encode("utf-8"), digest_size=size).hexdigest()


def content_words(text: str) -> list[str]:
    """Case-folded words: the unit that exact and near-duplicate checks compare."""
    return _WORD.findall(text.casefold())


def fingerprint(canonical_url: str, text: str) -> Fingerprint:
    """Fingerprint of one normalized article."""
    return Fingerprint(
        url_key=digest(canonical_url),
        content_hash=digest(" ".join(content_words(text))),
    )
