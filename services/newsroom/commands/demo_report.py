"""Print the demo's outcome: counts per topic and a few enriched events."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from newsroom.commands.demo import DemoResult, summary_rows


def print_report(result: DemoResult, shown: int = 8) -> None:
    console = Console()
    counts = Table(title=f"{result.produced} raw messages in; events out per topic")
    counts.add_column("topic")
    counts.add_column("events", justify="right")
    for topic, n in sorted(result.counts.items()):
        counts.add_row(topic, str(n))
    counts.add_row("total", str(sum(result.counts.values())))
    console.print(counts)
    rows = summary_rows(result)[:shown]
    if rows:
        table = Table(title="a few enriched events")
        for column in rows[0]:
            table.add_column(column)
        for row in rows:
            table.add_row(*(str(v) for v in row.values()))
        console.print(table)
