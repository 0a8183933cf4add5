"""AI relevance, open/closed strategy, US/China bloc and actor stances, with evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from newsroom.contracts import Classification, Tags
from newsroom.domain import features as feat
from newsroom.domain.actors import Actor, assign, credit_models, find_actors, stance
from newsroom.domain.context import ContextRules
from newsroom.domain.cues import POLAR, Matcher
from newsroom.domain.evidence import evidence
from newsroom.domain.linear import LinearModel
from newsroom.domain.scan import Scan, scan

Data = dict[str, Any]
_BLOC_KINDS = {
    "us": ("us",),
    "china": ("china",),
    "both": ("us", "china", "contest"),
    "neither": ("other",),
}


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything measured on one article before the models decide."""

    scan: Scan
    actors: list[Actor]
    stances: list[str]
    groups: dict[str, dict[str, float]]

    @property
    def features(self) -> dict[str, float]:
        """All features of the three questions in one mapping."""
        return {k: v for group in self.groups.values() for k, v in group.items()}


@dataclass(frozen=True)
class Classifier:
    """Cue lexicon + context rules + trained linear models (kb/classify), all data."""

    version: str
    matcher: Matcher
    rules: ContextRules
    aliases: Mapping[str, str]
    models: Mapping[str, LinearModel]

    def read(self, title: str, text: str, tags: Tags) -> Reading:
        """Cue hits, actors with stances, and the features of all three questions."""
        s = scan(title, text, self.matcher, self.rules)
        actors = find_actors(s, tags, self.aliases)
        assign(actors, s)
        credit_models(actors, tags, self.rules.model_weight)
        stances = [stance(a, self.rules.stance_min, self.rules.stance_balance) for a in actors]
        groups = {
            "relevance": feat.relevance_features(s, tags, self.rules.lead_chars),
            "strategy": feat.strategy_features(s, actors, stances),
            "bloc": feat.bloc_features(s, feat.bloc_scores(s, tags, actors)),
        }
        return Reading(s, actors, stances, groups)

    def classify(self, title: str, text: str, tags: Tags) -> Classification:
        """Labels with confidence and evidence."""
        r = self.read(title, text, tags)
        x = r.features
        p_rel = self.models["relevance"].probabilities(x)["yes"]
        relevant = p_rel >= 0.5
        # One validation pass in pydantic-core for the whole nested result.
        return Classification.model_validate(
            {
                "ai_relevant": relevant,
                "relevance": {
                    "confidence": round(p_rel if relevant else 1.0 - p_rel, 4),
                    "evidence": evidence(r.scan, r.scan.hits("relevance")),
                },
                "strategy": self._strategy(r, x, relevant, 1.0 - p_rel),
                "bloc": self._bloc(r, x),
                "actors": [_actor(r, a, st) for a, st in zip(r.actors, r.stances, strict=True)],
                "model_version": self.version,
            }
        )

    def _strategy(self, r: Reading, x: dict[str, float], relevant: bool, p_not: float) -> Data:
        if not relevant:
            return {"label": None, "confidence": round(p_not, 4)}
        label, p = self.models["strategy"].predict(x)
        kinds = POLAR if label != "unclear" else ()
        return {
            "label": label,
            "confidence": round(p, 4),
            "evidence": evidence(r.scan, r.scan.hits(*kinds)) if kinds else [],
        }

    def _bloc(self, r: Reading, x: dict[str, float]) -> Data:
        label, p = self.models["bloc"].predict(x)
        return {
            "label": label,
            "confidence": round(p, 4),
            "evidence": evidence(r.scan, r.scan.hits(*_BLOC_KINDS.get(label, ()))),
        }


def _actor(r: Reading, actor: Actor, st: str) -> Data:
    return {
        "id": actor.id,
        "name": actor.name,
        "stance": st if st in POLAR else "none",
        "evidence": evidence(r.scan, actor.hits, 3),
    }
