"""Tagging against the knowledge base: one alias pass over title and text, then an NER fallback."""

from __future__ import annotations

from newsroom.contracts import CountryTag, EntityTag, Tags
from newsroom.domain.alias_match import Hit, build_automaton, scan
from newsroom.domain.knowledge import KnowledgeBase
from newsroom.domain.ner import NameFinder, overlaps, plausible, trim
from newsroom.domain.tally import Tally, country_tags, entity_tag, lead_end

TITLE, TEXT = 0, 1


class Tagger:
    """Tags an article; `names` adds unlinked people and organizations (None turns that off).

    `ner_chars` limits the fallback to the title and the first characters of the text, where
    the model's cost pays best (None: the whole text). The model is English: other languages
    get knowledge-base tags only.
    """

    __slots__ = ("_automaton", "_known", "_names", "_ner_chars", "kb")

    def __init__(
        self, kb: KnowledgeBase, names: NameFinder | None = None, ner_chars: int | None = None
    ) -> None:
        self.kb = kb
        self._automaton = build_automaton(kb)
        self._known = frozenset(a.text.casefold() for a in kb.aliases) | kb.stopnames
        self._names = names
        self._ner_chars = ner_chars

    @property
    def kb_version(self) -> str:
        return self.kb.version

    def tag(self, title: str, text: str, language: str) -> Tags:
        """Entities the article mentions; countries also inferred from tagged entities."""
        fields = (title, text)
        hits = [(f, h) for f in (TITLE, TEXT) for h in scan(self._automaton, self.kb, fields[f])]
        hits = self._gate(hits)
        tally = Tally(lead_end(text))
        for field, hit in hits:
            if hit.alias.entity:
                tally.add(("kb", hit.alias.entity), field == TITLE, hit.start, hit.alias.via)
        if self._names is not None and language.startswith("en"):
            self._add_names(tally, fields, hits)
        return self._tags(tally)

    def _gate(self, hits: list[tuple[int, Hit]]) -> list[tuple[int, Hit]]:
        """Drop hits whose alias or rule wants another entity the article does not mention."""
        wants = {id(h): self._wants(h) for _, h in hits}
        present: set[str] = set()
        for _, hit in hits:
            if not wants[id(hit)] and hit.alias.entity:
                entity = self.kb.entities[hit.alias.entity]
                present.update(filter(None, (entity.id, entity.vendor, entity.parent)))
                present.update(filter(None, (entity.family,)))
        return [(f, h) for f, h in hits if not wants[id(h)] or present & wants[id(h)]]

    def _wants(self, hit: Hit) -> set[str]:
        rule = self.kb.rules.get(hit.alias.rule) if hit.alias.rule else None
        return set(hit.alias.requires) | set(rule.requires if rule else ())

    def _add_names(
        self, tally: Tally, fields: tuple[str, str], hits: list[tuple[int, Hit]]
    ) -> None:
        assert self._names is not None
        for field, source in enumerate(fields):
            scope = (
                source if field == TITLE or self._ner_chars is None else source[: self._ner_chars]
            )
            taken = [(h.start, h.end) for f, h in hits if f == field]
            for name in self._names.find(scope):
                start, end = trim(source, name.start, name.end)
                surface = " ".join(source[start:end].split())
                if not plausible(surface) or overlaps(start, end, taken):
                    continue
                if surface.casefold() in self._known:
                    continue
                taken.append((start, end))
                tally.add((name.kind, surface), field == TITLE, start, "name")
        tally.merge_surnames(self.kb)

    def _tags(self, tally: Tally) -> Tags:
        groups: dict[str, list[EntityTag]] = {"organization": [], "person": [], "model": []}
        for key, seen in tally.items():
            tag = entity_tag(self.kb, key, seen)
            if tag is not None:
                groups[tag[0]].append(tag[1])
        countries: list[CountryTag] = country_tags(self.kb, tally)
        order = lambda t: (-t.salience, t.first_offset, t.name)  # noqa: E731
        return Tags(
            kb_version=self.kb.version,
            organizations=tuple(sorted(groups["organization"], key=order)),
            people=tuple(sorted(groups["person"], key=order)),
            models=tuple(sorted(groups["model"], key=order)),
            countries=tuple(countries),
        )
