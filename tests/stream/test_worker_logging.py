"""The worker keeps aiokafka's warnings; client commands silence them for one-line errors."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner

from newsroom import cli
from newsroom.commands import worker as worker_command
from newsroom.settings import Settings


@pytest.fixture(autouse=True)
def _restore_aiokafka_level() -> object:
    logger = logging.getLogger("aiokafka")
    level = logger.level
    yield
    logger.setLevel(level)


def test_the_worker_lets_aiokafka_warnings_through(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    def fake_run_worker(settings: Settings) -> None:
        seen.append(logging.getLogger("aiokafka").isEnabledFor(logging.WARNING))

    monkeypatch.setattr(worker_command, "run_worker", fake_run_worker)
    result = CliRunner().invoke(cli.main, ["worker"])
    assert result.exit_code == 0, result.output
    assert seen == [True]


def test_client_commands_keep_aiokafka_retry_chatter_out() -> None:
    result = CliRunner().invoke(cli.main, ["broker", "--help"])
    assert result.exit_code == 0, result.output
    assert not logging.getLogger("aiokafka").isEnabledFor(logging.ERROR)
