"""Signatures of an article for deduplication: URL key, content hash, MinHash, paragraph hashes.

Words are runs of `\\w` characters after case folding, found and hashed with numpy over the
UTF-32 code points (a regex pass alone would cost more than the whole budget). The near-duplicate
signature is one-permutation MinHash (Li, Owen & Zhang 2012) with rotation densification
(Shrivastava & Li 2014) over word k-shingles: one hash per shingle, then a minimum per bin.
Every hash is a pure function of the text: stable across processes, machines and releases.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsroom.contracts import Fingerprint

SHINGLE_WORDS = 3  # k: measured on labelled variants, see README (Deduplication)
MINHASH_BINS = 128  # signature length: a power of two (bins are the top bits of a hash)
PARAGRAPH_CHARS = 8

_U64 = np.uint64
_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
_MASK32 = _U64(0xFFFFFFFF)
_ROTATE = np.uint32(0x9E3779B1)  # densification offset per bin of distance
_SHINGLE_MULT = (_U64(1), _U64(0x9E3779B97F4A7C15), _U64(0xC2B2AE3D27D4EB4F), _U64(0x165667B1))
# \w as Python's re defines it: str.isalnum() or "_"; U+FFFF and every code point above the BMP
# count as word characters. One entry per code point, so a lookup needs no clipping first.
_IS_WORD = np.ones(0x110000, dtype=bool)
_IS_WORD[:0x10000] = [chr(c).isalnum() or c in (0x5F, 0xFFFF) for c in range(0x10000)]
# Integer arrays wrap modulo 2**64 silently (numpy checks overflow only on scalars), so the hot
# paths below need no np.errstate (about 1.6 us per use).

Hashes = npt.NDArray[np.uint64]


def digest(value: str, size: int = 16) -> str:
    """A short stable hex digest."""
    return hashlib.blake2b(value.encode("utf-8"), digest_size=size).hexdigest()


class _PowerTable:
    """base**i and base**-i modulo 2**64, computed once and grown on demand (pure memo)."""

    def __init__(self, size: int) -> None:
        self.up, self.down = self._build(size)

    @staticmethod
    def _build(size: int) -> tuple[Hashes, Hashes]:
        out = np.ones((2, size), dtype=_U64)
        with np.errstate(over="ignore"):
            for row, base in enumerate((_BASE, pow(_BASE, -1, 2**64))):
                np.cumprod(np.full(size - 1, _U64(base), dtype=_U64), out=out[row, 1:])
        return out[0], out[1]

    def get(self, n: int) -> tuple[Hashes, Hashes]:
        if n > self.up.size:
            self.up, self.down = self._build(max(n, 2 * self.up.size))
        return self.up[:n], self.down[:n]


_POWERS = _PowerTable(1 << 15)


def _substring_hashes(
    values: Hashes, starts: npt.NDArray[np.intp], ends: npt.NDArray[np.intp]
) -> Hashes:
    """Position-independent polynomial hash of values[start:end] for each (start, end)."""
    up, down = _POWERS.get(values.size)
    prefix = np.zeros(values.size + 1, dtype=_U64)
    np.cumsum(values * up, dtype=_U64, out=prefix[1:])
    return _mix((prefix[ends] - prefix[starts]) * down[starts])


def _mix(h: Hashes) -> Hashes:
    """splitmix64 finalizer: spreads polynomial hashes over all 64 bits."""
    h = (h ^ (h >> _U64(30))) * _U64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> _U64(27))) * _U64(0x94D049BB133111EB)
    return h ^ (h >> _U64(31))


@dataclass(frozen=True, slots=True)
class Words:
    """Hashes of the words of a case-folded text, and where each word starts."""

    hashes: Hashes
    starts: npt.NDArray[np.intp]


def word_hashes(folded: str) -> Words:
    """64-bit hash of each word (a run of \\w characters) of case-folded text."""
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
    flags = np.zeros(codes.size + 2, dtype=bool)
    flags[1:-1] = _IS_WORD.take(codes)
    edges = np.flatnonzero(flags[1:] != flags[:-1])
    starts, ends = edges[0::2], edges[1::2]
    return Words(_substring_hashes(codes + _U64(1), starts, ends), starts)


def _distinct(values: Hashes) -> Hashes:
    """Sorted distinct values (np.unique is several times slower on this size)."""
    ordered = np.sort(values)
    keep = np.ones(ordered.size, dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def shingle_hashes(words: Hashes, k: int = SHINGLE_WORDS) -> Hashes:
    """Distinct hashes of the k-word shingles (one shingle of all words if fewer), sorted."""
    if words.size == 0:
        return words
    span = min(k, words.size)
    count = words.size - span + 1
    acc = words[:count].copy()  # _SHINGLE_MULT[0] is 1
    for i in range(1, span):
        acc += words[i : i + count] * _SHINGLE_MULT[i]
    return _distinct(_mix(acc))


def one_permutation_minhash(hashes: Hashes, bins: int = MINHASH_BINS) -> tuple[int, ...]:
    """32-bit minimum per bin (bin = top bits), empty bins filled from the next non-empty one."""
    if hashes.size == 0:
        return ()
    index = np.arange(bins)
    owner = (hashes >> _U64(64 - (bins.bit_length() - 1))).astype(np.intp)
    first = np.searchsorted(owner, index)  # sorted input: a bin's first hit is its minimum
    present = np.zeros(bins, dtype=bool)
    present[owner] = True
    values = (hashes[np.minimum(first, hashes.size - 1)] & _MASK32).astype(np.uint32)
    filled = np.flatnonzero(present)
    # An empty bin borrows from the nearest non-empty bin to its right (circularly), offset by
    # the distance, so two borrowed bins agree only when the sets agree at the donor.
    donor = filled[np.searchsorted(filled, index) % filled.size]
    out = values[donor] + ((donor - index) % bins).astype(np.uint32) * _ROTATE
    return tuple(out.tolist())


def paragraph_hashes(folded: str) -> tuple[str, ...]:
    """Short hashes of each paragraph (normalized text: one blank line between paragraphs)."""
    size = PARAGRAPH_CHARS // 2
    stripped = (p.strip() for p in folded.split("\n\n"))
    return tuple(
        hashlib.blake2b(p.encode("utf-8"), digest_size=size).hexdigest() for p in stripped if p
    )


def fingerprint(canonical_url: str, text: str) -> Fingerprint:
    """Fingerprint of one normalized article."""
    folded = text.casefold()
    words = word_hashes(folded)
    shingles = shingle_hashes(words.hashes)
    return Fingerprint(
        url_key=digest(canonical_url),
        content_hash=hashlib.blake2b(
            words.hashes.astype("<u8", copy=False).tobytes(), digest_size=16
        ).hexdigest(),
        minhash=one_permutation_minhash(shingles),
        shingles=int(shingles.size),
        paragraphs=paragraph_hashes(folded),
    )
