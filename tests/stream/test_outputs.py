"""Outputs.send: records go to faust's started producer, checked when the broker answers."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest

from newsroom.agents import publish
from newsroom.agents.publish import EXIT_RESTART, Outputs
from newsroom.app import bytes_topic, faust_app
from newsroom.metrics import Metrics
from newsroom.settings import Settings


class Producer:
    """aiokafka's producer interface under faust's own producer: `send` schedules a record and
    returns its future."""

    def __init__(self) -> None:
        self.records: list[tuple[Any, ...]] = []
        self.futures: list[asyncio.Future[Any]] = []

    async def send(
        self,
        topic: str,
        value: bytes | None = None,
        key: bytes | None = None,
        partition: int | None = None,
        timestamp_ms: int | None = None,
        headers: list[tuple[str, bytes]] | None = None,
    ) -> asyncio.Future[Any]:
        self.records.append((topic, key, value, partition, timestamp_ms, headers))
        self.futures.append(asyncio.get_running_loop().create_future())
        return self.futures[-1]


@pytest.fixture
def outputs(monkeypatch: pytest.MonkeyPatch) -> tuple[Outputs, Producer, list[int]]:
    """Outputs over a faust app whose own producer (faust's, not a stand-in) sends through a
    stand-in aiokafka producer, so the call faust's producer receives is checked too."""
    app = faust_app(Settings(app_id="outputs-test"))
    producer, starts = Producer(), []
    app.producer._producer = producer

    async def maybe_start_producer() -> Any:
        starts.append(1)
        return app.producer

    monkeypatch.setattr(app, "maybe_start_producer", maybe_start_producer)
    topics = [bytes_topic(app, name) for name in ("cand", "enriched", "dupes", "dlq")]
    return Outputs(*topics, dlq_cap=1024, metrics=Metrics()), producer, starts


def test_records_reach_the_started_producer_with_key_value_and_headers(
    outputs: tuple[Outputs, Producer, list[int]],
) -> None:
    """The producer is asked for once; each record names its topic, key, value and headers,
    and leaves the partition and timestamp to the producer (key hashing, append time)."""
    out, producer, starts = outputs

    async def run() -> None:
        await out.send(out.candidates, b"a1", b"{}")
        await out.send(out.enriched, b"a2", b'{"x":1}', {"verdict": b"unique"}, "unique", 5)
        await out.send(out.duplicates, b"a3", b"{}", {"verdict": b"duplicate"})

    asyncio.run(run())
    assert len(starts) == 1
    assert producer.records == [
        ("cand", b"a1", b"{}", None, None, None),
        ("enriched", b"a2", b'{"x":1}', None, None, [("verdict", b"unique")]),
        ("dupes", b"a3", b"{}", None, None, [("verdict", b"duplicate")]),
    ]


def test_an_acknowledged_send_counts_its_verdict_and_latency(
    outputs: tuple[Outputs, Producer, list[int]],
) -> None:
    """The verdict counter and end-to-end histogram move when the broker acknowledges."""
    out, producer, _ = outputs
    counter = out.metrics.articles_out.labels("enriched", "unique")

    async def run() -> float:
        await out.send(out.enriched, b"a", b"{}", {}, "unique", raw_ms=1_000)
        before = counter._value.get()
        producer.futures[0].set_result(SimpleNamespace(timestamp=1_250))
        await asyncio.sleep(0)  # done-callbacks run on the next turn of the loop
        return float(before)

    before = asyncio.run(run())
    assert (before, counter._value.get()) == (0.0, 1.0)
    assert out.metrics.end_to_end_seconds._sum.get() == pytest.approx(0.25)


@pytest.mark.parametrize("failure", ["refused", "raised"])
def test_a_refused_or_failed_send_ends_the_process_for_a_restart(
    outputs: tuple[Outputs, Producer, list[int]], monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    """A send the broker refuses, or one that raises, exits with EXIT_RESTART before the next
    commit, so its input is replayed."""
    out, producer, _ = outputs
    codes: list[int] = []

    def fake_exit(code: int) -> None:
        codes.append(code)
        raise SystemExit(code)

    monkeypatch.setattr(publish.os, "_exit", fake_exit)

    async def broken_send(*record: Any) -> Any:
        raise RuntimeError("producer closed")

    async def run() -> None:
        if failure == "raised":
            monkeypatch.setattr(producer, "send", broken_send)
            await out.send(out.enriched, b"a", b"{}")
        else:
            await out.send(out.enriched, b"a", b"{}")
            producer.futures[0].set_exception(RuntimeError("MessageSizeTooLarge"))
            await asyncio.sleep(0)

    with pytest.raises(SystemExit):
        asyncio.run(run())
    assert codes == [EXIT_RESTART]
