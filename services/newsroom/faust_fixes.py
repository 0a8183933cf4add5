"""A guard for faust-streaming 0.15's consumer, applied once by the composition root.

While a rebalance is under way (flow control suspended) or after it (a newer consumer
generation), faust's stream skips the events it still has buffered, and *acks* them while
skipping (faust/streams.py, "Skipping message ... generation_id ... flow_control"). The
commit faust makes when partitions are revoked then moves past offsets nobody processed:
the article is lost. Seen here: a worker started while a SIGKILLed one was still a group
member lost one buffered article when the dead member was evicted. This guard refuses acks
in both situations: those offsets stay uncommitted, the next generation re-reads them from
the committed position, and replay-safe dedup makes the repeat harmless.
"""

from __future__ import annotations

from typing import Any

_state = {"applied": False}


def stale(consumer: Any, message: Any) -> bool:
    """True while flow is suspended, or when the message is of an older generation."""
    if not consumer.app.flow_control.is_active():
        return True
    generation = getattr(message, "generation_id", None)
    return generation is not None and generation != consumer.app.consumer_generation_id


def apply() -> None:
    """Install the guard on faust's Consumer.ack (idempotent)."""
    if _state["applied"]:
        return
    from faust.transport.consumer import Consumer

    original = Consumer.ack

    def ack(self: Any, message: Any) -> bool:
        if stale(self, message):
            self._unacked_messages.discard(message)  # it must not hold up rebalances either
            return False
        return bool(original(self, message))

    Consumer.ack = ack  # type: ignore[method-assign]  # the guard, by design
    _state["applied"] = True
