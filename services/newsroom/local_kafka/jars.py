"""Fetch the broker's jars with Maven into a cache outside the repository."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path


class LocalKafkaError(RuntimeError):
    """A local-broker problem with a message meant for a person."""


def deploy_dir() -> Path:
    """deploy/local-kafka of this checkout (override with NEWSROOM_LOCAL_KAFKA_DIR)."""
    override = os.environ.get("NEWSROOM_LOCAL_KAFKA_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[3] / "deploy" / "local-kafka"


def require_tool(name: str, hint: str) -> str:
    """Absolute path of a program, or a clear error naming what to install."""
    path = shutil.which(name)
    if path is None:
        raise LocalKafkaError(f"{name} not found on PATH: {hint}")
    return path


def ensure_jars(home: Path) -> Path:
    """Directory with every jar the broker needs; Maven runs once per pom.xml content."""
    pom = deploy_dir() / "pom.xml"
    if not pom.is_file():
        raise LocalKafkaError(f"missing {pom}: run from a newsroom checkout")
    key = hashlib.sha256(pom.read_bytes()).hexdigest()
    lib = home / "kafka" / "lib"
    stamp = lib / ".pom-sha256"
    if stamp.is_file() and stamp.read_text() == key:
        return lib
    mvn = require_tool("mvn", "install Maven 3 (apt install maven) to fetch Apache Kafka's jars")
    require_tool("java", "install a Java 17+ runtime (apt install openjdk-17-jre-headless)")
    if lib.exists():
        shutil.rmtree(lib)
    lib.mkdir(parents=True)
    cmd = [
        mvn, "-B", "-q", "-f", str(pom), "dependency:copy-dependencies",
        "-DincludeScope=runtime", f"-DoutputDirectory={lib}",
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise LocalKafkaError(f"Maven could not fetch Kafka's jars:\n{proc.stdout[-3000:]}")
    stamp.write_text(key)
    return lib
