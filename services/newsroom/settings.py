"""The only reader of the environment: every setting, its default and its NEWSROOM_ variable."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings for workers and the CLI; each field reads NEWSROOM_<FIELD>."""

    model_config = SettingsConfigDict(env_prefix="NEWSROOM_", extra="ignore")

    kafka_bootstrap: str | None = Field(
        default=None,
        description="host:port[,host:port]; unset means the local broker on 127.0.0.1.",
    )
    local_kafka_port: int = Field(default=9092, description="Port of the local broker.")
    topic_prefix: str = Field(default="news.", description="Prefix of every topic name.")
    app_id: str = Field(default="newsroom", description="Consumer group and table namespace.")
    raw_partitions: int = Field(default=8, ge=1, description="Partitions of articles.raw.")
    output_partitions: int = Field(default=8, ge=1, description="Partitions of output topics.")
    replication_factor: int = Field(default=1, ge=1, description="For topics the tooling creates.")
    data_dir: Path = Field(default=Path(".newsroom/data"), description="Table state (RocksDB).")
    home: Path = Field(
        default=Path.home() / ".cache" / "newsroom",
        description="Kafka jars and local broker data.",
    )
    store: str = Field(default="rocksdb://", description="Faust table store URL.")
    max_message_bytes: int = Field(
        default=2 * 1024 * 1024, description="Raw messages above this are dead-lettered."
    )
    topic_max_message_bytes: int = Field(
        default=16 * 1024 * 1024,
        description="max.message.bytes of raw and dead-letter topics (above the service limit).",
    )
    dlq_payload_max_bytes: int = Field(
        default=1024 * 1024, description="Original bytes kept in a dead letter, at most."
    )
    max_text_chars: int = Field(default=200_000, description="Longer article texts are rejected.")
    article_budget_ms: int = Field(
        default=5000, ge=1, description="Enrich time per article; slower ones are too_slow."
    )
    ner: Literal["off", "lead", "full"] = Field(
        default="lead",
        description="Fallback NER for names outside the KB: off, title+lead, or full text.",
    )
    ner_lead_chars: int = Field(default=600, ge=0, description="Lead size for ner=lead.")
    ner_ai_only: bool = Field(
        default=True, description="Run the NER model only on articles classified AI-relevant."
    )
    dedup_retention_days: int = Field(default=7, ge=1, description="Dedup memory window.")
    dedup_sweep_keys_per_tick: int = Field(
        default=2000, ge=1, description="Dedup records the retention sweep scans each second."
    )
    dedup_block_cache_mb: int = Field(
        default=32, ge=1, description="RocksDB block cache of the dedup table (faust: 2 GiB)."
    )
    dedup_write_buffer_mb: int = Field(
        default=16, ge=1, description="RocksDB memtable size of the dedup table, two at most."
    )
    dedup_standby_replicas: int = Field(
        default=1,
        ge=0,
        description="Standby copies of the dedup table on other workers (fast failover; each "
        "applies every changelog record).",
    )
    session_timeout_s: float = Field(
        default=60.0,
        ge=6.0,
        le=1800.0,
        description="How long the group waits for a worker that stopped heartbeating before its "
        "partitions move (the broker's limits are 6 s to 30 min).",
    )
    join_timeout_s: float = Field(
        default=300.0,
        ge=10.0,
        description="How long a worker may wait in a group join (from a rebalance's start to its "
        "new assignment) before it exits 70 for its supervisor to restart it; keep it well above "
        "the session timeout.",
    )
    web_port: int = Field(default=6066, description="Metrics and health HTTP port.")
    web_enabled: bool = Field(default=True)
    log_level: str = Field(default="INFO")
    faust_log_level: str = Field(default="WARNING", description="Level of faust's own logs.")
    log_format: Literal["auto", "json", "console"] = Field(default="auto")
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None
    ssl_cafile: Path | None = None
    ssl_certfile: Path | None = None
    ssl_keyfile: Path | None = None

    def topic(self, name: str) -> str:
        """Full name of a topic, with the configured prefix."""
        return f"{self.topic_prefix}{name}"

    @property
    def bootstrap(self) -> str:
        """The bootstrap servers clients use."""
        return self.kafka_bootstrap or f"127.0.0.1:{self.local_kafka_port}"
