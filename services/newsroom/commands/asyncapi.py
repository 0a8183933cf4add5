"""An AsyncAPI 3 document of every topic, key, header and payload, generated from the models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from newsroom import __version__
from newsroom.contracts import SCHEMA_VERSION, DeadLetter, EnrichedArticle, RawArticle, Reason
from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, DUPLICATES, ENRICHED, RAW

_OUTPUT_HEADERS = {
    "schema-version": "Schema version of the payload.",
    "event-id": "Deterministic event id; a replay carries the same value (idempotency key).",
    "article-id": "Article id (also the record key).",
    "verdict": "unique | update | duplicate",
    "ai-relevant": "true | false",
    "strategy": "open | closed | mixed | unclear | none",
    "bloc": "us | china | both | neither",
    "language": "ISO 639-1 code.",
}


def _schema(model: type[BaseModel], mode: str) -> dict[str, Any]:
    return model.model_json_schema(
        mode=mode,  # type: ignore[arg-type]
        ref_template="#/components/schemas/{model}",
    )


def _headers(fields: dict[str, str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {k: {"type": "string", "description": v} for k, v in fields.items()},
    }


def _message(name: str, ref: str, key: str, headers: dict[str, str] | None) -> dict[str, Any]:
    message: dict[str, Any] = {
        "name": name,
        "contentType": "application/json",
        "payload": {"$ref": f"#/components/schemas/{ref}"},
        "bindings": {"kafka": {"key": {"type": "string", "description": key}}},
    }
    if headers:
        message["headers"] = _headers(headers)
    return message


def _components() -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for model, mode in ((RawArticle, "validation"), (EnrichedArticle, "serialization"),
                        (DeadLetter, "serialization")):  # fmt: skip
        schema = _schema(model, mode)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


def document() -> dict[str, Any]:
    """The AsyncAPI 3.0 document (topic names with the default prefix)."""
    prefix = str(Settings.model_fields["topic_prefix"].default)
    reasons = ", ".join(r.value for r in Reason)
    channels = {
        "raw": (RAW, "RawArticle", "Anything (scrapers may key by canonical URL).", None),
        "enriched": (ENRICHED, "EnrichedArticle", "Article id.", _OUTPUT_HEADERS),
        "duplicates": (DUPLICATES, "EnrichedArticle", "Article id.", _OUTPUT_HEADERS),
        "deadletter": (DEADLETTER, "DeadLetter", "Source topic/partition/offset.",
                       {"reason": f"One of: {reasons}", "schema-version": "Schema version."}),
    }  # fmt: skip
    doc: dict[str, Any] = {
        "asyncapi": "3.0.0",
        "info": {
            "title": "newsroom",
            "version": __version__,
            "description": f"News ingestion topics; payload schema_version {SCHEMA_VERSION}.",
        },
        "defaultContentType": "application/json",
        "channels": {},
        "operations": {},
        "components": {"schemas": _components()},
    }
    for name, (topic, ref, key, headers) in channels.items():
        doc["channels"][name] = {
            "address": f"{prefix}{topic}",
            "messages": {ref: _message(ref, ref, key, headers)},
        }
        action = "receive" if name == "raw" else "send"
        doc["operations"][f"{action}-{name}"] = {
            "action": action,
            "channel": {"$ref": f"#/channels/{name}"},
            "messages": [{"$ref": f"#/channels/{name}/messages/{ref}"}],
        }
    return doc
