"""Fit the relevance, strategy and bloc models on our own labelled articles -> model.json.

Run with `make train`. scikit-learn is used here only; the runtime reads the JSON weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.model_selection import (  # type: ignore[import-untyped]
    StratifiedKFold,
    cross_val_score,
)

from newsroom.contracts import RawArticle
from newsroom.domain.classify import Classifier
from newsroom.domain.entities import Tagger
from newsroom.domain.normalize import NormalizationRules, normalize
from newsroom.domain.rejection import Rejection
from newsroom.evaluation.dataset import read_examples
from newsroom.kb import load_normalization_rules
from newsroom.kb.classify_loader import load_classifier

DEFAULT_DATA = Path("tests/data/labelled/train_classify.jsonl")
DEFAULT_OUT = Path("services/newsroom/kb/classify/model.json")
MODEL_VERSION = "lin-1"
C_GRID = (0.05, 0.1, 0.3, 1.0, 3.0)


def default_tagger() -> Tagger:
    """The tagger the service runs with (so training sees the features production sees)."""
    from newsroom.app import build_enricher
    from newsroom.settings import Settings

    return build_enricher(Settings()).tagger


def readings(
    path: Path, classifier: Classifier, tagger: Tagger, rules: NormalizationRules
) -> list[tuple[dict[str, Any], dict[str, dict[str, float]]]]:
    """(gold, feature groups) for every article of a labelled file."""
    now = datetime.now(UTC)
    out = []
    for _ref, gold, payload in read_examples([path]):
        norm = normalize(RawArticle.model_validate_json(payload), now, rules)
        if isinstance(norm, Rejection):
            raise SystemExit(f"training article rejected: {norm}")
        tags = tagger.tag(norm.title, norm.text, norm.language)
        reading = classifier.read(norm.title, norm.text, tags)
        out.append((gold, reading.groups))
    return out


def fit(xs: list[dict[str, float]], ys: list[str], balanced: bool) -> dict[str, Any]:
    """A standardized logistic regression, C picked by 5-fold log-loss."""
    names = sorted(xs[0])
    raw = np.array([[x[n] for n in names] for x in xs], dtype=float)
    mean, scale = raw.mean(axis=0), raw.std(axis=0)
    scale[scale == 0] = 1.0
    z, y = (raw - mean) / scale, np.array(ys)
    weight = "balanced" if balanced else None
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)

    def score(c: float) -> float:
        model = LogisticRegression(C=c, class_weight=weight, max_iter=5000)
        return float(cross_val_score(model, z, y, cv=folds, scoring="neg_log_loss").mean())

    best = max(C_GRID, key=score)
    model = LogisticRegression(C=best, class_weight=weight, max_iter=5000).fit(z, y)
    return {
        "classes": [str(c) for c in model.classes_],
        "features": names,
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "coef": [[round(float(v), 6) for v in row] for row in model.coef_],
        "intercept": [round(float(v), 6) for v in model.intercept_],
        "C": best,
    }


def train(path: Path) -> dict[str, Any]:
    """All three models from one labelled file."""
    rows = readings(path, load_classifier(with_model=False), default_tagger(), _rules())
    relevant = [(g, x) for g, x in rows if g["ai_relevant"]]
    models = {
        "relevance": fit(
            [x["relevance"] for _, x in rows],
            ["yes" if g["ai_relevant"] else "no" for g, _ in rows],
            False,
        ),
        "strategy": fit(
            [x["strategy"] for _, x in relevant], [g["strategy"] for g, _ in relevant], True
        ),
        "bloc": fit([x["bloc"] for _, x in rows], [g["bloc"] for g, _ in rows], True),
    }
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    for spec in models.values():
        spec.pop("C")
    return {
        "version": MODEL_VERSION,
        "trained_on": f"{path.name} ({len(rows)} articles, sha256 {digest})",
        "models": models,
    }


def _rules() -> NormalizationRules:
    return load_normalization_rules()


def main(argv: list[str] | None = None) -> None:
    """Train and write model.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    spec = train(args.data)
    args.out.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {spec['trained_on']}")


if __name__ == "__main__":
    main()
