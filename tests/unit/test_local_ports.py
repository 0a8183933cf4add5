"""Ports for the local broker: its controller never gets the broker's own port."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsroom.local_kafka import broker as broker_module
from newsroom.local_kafka.broker import LocalBroker, free_port


class FakeSocket:
    """Hands out ports in a fixed order, as the OS may: the same one twice in a row."""

    ports: Iterator[int] = iter(())

    def __init__(self, *args: object) -> None:
        self._port = next(FakeSocket.ports)

    def __enter__(self) -> FakeSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def bind(self, address: object) -> None:
        return None

    def getsockname(self) -> tuple[str, int]:
        return ("127.0.0.1", self._port)


@pytest.fixture()
def os_ports(monkeypatch: pytest.MonkeyPatch) -> object:
    fake = SimpleNamespace(
        socket=FakeSocket, AF_INET=socket.AF_INET, SOCK_STREAM=socket.SOCK_STREAM
    )
    monkeypatch.setattr(broker_module, "socket", fake)  # the module's name, not the stdlib's
    return FakeSocket


def test_a_port_to_avoid_is_asked_for_again(os_ports: type[FakeSocket]) -> None:
    os_ports.ports = iter([40001, 40001, 40002])
    assert free_port(avoid={40001}) == 40002


def test_the_controller_port_is_never_the_brokers_own(
    os_ports: type[FakeSocket], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(broker_module, "port_in_use", lambda port, host="127.0.0.1": False)
    broker = LocalBroker(tmp_path / "lib", tmp_path, port=40001)
    os_ports.ports = iter([40001, 40003])
    assert broker._controller_port() == 40003
    # a saved controller port equal to the broker's (an older run's choice) is not reused
    (tmp_path / "controller.port").write_text("40001")
    os_ports.ports = iter([40001, 40004])
    assert broker._controller_port() == 40004
    assert (tmp_path / "controller.port").read_text() == "40004"
    os_ports.ports = iter([])
    assert broker._controller_port() == 40004  # a free saved port is kept across restarts
