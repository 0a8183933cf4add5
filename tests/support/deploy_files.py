"""Readers for deployment files without Docker or kustomize: Dockerfile instructions, overlays."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Instruction:
    keyword: str
    args: str
    line: int

    def exec_form(self) -> list[str] | None:
        """The JSON-array form of RUN/CMD/ENTRYPOINT/HEALTHCHECK CMD, or None for shell form."""
        text = self.args.split("CMD", 1)[1] if self.keyword == "HEALTHCHECK" else self.args
        try:
            value = json.loads(text.strip())
        except json.JSONDecodeError:
            return None
        return value if isinstance(value, list) else None


@dataclass
class Stage:
    image: str
    name: str | None
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def env(self) -> dict[str, str]:
        """ENV key=value pairs of this stage (the legacy `ENV key value` form is not used here)."""
        pairs: dict[str, str] = {}
        for ins in self.all("ENV"):
            for token in re.findall(r'(\w+)=("[^"]*"|\S+)', ins.args):
                pairs[token[0]] = token[1].strip('"')
        return pairs


def parse_dockerfile(text: str) -> list[Stage]:
    """Split a Dockerfile into stages of instructions, joining continuation lines."""
    stages: list[Stage] = []
    logical: list[tuple[int, str]] = []
    buf, start = "", 0
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not buf and (not line or line.startswith("#")):
            continue
        if buf and line.startswith("#"):
            continue  # comments inside a continued instruction are dropped by Docker
        start = start or n
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        logical.append((start, buf + line))
        buf, start = "", 0
    for n, line in logical:
        keyword, _, args = line.partition(" ")
        ins = Instruction(keyword.upper(), args.strip(), n)
        if ins.keyword == "FROM":
            parts = [p for p in ins.args.split() if not p.startswith("--")]
            name = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else None
            stages.append(Stage(parts[0], name))
        elif not stages:
            raise ValueError(f"line {n}: {ins.keyword} before FROM")
        else:
            stages[-1].instructions.append(ins)
    return stages


def load_yaml_docs(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def kustomization(directory: Path) -> dict[str, Any]:
    return yaml.safe_load((directory / "kustomization.yaml").read_text())


def render(directory: Path) -> list[dict[str, Any]]:
    """The subset of `kustomize build` these manifests use: resources, patches, namespace, images.

    Strategic merge is approximated the way kustomize treats these files: maps merge, lists of
    named items merge by name, any other list (e.g. a ScaledObject's triggers) is replaced.
    """
    kust = kustomization(directory)
    docs: list[dict[str, Any]] = []
    for entry in kust.get("resources", []):
        path = directory / entry
        docs += render(path) if path.is_dir() else load_yaml_docs(path)
    for patch in kust.get("patches", []):
        for p in load_yaml_docs(directory / patch["path"]):
            target = find(docs, p["kind"], p["metadata"]["name"])
            merged = merge(target, p)
            docs[docs.index(target)] = merged
    if namespace := kust.get("namespace"):
        for d in docs:
            if d["kind"] != "Namespace":
                d["metadata"]["namespace"] = namespace
    for image in kust.get("images", []):
        for container in containers(docs):
            if image_name(container["image"]) == image["name"]:
                container["image"] = f"{image.get('newName', image['name'])}:{image['newTag']}"
    return docs


def image_name(ref: str) -> str:
    """An image reference without its tag or digest: `reg/app:1@sha256:..` -> `reg/app`."""
    head, _, tail = ref.split("@", maxsplit=1)[0].rpartition("/")
    tail = tail.split(":")[0]
    return f"{head}/{tail}" if head else tail


def merge(base: Any, patch: Any) -> Any:
    if isinstance(base, dict) and isinstance(patch, dict):
        out = copy.deepcopy(base)
        for key, value in patch.items():
            out[key] = merge(out[key], value) if key in out else copy.deepcopy(value)
        return out
    if isinstance(base, list) and isinstance(patch, list) and _named(base) and _named(patch):
        out = copy.deepcopy(base)
        for item in patch:
            same = [i for i, b in enumerate(out) if b["name"] == item["name"]]
            if same:
                out[same[0]] = merge(out[same[0]], item)
            else:
                out.append(copy.deepcopy(item))
        return out
    return copy.deepcopy(patch)


def _named(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(i, dict) and "name" in i for i in items)


def find(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    matches = [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind}/{name}: {len(matches)} objects"
    return matches[0]


def containers(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for d in docs:
        pod = d.get("spec", {}).get("template", {}).get("spec", {})
        out += pod.get("containers", []) + pod.get("initContainers", [])
    return out


def normalized(value: Any) -> Any:
    """Order-insensitive form for comparing two renderings: named lists sorted by name."""
    if isinstance(value, dict):
        return {k: normalized(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [normalized(v) for v in value]
        return sorted(items, key=lambda i: i["name"]) if _named(items) else items
    return value
