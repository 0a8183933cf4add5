"""`newsroom worker`: ensure topics exist, then run the stream processors in the foreground."""

from __future__ import annotations

import asyncio
from typing import Any

import structlog
from aiokafka.errors import KafkaError

from newsroom import kafka_clients
from newsroom.app import Service, build_service
from newsroom.health import serve
from newsroom.settings import Settings
from newsroom.topology import topic_specs

log = structlog.get_logger("newsroom.worker")


def run_worker(settings: Settings) -> None:
    """Block until SIGTERM/SIGINT; faust handles graceful shutdown and final commits."""
    specs = topic_specs(settings)
    try:
        created = asyncio.run(kafka_clients.create_topics(settings, specs))
    except KafkaError as exc:  # unreachable broker or refused credentials: one clear line
        raise SystemExit(f"newsroom worker: cannot start: {exc}") from exc
    limits = asyncio.run(kafka_clients.topic_limits(settings, [s.name for s in specs]))
    log.info(
        "worker.starting",
        app_id=settings.app_id,
        bootstrap=settings.bootstrap,
        topic_prefix=settings.topic_prefix,
        topics=created,
        max_message_bytes=limits,
    )
    run_service(settings, build_service(settings, limits))


def run_service(settings: Settings, service: Service) -> None:
    """Serve health and metrics, then run the service's faust app until SIGTERM/SIGINT."""
    if settings.web_enabled:
        serve(settings.web_port, service.health, service.metrics)
    faust_worker(settings, service.app).execute_from_commandline()


def faust_worker(settings: Settings, app: Any) -> Any:
    """faust's Worker at NEWSROOM_FAUST_LOG_LEVEL, without its terminal spinner.

    With the spinner (faust's default, even with quiet=True and no terminal) faust sets the
    root logger to DEBUG so that every record turns the spinner: every debug call of faust and
    aiokafka, several per message, then builds a record and runs the loggers' filters. Without
    it the root logger keeps the configured level and those calls return at once.
    """
    from faust.worker import Worker

    worker = Worker(
        app,
        loglevel=settings.faust_log_level.upper(),
        redirect_stdouts=False,
        quiet=True,
    )
    worker.spinner = None
    return worker
