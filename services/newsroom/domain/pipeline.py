"""enrich = parse -> normalize -> tag -> classify -> fingerprint, then the dedup decision."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from newsroom.contracts import (
    ArticleCore,
    Candidate,
    DeadLetter,
    EnrichedArticle,
    Origin,
    RawArticle,
    Reason,
)
from newsroom.domain.classify import Classifier
from newsroom.domain.dedup import State, judge
from newsroom.domain.entities import Tagger
from newsroom.domain.fingerprint import digest, fingerprint
from newsroom.domain.normalize import NormalizationRules, Normalized, normalize
from newsroom.domain.parse import parse_raw
from newsroom.domain.rejection import Rejection

Lap = Callable[[str], None]


def _no_lap(stage: str) -> None:
    """Default: stages are not timed."""


def article_id(raw: RawArticle, canonical_url: str) -> str:
    """The scraper's id when given, else a stable id derived from the canonical URL."""
    return raw.id.strip() if raw.id and raw.id.strip() else f"u-{digest(canonical_url, 10)}"


@dataclass(frozen=True, slots=True)
class Enricher:
    """Everything the stateless stages need, built once by the composition root."""

    rules: NormalizationRules
    tagger: Tagger
    classifier: Classifier
    max_message_bytes: int
    # Per-article time budget and the clock measuring it, injected by the composition root
    # (None: no budget, as in most unit tests). Input caps bound the worst case;
    # the budget stops an article that is slow anyway before the costlier stages.
    budget_s: float | None = None
    clock: Callable[[], float] | None = None

    @property
    def tagger_version(self) -> str:
        return self.tagger.kb_version

    @property
    def classifier_version(self) -> str:
        return self.classifier.version

    def prepare(
        self,
        payload: bytes | None,
        origin: Origin,
        ingested_at: datetime,
        lap: Lap = _no_lap,
        raw_timestamp_ms: int | None = None,
    ) -> Candidate | Rejection:
        """One raw message -> an enriched candidate awaiting its dedup verdict.

        `lap(stage)` is called as each stage ends, so the caller can time stages.
        """
        started = self.clock() if self.clock else 0.0
        raw = parse_raw(payload, self.max_message_bytes)
        lap("parse")
        if isinstance(raw, Rejection):
            return raw
        norm = normalize(raw, ingested_at, self.rules)
        lap("normalize")
        if isinstance(norm, Rejection):
            return norm
        if late := self._over_budget(started, "normalize"):
            return late
        core = self._core(raw, norm, ingested_at, lap)
        if late := self._over_budget(started, "classify"):
            return late
        fp = fingerprint(norm.canonical_url, norm.text)
        lap("fingerprint")
        return Candidate(
            origin=origin, fingerprint=fp, article=core, raw_timestamp_ms=raw_timestamp_ms
        )

    def _over_budget(self, started: float, stage: str) -> Rejection | None:
        """A too_slow rejection when the article has used up its time budget."""
        if self.budget_s is None or self.clock is None:
            return None
        spent = self.clock() - started
        if spent <= self.budget_s:
            return None
        return Rejection(
            Reason.TOO_SLOW, f"{spent:.2f} s spent by the end of {stage} > {self.budget_s} s"
        )

    def _core(
        self, raw: RawArticle, norm: Normalized, ingested_at: datetime, lap: Lap
    ) -> ArticleCore:
        tagged = self.tagger.scan(norm.title, norm.text, norm.language)
        lap("tag")
        classification = self.classifier.classify(norm.title, norm.text, tagged.tags)
        lap("classify")
        tags = self.tagger.with_names(tagged, classification.ai_relevant)
        lap("names")
        return ArticleCore(
            id=article_id(raw, norm.canonical_url),
            source=raw.source.strip(),
            url=raw.url,
            canonical_url=norm.canonical_url,
            title=norm.title,
            text=norm.text,
            language=norm.language,
            language_detected=norm.language_detected,
            author=norm.author,
            published_at=norm.published_at,
            ingested_at=ingested_at,
            tags=tags,
            classification=classification,
        )


def decide(candidate: Candidate, state: State, retention_days: int = 7) -> EnrichedArticle:
    """Attach the dedup verdict (recording it in state) to a candidate."""
    decision = judge(candidate, state, retention_days)
    # Every part was validated already (the candidate and the Dedup model): no second pass.
    return EnrichedArticle.model_construct(
        **dict(candidate.article),
        event_id=decision.event_id,
        version=decision.version,
        dedup=decision.dedup,
    )


def enrich_and_decide(
    enricher: Enricher,
    payload: bytes | None,
    origin: Origin,
    now: datetime,
    state: State,
    dlq_cap: int,
) -> EnrichedArticle | DeadLetter:
    """Both hops in one call, without Kafka in between: the event one raw message becomes."""
    result = enricher.prepare(payload, origin, now)
    if isinstance(result, Rejection):
        return dead_letter(payload, origin, result, now, dlq_cap)
    return decide(result, state)


def dead_letter(
    payload: bytes | None,
    origin: Origin,
    rejection: Rejection,
    failed_at: datetime,
    max_payload_bytes: int,
    article_id: str | None = None,
) -> DeadLetter:
    """A dead letter keeping the original bytes, cut at max_payload_bytes."""
    data = payload or b""
    kept = data[:max_payload_bytes]
    return DeadLetter(
        reason=rejection.reason,
        detail=rejection.detail[:2000],
        payload_b64=base64.b64encode(kept).decode("ascii"),
        payload_size=len(data),
        payload_sha256=hashlib.sha256(data).hexdigest(),
        payload_truncated=len(kept) < len(data),
        source_topic=origin.topic,
        source_partition=origin.partition,
        source_offset=origin.offset,
        article_id=article_id,
        failed_at=failed_at,
    )
