"""The knowledge base: versioned data files shipped with the package, and their loaders."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from newsroom.domain.normalize import BoilerplateRule, NormalizationRules


class _RuleGroup(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    case_sensitive: bool = False
    patterns: list[str] = Field(min_length=1)


class _Tracking(BaseModel):
    model_config = ConfigDict(extra="forbid")
    exact: list[str]
    prefixes: list[str]


class _NormalizationFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    max_line_chars: int = Field(gt=0)
    tracking_params: _Tracking
    boilerplate: list[_RuleGroup]


def read_yaml(name: str) -> Any:
    """Parse one data file of this package."""
    return yaml.safe_load(resources.files(__name__).joinpath(name).read_text("utf-8"))


def load_normalization_rules(**limits: Any) -> NormalizationRules:
    """Normalization rules from kb/normalization.yaml; limits override the defaults."""
    spec = _NormalizationFile.model_validate(read_yaml("normalization.yaml"))
    rules = tuple(
        BoilerplateRule(
            group.name, re.compile(pattern, 0 if group.case_sensitive else re.IGNORECASE)
        )
        for group in spec.boilerplate
        for pattern in group.patterns
    )
    return NormalizationRules(
        version=spec.version,
        tracking_exact=frozenset(p.lower() for p in spec.tracking_params.exact),
        tracking_prefixes=tuple(p.lower() for p in spec.tracking_params.prefixes),
        boilerplate=rules,
        max_line_chars=spec.max_line_chars,
        **limits,
    )
