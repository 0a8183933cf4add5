"""Confirmed sends: an agent awaits the broker's acknowledgement before its offset can commit."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any

import orjson
import structlog

from newsroom.contracts import DeadLetter, EnrichedArticle, Origin, Reason
from newsroom.domain.pipeline import dead_letter
from newsroom.domain.rejection import Rejection
from newsroom.metrics import Metrics

log = structlog.get_logger("newsroom.publish")

# Exit code of a worker that must stop before its next commit (a refused write, a stuck group
# join): its supervisor restarts it and the uncommitted input is replayed.
EXIT_RESTART = 70


def now() -> datetime:
    """The clock lives at the edge."""
    return datetime.now(UTC)


# Bytes a record carries beyond key, value and headers (batch and record framing).
_RECORD_OVERHEAD = 512


@dataclass
class Outputs:
    """Where agents send, with the metrics they feed and the positions they have reached.

    Sends are not awaited one by one: faust flushes the producer before every offset commit,
    so an output is acknowledged before its input's offset commits. A send the broker refuses
    ends the process at once (before that commit), so the input is replayed after restart;
    outputs a topic would refuse for size are dead-lettered before sending.
    """

    candidates: Any
    enriched: Any
    duplicates: Any
    dlq: Any
    dlq_cap: int
    metrics: Metrics
    limits: dict[str, int] = field(default_factory=dict)
    positions: dict[tuple[str, int], int] = field(default_factory=dict)
    _producer: Any = field(default=None, init=False, repr=False, compare=False)

    def track(self, message: Any) -> None:
        """Remember the next offset to process of a partition (for lag)."""
        self.positions[(message.topic, message.partition)] = message.offset + 1

    def too_large(self, target: Any, key: bytes, value: bytes, headers: dict[str, bytes]) -> str:
        """Why the target topic would refuse this record, or '' when it fits."""
        name = target.get_topic_name()
        limit = self.limits.get(name)
        size = len(key) + len(value) + sum(len(k) + len(v) for k, v in headers.items())
        if limit is not None and size + _RECORD_OVERHEAD > limit:
            return f"record of {size} bytes exceeds max.message.bytes={limit} of {name}"
        return ""

    async def send(
        self,
        target: Any,
        key: bytes,
        value: bytes,
        headers: dict[str, bytes] | None = None,
        verdict: str | None = None,
        raw_ms: int | None = None,
    ) -> None:
        """Queue a send; its acknowledgement is checked before the offset can commit.

        A send that raises ends the process: faust would ack the event of an agent that raised,
        and its offset would commit without this output."""
        topic = target.get_topic_name()
        try:
            producer = self._producer or await self._started(target)
            fut = await producer.send(topic, key, value, None, None, headers)
        except BaseException as exc:  # cancelled too
            exit_for_restart("publish.unsent", exc, topic=topic)
            raise
        fut.add_done_callback(partial(self._settled, topic, verdict, raw_ms))

    async def _started(self, target: Any) -> Any:
        """faust's producer, once started; every send then goes straight to it.

        faust's `Topic.send` asks the app for its started producer on every message, behind a
        stampede guard that yields to the event loop three times per call, and wraps the send
        in a promise object that nothing here reads. The producer's own `send` is the one that
        call ends in: the same record, the same partitioner, the same aiokafka batch, and the
        same flush before every offset commit, which is what makes an unawaited send safe.
        """
        self._producer = await target.app.maybe_start_producer()
        return self._producer

    def _settled(self, topic: str, verdict: str | None, raw_ms: int | None, fut: Any) -> None:
        exit_if_refused(fut, "publish.refused", topic=topic)
        if verdict is None:
            return
        self.metrics.articles_out.labels(topic, verdict).inc()
        out_ms = getattr(fut.result(), "timestamp", -1)
        if raw_ms and raw_ms > 0:
            end = out_ms if out_ms and out_ms > 0 else time.time() * 1000
            self.metrics.end_to_end_seconds.observe(max(0.0, (end - raw_ms) / 1000))


def exit_for_restart(event: str, error: BaseException, **fields: Any) -> None:
    """End the process before faust's next commit, so the input is replayed after a restart."""
    log.critical(event, error=f"{type(error).__name__}: {error}", **fields)
    os._exit(EXIT_RESTART)


def exit_if_refused(fut: Any, event: str, **fields: Any) -> None:
    """A send's done-callback: a send the broker refused (or that was cancelled) ends the
    process before the offset of its input can commit."""
    error = fut.exception() if not fut.cancelled() else RuntimeError("send cancelled")
    if error is not None:
        exit_for_restart(event, error, **fields)


async def send_confirmed(
    topic: Any, key: bytes | None, value: bytes, headers: dict[str, bytes] | None = None
) -> Any:
    """Send and wait for the broker's acknowledgement; raises when the broker refuses."""
    fut = await topic.send(key=key, value=value, headers=headers)
    return await fut


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
    out: Outputs,
    payload: bytes | None,
    origin: Origin,
    rejection: Rejection,
    article_id: str | None = None,
) -> DeadLetter:
    """Dead-letter an input with its original bytes (capped), confirmed before moving on."""
    letter = dead_letter(payload, origin, rejection, now(), out.dlq_cap, article_id)
    try:
        await send_confirmed(
            out.dlq,
            key=origin.key.encode(),
            value=orjson.dumps(letter.model_dump(mode="json")),
            headers={"reason": letter.reason.value.encode(), "schema-version": b"1"},
        )
    except Exception:
        # Nowhere left to put the input: stop before its offset commits, so it is replayed.
        log.critical("deadletter.unwritable", topic=origin.topic, offset=origin.offset)
        os._exit(EXIT_RESTART)
    out.metrics.dead_letters.labels(letter.reason.value).inc()
    log.warning(
        "article.dead_lettered",
        stage="publish" if rejection.reason is Reason.PUBLISH_FAILED else "validate",
        reason=letter.reason.value,
        detail=letter.detail[:300],
        topic=origin.topic,
        partition=origin.partition,
        offset=origin.offset,
        article_id=article_id,
        payload_size=letter.payload_size,
    )
    return letter
