"""Load kb/classify: cue lexicons (YAML) and trained weights (model.json) into a Classifier."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from newsroom.domain.classify import Classifier
from newsroom.domain.context import ContextRules
from newsroom.domain.cue_index import Cue
from newsroom.domain.cues import Matcher
from newsroom.domain.linear import LinearModel

CUE_FILES = ("relevance.yaml", "strategy.yaml", "bloc.yaml")
MODEL_FILE = "model.json"
Kind = Literal[
    "relevance", "open", "closed", "mixed", "negator", "modal", "critic", "trap",
    "us", "china", "other", "contest",
]  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Group(_Strict):
    name: str
    kind: Kind
    weight: float = Field(gt=0)
    case_sensitive: bool = False
    support: bool = Field(
        default=False, description="Relevance cues that count as AI only alongside core AI cues."
    )
    phrases: list[str] = []
    names: dict[str, list[str]] = Field(default={}, description="Organization -> aliases.")


class _Context(_Strict):
    negation_window: int = Field(ge=0)
    modal_window: int = Field(ge=0)
    negation_factor: float = Field(ge=0)
    modal_factor: float = Field(ge=0)
    critic_factor: float = Field(ge=0)
    title_factor: float = Field(ge=0)
    lead_chars: int = Field(ge=0)
    lead_factor: float = Field(ge=0)
    stance_min: float = Field(ge=0)
    stance_balance: float = Field(ge=0, le=1)
    model_weight: float = Field(ge=0)


class CueFile(_Strict):
    version: str
    context: _Context | None = None
    groups: list[_Group]


class _Linear(_Strict):
    classes: list[str] = Field(min_length=2)
    features: list[str] = Field(min_length=1)
    mean: list[float]
    scale: list[float]
    coef: list[list[float]]
    intercept: list[float]


class ModelFile(_Strict):
    version: str
    trained_on: str
    models: dict[Literal["relevance", "strategy", "bloc"], _Linear]


def _read(name: str) -> str:
    return resources.files("newsroom.kb").joinpath("classify", name).read_text("utf-8")


def cue_files() -> list[CueFile]:
    """The validated cue files."""
    return [CueFile.model_validate(yaml.safe_load(_read(name))) for name in CUE_FILES]


def _cues(group: _Group) -> list[Cue]:
    out = [
        Cue(group.kind, group.name, p, group.weight, p.endswith("*"), support=group.support)
        for p in group.phrases
    ]
    for canonical, aliases in group.names.items():
        for alias in {canonical.lower(), *(a.lower() for a in aliases)}:
            out.append(Cue(group.kind, group.name, alias, group.weight, False, canonical))
    return out


def load_classifier(with_model: bool = True) -> Classifier:
    """A Classifier from kb/classify; with_model=False is for the trainer (no weights yet)."""
    files = cue_files()
    folded = [c for f in files for g in f.groups if not g.case_sensitive for c in _cues(g)]
    exact = [c for f in files for g in f.groups if g.case_sensitive for c in _cues(g)]
    context = next(f.context for f in files if f.context is not None)
    aliases = {c.phrase: c.actor for c in folded if c.actor}
    models: dict[str, LinearModel] = {}
    version = "+".join(f.version for f in files)
    if with_model:
        raw = _read(MODEL_FILE)
        spec = ModelFile.model_validate(json.loads(raw))
        models = {name: _linear(m) for name, m in spec.models.items()}
        version = f"{version}+{spec.version}-{hashlib.sha256(raw.encode()).hexdigest()[:8]}"
    return Classifier(
        version=version,
        matcher=Matcher.build(folded, exact),
        rules=ContextRules(**context.model_dump()),
        aliases=aliases,
        models=models,
    )


def _linear(m: _Linear) -> LinearModel:
    return LinearModel(
        classes=tuple(m.classes),
        features=tuple(m.features),
        mean=tuple(m.mean),
        scale=tuple(m.scale),
        coef=tuple(tuple(row) for row in m.coef),
        intercept=tuple(m.intercept),
    )
