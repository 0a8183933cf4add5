"""schemas/ is generated from contracts.py and must not drift."""

from __future__ import annotations

from pathlib import Path

from newsroom.commands.schemas import render

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
    present = {p.name for p in SCHEMAS.glob("*.schema.json")}
    assert present == expected
