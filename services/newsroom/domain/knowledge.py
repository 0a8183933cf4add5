"""The knowledge base as pure values: entities, their aliases and the rules that gate them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from newsroom.contracts import CountryVia
from newsroom.domain.names import NameCues

EntityKind = Literal["organization", "person", "model", "country"]
Weights = Literal["open", "closed"]


@dataclass(frozen=True, slots=True)
class Entity:
    """One thing the knowledge base knows, with the facts tags carry for roll-ups."""

    id: str
    name: str
    kind: EntityKind
    country: str | None = None
    parent: str | None = None
    vendor: str | None = None
    family: str | None = None
    weights: Weights | None = None
    seat: bool = False  # a seat of government: a mention also names its country


@dataclass(frozen=True, slots=True)
class Alias:
    """A surface form of an entity; an empty entity id marks a blocker (a phrase that is no tag)."""

    text: str
    entity: str
    via: CountryVia = "name"
    exact_case: bool = False
    rule: str | None = None
    requires: tuple[str, ...] = ()  # one of these entity ids must be tagged too


@dataclass(frozen=True, slots=True)
class ContextRule:
    """When an ambiguous alias counts: cues wanted, vetoes refused, neighbours refused."""

    id: str
    # Lower-case words wanted / refused on word bounds (as a regex's \w defines them) around
    # the mention; empty: none of that kind.
    cues: tuple[str, ...] = ()
    vetoes: tuple[str, ...] = ()
    window: int = 0  # characters either side searched for cues and vetoes; 0 = whole text
    requires: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()  # lower-case text that must not follow the mention
    not_after: tuple[str, ...] = ()  # lower-case text that must not precede the mention
    not_in_name: bool = False  # refuse "Michael Jordan", "Sofia Brandt": a capitalized neighbour


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Entities by id, every alias, and the context rules by id."""

    version: str
    entities: Mapping[str, Entity]
    aliases: tuple[Alias, ...]
    rules: Mapping[str, ContextRule] = field(default_factory=dict)
    stopnames: frozenset[str] = frozenset()  # casefolded words the NER fallback must not tag
    name_cues: NameCues = field(default_factory=NameCues)  # the heuristic finder's lexicons
