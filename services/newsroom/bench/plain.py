"""The plain pipeline: newsroom's domain in a plain aiokafka loop, no faust.

It answers the question the 0.5 target leaves open: what would leaving faust buy? One process
consumes the raw topic like the baseline, runs each message through the workers' own `Enricher`
and dedup `decide`, and produces its one output (enriched, duplicate or dead letter, as JSON);
then, per batch, it awaits the sends and commits, as the baseline does.

Its dedup state is a dict: no changelog, nothing durable, no second hop, so it cannot be
deployed as it is (state lost on restart, no way to spread dedup over workers). Its rate is
therefore an upper bound for one worker of any runtime on this machine doing newsroom's work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from newsroom.bench.pipeline import PLAIN, Run, at_least_once_loop, loop_topic
from newsroom.contracts import EnrichedArticle, Origin
from newsroom.domain.pipeline import Enricher, enrich_and_decide
from newsroom.settings import Settings

PLAIN_OUT = loop_topic(PLAIN)


@dataclass
class PlainRun(Run):
    """A plain loop's run, and how many outputs got each verdict."""

    verdicts: dict[str, int] = field(default_factory=dict)


def process(
    enricher: Enricher,
    state: dict[str, Any],
    payload: bytes | None,
    origin: Origin,
    dlq_cap: int,
) -> tuple[str, bytes]:
    """One raw message -> (verdict, JSON body): the worker's two hops without Kafka in between."""
    event = enrich_and_decide(enricher, payload, origin, datetime.now(UTC), state, dlq_cap)
    verdict = event.dedup.status if isinstance(event, EnrichedArticle) else "dead_letter"
    return verdict, event.model_dump_json().encode()


async def plain_pipeline(settings: Settings, count: int, enricher: Enricher) -> PlainRun:
    """Consume `count` raw messages through the domain; append times and CPU of the pass."""
    state: dict[str, Any] = {}
    verdicts: dict[str, int] = {}

    def handle(rec: Any) -> bytes:
        origin = Origin(topic=rec.topic, partition=rec.partition, offset=rec.offset)
        cap = settings.dlq_payload_max_bytes
        verdict, body = process(enricher, state, rec.value, origin, cap)
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
        return body

    run = await at_least_once_loop(settings, count, PLAIN, handle)
    return PlainRun(run.stamps, run.cpu_s, verdicts)
