"""configure_logging(): structlog JSON lines (console on a terminal), called once at start-up."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Literal

import orjson
import structlog


def _dumps(obj: object, default: object = None) -> str:
    return orjson.dumps(obj, default=str).decode()


def configure_logging(
    level: str = "INFO", fmt: Literal["auto", "json", "console"] = "auto"
) -> None:
    """Route structlog (and stdlib logging) to stderr in the chosen format."""
    console = fmt == "console" or (fmt == "auto" and sys.stderr.isatty())
    renderer: structlog.typing.Processor = (
        structlog.dev.ConsoleRenderer() if console else structlog.processors.JSONRenderer(_dumps)
    )
    numeric = logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            # Tracebacks without local variables: locals may hold payloads or credentials.
            structlog.processors.ExceptionRenderer(
                structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
            ),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(numeric),
        logger_factory=structlog.WriteLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )


class RepeatFilter(logging.Filter):
    """Lets the first of a run of identical records through, then one per `interval_s`, noting
    how many it held back; lines that differ (a new generation's, say) all pass. aiokafka logs
    every failed connect and metadata attempt of its retry loops: during a 20 s broker outage a
    worker wrote 85,000 such lines."""

    MAX_KINDS = 1024

    def __init__(self, interval_s: float = 10.0, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.interval_s = interval_s
        self._clock = clock
        self._lock = threading.Lock()
        # kind -> (when last let through, how many held back since, when last seen)
        self._last: dict[tuple[str, int, str], tuple[float, int, float]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        key = (record.name, record.levelno, message)
        now = self._clock()
        with self._lock:
            last, held, _ = self._last.get(key, (float("-inf"), 0, now))
            if now - last < self.interval_s:
                self._last[key] = (last, held + 1, now)
                return False
            self._last[key] = (now, 0, now)
            if len(self._last) > self.MAX_KINDS:  # lines with ids in them: forget stale ones
                self._forget(now)
        if held:
            record.msg = f"{message} [{held} more like this in the last {self.interval_s:g} s]"
            record.args = ()
        return True

    def _forget(self, now: float) -> None:
        """Down to half of MAX_KINDS: kinds not seen within the interval first, then the
        longest unseen, so that this pass runs at most once per MAX_KINDS / 2 new kinds (a pass
        on every record, once more than MAX_KINDS kinds were fresh, cost a worker most of its
        CPU). A kind still repeating is seen recently, so it keeps its count."""
        cutoff = now - self.interval_s
        fresh = [item for item in self._last.items() if item[1][2] >= cutoff]
        fresh.sort(key=lambda item: item[1][2], reverse=True)
        self._last = dict(fresh[: self.MAX_KINDS // 2])


def quiet_repeats(prefix: str, interval_s: float = 10.0) -> RepeatFilter:
    """Install one RepeatFilter on every logger under `prefix` that exists now (a logger's
    filters apply only to its own records, not to its children's)."""
    repeat = RepeatFilter(interval_s)
    names = [
        n for n in logging.Logger.manager.loggerDict if n == prefix or n.startswith(prefix + ".")
    ]
    for name in [prefix, *names]:
        logger = logging.getLogger(name)
        if repeat not in logger.filters:
            logger.addFilter(repeat)
    return repeat
