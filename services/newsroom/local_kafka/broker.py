"""Format, start, probe and stop one KRaft broker+controller on 127.0.0.1."""

from __future__ import annotations

import base64
import contextlib
import os
import signal
import socket
import string
import subprocess
import time
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from newsroom.local_kafka.jars import LocalKafkaError, deploy_dir, require_tool

HOST = "127.0.0.1"


def port_in_use(port: int, host: str = HOST) -> bool:
    """True when something accepts TCP connections on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def free_port(avoid: Collection[int] = ()) -> int:
    """A port the OS considers free right now, other than those in `avoid` (ports chosen
    earlier but not bound yet: the OS may hand the same one out again)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            port = int(sock.getsockname()[1])
        if port not in avoid:
            return port


def new_cluster_id() -> str:
    """A KRaft cluster id: base64 of a UUID, never starting with '-' (it would read as a flag)."""
    while True:
        value = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not value.startswith("-"):
            return value


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class LocalBroker:
    """One broker; its data, logs and pid file live in work_dir."""

    lib: Path
    work_dir: Path
    port: int = 9092
    heap: str = "768m"
    # A server.properties variant in deploy/local-kafka (e.g. server-sasl.properties.template).
    template: str = "server.properties.template"
    # SCRAM users created at format time: (mechanism, name, password); the first one is also
    # the broker's own inter-broker identity in the SASL template.
    scram_users: tuple[tuple[str, str, str], ...] = ()

    @property
    def bootstrap(self) -> str:
        return f"{HOST}:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.work_dir / "broker.pid"

    @property
    def log_file(self) -> Path:
        return self.work_dir / "logs" / "stdout.log"

    def pid(self) -> int | None:
        """Pid of the running broker started from work_dir, if any."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if _pid_alive(pid) else None

    def is_running(self) -> bool:
        return self.pid() is not None and port_in_use(self.port)

    def _java(self, main: str, *args: str) -> list[str]:
        java = require_tool("java", "install a Java 17+ runtime (apt install openjdk-17-jdk)")
        return [
            java,
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={deploy_dir() / 'log4j2.properties'}",
            f"-Dkafka.logs.dir={self.work_dir / 'logs'}",
            "-cp",
            f"{self.lib}/*",
            main,
            *args,
        ]

    def _write_config(self, controller_port: int) -> Path:
        template = (deploy_dir() / self.template).read_text()
        first = self.scram_users[0] if self.scram_users else ("", "", "")
        text = string.Template(template).substitute(
            port=self.port,
            controller_port=controller_port,
            data_dir=self.work_dir / "data",
            sasl_user=first[1],
            sasl_password=first[2],
        )
        path = self.work_dir / "server.properties"
        path.write_text(text)
        return path

    def _format(self, config: Path) -> None:
        if (self.work_dir / "data" / "meta.properties").is_file():
            return
        cluster_id = new_cluster_id()
        cmd = self._java(
            "kafka.tools.StorageTool", "format", "--standalone", "-t", cluster_id,
            "-c", str(config), "--ignore-formatted",
            *(arg for mech, name, password in self.scram_users
              for arg in ("--add-scram", f"{mech}=[name={name},password={password}]")),
        )  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise LocalKafkaError(f"formatting KRaft storage failed:\n{proc.stdout}{proc.stderr}")

    def start(self, timeout: float = 90.0) -> None:
        """Start in the background and return once the broker answers on its port."""
        if self.is_running():
            return
        if port_in_use(self.port):
            raise LocalKafkaError(
                f"port {self.port} on {HOST} is already taken by another program; "
                "stop it or choose another port (NEWSROOM_LOCAL_KAFKA_PORT)"
            )
        (self.work_dir / "logs").mkdir(parents=True, exist_ok=True)
        controller_port = self._controller_port()
        config = self._write_config(controller_port)
        self._format(config)
        # server.log is appended across runs; set the old one aside so readiness is this run's.
        server_log = self.work_dir / "logs" / "server.log"
        if server_log.is_file():
            server_log.replace(server_log.with_suffix(".previous.log"))
        with self.log_file.open("ab") as out:
            proc = subprocess.Popen(
                self._java("kafka.Kafka", str(config)),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.pid_file.write_text(str(proc.pid))
        self._wait_ready(proc, timeout)

    def _controller_port(self) -> int:
        saved = self.work_dir / "controller.port"
        if saved.is_file():
            port = int(saved.read_text())
            if port != self.port and not port_in_use(port):
                return port
        # The broker's own port is not bound yet either: a bench run once got it twice, and
        # Kafka refused to format its storage ("two listeners on the same port").
        port = free_port(avoid={self.port})
        saved.write_text(str(port))
        return port

    def _wait_ready(self, proc: subprocess.Popen[bytes], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                tail = self.log_file.read_text(errors="replace")[-3000:]
                raise LocalKafkaError(f"broker exited with {proc.returncode}:\n{tail}")
            if port_in_use(self.port) and self._started_in_log():
                return
            time.sleep(0.3)
        self.stop()
        raise LocalKafkaError(f"broker did not answer on {self.bootstrap} within {timeout:.0f}s")

    def _started_in_log(self) -> bool:
        server_log = self.work_dir / "logs" / "server.log"
        try:
            return "Kafka Server started" in server_log.read_text(errors="replace")[-20000:]
        except FileNotFoundError:
            return False

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the broker (SIGTERM, then SIGKILL); False when none was running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _pid_alive(pid):
            _reap(pid)
            time.sleep(0.2)
        if _pid_alive(pid):
            os.killpg(pid, signal.SIGKILL)
            _reap(pid)
        self.pid_file.unlink(missing_ok=True)
        return True


def _reap(pid: int) -> None:
    """Collect a child we started ourselves, so it does not linger as a zombie."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
