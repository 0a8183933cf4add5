"""Actor stances: which organization a strategy cue describes."""

from __future__ import annotations

from functools import cache

from newsroom.contracts import ActorStance, EntityTag, Tags
from newsroom.domain.classify import Classifier
from newsroom.kb.classify_loader import load_classifier


@cache
def classifier() -> Classifier:
    return load_classifier()


def tagged(*names: str) -> Tags:
    orgs = tuple(
        EntityTag(id=n.lower(), name=n, kb=True, mentions=1, first_offset=0, salience=0.5)
        for n in names
    )
    return Tags(kb_version="test", organizations=orgs)


def stances(title: str, text: str, tags: Tags) -> dict[str, str]:
    actors: tuple[ActorStance, ...] = classifier().classify(title, text, tags).actors
    return {a.name: a.stance for a in actors}


def test_listed_organizations_share_the_cue() -> None:
    """'Acme, Borealis and Cobalt keep their models closed' gives all three a closed stance."""
    text = (
        "A new survey of AI labs was published on Monday.\n\n"
        "Acme, Borealis and Cobalt keep their models closed and sell access through paid APIs."
    )
    got = stances("Survey of AI labs", text, tagged("Acme", "Borealis", "Cobalt"))
    assert got == {"Acme": "closed", "Borealis": "closed", "Cobalt": "closed"}


def test_name_inside_a_longer_tagged_name_is_not_a_mention() -> None:
    """'Google' inside 'Google DeepMind' does not steal the cue from Google DeepMind's sentence."""
    text = (
        "Google said on Tuesday that its cloud revenue grew.\n\n"
        "Separately, Google DeepMind released open-weight models that anyone can download."
    )
    got = stances("Cloud results", text, tagged("Google", "Google DeepMind"))
    assert got["Google DeepMind"] == "open"
    assert got.get("Google", "none") == "none"


def test_platform_named_inside_the_cue_is_a_bystander() -> None:
    """'published the weights on Hugging Face' is the publisher's move, not Hugging Face's."""
    text = "Acme Labs published the weights of its new model on Hugging Face this week."
    got = stances("Acme publishes weights", text, tagged("Acme Labs", "Hugging Face"))
    assert got["Acme Labs"] == "open"
    assert got.get("Hugging Face", "none") == "none"
