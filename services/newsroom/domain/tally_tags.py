"""Tags from an article's counts: entity tags with salience, countries named or implied."""

from __future__ import annotations

from newsroom.contracts import CountryTag, CountryVia, EntityTag
from newsroom.domain.knowledge import KnowledgeBase
from newsroom.domain.tally import Key, Seen, Tally, salience

_VIA_ORDER: tuple[CountryVia, ...] = ("name", "demonym", "capital")


def entity_tag(
    kb: KnowledgeBase, key: Key, seen: Seen, earlier: EntityTag | None = None
) -> tuple[str, EntityTag] | None:
    """The tag of one tallied entity, with its group; None for countries.

    `earlier` is this entity's tag from an earlier count of the same article: when the counts
    still agree it is returned as it is (building a tag is mostly pydantic validation).
    """
    common = _counted(seen)
    if (
        earlier is not None
        and key[0] == "kb"
        and all(getattr(earlier, k) == common[k] for k in common)
    ):
        return kb.entities[key[1]].kind, earlier  # its other fields come from the KB entity
    if key[0] != "kb":
        return key[0], EntityTag(id=None, name=key[1], kb=False, **common)
    entity = kb.entities[key[1]]
    if entity.kind == "country":
        return None
    tag = EntityTag(
        id=entity.id,
        name=entity.name,
        kb=True,
        parent=entity.parent,
        country=entity.country,
        vendor=entity.vendor,
        family=entity.family,
        weights=entity.weights,
        **common,
    )
    return entity.kind, tag


def _counted(seen: Seen) -> dict[str, int | float]:
    """The fields of an entity's tag that come from its counts (the rest from the KB)."""
    return {
        "mentions": seen.mentions,
        "first_offset": seen.first or 0,
        "salience": salience(seen.weight),
    }


def country_tags(
    kb: KnowledgeBase, tally: Tally, earlier: tuple[CountryTag, ...] = ()
) -> list[CountryTag]:
    """Countries named (by name, demonym or capital), then those implied by tagged entities.

    Tags equal to one in `earlier` (the same article counted before) are that tag, unbuilt.
    """
    named: dict[str, Seen] = {}
    implied: set[str] = set()
    for key, seen in tally.items():
        entity = kb.entities[key[1]] if key[0] == "kb" else None
        if entity is None:
            continue
        if entity.kind == "country":
            named.setdefault(entity.id, Seen()).absorb(seen)
            named[entity.id].vias |= seen.vias
        elif entity.seat and entity.country:
            named.setdefault(entity.country, Seen()).absorb(seen)
            named[entity.country].vias.add("capital")
        elif entity.kind in ("organization", "person") and entity.country:
            implied.add(entity.country)
    ready = {(t.code, t.mentions, t.via): t for t in earlier}
    fields = [
        (code, seen.mentions, _via(seen.vias))
        for code, seen in sorted(named.items(), key=lambda item: -item[1].weight)
    ]
    fields += [(c, 0, "inferred") for c in sorted(implied - set(named))]
    return [_country_tag(ready.get(f), *f) for f in fields]


def _country_tag(
    earlier: CountryTag | None, code: str, mentions: int, via: CountryVia
) -> CountryTag:
    return earlier if earlier is not None else CountryTag(code=code, mentions=mentions, via=via)


def _via(vias: set[CountryVia]) -> CountryVia:
    return next(v for v in _VIA_ORDER if v in vias)
