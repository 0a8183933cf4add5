"""Readiness is read from the health thread: it must not create or bind faust services."""

from __future__ import annotations

import threading
from pathlib import Path

from newsroom.app import build_service, is_ready
from newsroom.settings import Settings


def test_a_probe_before_start_creates_no_recovery_and_binds_no_loop(tmp_path: Path) -> None:
    """A readiness probe from another thread, before the worker runs, only reads: no Recovery
    service is made and the table manager is bound to no event loop. (When a probe made it, the
    manager waited on the probing thread's loop, which never runs: the worker never subscribed.)"""
    app = build_service(Settings(data_dir=tmp_path, kafka_bootstrap="127.0.0.1:9")).app
    answers: list[bool] = []
    probe = threading.Thread(target=lambda: answers.append(is_ready(app)))
    probe.start()
    probe.join()
    assert answers == [False]
    assert app.tables._recovery is None
    assert app.tables._loop is None


def test_ready_once_recovery_completed_and_not_rebalancing(tmp_path: Path) -> None:
    """After the worker made its Recovery: ready when it completed, not while rebalancing."""
    app = build_service(Settings(data_dir=tmp_path, kafka_bootstrap="127.0.0.1:9")).app
    recovery = app.tables.recovery  # as the worker's own start does, on its loop
    assert not is_ready(app)
    recovery.completed.set()
    app.rebalancing = False
    assert is_ready(app)
    app.rebalancing = True
    assert not is_ready(app)
