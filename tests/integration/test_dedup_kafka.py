"""Dedup on the real broker: copies across partitions and workers, SIGKILL, retention expiry."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from newsroom import kafka_clients
from newsroom.domain.dedup_state import Keys
from newsroom.settings import Settings
from newsroom.topology import (
    DEDUP_TABLE,
    DUPLICATES,
    ENRICHED,
    RAW,
    candidates_topic,
    changelog_topic,
)
from tests.support.dedup_variants import base, candidate, stories, variants
from tests.support.kafka import collect

PARTITIONS = 8


def _send(settings: Settings, topic: str, items: list[tuple[int, bytes]]) -> None:
    """Send each value to its partition, all confirmed."""

    async def run() -> None:
        producer = kafka_clients.producer(settings, linger_ms=5)
        await producer.start()
        try:
            futures = [await producer.send(topic, value=v, partition=p) for p, v in items]
            await asyncio.gather(*futures)
        finally:
            await producer.stop()

    asyncio.run(run())


def _wait(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)


def _story_copies(per_story: int) -> tuple[list[tuple[str, bytes]], dict[str, str]]:
    """(story, raw JSON) for every base and its syndicated copies, and the story of each URL."""
    items: list[tuple[str, bytes]] = []
    for story in stories():
        items.append((story["key"], base(story).model_dump_json().encode()))
    for v in variants(per_story=per_story):
        if v.kind in ("syndicated", "exact"):
            items.append((v.story, v.raw.model_dump_json().encode()))
    story_of = {str(orjson.loads(line)["url"]): key for key, line in items}
    return items, story_of


def _assert_one_canonical_per_story(records: list[Any], story_of: dict[str, str]) -> None:
    """Every story: exactly one unique article and every other copy pointing to it."""
    by_id: dict[str, set[tuple[str, str, str | None]]] = defaultdict(set)
    for r in records:
        value = r.value_json()
        d = value["dedup"]
        by_id[value["id"]].add((value["event_id"], d["status"], d["duplicate_of"]))
        assert value["url"] in story_of
    assert all(len(v) == 1 for v in by_id.values()), "a replay changed its event id or verdict"
    stories_seen: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    urls = {r.value_json()["id"]: r.value_json()["url"] for r in records}
    for article_id, verdicts in by_id.items():
        (_event, status, duplicate_of) = next(iter(verdicts))
        stories_seen[story_of[urls[article_id]]].append((article_id, status, duplicate_of))
    for key, members in stories_seen.items():
        canonical = [a for a, status, _ in members if status == "unique"]
        assert len(canonical) == 1, (key, members)
        assert all(dup == canonical[0] for a, status, dup in members if a != canonical[0]), members


def test_simultaneous_copies_across_partitions_and_workers_have_one_canonical(
    settings: Settings, start_worker: Any
) -> None:
    """Copies of five stories sent at once through all 8 partitions to 2 workers: one canonical each."""
    workers = [start_worker(settings, "a"), start_worker(settings, "b")]
    _wait(lambda: all("worker.starting" in w.log_text() for w in workers), 90, "workers")
    items, story_of = _story_copies(per_story=5)
    _send(
        settings, settings.topic(RAW), [(i % PARTITIONS, line) for i, (_, line) in enumerate(items)]
    )
    outputs = [settings.topic(ENRICHED), settings.topic(DUPLICATES)]
    records = collect(settings, outputs, expected=len(items), timeout=240)
    assert all(w.alive for w in workers), workers[0].log_text()[-3000:]
    assert len({r.value_json()["id"] for r in records}) == len(items)
    _assert_one_canonical_per_story(records, story_of)


def test_sigkill_and_restart_keep_verdicts_and_event_ids(
    settings: Settings, start_worker: Any
) -> None:
    """A worker killed mid-stream and replaced: replays repeat their verdicts, stories stay single."""
    first = start_worker(settings, "first")
    _wait(lambda: "worker.starting" in first.log_text(), 90, "worker")
    items, story_of = _story_copies(per_story=12)
    half = len(items) // 2
    _send(
        settings,
        settings.topic(RAW),
        [(i % PARTITIONS, line) for i, (_, line) in enumerate(items[:half])],
    )
    outputs = [settings.topic(ENRICHED), settings.topic(DUPLICATES)]
    collect(settings, outputs, expected=half // 2, timeout=180, settle=0.5)
    first.kill()
    second = start_worker(settings, "second")
    _send(
        settings,
        settings.topic(RAW),
        [(i % PARTITIONS, line) for i, (_, line) in enumerate(items[half:])],
    )
    records = collect(
        settings, outputs, expected=len(items), timeout=240, distinct=lambda r: r.value_json()["id"]
    )
    assert second.alive, second.log_text()[-3000:]
    lost = len(items) - len({r.value_json()["id"] for r in records})
    assert lost == 0, f"{lost} of {len(items)} articles lost"
    _assert_one_canonical_per_story(records, story_of)


def test_articles_older_than_the_window_are_forgotten_and_swept(
    settings: Settings, start_worker: Any
) -> None:
    """A copy of a 10-day-old article is unique again, and the old records become tombstones."""
    worker = start_worker(settings)
    _wait(lambda: "worker.starting" in worker.log_text(), 90, "worker")
    story = stories()[0]
    now = datetime.now(UTC)
    old = candidate(base(story), 1)
    old = old.model_copy(
        update={"article": old.article.model_copy(update={"ingested_at": now - timedelta(days=10)})}
    )
    copy = candidate(base(story).model_copy(update={"url": "https://late.example/copy"}), 2)
    copy = copy.model_copy(update={"article": copy.article.model_copy(update={"ingested_at": now})})
    topic = candidates_topic(settings)
    _send(
        settings, topic, [(0, old.model_dump_json().encode()), (0, copy.model_dump_json().encode())]
    )
    outputs = [settings.topic(ENRICHED), settings.topic(DUPLICATES)]
    records = collect(settings, outputs, expected=2, timeout=180)
    verdicts = {r.value_json()["id"]: r.value_json()["dedup"]["status"] for r in records}
    assert verdicts == {old.article.id: "unique", copy.article.id: "unique"}
    # The copy rewrote the shared content and LSH records; the old replay and page records
    # are left to the sweep, which deletes them: tombstones on the changelog.
    keys = Keys.of(old)
    wanted = {orjson.dumps(keys.origin), orjson.dumps(keys.url)}
    changelog = changelog_topic(settings, DEDUP_TABLE)

    def tombstoned() -> set[bytes]:
        seen = collect(settings, [changelog], expected=10**6, timeout=5, settle=1.0)
        return {r.key for r in seen if r.value is None and r.key is not None}

    _wait(lambda: wanted <= tombstoned(), 120, "tombstones of the old article's records")
    assert worker.alive
