"""Operations commands: the local broker, topics, lag and worker health, dead letters."""

from __future__ import annotations

import sys

import click
import orjson

from newsroom.cli_support import NewsroomError, load_settings, print_rows, run_async


@click.group()
def broker() -> None:
    """Run a local single-node Apache Kafka (KRaft) on 127.0.0.1."""


@broker.command("fetch")
def broker_fetch() -> None:
    """Download the broker's jars with Maven (done by `start` when needed)."""
    from newsroom.local_kafka.jars import LocalKafkaError, ensure_jars

    try:
        click.echo(ensure_jars(load_settings().home))
    except LocalKafkaError as exc:
        raise NewsroomError(str(exc)) from exc


@broker.command("start")
def broker_start() -> None:
    """Start the broker in the background; prints the bootstrap address once it answers."""
    from newsroom.local_kafka.jars import LocalKafkaError
    from newsroom.local_kafka.runtime import broker_for

    try:
        local = broker_for(load_settings())
        local.start()
    except LocalKafkaError as exc:
        raise NewsroomError(str(exc)) from exc
    click.echo(local.bootstrap)


@broker.command("stop")
def broker_stop() -> None:
    """Stop the local broker."""
    from newsroom.local_kafka.runtime import broker_for

    stopped = broker_for(load_settings()).stop()
    click.echo("stopped" if stopped else "not running")


@broker.command("status")
def broker_status() -> None:
    """Say whether the local broker is running (exit code 3 when it is not)."""
    from newsroom.local_kafka.runtime import broker_for

    local = broker_for(load_settings())
    if local.is_running():
        click.echo(f"running on {local.bootstrap} (pid {local.pid()})")
    else:
        click.echo("not running")
        sys.exit(3)


@click.group()
def topics() -> None:
    """Manage newsroom's topics."""


@topics.command("create")
def topics_create() -> None:
    """Create every topic with its partitions and size limits (idempotent)."""
    from newsroom.kafka_clients import create_topics
    from newsroom.topology import topic_specs

    settings = load_settings()
    result = run_async(create_topics(settings, topic_specs(settings)))
    for name, state in result.items():
        click.echo(f"{name}\t{state}")


@topics.command("describe")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per topic.")
def topics_describe(as_json: bool) -> None:
    """Partitions, messages held and size limit of every newsroom topic."""
    from newsroom.commands.ops import describe

    rows = run_async(describe(load_settings()))
    print_rows(rows, as_json, "topics")


@click.command()
@click.option(
    "--worker",
    "workers",
    multiple=True,
    help="Base URL of a worker's HTTP port (repeatable); default http://127.0.0.1:WEB_PORT.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
def status(workers: tuple[str, ...], as_json: bool) -> None:
    """Consumer lag per raw partition and the health of workers."""
    from newsroom.commands.ops import lag, worker_health

    settings = load_settings()
    lags = run_async(lag(settings))
    urls = workers or (f"http://127.0.0.1:{settings.web_port}",)
    health = {url: worker_health(url) for url in urls}
    rows = [
        {"topic": x.topic, "partition": x.partition, "end": x.end, "committed": x.committed,
         "lag": x.lag}
        for x in lags
    ]  # fmt: skip
    if as_json:
        click.echo(orjson.dumps({"group": settings.app_id, "lag": rows, "workers": health}))
        return
    print_rows(rows, False, f"lag of group {settings.app_id} (total {sum(x.lag for x in lags)})")
    print_rows([{"worker": u, "health": h} for u, h in health.items()], False, "workers")


@click.group()
def dlq() -> None:
    """Inspect and re-drive dead letters."""


@dlq.command("summary")
@click.option("--timeout", type=float, default=5.0, show_default=True, help="Idle seconds.")
def dlq_summary(timeout: float) -> None:
    """Dead letters by reason."""
    from collections import Counter

    from newsroom.commands.ops import dead_letters

    async def count() -> Counter[str]:
        return Counter([x["reason"] async for x in dead_letters(load_settings(), None, timeout)])

    rows = [{"reason": r, "count": n} for r, n in run_async(count()).most_common()]
    print_rows(rows, False, "dead letters")


@dlq.command("replay")
@click.option("--reason", default=None, help="Only dead letters with this reason.")
@click.option("--dry-run", is_flag=True, help="Count what would be re-sent; send nothing.")
@click.option("--timeout", type=float, default=5.0, show_default=True, help="Idle seconds.")
def dlq_replay(reason: str | None, dry_run: bool, timeout: float) -> None:
    """Re-send dead letters' original bytes to the raw topic after a fix."""
    from newsroom.commands.ops import replay

    click.echo(orjson.dumps(run_async(replay(load_settings(), reason, dry_run, timeout))))
