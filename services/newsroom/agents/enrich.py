"""Hop 1: articles.raw -> (validate, normalize, tag, classify, fingerprint) -> candidates / DLQ."""

from __future__ import annotations

import time
from typing import Any

import structlog

from newsroom.agents.publish import now, send_confirmed, send_dead_letter
from newsroom.contracts import Origin, Reason
from newsroom.domain.pipeline import Enricher
from newsroom.domain.rejection import Rejection

log = structlog.get_logger("newsroom.enrich")


def register(app: Any, raw: Any, candidates: Any, dlq: Any, enricher: Enricher, cap: int) -> Any:
    """Attach the enrich agent to the app."""

    @app.agent(raw, name="newsroom.enrich")
    async def enrich(stream: Any) -> None:
        async for event in stream.events():
            msg = event.message
            origin = Origin(topic=msg.topic, partition=msg.partition, offset=msg.offset)
            payload = event.value
            started = time.perf_counter()
            try:
                result = enricher.prepare(payload, origin, now())
            except Exception as exc:  # a bug must not stop the stream: dead-letter and go on
                log.exception("article.failed", stage="enrich", offset=msg.offset)
                result = Rejection(Reason.PROCESSING_ERROR, f"{type(exc).__name__}: {exc}")
            if isinstance(result, Rejection):
                await send_dead_letter(dlq, payload, origin, result, cap)
                continue
            article = result.article
            try:
                await send_confirmed(
                    candidates, article.id.encode(), result.model_dump_json().encode()
                )
            except Exception as exc:
                rejection = Rejection(Reason.PUBLISH_FAILED, f"{type(exc).__name__}: {exc}")
                await send_dead_letter(dlq, payload, origin, rejection, cap, article.id)
                continue
            log.info(
                "article.enriched",
                stage="enrich",
                article_id=article.id,
                partition=msg.partition,
                offset=msg.offset,
                language=article.language,
                ai_relevant=article.classification.ai_relevant,
                ms=round((time.perf_counter() - started) * 1000, 3),
            )

    return enrich
