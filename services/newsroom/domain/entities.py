"""Tagging against the knowledge base (placeholder until the tagging issue lands)."""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.contracts import Tags


@dataclass(frozen=True, slots=True)
class Tagger:
    kb_version: str

    def tag(self, title: str, text: str, language: str) -> Tags:
        """Entities the article mentions."""
        return Tags(kb_version=self.kb_version)
