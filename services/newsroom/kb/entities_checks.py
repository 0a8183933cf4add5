"""Integrity checks of the entity knowledge base, and the surnames derived for people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from newsroom.domain.knowledge import Alias, ContextRule, Entity

if TYPE_CHECKING:
    from newsroom.kb.entities_schema import EntitySpec

_FAMILY_NAME_FIRST = frozenset({"CN", "TW", "HK", "KR", "VN"})
_LINKS = (("parent", "organization"), ("vendor", "organization"), ("family", "model"))


def _duplicates(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({i for i in ids if i in seen or seen.add(i)})  # type: ignore[func-returns-value]


def _link_problems(entities: list[Entity]) -> list[str]:
    kinds = {e.id: e.kind for e in entities}
    problems = []
    for entity in entities:
        for attr, kind in _LINKS:
            target = getattr(entity, attr)
            if target is not None and kinds.get(target) != kind:
                problems.append(f"{entity.id}: {attr} {target!r} is not a known {kind}")
        if entity.kind == "model" and (entity.vendor is None or entity.weights is None):
            problems.append(f"{entity.id}: a model needs vendor and weights")
    return problems


def _collisions(aliases: list[Alias]) -> list[str]:
    """The same surface for two entities is allowed only when context rules tell them apart."""
    by_key: dict[str, dict[str, list[Alias]]] = defaultdict(lambda: defaultdict(list))
    for alias in aliases:
        by_key[alias.text.casefold()][alias.entity].append(alias)
    problems = []
    for key, owners in by_key.items():
        if len(owners) < 2:
            continue
        ungated = [
            e for e, items in owners.items() if all(not (a.rule or a.requires) for a in items)
        ]
        if len(ungated) > 1 or (ungated and "" in owners):
            problems.append(f"alias {key!r} is shared by {sorted(owners)} without a rule")
    return problems


def _reference_problems(
    entities: list[Entity], aliases: list[Alias], rules: Mapping[str, ContextRule]
) -> list[str]:
    known = {e.id for e in entities}
    problems = []
    for alias in aliases:
        if alias.rule and alias.rule not in rules:
            problems.append(f"alias {alias.text!r}: unknown rule {alias.rule!r}")
        problems += [
            f"alias {alias.text!r}: requires unknown {r!r}"
            for r in alias.requires
            if r not in known
        ]
    for rule in rules.values():
        problems += [
            f"rule {rule.id}: requires unknown {r!r}" for r in rule.requires if r not in known
        ]
    return problems


def check(
    entities: list[Entity],
    aliases: list[Alias],
    rules: Mapping[str, ContextRule],
    rule_ids: list[str],
) -> None:
    """Raise ValueError naming every problem: duplicate ids, dangling links, alias clashes."""
    problems = [f"duplicate id {i!r}" for i in _duplicates(e.id for e in entities)]
    problems += [f"duplicate rule {i!r}" for i in _duplicates(rule_ids)]
    problems += _link_problems(entities)
    problems += _reference_problems(entities, aliases, rules)
    problems += _collisions(aliases)
    if problems:
        raise ValueError("knowledge base: " + "; ".join(problems))


def _surname(spec: EntitySpec) -> str | None:
    words = spec.name.split()
    if len(words) < 2:
        return None
    return words[0] if spec.country in _FAMILY_NAME_FIRST else words[-1]


def short_names(specs: list[EntitySpec], aliases: list[Alias]) -> list[Alias]:
    """People's short names ("Altman"), counted only when the full name is tagged too."""
    taken = {a.text.casefold() for a in aliases}
    wanted: dict[str, list[str]] = defaultdict(list)
    for spec in specs:
        if spec.type != "person":
            continue
        names = spec.short if spec.short is not None else [_surname(spec)]
        for name in names:
            if name:
                wanted[name].append(spec.id)
    return [
        Alias(name, owners[0], exact_case=True, requires=(owners[0],))
        for name, owners in wanted.items()
        if len(owners) == 1 and name.casefold() not in taken and len(name) > 1
    ]
