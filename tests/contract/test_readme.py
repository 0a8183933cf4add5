"""The README documents every setting and every dead-letter reason."""

from __future__ import annotations

from pathlib import Path

from newsroom.contracts import Reason
from newsroom.settings import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_every_setting_is_documented() -> None:
    """A new field in Settings needs a row in the README's configuration table."""
    missing = [
        f"NEWSROOM_{name.upper()}"
        for name in Settings.model_fields
        if f"`NEWSROOM_{name.upper()}`" not in README
    ]
    assert not missing


def test_every_dead_letter_reason_is_documented() -> None:
    """Operators look reasons up in the README."""
    assert [r.value for r in Reason if f"| `{r.value}` |" not in README] == []


def test_readme_opens_with_the_two_commands() -> None:
    """A newcomer's path starts with make demo and make test."""
    head = README[:1500]
    assert "make demo" in head and "make test" in head
