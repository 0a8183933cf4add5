"""Load kb/entities/*.yaml into a KnowledgeBase: validated files, version, integrity checks."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from importlib import resources

import yaml

from newsroom.contracts import CountryVia
from newsroom.domain.knowledge import Alias, ContextRule, Entity, KnowledgeBase
from newsroom.domain.names import NameCues
from newsroom.kb.entities_checks import check, short_names
from newsroom.kb.entities_schema import (
    AliasIn,
    CountryFile,
    CountrySpec,
    EntityFile,
    EntitySpec,
    Manifest,
    NamesFile,
    RulesFile,
    RuleSpec,
)


def _alias(spec: AliasIn, entity: str, via: CountryVia = "name") -> Alias:
    if isinstance(spec, str):
        return Alias(text=spec, entity=entity, via=via)
    return Alias(spec.text, entity, via, spec.exact_case, spec.rule, tuple(spec.requires))


def _entity_aliases(spec: EntitySpec) -> list[Alias]:
    own = [Alias(spec.name, spec.id, exact_case=spec.exact_case, rule=spec.rule)]
    return own + [_alias(a, spec.id) for a in spec.aliases]


def _country_aliases(spec: CountrySpec) -> list[Alias]:
    out = [Alias(spec.name, spec.code, rule=spec.rule)]
    out += [_alias(a, spec.code) for a in spec.aliases]
    out += [_alias(a, spec.code, via="demonym") for a in _plurals(spec.demonyms)]
    return out + [_alias(a, spec.code, via="capital") for a in spec.capitals]


def _plurals(demonyms: list[AliasIn]) -> list[AliasIn]:
    """Plural demonyms are generic: "Kenyans", "Israelis"; not "Chinese", "French", "Swiss"."""
    out = list(demonyms)
    for item in demonyms:
        text = item if isinstance(item, str) else item.text
        if not text.endswith(("sh", "ch", "ese", "s", "x", "z")):
            out.append(
                text + "s"
                if isinstance(item, str)
                else item.model_copy(update={"text": text + "s"})
            )
    return out


def _pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    ordered = sorted(_words(words), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)")


def _words(words: list[str]) -> tuple[str, ...]:
    """Lower-cased, each once."""
    return tuple(sorted({w.lower() for w in words}))


def _rule(spec: RuleSpec) -> ContextRule:
    return ContextRule(
        id=spec.id,
        cues=_words(spec.cues),
        vetoes=_words(spec.vetoes),
        window=spec.window,
        requires=tuple(spec.requires),
        not_before=tuple(w.lower() for w in spec.not_before),
        not_after=tuple(w.lower() for w in spec.not_after),
        not_in_name=spec.not_in_name,
    )


def _folded(words: list[str]) -> frozenset[str]:
    return frozenset(w.casefold() for w in words)


def name_cues(spec: NamesFile) -> NameCues:
    """The heuristic name finder's lexicons, casefolded and compiled."""
    zh = None
    if spec.zh_surnames and spec.zh_speech:
        speech = "|".join(map(re.escape, spec.zh_speech))
        surnames = re.escape(spec.zh_surnames)
        zh = re.compile(f"([{surnames}][\u4e00-\u9fff]{{1,2}}?)(?:{speech})")
    return NameCues(
        org_words=_folded(spec.org_words),
        org_suffixes=_folded(spec.org_suffixes),
        org_before=_folded(spec.org_before),
        person_before=_pattern(spec.person_before),
        person_after=_pattern(spec.person_after),
        leading=_folded(spec.leading),
        titles=_folded(spec.titles),
        connectors=_folded(spec.connectors),
        not_names=_folded(spec.not_names),
        zh_person=zh,
    )


def _entity(spec: EntitySpec) -> Entity:
    return Entity(
        spec.id,
        spec.name,
        spec.type,
        spec.country,
        spec.parent,
        spec.vendor,
        spec.family,
        spec.weights,
        spec.seat,
    )


def _read(name: str, digest: hashlib._Hash) -> object:
    data = resources.files("newsroom.kb").joinpath("entities", name).read_bytes()
    digest.update(data)
    return yaml.safe_load(data)


def load_knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base; raises ValueError listing every integrity problem."""
    digest = hashlib.sha256()
    manifest = Manifest.model_validate(_read("manifest.yaml", digest))
    specs = [
        e for f in manifest.entities for e in EntityFile.model_validate(_read(f, digest)).entities
    ]
    countries = CountryFile.model_validate(_read(manifest.countries, digest)).countries
    rules = RulesFile.model_validate(_read(manifest.rules, digest))
    names = NamesFile.model_validate(_read(manifest.names, digest)) if manifest.names else None
    kb = build(f"{manifest.version}+{digest.hexdigest()[:8]}", specs, countries, rules)
    return replace(kb, name_cues=name_cues(names)) if names else kb


def build(
    version: str, specs: list[EntitySpec], countries: list[CountrySpec], rules: RulesFile
) -> KnowledgeBase:
    """Assemble and check a knowledge base from parsed file contents."""
    entities = [_entity(s) for s in specs]
    entities += [Entity(c.code, c.name, "country") for c in countries]
    aliases = [a for s in specs for a in _entity_aliases(s)]
    aliases += [a for c in countries for a in _country_aliases(c)]
    aliases += [Alias(text, "") for text in rules.blockers]
    rule_map = {r.id: _rule(r) for r in rules.rules}
    check(entities, aliases, rule_map, [r.id for r in rules.rules])
    aliases += short_names(specs, aliases)
    by_id = {e.id: e for e in entities}
    stop = frozenset(w.casefold() for w in rules.ner_stopnames)
    return KnowledgeBase(version, by_id, tuple(aliases), rule_map, stop)
