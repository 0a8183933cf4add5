"""Turn cue hits into Evidence data an editor can read: the phrase, its offsets and the cue."""

from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from newsroom.domain.cues import Hit
from newsroom.domain.scan import Scan


def evidence(s: Scan, hits: Sequence[Hit], limit: int = 5) -> list[dict[str, Any]]:
    """The strongest hits (at most `limit`, one per phrase), in reading order, as Evidence data."""
    top: list[Hit] = []
    seen: set[tuple[str, str]] = set()
    # Strongest first, reading order among equals (the sort is stable); usually only the first
    # few hits are looked at.
    for hit in sorted(hits, key=_WEIGHT, reverse=True):
        key = (hit.kind, hit.cue.phrase)
        if key in seen:
            continue
        seen.add(key)
        top.append(hit)
        if len(top) == limit:
            break
    top.sort(key=_place)
    return [_one(s, h) for h in top]


def _place(hit: Hit) -> tuple[bool, int]:
    return (hit.field != "title", hit.start)


_WEIGHT = itemgetter(5)  # Hit.weight


def _one(s: Scan, hit: Hit) -> dict[str, Any]:
    source = s.title if hit.field == "title" else s.text
    cue = f"{hit.kind}:{hit.cue.group}:{hit.cue.phrase}"
    if hit.note:
        cue = f"{cue} ({hit.note.strip()})"
    return {
        "cue": cue,
        "text": source[hit.start : hit.end],
        "start": hit.start,
        "end": hit.end,
        "field": hit.field,
        "weight": round(hit.weight, 3),
    }
