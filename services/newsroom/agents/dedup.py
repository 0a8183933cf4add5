"""Hop 2: candidates -> dedup verdict against the table -> articles.enriched / duplicates."""

from __future__ import annotations

import time
from typing import Any

import orjson
import structlog

from newsroom.agents.publish import headers_for, send_confirmed, send_dead_letter
from newsroom.contracts import Candidate, Origin, Reason
from newsroom.domain.pipeline import decide
from newsroom.domain.rejection import Rejection

log = structlog.get_logger("newsroom.dedup")


def register(
    app: Any, candidates: Any, enriched: Any, duplicates: Any, dlq: Any, table: Any, cap: int
) -> Any:
    """Attach the dedup agent to the app."""

    @app.agent(candidates, name="newsroom.dedup")
    async def dedup(stream: Any) -> None:
        async for event in stream.events():
            msg = event.message
            started = time.perf_counter()
            try:
                candidate = Candidate.model_validate_json(event.value)
                article = decide(candidate, table)
            except Exception as exc:  # a bug must not stop the stream: dead-letter and go on
                log.exception("article.failed", stage="dedup", offset=msg.offset)
                origin = Origin(topic=msg.topic, partition=msg.partition, offset=msg.offset)
                rejection = Rejection(Reason.PROCESSING_ERROR, f"{type(exc).__name__}: {exc}")
                await send_dead_letter(dlq, event.value, origin, rejection, cap)
                continue
            target = duplicates if article.dedup.status == "duplicate" else enriched
            body = orjson.dumps(article.model_dump(mode="json"))
            try:
                await send_confirmed(target, article.id.encode(), body, headers_for(article))
            except Exception as exc:
                rejection = Rejection(Reason.PUBLISH_FAILED, f"{type(exc).__name__}: {exc}")
                await send_dead_letter(dlq, body, candidate.origin, rejection, cap, article.id)
                continue
            log.info(
                "article.decided",
                stage="dedup",
                article_id=article.id,
                event_id=article.event_id,
                verdict=article.dedup.status,
                method=article.dedup.method,
                duplicate_of=article.dedup.duplicate_of,
                source_offset=candidate.origin.offset,
                ms=round((time.perf_counter() - started) * 1000, 3),
            )

    return dedup
