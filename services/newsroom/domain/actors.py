"""Per-organization stance: strategy cues go to the nearest organization in their sentence."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field

from newsroom.contracts import Tags
from newsroom.domain.cues import POLAR, Hit
from newsroom.domain.scan import Scan

_FAR = 0.5  # a cue sentences away from the last-named organization still leans to it
_JOIN = frozenset(
    (
        ",",
        "and",
        ", and",
        "or",
        "&",
        "as well as",
        "und",
        "et",
        "y",
        "e",
        "和",
        "、",
        "与",
        "및",
        "と",
    )
)
_JOIN_CHARS = max(len(j) for j in _JOIN) + 4
_COUNTRY = {"us": "US", "china": "CN"}  # a lexicon organization's country, from its cue kind
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
    canonical: dict[str, Actor] = {}
    for org in tags.organizations:
        if not org.kb:
            continue  # NER names come after classification: the labels must not need them
        name = org.name.lower()
        if name not in actors:
            # A name that is one of the cue lexicon's organizations gets its mentions from the
            # lexicon's hits below (word-bounded, aliases included); others are searched here.
            own = aliases.get(name, "").lower() == name
            found = [] if own else _find(scan, org.name)
            actors[name] = Actor(org.id, org.name, org.country, found)
            canonical.setdefault(aliases.get(name, org.name).lower(), actors[name])
    canonical.update(actors)  # an organization tagged under the canonical name itself wins
    _drop_nested(list(actors.values()))
    taken = {at: a for a in actors.values() for at in a.positions}
    for hit in scan.actor_hits:
        if hit.cue.actor is None:
            continue
        if (hit.field, hit.start) in taken:  # the lexicon names a tagged mention: same actor
            taken[hit.field, hit.start].lexicon = True
            continue
        key = hit.cue.actor.lower()
        actor = canonical.get(key)
        if actor is None:
            country = _COUNTRY.get(hit.cue.kind)
            actor = actors[key] = canonical[key] = Actor(None, hit.cue.actor, country, [])
        actor.positions.append((hit.field, hit.start))
        actor.lexicon = True
    for actor in actors.values():
        actor.positions = sorted(set(actor.positions))
    return [a for a in actors.values() if a.positions]


def _drop_nested(actors: list[Actor]) -> None:
    """A name inside a longer tagged name ("Google" in "Google DeepMind") belongs to the longer."""
    names = [a.name.lower() for a in actors]
    for actor, name in zip(actors, names, strict=True):
        longer = [
            o for o, other in zip(actors, names, strict=True) if name != other and name in other
        ]
        if not longer:
            continue
        spans = [(f, p, p + len(o.name)) for o in longer for f, p in o.positions]
        size = len(name)
        actor.positions = [
            (f, p)
            for f, p in actor.positions
            if not any(f == g and s <= p and p + size <= e for g, s, e in spans)
        ]


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
    sizes = [len(a.name) for a in actors]
    fields = {
        "title": _Mentions(sorted(by_field["title"]), sizes, scan.lower_title, (0,)),
        "text": _Mentions(sorted(by_field["text"]), sizes, scan.lower_text, scan.starts),
    }
    for hit in polar:
        mentions = fields[hit.field]
        if not mentions.items:
            continue
        at, factor = mentions.owner(hit)
        if at is None:
            continue
        weight = hit.weight * factor
        for k in mentions.listed_with(at):
            owner = actors[mentions.items[k][1]]
            owner.scores[hit.kind] += weight
            owner.hits.append(hit)


class _Mentions:
    """The organization mentions of one field, by sentence, with who is listed with whom."""

    def __init__(
        self, items: list[tuple[int, int]], sizes: list[int], hay: str, starts: tuple[int, ...]
    ) -> None:
        self.items = items  # (position, actor index), in reading order
        self.starts = starts
        self.by_sentence: dict[int, list[int]] = {}
        for k, (pos, _) in enumerate(items):
            self.by_sentence.setdefault(bisect_right(starts, pos) - 1, []).append(k)
        # joined[k]: only a conjunction or a comma stands between mention k and mention k + 1.
        self.joined = [
            _joined(items[k], items[k + 1][0], sizes, hay) for k in range(len(items) - 1)
        ]

    def listed_with(self, at: int) -> list[int]:
        """The mention at `at` and those listed with it ("OpenAI, Google and Baidu keep ...")."""
        out = [at]
        k = at
        while k > 0 and self.joined[k - 1]:
            k -= 1
            out.append(k)
        k = at
        while k < len(self.joined) and self.joined[k]:
            k += 1
            out.append(k)
        return out

    def owner(self, hit: Hit) -> tuple[int | None, float]:
        """Index of the nearest mention in the hit's sentence, else of the last one before it."""
        start, end = hit.start, hit.end
        best, best_d = None, float("inf")
        for k in self.by_sentence.get(hit.sentence, ()):
            pos = self.items[k][0]
            if start <= pos < end:
                continue  # "on Hugging Face": the venue named inside the cue is not its subject
            d = start - pos if pos <= start else (pos - end) * _BEHIND
            if d < best_d:
                best, best_d = k, d
        if best is not None or len(self.starts) == 1:
            return best, 1.0
        s = hit.sentence
        first = bisect_left(self.items, (self.starts[s], -1))
        if first == 0:
            return None, 1.0
        pos = self.items[first - 1][0]
        # "The company said ...": the organization named last before the sentence.
        return first - 1, 1.0 if s > 0 and pos >= self.starts[s - 1] else _FAR


def _joined(left: tuple[int, int], right: int, sizes: list[int], hay: str) -> bool:
    """Whether only a conjunction or a comma stands between a mention and the next one."""
    end = left[0] + sizes[left[1]]
    return right - end <= _JOIN_CHARS and hay[end:right].strip() in _JOIN


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
