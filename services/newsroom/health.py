"""Liveness, readiness and /metrics over HTTP, in a thread independent of the event loop."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from newsroom.metrics import Metrics


class Health:
    """Readiness comes from a probe of the app; liveness from the event loop's heartbeat."""

    def __init__(self, ready: Callable[[], bool], stall_seconds: float = 60.0) -> None:
        self._ready = ready
        self._stall = stall_seconds
        self._beat = time.monotonic()

    def beat(self) -> None:
        """Called from the event loop; a loop that stops beating is not alive."""
        self._beat = time.monotonic()

    def live(self) -> bool:
        return time.monotonic() - self._beat < self._stall

    def ready(self) -> bool:
        try:
            return self.live() and self._ready()
        except Exception:  # an app mid-rebalance can raise from its own attributes
            return False


def serve(
    port: int, health: Health, metrics: Metrics, host: str = "0.0.0.0"
) -> ThreadingHTTPServer:
    """Start the HTTP server in a daemon thread and return it."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/metrics":
                metrics.worker_ready.set(1 if health.ready() else 0)
                self._send(200, generate_latest(metrics.registry), CONTENT_TYPE_LATEST)
            elif self.path == "/health/live":
                ok = health.live()
                self._send(200 if ok else 503, b"live\n" if ok else b"stalled\n")
            elif self.path == "/health/ready":
                ok = health.ready()
                self._send(200 if ok else 503, b"ready\n" if ok else b"not ready\n")
            else:
                self._send(404, b"not found\n")

        def _send(self, code: int, body: bytes, ctype: str = "text/plain; charset=utf-8") -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return  # probes every few seconds would drown the logs

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="newsroom-http", daemon=True).start()
    return server


def join_waited(
    now: float, started_at: float | None, assignments: int, assignments_at_start: int
) -> float:
    """Seconds the current rebalance has waited for its assignment; 0 when none is waiting.

    A group join that never ends leaves the event loop beating (so liveness alone would not see
    it) while the group expels the worker and nothing of its partitions moves. Table recovery,
    which follows the assignment and may replay a long changelog, does not count. faust's own
    `rebalancing` flag is not used: the end of one recovery clears it even when the next
    rebalance has already begun.
    """
    if started_at is None or assignments != assignments_at_start:
        return 0.0
    return max(0.0, now - started_at)
