"""The operator CLI on the real broker: produce, consume filters, describe, status, dlq replay."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, DUPLICATES, ENRICHED
from tests.support.articles import articles, encode
from tests.support.kafka import collect, settings_env


def cli(
    settings: Settings, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsroom", *args],
        env=settings_env(settings),
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


def lines(result: subprocess.CompletedProcess[bytes]) -> list[Any]:
    return [json.loads(x) for x in result.stdout.splitlines() if x.strip()]


def test_operator_commands_end_to_end(
    settings: Settings, start_worker: Any, tmp_path: Path
) -> None:
    """A full operator session: every command answers with the facts of the run."""
    assert cli(settings, "topics", "create").returncode == 0
    first, second = articles(2)
    copy = {**first, "id": "copy-1", "url": "https://mirror.example/copy"}
    bad = b'{"id": "bad-1", "title": 5}'
    raw = tmp_path / "in.jsonl"
    raw.write_bytes(b"\n".join([encode(first), encode(second), encode(copy), bad]) + b"\n")
    produced = cli(settings, "produce", str(raw), "--no-progress")
    assert produced.returncode == 0 and b"sent 4 messages" in produced.stderr

    worker = start_worker(settings)
    outputs = [settings.topic(t) for t in (ENRICHED, DUPLICATES, DEADLETTER)]
    assert len(collect(settings, outputs, 4, timeout=120, alive=lambda: worker.alive)) == 4

    dups = cli(settings, "consume", "articles.duplicates", "--from-beginning", "--timeout", "3",
               "--filter", "dedup.method=exact")  # fmt: skip
    (dup,) = lines(dups)  # whichever of the pair reached the dedup stage second
    assert {dup["id"], dup["dedup"]["duplicate_of"]} == {"copy-1", first["id"]}
    none = cli(settings, "consume", "articles.enriched", "--from-beginning", "--timeout", "3",
               "--filter", "dedup.status=duplicate")  # fmt: skip
    assert lines(none) == []
    envelope = cli(settings, "consume", "articles.deadletter", "--from-beginning", "--timeout",
                   "3", "--envelope", "--max", "1")  # fmt: skip
    (letter,) = lines(envelope)
    assert letter["headers"]["reason"] == "schema" and letter["value"]["reason"] == "schema"

    described = {row["topic"]: row for row in lines(cli(settings, "topics", "describe", "--json"))}
    assert described[settings.topic("articles.raw")]["partitions"] == 8
    assert described[settings.topic("articles.raw")]["end_offsets"] == 4

    summary = cli(settings, "dlq", "replay", "--dry-run", "--timeout", "3")
    assert json.loads(summary.stdout) == {"matched": 1, "replayable": 1, "skipped": 0, "sent": 0}
    replayed = cli(settings, "dlq", "replay", "--reason", "schema", "--timeout", "3")
    assert json.loads(replayed.stdout)["sent"] == 1
    assert len(collect(settings, [outputs[2]], 2, timeout=60)) == 2  # re-driven, dead again

    status = json.loads(cli(settings, "status", "--json").stdout)
    assert status["group"] == settings.app_id
    assert sum(p["end"] for p in status["lag"]) == 5
