"""What the command modules share: settings, one-line errors, Kafka calls, tables."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

import click
import orjson

from newsroom.settings import Settings

T = TypeVar("T")


class NewsroomError(click.ClickException):
    """An error shown as one clear line, exit code 1."""


def load_settings() -> Settings:
    """Settings from the NEWSROOM_* environment, read when a command runs."""
    return Settings()


def print_rows(rows: list[dict[str, Any]], as_json: bool, title: str) -> None:
    """Rows as one JSON object a line, or as a table for people."""
    if as_json:
        for row in rows:
            click.echo(orjson.dumps(row))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in rows[0] if rows else ["(none)"]:
        table.add_column(str(column))
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    Console().print(table)


def require_topics(settings: Settings, names: list[str]) -> None:
    """Fail with one line when a topic is missing (instead of retrying until a timeout)."""
    from newsroom.kafka_clients import admin

    async def existing() -> set[str]:
        client = admin(settings)
        await client.start()
        try:
            return set(await client.list_topics())
        finally:
            await client.close()

    missing = [n for n in names if n not in run_async(existing())]
    if missing:
        raise NewsroomError(
            f"topic {', '.join(missing)} does not exist on {settings.bootstrap}; "
            "create it with `newsroom topics create` (check NEWSROOM_TOPIC_PREFIX)"
        )


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine; broker trouble becomes one clear line instead of a traceback."""
    from aiokafka.errors import KafkaConnectionError, KafkaError

    try:
        return asyncio.run(coro)
    except KafkaConnectionError as exc:
        raise NewsroomError(f"cannot reach Kafka at {load_settings().bootstrap}: {exc}") from exc
    except KafkaError as exc:
        raise NewsroomError(f"Kafka error: {exc}") from exc
