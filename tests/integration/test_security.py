"""Security on a broker of the test's own that requires SASL/SCRAM: the worker connects with
the configured credentials, wrong ones fail fast with one clear line, secrets never leak."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsroom.local_kafka.broker import LocalBroker, free_port
from newsroom.local_kafka.jars import ensure_jars
from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, RAW
from tests.support.articles import articles, encode
from tests.support.faults import Ledger, create_topics, output_topics
from tests.support.kafka import WorkerProcess, collect, isolated_settings, produce, settings_env

USER, PASSWORD = "alice", "Zq7-not-in-any-log-4f1d"
MECHANISM = "SCRAM-SHA-256"


@pytest.fixture(scope="module")
def sasl_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SASL_PLAINTEXT-only broker with one SCRAM user, created when storage is formatted."""
    broker = LocalBroker(
        ensure_jars(Settings().home),
        tmp_path_factory.mktemp("kafka-sasl"),
        free_port(),
        template="server-sasl.properties.template",
        scram_users=((MECHANISM, USER, PASSWORD),),
    )
    broker.start()
    try:
        yield broker.bootstrap
    finally:
        broker.stop()


def sasl_settings(bootstrap: str, data_dir: Path, password: str = PASSWORD) -> Settings:
    return isolated_settings(
        bootstrap,
        data_dir,
        security_protocol="SASL_PLAINTEXT",
        sasl_mechanism=MECHANISM,
        sasl_username=USER,
        sasl_password=password,
        ner="off",
    )


def run_cli(settings: Settings, *args: str, timeout: float = 60) -> tuple[int, str, float]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "newsroom", *args],
        env=settings_env(settings),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return proc.returncode, proc.stdout + proc.stderr, time.monotonic() - started


def test_worker_processes_articles_with_scram_credentials_and_never_shows_the_password(
    sasl_bootstrap: str, tmp_path: Path
) -> None:
    """Worker, producer and consumers log in with SCRAM; the password is absent from the
    worker's log, its /metrics and every dead letter."""
    port = free_port()
    settings = sasl_settings(sasl_bootstrap, tmp_path / "data").model_copy(
        update={"web_enabled": True, "web_port": port}
    )
    create_topics(settings)
    good = articles(40, seed=31)
    bad = [b"not json", b'{"id": "x", "title": 5}']
    produce(settings, settings.topic(RAW), [encode(a) for a in good] + bad)
    worker = WorkerProcess(settings, tmp_path / "worker.log")
    try:
        records = collect(
            settings,
            output_topics(settings),
            expected=len(good) + 2,
            timeout=180,
            alive=lambda: worker.alive,
        )
        metrics = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read()
    finally:
        worker.stop()
    log = worker.log_text()
    ledger = Ledger.of(settings, records)
    ledger.assert_complete([a["id"] for a in good])
    assert ledger.dead_letters == 2
    assert "article.decided" in log
    secret = PASSWORD.encode()
    assert PASSWORD not in log
    assert secret not in metrics and b"newsroom_articles" in metrics
    assert not [r for r in records if r.value and secret in r.value]


@pytest.mark.parametrize("command", [["topics", "create"], ["worker"]])
def test_wrong_credentials_fail_fast_with_one_clear_line(
    sasl_bootstrap: str, tmp_path: Path, command: list[str]
) -> None:
    """A wrong password ends the CLI and the worker within seconds, naming the user and the
    settings to check, without echoing any password."""
    wrong = "wrong-password-123"
    settings = sasl_settings(sasl_bootstrap, tmp_path / "data", password=wrong)
    code, output, took = run_cli(settings, *command)
    last = output.strip().splitlines()[-1]
    assert code != 0 and took < 30, (code, took)
    assert "refused" in last and USER in last and "NEWSROOM_SASL_PASSWORD" in last, last
    assert wrong not in output and PASSWORD not in output


def test_dead_letters_keep_original_bytes_up_to_the_cap(
    settings: Settings, start_worker: Any
) -> None:
    """NEWSROOM_DLQ_PAYLOAD_MAX_BYTES cuts the kept bytes; size and sha256 describe the whole."""
    cap = 1000
    settings = settings.model_copy(update={"dlq_payload_max_bytes": cap, "ner": "off"})
    big = b"{" + b"x" * 5000  # invalid JSON, 5001 bytes
    small = b"[1, 2]"
    create_topics(settings)
    produce(settings, settings.topic(RAW), [big, small])
    start_worker(settings)
    records = collect(settings, [settings.topic(DEADLETTER)], expected=2, timeout=120)
    letters = {r.value_json()["payload_size"]: r.value_json() for r in records}
    cut, whole = letters[len(big)], letters[len(small)]
    assert base64.b64decode(cut["payload_b64"]) == big[:cap] and cut["payload_truncated"]
    assert cut["payload_sha256"] == hashlib.sha256(big).hexdigest()
    assert base64.b64decode(whole["payload_b64"]) == small and not whole["payload_truncated"]
