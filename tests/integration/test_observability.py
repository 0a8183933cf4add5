"""A worker's /metrics, /health/live and /health/ready on the real broker."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from typing import Any

from newsroom.local_kafka.broker import free_port
from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, DUPLICATES, ENRICHED, RAW
from tests.support.articles import articles, encode
from tests.support.kafka import collect, produce


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def wait_for(url: str, status: int, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        code, body = get(url)
        if code == status:
            return body
        time.sleep(0.5)
    raise AssertionError(f"{url} never answered {status}")


def metric(text: str, name: str, **labels: str) -> float:
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in text.splitlines():
        if line.startswith(f"{name}{{{want}}}" if labels else f"{name} "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name}{labels} not in metrics")


def test_metrics_and_health_endpoints(settings: Settings, start_worker: Any) -> None:
    """Liveness answers, readiness turns ready, and counters match what flowed through."""
    port = free_port()
    settings = settings.model_copy(update={"web_enabled": True, "web_port": port})
    base = f"http://127.0.0.1:{port}"
    start_worker(settings)
    wait_for(f"{base}/health/live", 200)
    wait_for(f"{base}/health/ready", 200)
    lines = [encode(a) for a in articles(30)] + [b"{not json", b"\xff\xfe"]
    produce(settings, settings.topic(RAW), lines)
    outputs = [settings.topic(t) for t in (ENRICHED, DUPLICATES, DEADLETTER)]
    assert len(collect(settings, outputs, expected=len(lines), timeout=120)) == len(lines)
    text = wait_for(f"{base}/metrics", 200)
    assert metric(text, "newsroom_articles_in_total", stage="enrich") == 32
    assert metric(text, "newsroom_articles_out_total", topic=outputs[0], verdict="unique") == 30
    assert metric(text, "newsroom_dead_letters_total", reason="invalid_json") == 1
    assert metric(text, "newsroom_dead_letters_total", reason="encoding") == 1
    assert metric(text, "newsroom_stage_seconds_count", stage="classify") == 30
    assert metric(text, "newsroom_end_to_end_seconds_count") == 30
    assert metric(text, "newsroom_worker_ready") == 1
    deadline = time.monotonic() + 30  # the sweep reports the table size after a full pass
    while "newsroom_table_entries{" not in text and time.monotonic() < deadline:
        time.sleep(1)
        text = wait_for(f"{base}/metrics", 200)
    assert metric(text, "newsroom_table_entries", table="dedup") > 30
    assert 'newsroom_info{classifier_version="' in text
    assert get(f"{base}/nope")[0] == 404
