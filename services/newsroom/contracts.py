"""The events newsroom reads and writes: pydantic v2 models, the single source of schemas/."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 1

StrategyLabel = Literal["open", "closed", "mixed", "unclear"]
BlocLabel = Literal["us", "china", "both", "neither"]
Stance = Literal["open", "closed", "mixed", "none"]
Verdict = Literal["unique", "duplicate", "update"]
DedupMethod = Literal["none", "url", "id", "exact", "near"]
CountryVia = Literal["name", "demonym", "capital", "inferred"]


class Reason(StrEnum):
    """Stable dead-letter reason codes; alerting keys on these, so never rename one."""

    INVALID_JSON = "invalid_json"
    ENCODING = "encoding"
    SCHEMA = "schema"
    TOO_LARGE = "too_large"
    EMPTY = "empty"
    INVALID_URL = "invalid_url"
    INVALID_DATE = "invalid_date"
    PUBLISH_FAILED = "publish_failed"
    TOO_SLOW = "too_slow"
    PROCESSING_ERROR = "processing_error"


class RawArticle(BaseModel):
    """What scrapers send: lenient, unknown fields ignored, either `body` or `body_html`."""

    model_config = ConfigDict(extra="ignore", coerce_numbers_to_str=True, frozen=True)

    id: str | None = Field(default=None, max_length=512, description="The scraper's item id.")
    source: str = Field(min_length=1, max_length=512, description="Outlet or feed name.")
    url: str = Field(min_length=1, max_length=8192)
    title: str = Field(max_length=4096)
    body: str | None = Field(default=None, description="Plain-text body.")
    body_html: str | None = Field(default=None, description="HTML body, used when body is absent.")
    published_at: datetime = Field(description="ISO 8601; naive values are taken as UTC.")
    language: str | None = Field(default=None, max_length=16, description="ISO 639-1 if known.")
    fetched_at: datetime | None = None
    author: str | None = Field(default=None, max_length=1024)

    @model_validator(mode="after")
    def _has_body(self) -> RawArticle:
        if self.body is None and self.body_html is None:
            raise ValueError("one of body or body_html is required")
        return self


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EntityTag(_Frozen):
    """An organization, person or model the article mentions."""

    id: str | None = Field(description="Knowledge-base id; null for entities found by NER only.")
    name: str = Field(description="Canonical name.")
    kb: bool = Field(description="True when linked to the knowledge base.")
    mentions: int = Field(ge=1)
    first_offset: int = Field(ge=0, description="Character offset of the first mention in text.")
    salience: float = Field(ge=0.0, le=1.0, description="Title and lead mentions weigh more.")
    parent: str | None = Field(default=None, description="Parent organization id (roll-ups).")
    country: str | None = Field(default=None, description="ISO 3166 alpha-2 of the entity.")
    vendor: str | None = Field(default=None, description="Models: vendor organization id.")
    family: str | None = Field(default=None, description="Models: family id.")
    weights: Literal["open", "closed"] | None = Field(default=None, description="Models only.")


class CountryTag(_Frozen):
    """A country the article mentions, or that its tagged entities imply."""

    code: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2.")
    mentions: int = Field(ge=0)
    via: CountryVia


class Tags(_Frozen):
    """Entities found in the article, linked to a knowledge-base version."""

    kb_version: str
    organizations: tuple[EntityTag, ...] = ()
    people: tuple[EntityTag, ...] = ()
    models: tuple[EntityTag, ...] = ()
    countries: tuple[CountryTag, ...] = ()


class Evidence(_Frozen):
    """A span of the text (or title) that moved a label, and the cue that fired."""

    cue: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    field: Literal["title", "text"] = "text"
    weight: float = 0.0


class Relevance(_Frozen):
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: tuple[Evidence, ...] = ()


class StrategyResult(_Frozen):
    label: StrategyLabel | None = Field(description="Null when the article is not AI-relevant.")
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: tuple[Evidence, ...] = ()


class BlocResult(_Frozen):
    label: BlocLabel
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: tuple[Evidence, ...] = ()


class ActorStance(_Frozen):
    id: str | None
    name: str
    stance: Stance
    evidence: tuple[Evidence, ...] = ()


class Classification(_Frozen):
    ai_relevant: bool
    relevance: Relevance
    strategy: StrategyResult
    bloc: BlocResult
    actors: tuple[ActorStance, ...] = ()
    model_version: str = ""


class Dedup(_Frozen):
    status: Verdict
    duplicate_of: str | None = Field(description="Id of the first-seen article of the story.")
    method: DedupMethod
    similarity: float | None = Field(default=None, ge=0.0, le=1.0)
    changes: str | None = Field(default=None, description="Updates: what changed.")


class Origin(_Frozen):
    """Where an input came from: a Kafka position, or a file line for offline runs."""

    topic: str
    partition: int = Field(ge=0)
    offset: int = Field(ge=0)

    @property
    def key(self) -> str:
        return f"{self.topic}/{self.partition}/{self.offset}"


class Fingerprint(_Frozen):
    """Compact signatures the dedup stage decides on."""

    url_key: str
    content_hash: str
    minhash: tuple[int, ...] = ()
    shingles: int = Field(default=0, ge=0, description="Distinct shingles in the text.")
    paragraphs: tuple[str, ...] = Field(default=(), description="Short paragraph hashes.")


class ArticleCore(_Frozen):
    """An article after validation, normalization, tagging and classification."""

    schema_version: int = SCHEMA_VERSION
    id: str
    source: str
    url: str
    canonical_url: str
    title: str
    text: str
    language: str
    language_detected: bool
    author: str | None = None
    published_at: AwareDatetime
    ingested_at: AwareDatetime
    tags: Tags
    classification: Classification


class EnrichedArticle(ArticleCore):
    """What `articles.enriched` and `articles.duplicates` carry."""

    event_id: str = Field(description="Deterministic: a replay of the same input yields it again.")
    version: int = Field(ge=1)
    dedup: Dedup


class Candidate(_Frozen):
    """Internal hop from the enrich stage to the serialized dedup stage."""

    schema_version: int = SCHEMA_VERSION
    origin: Origin
    raw_timestamp_ms: int | None = Field(default=None, description="Raw append time (ms).")
    fingerprint: Fingerprint
    article: ArticleCore


class DeadLetter(_Frozen):
    """An input the service could not turn into an article, with its original bytes."""

    schema_version: int = SCHEMA_VERSION
    reason: Reason
    detail: str
    payload_b64: str = Field(description="Original bytes (capped: see payload_truncated).")
    payload_size: int = Field(ge=0, description="Size of the original payload in bytes.")
    payload_sha256: str
    payload_truncated: bool = False
    source_topic: str
    source_partition: int
    source_offset: int
    article_id: str | None = None
    failed_at: AwareDatetime
