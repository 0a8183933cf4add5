"""Topic names, partition counts and topic configs: the shape of the stream."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsroom.settings import Settings

RAW = "articles.raw"
ENRICHED = "articles.enriched"
DUPLICATES = "articles.duplicates"
DEADLETTER = "articles.deadletter"
# Internal hop: every candidate meets one serialized dedup index (see README, Deduplication).
CANDIDATES = "articles.candidates"
DEDUP_TABLE = "dedup"
DEDUP_PARTITIONS = 1


@dataclass(frozen=True, slots=True)
class TopicSpec:
    name: str
    partitions: int
    configs: dict[str, str] = field(default_factory=dict)
    internal: bool = False


def topic_specs(settings: Settings) -> list[TopicSpec]:
    """Every topic the tooling creates, with explicit partitions and size limits."""
    big = {"max.message.bytes": str(settings.topic_max_message_bytes)}
    # Append time on the broker is what end-to-end latency is measured between.
    retained = {
        **big,
        "retention.ms": str(7 * 24 * 3600 * 1000),
        "message.timestamp.type": "LogAppendTime",
    }
    return [
        TopicSpec(settings.topic(RAW), settings.raw_partitions, retained),
        TopicSpec(settings.topic(ENRICHED), settings.output_partitions, retained),
        TopicSpec(settings.topic(DUPLICATES), settings.output_partitions, retained),
        TopicSpec(
            settings.topic(DEADLETTER),
            settings.output_partitions,
            {**big, "retention.ms": str(30 * 24 * 3600 * 1000)},
        ),
        TopicSpec(candidates_topic(settings), DEDUP_PARTITIONS, retained, internal=True),
        TopicSpec(
            changelog_topic(settings, DEDUP_TABLE),
            DEDUP_PARTITIONS,
            {**big, "cleanup.policy": "compact"},
            internal=True,
        ),
    ]


def candidates_topic(settings: Settings) -> str:
    """The internal hop is private to one app id, so two apps on one prefix never mix."""
    return settings.topic(f"internal.{settings.app_id}.{CANDIDATES}")


def changelog_topic(settings: Settings, table: str) -> str:
    """Faust's name for a table's changelog topic (one per app id)."""
    return f"{settings.app_id}-{table}-changelog"
