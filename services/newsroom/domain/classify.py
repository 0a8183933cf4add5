"""AI relevance, open/closed strategy and US/China bloc (placeholder until issue 4)."""

from __future__ import annotations

from dataclasses import dataclass

from newsroom.contracts import BlocResult, Classification, Relevance, StrategyResult, Tags


@dataclass(frozen=True, slots=True)
class Classifier:
    version: str

    def classify(self, title: str, text: str, tags: Tags) -> Classification:
        """Labels with confidence and evidence."""
        return Classification(
            ai_relevant=False,
            relevance=Relevance(confidence=0.5),
            strategy=StrategyResult(label=None, confidence=0.0),
            bloc=BlocResult(label="neither", confidence=0.5),
            model_version=self.version,
        )
