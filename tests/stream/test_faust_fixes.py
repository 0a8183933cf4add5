"""The ack guard: stale-generation messages are never acked, so commits cannot skip them."""

from __future__ import annotations

from types import SimpleNamespace

from faust.transport.consumer import Consumer

from newsroom import faust_fixes


class Message:
    """A hashable stand-in for a faust ConsumerMessage."""

    def __init__(self, generation_id: int) -> None:
        self.generation_id = generation_id


def consumer_at(generation: int, flowing: bool = True) -> SimpleNamespace:
    flow = SimpleNamespace(is_active=lambda: flowing)
    app = SimpleNamespace(consumer_generation_id=generation, flow_control=flow)
    return SimpleNamespace(app=app, _unacked_messages=set())


def test_messages_of_an_older_generation_are_stale() -> None:
    """Only a message fetched under another generation counts as stale."""
    consumer = consumer_at(5)
    assert faust_fixes.stale(consumer, SimpleNamespace(generation_id=4))
    assert not faust_fixes.stale(consumer, SimpleNamespace(generation_id=5))
    assert not faust_fixes.stale(consumer, SimpleNamespace(generation_id=None))


def test_messages_skipped_during_a_rebalance_are_stale() -> None:
    """While flow control is suspended, even a current-generation message is not acked."""
    assert faust_fixes.stale(consumer_at(5, flowing=False), SimpleNamespace(generation_id=5))


def test_patched_ack_refuses_stale_messages_and_forgets_them() -> None:
    """A stale message is not acked and no longer counts as in flight."""
    faust_fixes.apply()
    faust_fixes.apply()  # idempotent
    consumer = consumer_at(7)
    message = Message(generation_id=6)
    consumer._unacked_messages.add(message)
    assert Consumer.ack(consumer, message) is False  # type: ignore[arg-type]
    assert message not in consumer._unacked_messages
