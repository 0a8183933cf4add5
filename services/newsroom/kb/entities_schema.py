"""The file schemas of kb/entities/*.yaml: what each entity, country, rule and name-cue file
may hold (extra keys refused)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

_ID = r"^[a-z0-9][a-z0-9.+_-]*$"
_CODE = r"^[A-Z]{2}$"


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AliasSpec(_Spec):
    text: str = Field(min_length=1)
    rule: str | None = None
    exact_case: bool = False
    requires: list[str] = []


AliasIn = str | AliasSpec


class EntitySpec(_Spec):
    id: str = Field(pattern=_ID)
    name: str = Field(min_length=1)
    type: Literal["organization", "person", "model"]
    country: str | None = Field(default=None, pattern=_CODE)
    parent: str | None = None
    vendor: str | None = None
    family: str | None = None
    weights: Literal["open", "closed"] | None = None
    seat: bool = False
    rule: str | None = Field(default=None, description="Context rule gating the name itself.")
    exact_case: bool = False
    aliases: list[AliasIn] = []
    short: list[str] | None = Field(default=None, description="People: None derives a surname.")


class CountrySpec(_Spec):
    code: str = Field(pattern=_CODE)
    name: str
    rule: str | None = None
    aliases: list[AliasIn] = []
    demonyms: list[AliasIn] = []
    capitals: list[AliasIn] = []


Word = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]  # an empty word is everywhere


class RuleSpec(_Spec):
    id: str
    about: str = Field(min_length=1, description="What the rule tells apart, for reviewers.")
    cues: list[Word] = []
    vetoes: list[Word] = []
    window: int = Field(default=0, ge=0)
    requires: list[str] = []
    not_before: list[str] = []
    not_after: list[str] = []
    not_in_name: bool = False


class EntityFile(_Spec):
    entities: list[EntitySpec]


class CountryFile(_Spec):
    countries: list[CountrySpec]


class RulesFile(_Spec):
    rules: list[RuleSpec]
    blockers: list[str] = []
    ner_stopnames: list[str] = []


class NamesFile(_Spec):
    org_words: list[str] = []
    org_suffixes: list[str] = []
    org_before: list[str] = []
    person_before: list[str] = []
    person_after: list[str] = []
    leading: list[str] = []
    titles: list[str] = []
    connectors: list[str] = []
    not_names: list[str] = []
    zh_surnames: str = ""
    zh_speech: list[str] = []


class Manifest(_Spec):
    version: str
    entities: list[str] = Field(min_length=1)
    countries: str
    rules: str
    names: str | None = None
