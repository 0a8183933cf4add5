"""Fault-test helpers: output progress, waiting, and the at-least-once accounting of a run."""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from aiokafka.errors import GroupCoordinatorNotAvailableError

from newsroom import kafka_clients
from newsroom.commands.streams import Received
from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, DUPLICATES, ENRICHED, topic_specs


def create_topics(settings: Settings) -> None:
    """The topics a worker would create, created up front so input can be produced first."""
    asyncio.run(kafka_clients.create_topics(settings, topic_specs(settings)))


def output_topics(settings: Settings) -> list[str]:
    return [settings.topic(t) for t in (ENRICHED, DUPLICATES, DEADLETTER)]


def output_count(settings: Settings) -> int:
    """Records written to the output topics so far (sum of end offsets; -1 if unreachable)."""

    async def run() -> int:
        from aiokafka import TopicPartition

        consumer = kafka_clients.consumer(settings, request_timeout_ms=5000, group_id=None)
        await consumer.start()
        try:
            tps = [
                TopicPartition(topic, p)
                for topic in output_topics(settings)
                for p in range(settings.output_partitions)
            ]
            ends = await consumer.end_offsets(tps)
            return int(sum(ends.values()))
        finally:
            await consumer.stop()

    try:
        return asyncio.run(run())
    except Exception:
        return -1


def wait_until(check: Callable[[], bool], timeout: float, every: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return False


def group_members(settings: Settings) -> tuple[str, int]:
    """The worker group's state on the broker ("Stable", "PreparingRebalance", ...) and size;
    ("unavailable", 0) while the broker has no coordinator for it yet."""

    async def run() -> tuple[str, int]:
        admin = kafka_clients.admin(settings)
        await admin.start()
        try:
            (response,) = await admin.describe_consumer_groups([settings.app_id])
        except GroupCoordinatorNotAvailableError:
            return "unavailable", 0
        finally:
            await admin.close()
        (group,) = response.groups
        return str(group[2]), len(group[5])  # error, id, state, protocol type, protocol, members

    return asyncio.run(run())


def wait_stable(settings: Settings, members: int, timeout: float) -> None:
    """Block until the worker group is Stable with `members` members (all assigned)."""
    assert wait_until(lambda: group_members(settings) == ("Stable", members), timeout), (
        f"group never Stable with {members} members: {group_members(settings)}"
    )


def wait_outputs(settings: Settings, at_least: int, timeout: float) -> int:
    """Block until the outputs hold at least `at_least` records; returns the last count."""
    seen = [0]

    def reached() -> bool:
        seen[0] = output_count(settings)
        return seen[0] >= at_least

    wait_until(reached, timeout, every=1.0)
    return seen[0]


def _letter_id(letter: dict[str, Any]) -> str | None:
    """The input id of a dead letter: its article id, else the id inside the original bytes."""
    if letter.get("article_id"):
        return str(letter["article_id"])
    try:
        raw = orjson.loads(base64.b64decode(letter["payload_b64"]))
    except (orjson.JSONDecodeError, ValueError, KeyError):
        return None
    if isinstance(raw, dict) and "id" in raw:
        return str(raw["id"])
    return None


@dataclass
class Ledger:
    """What came out of a run, keyed by input id."""

    outcomes: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    self_duplicates: list[str] = field(default_factory=list)
    records: int = 0
    dead_letters: int = 0

    @classmethod
    def of(cls, settings: Settings, records: Iterable[Received]) -> Ledger:
        ledger = cls()
        dlq = settings.topic(DEADLETTER)
        for rec in records:
            ledger.records += 1
            value = rec.value_json()
            if rec.topic == dlq:
                ledger.dead_letters += 1
                key = _letter_id(value) or f"dlq:{value.get('payload_sha256')}"
                ledger.outcomes[key].append((f"dlq:{value['reason']}", value["reason"]))
                continue
            dedup = value["dedup"]
            ledger.outcomes[value["id"]].append((value["event_id"], dedup["status"]))
            if dedup["status"] == "duplicate" and dedup["duplicate_of"] == value["id"]:
                ledger.self_duplicates.append(value["id"])
        return ledger

    def lost(self, ids: Iterable[str]) -> list[str]:
        return [i for i in ids if i not in self.outcomes]

    def inconsistent(self) -> dict[str, list[tuple[str, str]]]:
        """Ids whose copies disagree on event_id or verdict."""
        return {k: v for k, v in self.outcomes.items() if len(set(v)) > 1}

    def replayed(self) -> int:
        return sum(len(v) - 1 for v in self.outcomes.values())

    def assert_complete(self, ids: list[str]) -> None:
        lost = self.lost(ids)
        assert not lost, f"{len(lost)} lost, e.g. {lost[:5]}"
        bad = self.inconsistent()
        assert not bad, f"{len(bad)} inconsistent, e.g. {list(bad.items())[:3]}"
        assert not self.self_duplicates, self.self_duplicates[:5]

    def summary(self, inputs: int) -> str:
        return (
            f"inputs={inputs} outputs={self.records} distinct={len(self.outcomes)} "
            f"replayed={self.replayed()} dead_letters={self.dead_letters} lost=0"
        )


def report(name: str, line: str, path: Path | None = None) -> None:
    """Print a measured outcome (and append it to a file for the table in docs/reliability.md)."""
    text = f"[reliability] {name}: {line}"
    print(text)
    if path is not None:
        with path.open("a") as out:
            out.write(text + "\n")


class Supervisor:
    """What systemd, Docker (restart: always) or Kubernetes do: restart a worker that exited."""

    def __init__(self, start: Callable[[], Any]) -> None:
        self._start = start
        self.worker = start()
        self.restarts = 0
        self.exit_codes: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            code = self.worker.proc.poll()
            if code is not None:
                self.exit_codes.append(code)
                self.restarts += 1
                self.worker = self._start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.worker.stop()
