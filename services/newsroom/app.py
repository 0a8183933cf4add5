"""create_app(settings): the one composition root that wires domain, topics, tables and agents."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import faust

from newsroom import __version__, aiokafka_backoff, faust_fetch, faust_fixes
from newsroom.agents import dedup as dedup_agent
from newsroom.agents import enrich as enrich_agent
from newsroom.agents import housekeeping
from newsroom.agents.publish import Outputs
from newsroom.agents.table_state import TableState
from newsroom.domain.entities import Tagger
from newsroom.domain.ner import SpacyNames
from newsroom.domain.pipeline import Enricher
from newsroom.health import Health
from newsroom.kafka_clients import security_kwargs
from newsroom.kb import load_normalization_rules
from newsroom.kb.classify_loader import load_classifier
from newsroom.kb.entities_loader import load_knowledge_base
from newsroom.metrics import Metrics
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
        tagger=Tagger(
            load_knowledge_base(),
            model=None if settings.ner == "off" else SpacyNames(),
            model_chars=settings.ner_lead_chars if settings.ner == "lead" else None,
            model_ai_only=settings.ner_ai_only,
        ),
        classifier=load_classifier(),
        max_message_bytes=settings.max_message_bytes,
        budget_s=settings.article_budget_ms / 1000,
        clock=time.monotonic,
    )


def broker_urls(settings: Settings) -> list[str]:
    return [f"kafka://{hostport.strip()}" for hostport in settings.bootstrap.split(",")]


@dataclass(frozen=True)
class Service:
    """A wired worker: the faust app and the observability it reports through."""

    app: Any
    metrics: Metrics
    health: Health


def create_app(settings: Settings) -> Any:
    """A faust.App with the newsroom topology, at_least_once, bytes on every topic."""
    return build_service(settings).app


def faust_app(settings: Settings) -> Any:
    """faust configured as every newsroom worker runs it (the bench's faust floor too), with
    faust_fetch's consumer: no records fetched while every partition is paused, and aiokafka's
    metadata retries paced while the broker is unreachable (aiokafka_backoff)."""
    aiokafka_backoff.install()
    return faust_fetch.App(
        settings.app_id,
        broker=broker_urls(settings),
        broker_credentials=faust_credentials(settings),
        processing_guarantee="at_least_once",
        value_serializer="raw",
        key_serializer="raw",
        store=settings.store,
        datadir=str(settings.data_dir),
        topic_partitions=DEDUP_PARTITIONS,
        topic_replication_factor=settings.replication_factor,
        topic_disable_leader=True,
        web_enabled=False,  # our own thread serves /metrics and /health (newsroom.health)
        producer_max_request_size=settings.topic_max_message_bytes,
        consumer_max_fetch_size=settings.topic_max_message_bytes,
        consumer_auto_offset_reset="earliest",
        # Sends are not awaited one by one, so batches can fill: 5 ms linger, 1 MiB batches.
        producer_linger_ms=5,
        producer_max_batch_size=1024 * 1024,
        broker_commit_every=200,
        broker_commit_interval=1.0,
        broker_session_timeout=settings.session_timeout_s,
        broker_heartbeat_interval=min(3.0, settings.session_timeout_s / 3),
        table_standby_replicas=settings.dedup_standby_replicas,
        # Seek stream partitions before resuming them after table recovery (faust_fixes.py).
        TableManager=faust_fixes.SeekFirstTableManager,
    )


def bytes_topic(app: Any, name: str) -> Any:
    """A topic of raw bytes keys and values (contracts are parsed by the agents)."""
    return app.topic(
        name, key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw"
    )


def build_service(settings: Settings, limits: dict[str, int] | None = None) -> Service:
    """Compose settings, domain, topics, table, agents, metrics and health into one worker."""
    app = faust_app(settings)

    def topic(name: str) -> Any:
        return bytes_topic(app, name)

    enricher = build_enricher(settings)
    metrics = Metrics()
    metrics.info.labels(__version__, enricher.tagger_version, enricher.classifier_version).set(1)
    out = Outputs(
        candidates=topic(candidates_topic(settings)),
        enriched=topic(settings.topic(ENRICHED)),
        duplicates=topic(settings.topic(DUPLICATES)),
        dlq=topic(settings.topic(DEADLETTER)),
        dlq_cap=settings.dlq_payload_max_bytes,
        metrics=metrics,
        limits=limits or {},
    )
    table = app.Table(
        DEDUP_TABLE,
        default=None,
        partitions=DEDUP_PARTITIONS,
        key_type=str,  # json keys and values (faust derives serializers from the types)
        value_type=None,
        # One partition, so the producer's partitioner always picks 0; it also lets the
        # retention timer delete keys outside of stream iteration.
        use_partitioner=True,
        options=table_options(settings),
    )
    enrich_agent.register(app, topic(settings.topic(RAW)), out, enricher)
    dedup_agent.register(
        app,
        out.candidates,
        out,
        TableState(table),
        settings.dedup_retention_days,
        settings.dedup_sweep_keys_per_tick,
    )
    health = Health(ready=lambda: is_ready(app))
    housekeeping.register(app, out, health, settings.join_timeout_s)
    return Service(app, metrics, health)


def table_options(settings: Settings) -> dict[str, int]:
    """RocksDB memory of the dedup table, bounded.

    With faust's defaults (a 2 GiB block cache, three 64 MiB memtables) every block the dedup
    stage reads stays cached: a process judging a 7-day window of articles into the table grows
    by about 2 KB per article (docs/performance.md, Memory with a 1M-article window). The OS
    page cache keeps the files anyway.
    """
    mib = 1024 * 1024
    return {
        "block_cache_size": settings.dedup_block_cache_mb * mib,
        "write_buffer_size": settings.dedup_write_buffer_mb * mib,
        "max_write_buffer_number": 2,
    }


def is_ready(app: Any) -> bool:
    """Ready once table recovery completed and while no rebalance is under way.

    The health thread calls this, so it must only read: `app.tables.recovery` creates the
    Recovery service on first access, binding the table manager to the calling thread's event
    loop. A probe that came before the worker made it left the manager on a loop that never
    runs, and the worker never subscribed (1 start in 10-15 on this machine).
    """
    recovery = app.tables._recovery  # None until the worker's own loop has created it
    return bool(recovery is not None and recovery.completed.is_set() and not app.rebalancing)


def faust_credentials(settings: Settings) -> Any:
    """SASL/TLS credentials for faust's own clients, from the same settings as aiokafka's."""
    kwargs = security_kwargs(settings)
    protocol = settings.security_protocol
    if protocol == "PLAINTEXT":
        return None
    if protocol == "SSL":
        return faust.SSLCredentials(kwargs["ssl_context"])
    # faust.SASLCredentials with an explicit mechanism (PLAIN, SCRAM-SHA-256/512); the
    # attribute path faust.auth is not importable lazily, so name the class directly.
    return faust.SASLCredentials(
        username=kwargs["sasl_plain_username"],
        password=kwargs["sasl_plain_password"],
        ssl_context=kwargs.get("ssl_context"),
        mechanism=kwargs["sasl_mechanism"],
    )
