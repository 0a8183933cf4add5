"""MinHash arithmetic for dedup: LSH band keys, compact stored signatures, similarity estimates.

Stored signatures keep 8 bits per bin (b-bit MinHash, Li & König 2010): two unrelated bins agree
by chance with probability 1/256, which the estimate corrects for. The numbers behind every
default are in the README (Deduplication): labelled variants (tests/support/dedup_variants.py)
and the real-data runs of bench/dedup_real.py.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

_U64 = np.uint64
_CHANCE = 1.0 / 256.0


@dataclass(frozen=True, slots=True)
class Params:
    """Tuning of candidate search and verification."""

    bands: int = 12
    rows: int = 2  # bins per band: bands * rows <= signature length
    jaccard: float = 0.40  # estimated Jaccard at or above which texts are near-duplicates
    containment: float = 0.75  # ... or share of the smaller text found in the larger
    containment_floor: float = 0.20  # containment is only trusted above this Jaccard
    bucket_size: int = 4  # ids kept per LSH bucket (newest first)


@dataclass(frozen=True, slots=True)
class Similarity:
    jaccard: float
    containment: float

    def is_near(self, params: Params) -> bool:
        """The verification rule: a real threshold on Jaccard, or on containment."""
        if self.jaccard >= params.jaccard:
            return True
        return self.jaccard >= params.containment_floor and self.containment >= params.containment

    @property
    def score(self) -> float:
        """What a verdict reports: containment never undercuts Jaccard."""
        return round(max(self.jaccard, self.containment), 3)


def band_keys(minhash: tuple[int, ...], params: Params) -> list[str]:
    """One state key per band: "b" + band number (hex) + a 36-bit hash of the band's bins."""
    used = params.bands * params.rows
    if len(minhash) < used:
        return []
    grid = np.asarray(minhash[:used], dtype=_U64).reshape(params.bands, params.rows)
    acc = np.zeros(params.bands, dtype=_U64)
    with np.errstate(over="ignore"):
        for column in range(params.rows):
            acc = (acc ^ grid[:, column]) * _U64(0x100000001B3)
        acc ^= acc >> _U64(29)
        acc *= _U64(0xBF58476D1CE4E5B9)
    return [f"b{band:x}{int(h) >> 28:09x}" for band, h in enumerate(acc.tolist())]


def pack(minhash: tuple[int, ...]) -> str:
    """The low 8 bits of each bin, base64: 4 characters per 3 bins."""
    low = np.asarray(minhash, dtype=np.uint32).astype(np.uint8)
    return base64.b64encode(low.tobytes()).decode("ascii")


def low_bits(minhash: tuple[int, ...]) -> npt.NDArray[np.uint8]:
    """The bins as `pack` stores them, to compare one article with many stored ones."""
    return np.asarray(minhash, dtype=np.uint32).astype(np.uint8)


def similarity(
    ours: npt.NDArray[np.uint8], shingles: int, stored: str, stored_shingles: int
) -> Similarity:
    """Estimated Jaccard (chance agreements removed) and containment from the shingle counts;
    `ours` is the article's `low_bits`, made once when it meets many stored articles."""
    theirs = np.frombuffer(base64.b64decode(stored), dtype=np.uint8)
    if ours.size != theirs.size or ours.size == 0:
        return Similarity(0.0, 0.0)
    agree = float(np.count_nonzero(ours == theirs)) / ours.size
    jaccard = min(1.0, max(0.0, (agree - _CHANCE) / (1.0 - _CHANCE)))
    smaller = min(shingles, stored_shingles)
    common = jaccard * (shingles + stored_shingles) / (1.0 + jaccard)
    containment = min(1.0, common / smaller) if smaller else 0.0
    return Similarity(round(jaccard, 4), round(containment, 4))
