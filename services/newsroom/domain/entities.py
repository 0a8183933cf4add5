"""Tagging against the knowledge base: one alias pass over title and text, then name fallbacks."""

from __future__ import annotations

import dataclasses
from collections.abc import Set
from dataclasses import dataclass

from newsroom.contracts import CountryTag, EntityTag, Tags
from newsroom.domain.alias_index import build_automaton
from newsroom.domain.alias_match import Hit, scan
from newsroom.domain.knowledge import KnowledgeBase
from newsroom.domain.names import HeuristicNames, find_kind, untitled
from newsroom.domain.ner import Name, NameFinder, overlaps, plausible, trim
from newsroom.domain.tally import Tally, lead_end
from newsroom.domain.tally_tags import country_tags, entity_tag

TITLE, TEXT = 0, 1
FieldHit = tuple[int, Hit]
_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Tagged:
    """An article's knowledge-base tags, with the hits that name fallbacks must not overlap.

    `tally` holds the counts behind `tags`: name finding extends a copy of it, never it.
    """

    title: str
    text: str
    language: str
    hits: tuple[FieldHit, ...]
    tags: Tags
    tally: Tally = dataclasses.field(compare=False, repr=False)


class Tagger:
    """Tags an article from the KB, then adds unlinked people and organizations.

    Two fallbacks add names: a cheap heuristic (`kb.name_cues`, every language, whole text)
    and an optional English `model` limited to the title and `model_chars` of the text
    (None: all of it), run only for AI-relevant articles when `model_ai_only` is set.
    """

    __slots__ = (
        "_automaton",
        "_heuristic",
        "_known",
        "_model",
        "_model_chars",
        "_named",
        "ai_only",
        "kb",
    )

    def __init__(
        self,
        kb: KnowledgeBase,
        model: NameFinder | None = None,
        model_chars: int | None = None,
        *,
        model_ai_only: bool = False,
        heuristic: bool = True,
    ) -> None:
        self.kb = kb
        self._automaton = build_automaton(kb)
        self._known = frozenset(a.text.casefold() for a in kb.aliases) | kb.stopnames
        # What a mention of each entity makes present for _gate: itself and its relatives.
        self._named = {
            e.id: frozenset(filter(None, (e.id, e.vendor, e.parent, e.family)))
            for e in kb.entities.values()
        }
        self._model = model
        self._model_chars = model_chars
        self._heuristic = HeuristicNames(kb.name_cues) if heuristic else None
        self.ai_only = model_ai_only

    @property
    def kb_version(self) -> str:
        return self.kb.version

    def tag(self, title: str, text: str, language: str) -> Tags:
        """Every entity the article mentions, names outside the KB included."""
        return self.with_names(self.scan(title, text, language), ai_relevant=True)

    def scan(self, title: str, text: str, language: str) -> Tagged:
        """Knowledge-base tags only: what classification reads."""
        fields = (title, text)
        hits = [(f, h) for f in (TITLE, TEXT) for h in scan(self._automaton, self.kb, fields[f])]
        hits = self._gate(hits)
        tally = self._tally(text, hits)
        return Tagged(title, text, language, tuple(hits), self._tags(tally), tally)

    def with_names(self, tagged: Tagged, ai_relevant: bool) -> Tags:
        """The KB tags plus unlinked names; the model runs only where it is switched on."""
        use_model = self._model is not None and tagged.language.startswith("en")
        use_model = use_model and (ai_relevant or not self.ai_only)
        if self._heuristic is None and not use_model:
            return tagged.tags
        tally = tagged.tally.copy()
        fields = (tagged.title, tagged.text)
        for field, source in enumerate(fields):
            taken = [(h.start, h.end) for f, h in tagged.hits if f == field]
            guessed = self._heuristic.find(source) if self._heuristic else []
            found = [n for n in guessed if n.kind == "organization"]
            reach = 0  # the model reads the title, and the text up to model_chars
            if use_model:
                assert self._model is not None
                cut = None if field == TITLE else self._model_chars
                reach = len(source) if cut is None else cut
                found += self._model.find(source[:reach])
            found += [n for n in guessed if n.kind == "person" and n.start >= reach]
            self._add_names(tally, field, source, found, taken)
        tally.merge_surnames(self.kb)
        return self._tags(tally, tagged.tags)

    def _tally(self, text: str, hits: list[FieldHit]) -> Tally:
        tally = Tally(lead_end(text))
        for field, hit in hits:
            if hit.alias.entity:
                tally.add(("kb", hit.alias.entity), field == TITLE, hit.start, hit.alias.via)
        return tally

    def _gate(self, hits: list[FieldHit]) -> list[FieldHit]:
        """Drop hits whose alias or rule wants another entity the article does not mention."""
        if not any(h.alias.requires or h.alias.rule for _, h in hits):
            return hits  # most articles: nothing wants anything
        wants = [self._wants(h) for _, h in hits]
        present: set[str] = set()
        for (_, hit), wanted in zip(hits, wants, strict=True):
            if not wanted and hit.alias.entity:
                present |= self._named[hit.alias.entity]
        kept = zip(hits, wants, strict=True)
        return [fh for fh, wanted in kept if not wanted or present & wanted]

    def _wants(self, hit: Hit) -> Set[str]:
        if not hit.alias.requires and not hit.alias.rule:
            return _NOTHING  # most aliases: no set to build
        rule = self.kb.rules.get(hit.alias.rule) if hit.alias.rule else None
        return set(hit.alias.requires) | set(rule.requires if rule else ())

    def _add_names(
        self, tally: Tally, field: int, source: str, found: list[Name], taken: list[tuple[int, int]]
    ) -> None:
        for name in found:
            start, end = trim(source, name.start, name.end)
            start = untitled(self.kb.name_cues, source, start, end)
            surface = " ".join(source[start:end].split())
            if not plausible(surface) or overlaps(start, end, taken):
                continue
            if surface.casefold() in self._known:
                continue
            taken.append((start, end))
            kind = find_kind(self.kb.name_cues, name.kind, surface)
            tally.add((kind, surface), field == TITLE, start, "name")

    def _tags(self, tally: Tally, earlier: Tags | None = None) -> Tags:
        """Tags from the counts; those of `earlier` (scan's) that still hold are reused."""
        reuse = {t.id: t for t in _entity_tags(earlier)}
        groups: dict[str, list[EntityTag]] = {"organization": [], "person": [], "model": []}
        for key, seen in tally.items():
            tag = entity_tag(self.kb, key, seen, reuse.get(key[1]) if key[0] == "kb" else None)
            if tag is not None:
                groups[tag[0]].append(tag[1])
        countries: list[CountryTag] = country_tags(
            self.kb, tally, earlier.countries if earlier is not None else ()
        )
        order = lambda t: (-t.salience, t.first_offset, t.name)  # noqa: E731
        return Tags(
            kb_version=self.kb.version,
            organizations=tuple(sorted(groups["organization"], key=order)),
            people=tuple(sorted(groups["person"], key=order)),
            models=tuple(sorted(groups["model"], key=order)),
            countries=tuple(countries),
        )


def _entity_tags(tags: Tags | None) -> tuple[EntityTag, ...]:
    return () if tags is None else tags.organizations + tags.people + tags.models
