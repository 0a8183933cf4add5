"""The one command-line entry point: `newsroom --help`."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import click
import orjson

from newsroom.logs import configure_logging, quiet_repeats
from newsroom.settings import Settings

T = TypeVar("T")


class NewsroomError(click.ClickException):
    """An error shown as one clear line, exit code 1."""


def _settings() -> Settings:
    return Settings()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """newsroom: ingest raw news articles from Kafka, publish enriched events.

    Settings come from NEWSROOM_* environment variables (see README, Configuration).
    """
    settings = _settings()
    configure_logging(settings.log_level, settings.log_format)
    # Client commands report failures as one line; aiokafka's retry chatter is noise there.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)


@main.group()
def broker() -> None:
    """Run a local single-node Apache Kafka (KRaft) on 127.0.0.1."""


@broker.command("fetch")
def broker_fetch() -> None:
    """Download the broker's jars with Maven (done by `start` when needed)."""
    from newsroom.local_kafka.jars import LocalKafkaError, ensure_jars

    try:
        click.echo(ensure_jars(_settings().home))
    except LocalKafkaError as exc:
        raise NewsroomError(str(exc)) from exc


@broker.command("start")
def broker_start() -> None:
    """Start the broker in the background; prints the bootstrap address once it answers."""
    from newsroom.local_kafka.jars import LocalKafkaError
    from newsroom.local_kafka.runtime import broker_for

    try:
        local = broker_for(_settings())
        local.start()
    except LocalKafkaError as exc:
        raise NewsroomError(str(exc)) from exc
    click.echo(local.bootstrap)


@broker.command("stop")
def broker_stop() -> None:
    """Stop the local broker."""
    from newsroom.local_kafka.runtime import broker_for

    stopped = broker_for(_settings()).stop()
    click.echo("stopped" if stopped else "not running")


@broker.command("status")
def broker_status() -> None:
    """Say whether the local broker is running (exit code 3 when it is not)."""
    from newsroom.local_kafka.runtime import broker_for

    local = broker_for(_settings())
    if local.is_running():
        click.echo(f"running on {local.bootstrap} (pid {local.pid()})")
    else:
        click.echo("not running")
        sys.exit(3)


@main.group()
def topics() -> None:
    """Manage newsroom's topics."""


@topics.command("create")
def topics_create() -> None:
    """Create every topic with its partitions and size limits (idempotent)."""
    from newsroom.kafka_clients import create_topics
    from newsroom.topology import topic_specs

    settings = _settings()
    result = _run(create_topics(settings, topic_specs(settings)))
    for name, state in result.items():
        click.echo(f"{name}\t{state}")


@topics.command("describe")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per topic.")
def topics_describe(as_json: bool) -> None:
    """Partitions, messages held and size limit of every newsroom topic."""
    from newsroom.commands.ops import describe

    rows = _run(describe(_settings()))
    _print_rows(rows, as_json, "topics")


@main.command()
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

    settings = _settings()
    lags = _run(lag(settings))
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
    _print_rows(rows, False, f"lag of group {settings.app_id} (total {sum(x.lag for x in lags)})")
    _print_rows([{"worker": u, "health": h} for u, h in health.items()], False, "workers")


@main.group()
def dlq() -> None:
    """Inspect and re-drive dead letters."""


@dlq.command("summary")
@click.option("--timeout", type=float, default=5.0, show_default=True, help="Idle seconds.")
def dlq_summary(timeout: float) -> None:
    """Dead letters by reason."""
    from collections import Counter

    from newsroom.commands.ops import dead_letters

    async def count() -> Counter[str]:
        return Counter([x["reason"] async for x in dead_letters(_settings(), None, timeout)])

    rows = [{"reason": r, "count": n} for r, n in _run(count()).most_common()]
    _print_rows(rows, False, "dead letters")


@dlq.command("replay")
@click.option("--reason", default=None, help="Only dead letters with this reason.")
@click.option("--dry-run", is_flag=True, help="Count what would be re-sent; send nothing.")
@click.option("--timeout", type=float, default=5.0, show_default=True, help="Idle seconds.")
def dlq_replay(reason: str | None, dry_run: bool, timeout: float) -> None:
    """Re-send dead letters' original bytes to the raw topic after a fix."""
    from newsroom.commands.ops import replay

    click.echo(orjson.dumps(_run(replay(_settings(), reason, dry_run, timeout))))


def _print_rows(rows: list[dict[str, Any]], as_json: bool, title: str) -> None:
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


@main.command()
def worker() -> None:
    """Run the stream processors in the foreground (SIGTERM stops them cleanly)."""
    from newsroom.commands.worker import run_worker

    # A worker's aiokafka warnings (failed heartbeats, a coordinator marked dead, refused commits)
    # are operational signals: they follow faust's level (NEWSROOM_FAUST_LOG_LEVEL) here, with
    # the repeats of aiokafka's retry loops held to one line per 10 s.
    logging.getLogger("aiokafka").setLevel(logging.NOTSET)
    quiet_repeats("aiokafka")
    run_worker(_settings())


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--topic", default=None, help="Target topic (default: the raw topic).")
@click.option("--rate", type=float, default=None, help="At most this many messages a second.")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal)."
)
def produce(file: BinaryIO, topic: str | None, rate: float | None, progress: bool | None) -> None:
    """Send each line of FILE as one raw message, as-is ('-' reads stdin)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from newsroom.commands.streams import produce_lines, read_lines
    from newsroom.topology import RAW

    settings = _settings()
    target = topic or settings.topic(RAW)
    _require_topics(settings, [target])
    show = sys.stderr.isatty() if progress is None else progress
    with Progress(
        SpinnerColumn(), TextColumn("{task.completed} sent"), TimeElapsedColumn(),
        disable=not show, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("produce", total=None)
        sent = _run(
            produce_lines(
                settings, target, read_lines(file), rate, lambda n: bar.update(task, completed=n)
            )
        )
    click.echo(f"sent {sent} messages to {target}", err=True)


@main.command("consume")
@click.argument("topic")
@click.option("--from-beginning", is_flag=True, help="Start at the earliest offset.")
@click.option("--max", "max_messages", type=int, default=None, help="Stop after N messages.")
@click.option(
    "--timeout", type=float, default=10.0, show_default=True, help="Stop after SECONDS idle."
)
@click.option("--envelope", is_flag=True, help="Wrap values with topic, offset, key, headers.")
@click.option(
    "--filter",
    "filters",
    multiple=True,
    help="Keep messages whose FIELD equals VALUE (dotted path, e.g. dedup.status=duplicate).",
)
@click.option("--pretty", is_flag=True, help="Indented, coloured output for people.")
def consume_cmd(
    topic: str,
    from_beginning: bool,
    max_messages: int | None,
    timeout: float,
    envelope: bool,
    filters: tuple[str, ...],
    pretty: bool,
) -> None:
    """Print messages of TOPIC (full name, or a short name like articles.enriched) as JSON lines."""
    from newsroom.commands.streams import consume

    settings = _settings()
    name = topic if topic.startswith(settings.topic_prefix) else settings.topic(topic)
    _require_topics(settings, [name])

    wanted = [_parse_filter(f) for f in filters]

    async def run() -> None:
        shown = 0
        async for rec in consume(settings, [name], from_beginning, None, timeout):
            value = rec.value_json()
            if not all(_lookup(value, path) == expected for path, expected in wanted):
                continue
            obj = rec.envelope() if envelope else value
            if pretty:
                from rich import print_json

                print_json(data=obj)
            else:
                sys.stdout.buffer.write(orjson.dumps(obj) + b"\n")
                sys.stdout.flush()
            shown += 1
            if max_messages is not None and shown >= max_messages:
                return

    _run(run())


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--output", "-o", type=click.File("wb"), default="-", help="Where to write.")
def enrich(file: BinaryIO, output: BinaryIO) -> None:
    """Run the pipeline on raw JSONL without Kafka: one output line per input line."""
    from newsroom.app import build_enricher
    from newsroom.commands.offline import dumps_line, enrich_lines
    from newsroom.commands.streams import read_lines

    settings = _settings()
    enricher = build_enricher(settings)
    name = Path(getattr(file, "name", "stdin")).name
    for event in enrich_lines(enricher, read_lines(file), name, settings.dlq_payload_max_bytes):
        output.write(dumps_line(event))


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("schemas"))
def schemas(out: Path) -> None:
    """Write JSON Schemas of every contract into OUT."""
    from newsroom.commands.schemas import write

    for path in write(out):
        click.echo(path)


@main.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of tables.")
def eval_cmd(files: tuple[Path, ...], as_json: bool) -> None:
    """Quality figures on labelled JSONL (raw article lines with a `gold` object)."""
    from newsroom.app import build_enricher
    from newsroom.evaluation.report import evaluate, render

    report = evaluate(build_enricher(_settings()), list(files))
    click.echo(
        orjson.dumps(report, option=orjson.OPT_INDENT_2).decode() if as_json else render(report)
    )


@main.command()
@click.option("--articles", type=int, default=4000, show_default=True, help="Corpus size.")
@click.option(
    "--real",
    "real_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Use the BBC CSVs in this folder instead of the synthetic corpus.",
)
@click.option("--scaling", is_flag=True, help="Also measure 1, 2 and 4 workers.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench(articles: int, real_dir: Path | None, scaling: bool, as_json: bool) -> None:
    """Baseline aiokafka loop vs the full pipeline on the local broker, in one run."""
    from newsroom.bench.run import run_bench

    result = run_bench(_settings(), articles, real_dir, scaling)
    if as_json:
        click.echo(orjson.dumps(result).decode())
    else:
        for key, value in result.items():
            click.echo(f"{key:34} {value}")


@main.command()
def demo() -> None:
    """Start a local broker, run a worker on bundled samples, print what came out."""
    from newsroom.commands.demo import run_demo
    from newsroom.commands.demo_report import print_report

    result = run_demo(_settings())
    print_report(result)
    if sum(result.counts.values()) != result.produced:
        raise NewsroomError(
            f"{result.produced} articles in, {sum(result.counts.values())} events out"
        )


def _require_topics(settings: Settings, names: list[str]) -> None:
    """Fail with one line when a topic is missing (instead of retrying until a timeout)."""
    from newsroom.kafka_clients import admin

    async def existing() -> set[str]:
        client = admin(settings)
        await client.start()
        try:
            return set(await client.list_topics())
        finally:
            await client.close()

    missing = [n for n in names if n not in _run(existing())]
    if missing:
        raise NewsroomError(
            f"topic {', '.join(missing)} does not exist on {settings.bootstrap}; "
            "create it with `newsroom topics create` (check NEWSROOM_TOPIC_PREFIX)"
        )


def _parse_filter(text: str) -> tuple[list[str], str]:
    if "=" not in text:
        raise NewsroomError(f"--filter wants FIELD=VALUE, got {text!r}")
    path, expected = text.split("=", 1)
    return path.split("."), expected


def _lookup(value: Any, path: list[str]) -> str | None:
    """The value at a dotted path, as text (true/false for booleans), or None."""
    for part in path:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    if isinstance(value, bool):
        return "true" if value else "false"
    return None if value is None else str(value)


def _run(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine; broker trouble becomes one clear line instead of a traceback."""
    from aiokafka.errors import KafkaConnectionError, KafkaError

    try:
        return asyncio.run(coro)
    except KafkaConnectionError as exc:
        raise NewsroomError(f"cannot reach Kafka at {_settings().bootstrap}: {exc}") from exc
    except KafkaError as exc:
        raise NewsroomError(f"Kafka error: {exc}") from exc


if __name__ == "__main__":
    main()
