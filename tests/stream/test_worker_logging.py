"""The worker keeps aiokafka's warnings; client commands silence them for one-line errors."""

from __future__ import annotations

import itertools
import logging

import pytest
from click.testing import CliRunner

from newsroom import cli
from newsroom.commands import worker as worker_command
from newsroom.logs import RepeatFilter
from newsroom.settings import Settings

AIOKAFKA = ["aiokafka", "aiokafka.conn", "aiokafka.consumer.group_coordinator"]


@pytest.fixture(autouse=True)
def _restore_aiokafka_loggers() -> object:
    logger = logging.getLogger("aiokafka")
    level = logger.level
    yield
    logger.setLevel(level)
    for name in AIOKAFKA:
        for found in [f for f in logging.getLogger(name).filters if isinstance(f, RepeatFilter)]:
            logging.getLogger(name).removeFilter(found)


def test_the_worker_lets_aiokafka_warnings_through(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def fake_run_worker(settings: Settings) -> None:
        seen.append(logging.getLogger("aiokafka").isEnabledFor(logging.WARNING))

    monkeypatch.setattr(worker_command, "run_worker", fake_run_worker)
    result = CliRunner().invoke(cli.main, ["worker"])
    assert result.exit_code == 0, result.output
    assert seen == [True]
    for name in AIOKAFKA:  # aiokafka's retry loops repeat themselves: held to one per 10 s
        assert any(isinstance(f, RepeatFilter) for f in logging.getLogger(name).filters), name


def record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("aiokafka", logging.ERROR, "client.py", 1, msg, args, None)


def test_repeats_are_held_to_one_per_interval_with_a_count() -> None:
    now = [100.0]
    repeat = RepeatFilter(interval_s=10, clock=lambda: now[0])
    connect = "Unable connect to node with id %s: %s"
    assert repeat.filter(record(connect, 1, "refused"))
    for step in range(1, 100):
        now[0] = 100.0 + step * 0.05
        assert not repeat.filter(record(connect, 1, "refused"))
    assert repeat.filter(record("Unable to update metadata from %s", [1]))  # another line
    assert repeat.filter(record(connect, 2, "refused"))  # another node: another line
    now[0] = 110.0
    later = record(connect, 1, "refused")
    assert repeat.filter(later)
    assert later.getMessage() == (
        "Unable connect to node with id 1: refused [99 more like this in the last 10 s]"
    )


def test_client_commands_keep_aiokafka_retry_chatter_out() -> None:
    result = CliRunner().invoke(cli.main, ["broker", "--help"])
    assert result.exit_code == 0, result.output
    assert not logging.getLogger("aiokafka").isEnabledFor(logging.ERROR)


def test_lines_of_many_kinds_are_forgotten_once_stale() -> None:
    now = [0.0]
    repeat = RepeatFilter(interval_s=10, clock=lambda: now[0])
    for n in range(RepeatFilter.MAX_KINDS):
        assert repeat.filter(record("Joined group (generation %s)", n))
    now[0] = 20.0
    assert repeat.filter(record("Joined group (generation %s)", -1))
    assert len(repeat._last) == 1


def test_many_fresh_kinds_stay_bounded() -> None:
    """Lines with ids in them, all within the interval: memory stays bounded and most records
    are not followed by a pass over every kind."""
    now = [0.0]
    repeat = RepeatFilter(interval_s=10, clock=lambda: now[0])
    sizes = []
    for n in range(3 * RepeatFilter.MAX_KINDS):
        now[0] = n * 0.001
        assert repeat.filter(record("Sent request %s to node 1", n))
        sizes.append(len(repeat._last))
    assert max(sizes) <= RepeatFilter.MAX_KINDS + 1
    shrinks = sum(1 for a, b in itertools.pairwise(sizes) if b < a)
    assert shrinks <= 3 * RepeatFilter.MAX_KINDS // (RepeatFilter.MAX_KINDS // 2)
    # the most recent kinds are the ones kept: a repeat of the last line is still held back
    assert not repeat.filter(record("Sent request %s to node 1", 3 * RepeatFilter.MAX_KINDS - 1))


@pytest.fixture()
def _restore_root_logging() -> object:
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("_restore_root_logging")
def test_the_faust_worker_keeps_the_root_logger_at_the_configured_level() -> None:
    """faust's spinner would set the root logger to DEBUG: every debug call of faust and
    aiokafka (several per message) would build a record and run the loggers' filters."""
    import faust

    app = faust.App("logging-test", broker="kafka://127.0.0.1:9", web_enabled=False)
    worker = worker_command.faust_worker(Settings(faust_log_level="warning"), app)
    worker._setup_logging()
    assert logging.getLogger().level == logging.WARNING
    for name in [*AIOKAFKA, "faust.topics", "mode"]:
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name
        assert logging.getLogger(name).isEnabledFor(logging.WARNING), name


def test_a_kind_still_repeating_keeps_its_count_when_kinds_are_forgotten() -> None:
    now = [0.0]
    repeat = RepeatFilter(interval_s=10, clock=lambda: now[0])
    retry = "Unable to update metadata from %s"
    assert repeat.filter(record(retry, [1]))
    for n in range(2 * RepeatFilter.MAX_KINDS):  # new kinds arrive while the retry repeats
        now[0] = n * 0.002
        assert repeat.filter(record("Sent request %s to node 1", n))
        if n % 10 == 0:
            assert not repeat.filter(record(retry, [1]))
    now[0] = 10.0
    again = record(retry, [1])
    assert repeat.filter(again)
    held = len(range(0, 2 * RepeatFilter.MAX_KINDS, 10))
    assert again.getMessage().endswith(f"[{held} more like this in the last 10 s]")
