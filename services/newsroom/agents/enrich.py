"""Hop 1: articles.raw -> (validate, normalize, tag, classify, fingerprint) -> candidates / DLQ."""

from __future__ import annotations

from typing import Any

import structlog

from newsroom.agents.publish import Outputs, now, send_dead_letter
from newsroom.contracts import Origin, Reason
from newsroom.domain.pipeline import Enricher
from newsroom.domain.rejection import Rejection
from newsroom.metrics import Stopwatch

log = structlog.get_logger("newsroom.enrich")


def raw_ms(message: Any) -> int | None:
    """The broker's append time of a raw message in milliseconds (faust gives seconds)."""
    stamp = getattr(message, "timestamp", None)
    return int(stamp * 1000) if stamp else None


def register(app: Any, raw: Any, out: Outputs, enricher: Enricher) -> Any:
    """Attach the enrich agent to the app."""

    @app.agent(raw, name="newsroom.enrich")
    async def enrich(stream: Any) -> None:
        async for event in stream.events():
            msg = event.message
            origin = Origin(topic=msg.topic, partition=msg.partition, offset=msg.offset)
            out.track(msg)
            out.metrics.articles_in.labels("enrich").inc()
            payload, watch = event.value, Stopwatch(out.metrics)
            try:
                result = enricher.prepare(payload, origin, now(), watch.lap, raw_ms(msg))
            except Exception as exc:  # a bug must not stop the stream: dead-letter and go on
                log.exception("article.failed", stage="enrich", offset=msg.offset)
                result = Rejection(Reason.PROCESSING_ERROR, f"{type(exc).__name__}: {exc}")
            if isinstance(result, Rejection):
                await send_dead_letter(out, payload, origin, result)
                continue
            article = result.article
            key, body = article.id.encode(), result.model_dump_json().encode()
            refusal = out.too_large(out.candidates, key, body, {})
            if refusal:
                rejection = Rejection(Reason.TOO_LARGE, refusal)
                await send_dead_letter(out, payload, origin, rejection, article.id)
                continue
            await out.send(out.candidates, key, body)
            watch.lap("publish")
            log.info(
                "article.enriched",
                stage="enrich",
                article_id=article.id,
                partition=msg.partition,
                offset=msg.offset,
                language=article.language,
                ai_relevant=article.classification.ai_relevant,
                ms=watch.total_ms(),
            )

    return enrich
