"""create_app(settings): the one composition root that wires domain, topics, tables and agents."""

from __future__ import annotations

from typing import Any

import faust

from newsroom.agents import dedup as dedup_agent
from newsroom.agents import enrich as enrich_agent
from newsroom.domain.entities import Tagger
from newsroom.domain.ner import SpacyNames
from newsroom.domain.pipeline import Enricher
from newsroom.kb import load_normalization_rules
from newsroom.kb.classify_loader import load_classifier
from newsroom.kb.entities_loader import load_knowledge_base
from newsroom.settings import Settings
from newsroom.topology import (
    DEADLETTER,
    DEDUP_PARTITIONS,
    DEDUP_TABLE,
    DUPLICATES,
    ENRICHED,
    RAW,
    candidates_topic,
)


def build_enricher(settings: Settings) -> Enricher:
    """The stateless half of the pipeline, shared by agents and `newsroom enrich`."""
    rules = load_normalization_rules(max_text_chars=settings.max_text_chars)
    return Enricher(
        rules=rules,
        tagger=Tagger(load_knowledge_base(), names=SpacyNames(), ner_chars=None),
        classifier=load_classifier(),
        max_message_bytes=settings.max_message_bytes,
    )


def broker_urls(settings: Settings) -> list[str]:
    return [f"kafka://{hostport.strip()}" for hostport in settings.bootstrap.split(",")]


def create_app(settings: Settings) -> Any:
    """A faust.App with the newsroom topology, at_least_once, bytes on every topic."""
    app = faust.App(
        settings.app_id,
        broker=broker_urls(settings),
        processing_guarantee="at_least_once",
        value_serializer="raw",
        key_serializer="raw",
        store=settings.store,
        datadir=str(settings.data_dir),
        topic_partitions=DEDUP_PARTITIONS,
        topic_replication_factor=settings.replication_factor,
        topic_disable_leader=True,
        web_enabled=settings.web_enabled,
        web_port=settings.web_port,
        web_bind="0.0.0.0",
        producer_max_request_size=settings.topic_max_message_bytes,
        consumer_max_fetch_size=settings.topic_max_message_bytes,
        consumer_auto_offset_reset="earliest",
        broker_commit_every=200,
        broker_commit_interval=1.0,
        table_cleanup_interval=3600.0,
    )

    def topic(name: str, prefixed: bool = True) -> Any:
        return app.topic(
            settings.topic(name) if prefixed else name,
            key_type=bytes,
            value_type=bytes,
            key_serializer="raw",
            value_serializer="raw",
        )

    raw, candidates = topic(RAW), topic(candidates_topic(settings), prefixed=False)
    enriched, duplicates, dlq = topic(ENRICHED), topic(DUPLICATES), topic(DEADLETTER)
    table = app.Table(
        DEDUP_TABLE,
        default=None,
        partitions=DEDUP_PARTITIONS,
        key_type=str,  # json keys and values (faust derives serializers from the types)
        value_type=None,
        # One partition, so the producer's partitioner always picks 0; it also lets the
        # retention timer delete keys outside of stream iteration.
        use_partitioner=True,
    )
    cap = settings.dlq_payload_max_bytes
    enrich_agent.register(app, raw, candidates, dlq, build_enricher(settings), cap)
    retention = settings.dedup_retention_days
    dedup_agent.register(app, candidates, enriched, duplicates, dlq, table, cap, retention)
    return app
