"""The one command-line entry point: `newsroom --help`."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, BinaryIO

import click
import orjson

from newsroom.cli_ops import broker, dlq, status, topics
from newsroom.cli_support import NewsroomError, load_settings, require_topics, run_async
from newsroom.logs import configure_logging, quiet_repeats


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """newsroom: ingest raw news articles from Kafka, publish enriched events.

    Settings come from NEWSROOM_* environment variables (see README, Configuration).
    """
    settings = load_settings()
    configure_logging(settings.log_level, settings.log_format)
    # Client commands report failures as one line; aiokafka's retry chatter is noise there.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)


for command in (broker, topics, status, dlq):
    main.add_command(command)


@main.command()
def worker() -> None:
    """Run the stream processors in the foreground (SIGTERM stops them cleanly)."""
    from newsroom.commands.worker import run_worker

    # A worker's aiokafka warnings (failed heartbeats, a coordinator marked dead, refused commits)
    # are operational signals: they follow faust's level (NEWSROOM_FAUST_LOG_LEVEL) here, with
    # the repeats of aiokafka's retry loops held to one line per 10 s.
    logging.getLogger("aiokafka").setLevel(logging.NOTSET)
    quiet_repeats("aiokafka")
    run_worker(load_settings())


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

    settings = load_settings()
    target = topic or settings.topic(RAW)
    require_topics(settings, [target])
    show = sys.stderr.isatty() if progress is None else progress
    with Progress(
        SpinnerColumn(), TextColumn("{task.completed} sent"), TimeElapsedColumn(),
        disable=not show, transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("produce", total=None)
        sent = run_async(
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

    settings = load_settings()
    name = topic if topic.startswith(settings.topic_prefix) else settings.topic(topic)
    require_topics(settings, [name])

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

    run_async(run())


@main.command()
@click.argument("file", type=click.File("rb"))
@click.option("--output", "-o", type=click.File("wb"), default="-", help="Where to write.")
def enrich(file: BinaryIO, output: BinaryIO) -> None:
    """Run the pipeline on raw JSONL without Kafka: one output line per input line."""
    from newsroom.app import build_enricher
    from newsroom.commands.offline import dumps_line, enrich_lines
    from newsroom.commands.streams import read_lines

    settings = load_settings()
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

    report = evaluate(build_enricher(load_settings()), list(files))
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

    result = run_bench(load_settings(), articles, real_dir, scaling)
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

    result = run_demo(load_settings())
    print_report(result)
    if sum(result.counts.values()) != result.produced:
        raise NewsroomError(
            f"{result.produced} articles in, {sum(result.counts.values())} events out"
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


if __name__ == "__main__":
    main()
