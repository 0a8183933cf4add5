"""Generate JSON Schemas of the contracts into schemas/ (a test fails when they drift)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import BaseModel

from newsroom.commands.asyncapi import document
from newsroom.contracts import Candidate, DeadLetter, EnrichedArticle, RawArticle

MODELS: dict[str, type[BaseModel]] = {
    "raw-article": RawArticle,
    "enriched-article": EnrichedArticle,
    "dead-letter": DeadLetter,
    "candidate": Candidate,
}


def render() -> dict[str, str]:
    """File name -> content of every generated schema."""
    out: dict[str, str] = {}
    for name, model in MODELS.items():
        schema = model.model_json_schema(
            mode="serialization" if name != "raw-article" else "validation"
        )
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://newsroom.example/schemas/{name}.schema.json"
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    out["asyncapi.yaml"] = yaml.safe_dump(document(), sort_keys=False, allow_unicode=True)
    return out


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in render().items():
        path = directory / name
        path.write_text(content)
        written.append(path)
    return written
