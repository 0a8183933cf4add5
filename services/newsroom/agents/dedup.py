"""Hop 2: candidates -> dedup verdict against the table -> articles.enriched / duplicates."""

from __future__ import annotations

from typing import Any

import orjson
import structlog

from newsroom.agents.publish import Outputs, headers_for, send_dead_letter
from newsroom.contracts import Candidate, Origin, Reason
from newsroom.domain.pipeline import decide
from newsroom.domain.rejection import Rejection
from newsroom.metrics import Stopwatch

log = structlog.get_logger("newsroom.dedup")


def register(app: Any, candidates: Any, out: Outputs, table: Any) -> Any:
    """Attach the dedup agent to the app."""

    @app.agent(candidates, name="newsroom.dedup")
    async def dedup(stream: Any) -> None:
        async for event in stream.events():
            msg = event.message
            out.track(msg)
            watch = Stopwatch(out.metrics)
            try:
                candidate = Candidate.model_validate_json(event.value)
                article = decide(candidate, table)
            except Exception as exc:  # a bug must not stop the stream: dead-letter and go on
                log.exception("article.failed", stage="dedup", offset=msg.offset)
                origin = Origin(topic=msg.topic, partition=msg.partition, offset=msg.offset)
                rejection = Rejection(Reason.PROCESSING_ERROR, f"{type(exc).__name__}: {exc}")
                await send_dead_letter(out, event.value, origin, rejection)
                continue
            watch.lap("dedup")
            target = out.duplicates if article.dedup.status == "duplicate" else out.enriched
            body = orjson.dumps(article.model_dump(mode="json"))
            try:
                fut = await target.send(
                    key=article.id.encode(), value=body, headers=headers_for(article)
                )
                meta = await fut
            except Exception as exc:
                rejection = Rejection(Reason.PUBLISH_FAILED, f"{type(exc).__name__}: {exc}")
                await send_dead_letter(out, body, candidate.origin, rejection, article.id)
                continue
            watch.lap("publish")
            out.published(target, article.dedup.status, candidate.raw_timestamp_ms, meta)
            log.info(
                "article.decided",
                stage="dedup",
                article_id=article.id,
                event_id=article.event_id,
                verdict=article.dedup.status,
                method=article.dedup.method,
                duplicate_of=article.dedup.duplicate_of,
                source_partition=candidate.origin.partition,
                source_offset=candidate.origin.offset,
                ms=watch.total_ms(),
            )

    return dedup
