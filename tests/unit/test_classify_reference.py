"""The shared reference article comes out as the issue requires."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.contracts import EntityTag, Tags
from newsroom.kb.classify_loader import load_classifier

REFERENCE = Path(__file__).resolve().parents[3] / "shared/reference/000_e7034e9f98f4296f.txt"
ORGS = (("openai", "OpenAI", "US"), ("deepseek", "DeepSeek", "CN"), ("meta", "Meta", "US"))


def reference() -> tuple[str, str]:
    if not REFERENCE.exists():
        pytest.skip("reference article not present")
    title, _, body = REFERENCE.read_text("utf-8").partition("\n")
    return title.strip(), body.strip()


@pytest.mark.parametrize("tagged", [False, True])
def test_reference_article(tagged: bool) -> None:
    """AI-relevant, bloc both, strategy mixed; OpenAI mixed, DeepSeek open, Meta mixed."""
    title, text = reference()
    orgs = tuple(
        EntityTag(id=i, name=n, kb=True, mentions=5, first_offset=text.find(n), salience=0.8,
                  country=c)
        for i, n, c in ORGS
    ) if tagged else ()  # fmt: skip
    result = load_classifier().classify(title, text, Tags(kb_version="t", organizations=orgs))
    assert result.ai_relevant
    assert result.bloc.label == "both"
    assert result.strategy.label == "mixed"
    stances = {a.name: a.stance for a in result.actors}
    assert stances["OpenAI"] == "mixed"
    assert stances["DeepSeek"] == "open"
    assert stances["Meta"] == "mixed"
