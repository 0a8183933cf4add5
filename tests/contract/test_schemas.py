"""schemas/ is generated from contracts.py and must not drift."""

from __future__ import annotations

from pathlib import Path

import yaml

from newsroom.commands.schemas import render
from newsroom.topology import DEADLETTER, DUPLICATES, ENRICHED, RAW

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_generated_schemas_match_the_committed_ones() -> None:
    """Run `make schemas` after changing a contract; this test fails until you do."""
    for name, content in render().items():
        path = SCHEMAS / name
        assert path.is_file(), f"missing {path}: run make schemas"
        assert path.read_text() == content, f"{name} drifted from contracts.py: run make schemas"


def test_no_stale_schema_files() -> None:
    """Every JSON Schema file in schemas/ belongs to a current contract."""
    expected = set(render())
    present = {p.name for p in SCHEMAS.iterdir() if p.is_file()}
    assert present == expected


def test_asyncapi_describes_every_topic_with_its_payload() -> None:
    """Consumers find each topic's address, key, headers and payload schema in AsyncAPI."""
    doc = yaml.safe_load((SCHEMAS / "asyncapi.yaml").read_text())
    assert doc["asyncapi"].startswith("3.")
    addresses = {c["address"] for c in doc["channels"].values()}
    assert addresses == {f"news.{t}" for t in (RAW, ENRICHED, DUPLICATES, DEADLETTER)}
    schemas = doc["components"]["schemas"]
    for channel in doc["channels"].values():
        for message in channel["messages"].values():
            ref = message["payload"]["$ref"].rsplit("/", 1)[1]
            assert ref in schemas
    enriched = doc["channels"]["enriched"]["messages"]["EnrichedArticle"]
    assert "event-id" in enriched["headers"]["properties"]
    assert set(schemas["EnrichedArticle"]["required"]) >= {"event_id", "dedup", "tags"}
