"""Table recovery's end: stream partitions are sought before they resume, never fetched early."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

from faust.tables.recovery import Recovery
from faust.types import TP

from newsroom import faust_fixes

CHANGELOG = TP("app-dedup-changelog", 0)
RAW = TP("articles.raw", 1)


class Consumer:
    """The consumer calls recovery makes, and what a fetcher could fetch meanwhile."""

    def __init__(self, timeline: list[str]) -> None:
        self.timeline = timeline
        self.active: set[TP] = {CHANGELOG}  # stream partitions stay paused during recovery
        self.app: Any = None
        self.rebalance_during_seek = False

    def assignment(self) -> set[TP]:
        return {CHANGELOG, RAW}

    def resume_partitions(self, tps: set[TP]) -> None:
        self.active |= tps
        self.timeline.append("resume streams")

    def resume_flow(self) -> None:
        self.timeline.append("resume flow")

    async def perform_seek(self) -> None:
        self.timeline.append("seek")
        await asyncio.sleep(0.01)  # a round trip to the broker
        if self.rebalance_during_seek:
            self.app.consumer_generation_id += 1
        self.timeline.append("sought")


class FlowControl:
    def __init__(self, timeline: list[str]) -> None:
        self.timeline = timeline

    def resume(self) -> None:
        self.timeline.append("clear buffers")  # mode clears clear_on_resume queues here


async def _noop(*_args: Any, **_kwargs: Any) -> None:
    return None


def wired(recovery_class: type[Recovery]) -> tuple[Recovery, Consumer, list[str]]:
    """A recovery service on hand-written fakes of the app and table manager."""
    timeline: list[str] = []
    consumer = Consumer(timeline)
    app = SimpleNamespace(
        conf=SimpleNamespace(stream_recovery_delay=0.0, broker_request_timeout=5.0),
        consumer=consumer,
        consumer_generation_id=3,
        on_rebalance_complete=SimpleNamespace(send=_noop),
        flow_control=FlowControl(timeline),
        _fetcher=SimpleNamespace(maybe_start=_noop),
        assignor=SimpleNamespace(assigned_standbys=set),
        on_rebalance_end=lambda: None,
    )
    consumer.app = app
    tables = SimpleNamespace(
        values=list,
        changelog_topics={CHANGELOG.topic},
        on_actives_ready=lambda: None,
        on_standbys_ready=lambda: None,
    )
    return recovery_class(app, tables), consumer, timeline  # type: ignore[arg-type]


async def fetches_during(recovery: Recovery, consumer: Consumer, timeline: list[str]) -> None:
    """Complete recovery while a fetcher task records, at every turn of the event loop,
    whether it could fetch a stream partition."""
    done = asyncio.Event()

    async def fetcher() -> None:
        while not done.is_set():
            if RAW in consumer.active:
                timeline.append("fetch stream")
            await asyncio.sleep(0)

    task = asyncio.create_task(fetcher())
    await recovery.on_recovery_completed(generation_id=3)
    done.set()
    await task


async def test_stock_faust_resumes_stream_partitions_before_seeking() -> None:
    """The defect the fix exists for: faust 0.15.3 lets the fetcher fetch a stream partition
    before the seek, into buffers that resuming flow then clears."""
    recovery, consumer, timeline = wired(Recovery)
    await fetches_during(recovery, consumer, timeline)
    assert timeline.index("resume streams") < timeline.index("seek")
    assert "fetch stream" in timeline[: timeline.index("clear buffers")]


async def test_seek_first_recovery_fetches_streams_only_after_seek_and_clear() -> None:
    """Seek while paused, then resume partitions and flow at once: no fetch can land in a
    buffer before the seek or before the buffers are cleared."""
    recovery, consumer, timeline = wired(faust_fixes.SeekFirstRecovery)
    await fetches_during(recovery, consumer, timeline)
    assert timeline.index("sought") < timeline.index("resume streams")
    cleared = timeline.index("clear buffers")
    assert "fetch stream" not in timeline[:cleared]
    assert timeline[timeline.index("resume streams") + 1 : cleared] == []
    assert recovery.completed.is_set()


async def test_seek_first_recovery_stops_when_a_rebalance_began_during_the_seek() -> None:
    """A newer generation takes over: nothing is resumed for the one that ended."""
    recovery, consumer, timeline = wired(faust_fixes.SeekFirstRecovery)
    consumer.rebalance_during_seek = True
    await recovery.on_recovery_completed(generation_id=3)
    assert timeline == ["seek", "sought"]
    assert not recovery.completed.is_set()


def test_the_composition_root_installs_the_fix() -> None:
    """create_app builds its tables with the seek-first recovery."""
    from newsroom.app import create_app
    from newsroom.settings import Settings

    app = create_app(Settings(ner="off"))
    assert isinstance(app.tables, faust_fixes.SeekFirstTableManager)
    assert isinstance(app.tables.recovery, faust_fixes.SeekFirstRecovery)


def test_the_composition_root_installs_the_paused_fetch_fix() -> None:
    """create_app's consumer comes from faust_fetch (nothing fetched while all is paused)."""
    from newsroom import faust_fetch
    from newsroom.app import create_app
    from newsroom.settings import Settings

    app = create_app(Settings(ner="off"))
    assert isinstance(app.transport, faust_fetch.PausedFetchTransport)
    assert app.transport.Consumer is faust_fetch.PausedFetchConsumer
