"""`newsroom broker start|stop|status` and its clear failures, on a real local broker."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom.local_kafka.broker import LocalBroker, free_port, port_in_use
from newsroom.local_kafka.jars import LocalKafkaError, ensure_jars, require_tool
from newsroom.settings import Settings


def newsroom(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsroom", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_start_status_stop_round_trip(tmp_path: Path) -> None:
    """start returns once the broker answers and prints its address; stop ends it."""
    port = free_port()
    env = {**os.environ, "NEWSROOM_LOCAL_KAFKA_PORT": str(port), "NEWSROOM_HOME": str(tmp_path)}
    (tmp_path / "kafka").symlink_to(Settings().home / "kafka")  # reuse the fetched jars
    try:
        started = newsroom("broker", "start", env=env)
        assert started.returncode == 0, started.stderr
        assert started.stdout.strip() == f"127.0.0.1:{port}"
        assert port_in_use(port)
        status = newsroom("broker", "status", env=env)
        assert status.returncode == 0 and "running" in status.stdout
    finally:
        stopped = newsroom("broker", "stop", env=env)
    assert stopped.stdout.strip() == "stopped"
    assert not port_in_use(port)
    after = newsroom("broker", "status", env=env)
    assert after.returncode == 3 and after.stdout.strip() == "not running"


def test_port_taken_by_another_program_fails_clearly(tmp_path: Path) -> None:
    """Another listener on the port is reported, not mistaken for our broker."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        broker = LocalBroker(ensure_jars(Settings().home), tmp_path, port)
        with pytest.raises(LocalKafkaError, match=f"port {port} .* already taken"):
            broker.start()


def test_missing_java_or_maven_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the tool on PATH the error says which one and how to get it."""
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(LocalKafkaError, match="mvn not found on PATH: install Maven"):
        require_tool("mvn", "install Maven 3 (apt install maven)")


def test_cli_reports_unreachable_broker_in_one_line() -> None:
    """A client command against a dead address fails with one clear line, no traceback."""
    env = {**os.environ, "NEWSROOM_KAFKA_BOOTSTRAP": f"127.0.0.1:{free_port()}"}
    result = newsroom("topics", "create", env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot reach Kafka" in result.stderr
