"""The entity knowledge base files: coverage, version and integrity checks."""

from __future__ import annotations

from collections import Counter

import pytest

from newsroom.kb.entities_loader import build, load_knowledge_base
from newsroom.kb.entities_schema import CountrySpec, EntitySpec, RulesFile


def test_shipped_kb_is_large_and_versioned() -> None:
    """Hundreds of entities of every kind, all countries, and a version with a content hash."""
    kb = load_knowledge_base()
    kinds = Counter(e.kind for e in kb.entities.values())
    assert kinds["organization"] >= 150 and kinds["model"] >= 150 and kinds["person"] >= 100
    assert kinds["country"] >= 190
    assert "+" in kb.version


def test_units_roll_up_to_parents() -> None:
    """AWS, Alibaba Cloud and Google DeepMind carry their parents."""
    kb = load_knowledge_base()
    assert kb.entities["aws"].parent == "amazon"
    assert kb.entities["alibaba-cloud"].parent == "alibaba"
    assert kb.entities["google-deepmind"].parent == "google"


def _org(id_: str, **extra: object) -> EntitySpec:
    return EntitySpec.model_validate(
        {"id": id_, "name": id_.title(), "type": "organization", **extra}
    )


def test_duplicate_ids_are_refused() -> None:
    """Two entities with one id fail the build."""
    with pytest.raises(ValueError, match="duplicate id 'acme'"):
        build("t", [_org("acme"), _org("acme", name="Acme Two")], [], RulesFile(rules=[]))


def test_dangling_parent_is_refused() -> None:
    """A parent that is no known organization fails the build."""
    with pytest.raises(ValueError, match="parent 'nowhere'"):
        build("t", [_org("acme", parent="nowhere")], [], RulesFile(rules=[]))


def test_models_need_vendor_and_weights() -> None:
    """A model without vendor or weights fails the build."""
    spec = EntitySpec(id="m1", name="M1", type="model")
    with pytest.raises(ValueError, match="vendor and weights"):
        build("t", [spec], [], RulesFile(rules=[]))


def test_alias_collision_needs_a_rule() -> None:
    """Two entities sharing an alias fail unless a context rule gates one of them."""
    country = CountrySpec(code="JO", name="Jordan")
    person = EntitySpec(id="jordan-co", name="Jordan", type="organization")
    with pytest.raises(ValueError, match="alias 'jordan'"):
        build("t", [person], [country], RulesFile(rules=[]))
    rules = RulesFile.model_validate(
        {"rules": [{"id": "r", "about": "a rule", "not_in_name": True}]}
    )
    gated = CountrySpec(code="JO", name="Jordan", rule="r")
    assert build("t", [person], [gated], rules).entities["JO"].name == "Jordan"


def test_unknown_rule_is_refused() -> None:
    """An alias naming a rule that does not exist fails the build."""
    with pytest.raises(ValueError, match="unknown rule 'ghost'"):
        build("t", [_org("acme", rule="ghost")], [], RulesFile(rules=[]))


def test_rule_words_are_lowercased_and_never_empty() -> None:
    """A rule's cue and veto words are matched on lower-cased text; a blank word would match
    everywhere, so the file is refused."""
    rules = RulesFile.model_validate(
        {"rules": [{"id": "r", "about": "a rule", "cues": ["Beijing", "beijing"], "vetoes": ["X"]}]}
    )
    rule = build("t", [_org("acme", rule="r")], [], rules).rules["r"]
    assert (rule.cues, rule.vetoes) == (("beijing",), ("x",))
    for blank in ("", " "):
        with pytest.raises(ValueError, match="cues"):
            RulesFile.model_validate({"rules": [{"id": "r", "about": "a", "cues": [blank]}]})


def test_surnames_are_derived_unless_ambiguous() -> None:
    """People get a gated surname alias, except when two people share it."""
    people = [
        EntitySpec(id="ann-lee", name="Ann Lee", type="person", country="US"),
        EntitySpec(id="bo-lee", name="Bo Lee", type="person", country="US"),
        EntitySpec(id="cy-moss", name="Cy Moss", type="person", country="US"),
    ]
    kb = build("t", people, [], RulesFile(rules=[]))
    shorts = {a.text: a.requires for a in kb.aliases if a.requires}
    assert shorts == {"Moss": ("cy-moss",)}
