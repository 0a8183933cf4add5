"""Hop 2: candidates -> dedup verdict against the table -> articles.enriched / duplicates.

A timer sweeps the table for records older than the retention window, a bounded number of keys
per tick; deletes reach the changelog as tombstones. Lookups check age too, so expiry is exact
between sweeps and the sweep only reclaims space.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from itertools import islice
from typing import Any

import orjson
import structlog

from newsroom.agents.publish import headers_for, now, send_confirmed, send_dead_letter
from newsroom.contracts import Candidate, Origin, Reason
from newsroom.domain.dedup_state import day_of, expired_keys
from newsroom.domain.pipeline import decide
from newsroom.domain.rejection import Rejection

log = structlog.get_logger("newsroom.dedup")

SWEEP_INTERVAL_S = 1.0
SWEEP_KEYS_PER_TICK = 2000


def register_sweep(app: Any, table: Any, retention_days: int) -> Any:
    """A timer deleting expired dedup records, resuming where the previous tick stopped."""
    cursor: dict[str, Iterator[Any]] = {}

    @app.timer(SWEEP_INTERVAL_S, name="newsroom.dedup.sweep")
    async def sweep() -> None:
        if app.rebalancing or not app.tables.recovery.completed.is_set():
            return
        keys = cursor.setdefault("keys", iter(table.keys()))
        try:
            batch = list(islice(keys, SWEEP_KEYS_PER_TICK))
        except RuntimeError:  # in-memory store: the dict changed under the iterator
            batch = []
        if len(batch) < SWEEP_KEYS_PER_TICK:
            cursor.pop("keys")  # a full pass ended: start over next tick
        today = day_of(now())
        # Re-read values: the iterator may show records rewritten since it started.
        expired = list(expired_keys(((k, table.get(k)) for k in batch), today, retention_days))
        for key in expired:
            del table[key]
        if expired:
            log.info("dedup.swept", stage="dedup", scanned=len(batch), deleted=len(expired))

    return sweep


def register(
    app: Any,
    candidates: Any,
    enriched: Any,
    duplicates: Any,
    dlq: Any,
    table: Any,
    cap: int,
    retention_days: int = 7,
) -> Any:
    """Attach the dedup agent and its retention sweep to the app."""
    register_sweep(app, table, retention_days)

    @app.agent(candidates, name="newsroom.dedup")
    async def dedup(stream: Any) -> None:
        async for event in stream.events():
            msg = event.message
            started = time.perf_counter()
            try:
                candidate = Candidate.model_validate_json(event.value)
                article = decide(candidate, table, retention_days)
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
