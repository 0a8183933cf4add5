"""aiokafka clients built from Settings: admin (topics), producer and consumer, with security."""

from __future__ import annotations

import ssl
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaConnectionError, KafkaError, TopicAlreadyExistsError

from newsroom.settings import Settings
from newsroom.topology import TopicSpec


class TopicError(RuntimeError):
    """The broker refused to create a topic."""


class CredentialsRefusedError(KafkaError):  # type: ignore[misc]
    """The broker answered but refused the configured SASL credentials."""


async def check_credentials(settings: Settings) -> None:
    """Raise CredentialsRefusedError when the first bootstrap broker rejects our SASL login.

    aiokafka reports a failed login only as 'Unable to bootstrap'; one direct connection tells
    a wrong password apart from an unreachable broker. The password is never part of the text.
    """
    if not settings.security_protocol.startswith("SASL"):
        return
    from aiokafka.conn import create_conn
    from aiokafka.errors import SaslAuthenticationFailed

    host, _, port = settings.bootstrap.split(",")[0].strip().rpartition(":")
    try:
        conn = await create_conn(
            host, int(port), request_timeout_ms=10000, **security_kwargs(settings)
        )
    except SaslAuthenticationFailed as exc:
        raise CredentialsRefusedError(
            f"Kafka at {settings.bootstrap} refused the {settings.sasl_mechanism or 'PLAIN'} "
            f"credentials of user {settings.sasl_username!r}: check NEWSROOM_SASL_USERNAME "
            "and NEWSROOM_SASL_PASSWORD"
        ) from exc
    except Exception:  # unreachable or another problem: the caller's own error says it
        return
    conn.close()


def security_kwargs(settings: Settings) -> dict[str, Any]:
    """Connection security for every aiokafka client (never logged)."""
    kwargs: dict[str, Any] = {"security_protocol": settings.security_protocol}
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        context = ssl.create_default_context(
            cafile=str(settings.ssl_cafile) if settings.ssl_cafile else None
        )
        if settings.ssl_certfile:
            context.load_cert_chain(
                str(settings.ssl_certfile),
                str(settings.ssl_keyfile) if settings.ssl_keyfile else None,
            )
        kwargs["ssl_context"] = context
    if settings.security_protocol.startswith("SASL"):
        kwargs["sasl_mechanism"] = settings.sasl_mechanism or "PLAIN"
        kwargs["sasl_plain_username"] = settings.sasl_username
        kwargs["sasl_plain_password"] = (
            settings.sasl_password.get_secret_value() if settings.sasl_password else None
        )
    return kwargs


def admin(settings: Settings) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(
        bootstrap_servers=settings.bootstrap, request_timeout_ms=15000, **security_kwargs(settings)
    )


def producer(settings: Settings, **extra: Any) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap,
        acks="all",
        enable_idempotence=True,
        max_request_size=settings.topic_max_message_bytes,
        request_timeout_ms=30000,
        **security_kwargs(settings),
        **extra,
    )


def consumer(settings: Settings, *topics: str, **extra: Any) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=settings.bootstrap,
        max_partition_fetch_bytes=settings.topic_max_message_bytes,
        fetch_max_bytes=settings.topic_max_message_bytes * 2,
        **security_kwargs(settings),
        **extra,
    )


async def topic_limits(settings: Settings, names: list[str]) -> dict[str, int]:
    """max.message.bytes of each topic as the broker has it (absent topics are left out)."""
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

    client = admin(settings)
    await client.start()
    try:
        resources = [
            ConfigResource(ConfigResourceType.TOPIC, name, configs={"max.message.bytes": None})
            for name in names
        ]
        limits: dict[str, int] = {}
        for response in await client.describe_configs(resources):
            for resource in response.resources:
                error_code, name, entries = resource[0], resource[3], resource[4]
                for entry in entries if error_code == 0 else ():
                    if entry[0] == "max.message.bytes":
                        limits[name] = int(entry[1])
        return limits
    finally:
        await client.close()


async def create_topics(settings: Settings, specs: list[TopicSpec]) -> dict[str, str]:
    """Create missing topics; returns name -> 'created' | 'exists'. Idempotent."""
    client = admin(settings)
    try:
        await client.start()
    except KafkaConnectionError:
        await check_credentials(settings)
        raise
    try:
        existing = set(await client.list_topics())
        result: dict[str, str] = {}
        missing = [s for s in specs if s.name not in existing]
        for spec in specs:
            result[spec.name] = "exists" if spec.name in existing else "created"
        new = [
            NewTopic(
                spec.name,
                num_partitions=spec.partitions,
                replication_factor=settings.replication_factor,
                topic_configs=spec.configs,
            )
            for spec in missing
        ]
        if new:
            response = await client.create_topics(new)
            for error in response.topic_errors:
                name, code = error[0], error[1]
                if code == TopicAlreadyExistsError.errno:
                    result[name] = "exists"
                elif code != 0:
                    message = error[2] if len(error) > 2 else ""
                    raise TopicError(f"cannot create topic {name}: error {code} {message}")
        return result
    finally:
        await client.close()
