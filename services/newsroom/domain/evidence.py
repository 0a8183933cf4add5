"""Turn cue hits into Evidence data an editor can read: the phrase, its offsets and the cue."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newsroom.domain.cues import Hit
from newsroom.domain.scan import Scan


def evidence(s: Scan, hits: Iterable[Hit], limit: int = 5) -> list[dict[str, Any]]:
    """The strongest hits (at most `limit`, one per phrase), in reading order, as Evidence data."""
    best: dict[tuple[str, str], Hit] = {}
    for hit in hits:
        key = (hit.kind, hit.cue.phrase)
        if key not in best or hit.weight > best[key].weight:
            best[key] = hit
    top = sorted(best.values(), key=lambda h: -h.weight)[:limit]
    top.sort(key=lambda h: (h.field != "title", h.start))
    return [_one(s, h) for h in top]


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
