"""Per-organization stance: strategy cues go to the nearest organization in their sentence."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

from newsroom.contracts import Tags
from newsroom.domain.cues import POLAR, Hit
from newsroom.domain.scan import Scan

_BEHIND = 1.3  # a cue more often describes the organization named before it than after


@dataclass(slots=True)
class Actor:
    """An organization of the story, where it is named, and the strategy cues assigned to it."""

    id: str | None
    name: str
    country: str | None
    positions: list[tuple[str, int]]
    scores: dict[str, float] = field(default_factory=lambda: dict.fromkeys(POLAR, 0.0))
    hits: list[Hit] = field(default_factory=list)
    lexicon: bool = False


def find_actors(scan: Scan, tags: Tags, aliases: Mapping[str, str]) -> list[Actor]:
    """Tagged organizations, plus organizations of the cue lexicon the tagger did not report."""
    actors: dict[str, Actor] = {}
    for org in tags.organizations:
        key = aliases.get(org.name.lower(), org.name).lower()
        actors[key] = Actor(org.id, org.name, org.country, _find(scan, org.name))
    for hit in (*scan.title_hits, *scan.text_hits):
        canonical = hit.cue.actor
        if canonical is None:
            continue
        actor = actors.get(canonical.lower())
        if actor is None:
            country = {"us": "US", "china": "CN"}.get(hit.cue.kind)
            actor = actors[canonical.lower()] = Actor(None, canonical, country, [])
        actor.positions.append((hit.field, hit.start))
        actor.lexicon = True
    for actor in actors.values():
        actor.positions = sorted(set(actor.positions))
    return [a for a in actors.values() if a.positions]


def _find(scan: Scan, name: str) -> list[tuple[str, int]]:
    needle = name.lower()
    out = []
    for field_name, hay in (("title", scan.lower_title), ("text", scan.lower_text)):
        at = hay.find(needle)
        while at >= 0:
            out.append((field_name, at))
            at = hay.find(needle, at + len(needle))
    return out


def assign(actors: list[Actor], scan: Scan) -> None:
    """Give each open/closed/mixed hit to the closest actor in its sentence (or the previous)."""
    polar = scan.hits(*POLAR)
    if not polar or not actors:
        return
    by_field: dict[str, list[tuple[int, int]]] = {"title": [], "text": []}
    for i, actor in enumerate(actors):
        for field_name, pos in actor.positions:
            by_field[field_name].append((pos, i))
    for mentions in by_field.values():
        mentions.sort()
    for hit in polar:
        owner = _owner(hit, by_field[hit.field], scan.starts)
        if owner is not None:
            actors[owner].scores[hit.kind] += hit.weight
            actors[owner].hits.append(hit)


def _owner(hit: Hit, same: list[tuple[int, int]], starts: tuple[int, ...]) -> int | None:
    """The nearest mention in the hit's sentence, else the last one in the sentence before."""
    if hit.field == "title":
        lo, hi, s = 0, 1 << 30, 0
    else:
        s = bisect_right(starts, hit.start) - 1
        lo, hi = starts[s], starts[s + 1] if s + 1 < len(starts) else 1 << 30
    first = bisect_left(same, (lo, -1))
    best, best_d = None, float("inf")
    for pos, i in same[first:]:
        if pos >= hi:
            break
        d = hit.start - pos if pos <= hit.start else (pos - hit.end) * _BEHIND
        if d < best_d:
            best, best_d = i, d
    if best is not None or hit.field == "title" or s == 0 or first == 0:
        return best
    pos, i = same[first - 1]
    return i if pos >= starts[s - 1] else None


def credit_models(actors: list[Actor], tags: Tags, weight: float) -> None:
    """A tagged open- or closed-weight model counts toward its vendor's stance."""
    by_id = {a.id: a for a in actors if a.id}
    for model in tags.models:
        vendor = by_id.get(model.vendor or "")
        if vendor is not None and model.weights is not None:
            vendor.scores[model.weights] += weight * min(model.mentions, 3)


def stance(actor: Actor, min_total: float, balance: float) -> str:
    """open, closed or mixed when the cues say so clearly enough; none otherwise."""
    o, c, m = (actor.scores[k] for k in POLAR)
    if o + c + m < min_total:
        return "none"
    if m >= max(o, c) or (min(o, c) >= balance * max(o, c) and min(o, c) > 0):
        return "mixed"
    return "open" if o > c else "closed"
