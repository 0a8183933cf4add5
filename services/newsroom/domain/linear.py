"""A trained linear model (logistic or softmax) evaluated in pure Python from its weights."""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LinearModel:
    """Standardized features -> class probabilities; one coefficient row per class (or one)."""

    classes: tuple[str, ...]
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]

    @property
    def _columns(self) -> zip[tuple[str, float, float]]:
        return zip(self.features, self.mean, self.scale, strict=True)

    @property
    def _rows(self) -> zip[tuple[tuple[float, ...], float]]:
        return zip(self.coef, self.intercept, strict=True)

    def probabilities(self, x: Mapping[str, float]) -> dict[str, float]:
        """Probability of each class for one feature mapping (missing features are 0)."""
        get = x.get
        z = [(get(name, 0.0) - mu) / sd for name, mu, sd in self._columns]
        scores = [b + sum(map(operator.mul, row, z)) for row, b in self._rows]
        if len(scores) == 1:
            p = 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, scores[0]))))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        return {c: e / total for c, e in zip(self.classes, exp, strict=True)}

    def predict(self, x: Mapping[str, float]) -> tuple[str, float]:
        """The most probable class and its probability."""
        probs = self.probabilities(x)
        label = max(probs, key=probs.__getitem__)
        return label, probs[label]
