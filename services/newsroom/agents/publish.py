"""Confirmed sends: an agent awaits the broker's acknowledgement before its offset can commit."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import orjson
import structlog

from newsroom.contracts import DeadLetter, EnrichedArticle, Origin, Reason
from newsroom.domain.pipeline import dead_letter
from newsroom.domain.rejection import Rejection

log = structlog.get_logger("newsroom.publish")


def now() -> datetime:
    """The clock lives at the edge."""
    return datetime.now(UTC)


async def send_confirmed(
    topic: Any, key: bytes | None, value: bytes, headers: dict[str, bytes] | None = None
) -> None:
    """Send and wait for the broker's acknowledgement; raises when the broker refuses."""
    fut = await topic.send(key=key, value=value, headers=headers)
    await fut


def headers_for(article: EnrichedArticle) -> dict[str, bytes]:
    """Kafka headers that let consumers filter without parsing bodies."""
    cls = article.classification
    return {
        "schema-version": str(article.schema_version).encode(),
        "event-id": article.event_id.encode(),
        "article-id": article.id.encode(),
        "verdict": article.dedup.status.encode(),
        "ai-relevant": b"true" if cls.ai_relevant else b"false",
        "strategy": (cls.strategy.label or "none").encode(),
        "bloc": cls.bloc.label.encode(),
        "language": article.language.encode(),
    }


async def send_dead_letter(
    dlq: Any,
    payload: bytes | None,
    origin: Origin,
    rejection: Rejection,
    max_payload_bytes: int,
    article_id: str | None = None,
) -> DeadLetter:
    """Dead-letter an input with its original bytes (capped), confirmed before moving on."""
    letter = dead_letter(payload, origin, rejection, now(), max_payload_bytes, article_id)
    try:
        await send_confirmed(
            dlq,
            key=origin.key.encode(),
            value=orjson.dumps(letter.model_dump(mode="json")),
            headers={"reason": letter.reason.value.encode(), "schema-version": b"1"},
        )
    except Exception:
        # Nowhere left to put the input: stop before its offset commits, so it is replayed.
        log.critical("deadletter.unwritable", topic=origin.topic, offset=origin.offset)
        os._exit(70)
    log.warning(
        "article.dead_lettered",
        stage="validate" if rejection.reason is not Reason.PUBLISH_FAILED else "publish",
        reason=letter.reason.value,
        detail=letter.detail[:300],
        topic=origin.topic,
        partition=origin.partition,
        offset=origin.offset,
        article_id=article_id,
        payload_size=letter.payload_size,
    )
    return letter
