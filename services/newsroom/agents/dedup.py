"""Hop 2: candidates -> dedup verdict against the table -> articles.enriched / duplicates.

A timer sweeps the table for records older than the retention window, a bounded number of keys
per tick; deletes reach the changelog as tombstones. Lookups check age too, so expiry is exact
between sweeps and the sweep only reclaims space.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from typing import Any

import structlog

from newsroom.agents.publish import Outputs, headers_for, now, send_dead_letter
from newsroom.agents.table_state import TableState
from newsroom.contracts import Candidate, Origin, Reason
from newsroom.domain.dedup_state import day_of, expired_keys
from newsroom.domain.pipeline import decide
from newsroom.domain.rejection import Rejection
from newsroom.metrics import Metrics, Stopwatch

log = structlog.get_logger("newsroom.dedup")

SWEEP_INTERVAL_S = 1.0
SWEEP_KEYS_PER_TICK = 2000


def register_sweep(
    app: Any,
    state: TableState,
    retention_days: int,
    metrics: Metrics | None = None,
    keys_per_tick: int | None = None,
) -> Any:
    """A timer deleting expired dedup records, resuming where the previous tick stopped.

    Each full pass also reports how many records the table holds (newsroom_table_entries).
    """
    cursor: dict[str, Iterator[tuple[str, Any]]] = {}
    live = [0]

    @app.timer(SWEEP_INTERVAL_S, name="newsroom.dedup.sweep")
    async def sweep() -> None:
        if app.rebalancing or not app.tables.recovery.completed.is_set():
            return
        size = keys_per_tick or SWEEP_KEYS_PER_TICK
        items = cursor.setdefault("items", iter(state.items()))
        try:
            batch = list(islice(items, size))
        except RuntimeError:  # in-memory store: the dict changed under the iterator
            batch = []
        today = day_of(now())
        # The iterator may show records rewritten since it started: re-read what it calls expired.
        stale = list(expired_keys(batch, today, retention_days))
        expired = list(expired_keys(((k, state.get(k)) for k in stale), today, retention_days))
        for key in expired:
            del state[key]
        await state.flush()  # tombstones in order with the dedup agent's writes
        live[0] += len(batch) - len(expired)
        if len(batch) < size:
            cursor.pop("items")  # a full pass ended: start over next tick
            if metrics is not None:
                metrics.table_entries.labels("dedup").set(live[0])
            live[0] = 0
        if expired:
            log.info("dedup.swept", stage="dedup", scanned=len(batch), deleted=len(expired))

    return sweep


def register(
    app: Any,
    candidates: Any,
    out: Outputs,
    state: TableState,
    retention_days: int = 7,
    sweep_keys_per_tick: int | None = None,
) -> Any:
    """Attach the dedup agent and its retention sweep to the app."""
    register_sweep(app, state, retention_days, out.metrics, sweep_keys_per_tick)

    @app.agent(candidates, name="newsroom.dedup")
    async def dedup(stream: Any) -> None:
        async for event in stream.events():
            msg = event.message
            out.track(msg)
            watch = Stopwatch(out.metrics)
            try:
                candidate = Candidate.model_validate_json(event.value)
                article = decide(candidate, state, retention_days)
            except Exception as exc:  # a bug must not stop the stream: dead-letter and go on
                await state.flush()  # what it wrote before failing is in the store
                log.exception("article.failed", stage="dedup", offset=msg.offset)
                origin = Origin(topic=msg.topic, partition=msg.partition, offset=msg.offset)
                rejection = Rejection(Reason.PROCESSING_ERROR, f"{type(exc).__name__}: {exc}")
                await send_dead_letter(out, event.value, origin, rejection)
                continue
            await state.flush()
            watch.lap("dedup")
            target = out.duplicates if article.dedup.status == "duplicate" else out.enriched
            key, body = article.id.encode(), article.model_dump_json().encode()
            headers = headers_for(article)
            refusal = out.too_large(target, key, body, headers)
            if refusal:
                rejection = Rejection(Reason.PUBLISH_FAILED, refusal)
                await send_dead_letter(out, body, candidate.origin, rejection, article.id)
                continue
            verdict, raw_ms = article.dedup.status, candidate.raw_timestamp_ms
            await out.send(target, key, body, headers, verdict, raw_ms)
            watch.lap("publish")
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
