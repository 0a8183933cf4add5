"""The classifier end to end: labels, confidence, evidence and actor stances."""

from __future__ import annotations

from functools import cache

import pytest

from newsroom.contracts import EntityTag, Tags
from newsroom.domain.classify import Classifier
from newsroom.kb.classify_loader import load_classifier


@cache
def classifier() -> Classifier:
    return load_classifier()


def org(name: str, country: str, oid: str | None = None) -> EntityTag:
    return EntityTag(
        id=oid or name.lower(), name=name, kb=True, mentions=2, first_offset=0,
        salience=0.6, country=country,
    )  # fmt: skip


NO_TAGS = Tags(kb_version="test")
OPEN_US = (
    "Acme Labs publishes open-weight model",
    "Acme Labs released the weights of its new language model under the Apache 2.0 licence, "
    "letting developers download and fine-tune it. The American AI start-up said open-source "
    "models help researchers study large language models.\n\nThe company, based in California, "
    "said the model runs on a single GPU.",
)


def test_open_release_by_tagged_us_lab_is_open_and_us() -> None:
    """A US lab releasing open weights is AI-relevant, open, bloc us, and the lab is open."""
    tags = Tags(kb_version="t", organizations=(org("Acme Labs", "US"),))
    result = classifier().classify(*OPEN_US, tags)
    assert result.ai_relevant
    assert result.strategy.label == "open"
    assert result.bloc.label == "us"
    assert {a.name: a.stance for a in result.actors}["Acme Labs"] == "open"


def test_confidences_are_probabilities() -> None:
    """Every confidence lies in [0, 1]."""
    result = classifier().classify(*OPEN_US, NO_TAGS)
    for value in (result.relevance.confidence, result.strategy.confidence, result.bloc.confidence):
        assert 0.0 <= value <= 1.0


def test_evidence_offsets_point_at_the_cue() -> None:
    """Each evidence span's text is the slice of the title or text at its offsets."""
    title, text = OPEN_US
    result = classifier().classify(title, text, NO_TAGS)
    spans = (*result.relevance.evidence, *result.strategy.evidence, *result.bloc.evidence)
    assert spans
    for ev in spans:
        source = title if ev.field == "title" else text
        assert source[ev.start : ev.end] == ev.text


def test_withheld_weights_are_closed() -> None:
    """A lab that will not release the weights and sells API access is closed."""
    title = "Lab keeps new model behind paid API"
    text = (
        "The AI lab said it will not release the weights of its new language model. Customers "
        "pay per million tokens through its API, and the proprietary model stays in-house. "
        "Executives said closed models fund safety research.\n\nThe San Francisco company "
        "expects enterprise subscriptions to grow."
    )
    result = classifier().classify(title, text, NO_TAGS)
    assert result.ai_relevant
    assert result.strategy.label == "closed"


def test_two_track_strategy_is_mixed() -> None:
    """Open small models next to a proprietary flagship, called two-track, is mixed."""
    title = "Chinese AI lab adopts two-track strategy"
    text = (
        "The Beijing AI company will release its small models with open weights while keeping "
        "its flagship model proprietary and available only through a paid API. Executives "
        "called it a two-track strategy: open-source models win developers, closed models "
        "earn revenue.\n\nChinese rivals have adopted a similar hybrid approach."
    )
    result = classifier().classify(title, text, NO_TAGS)
    assert result.strategy.label == "mixed"
    assert result.bloc.label == "china"


def test_us_china_contest_is_both() -> None:
    """A story about US export controls on Chinese AI chips belongs to both blocs."""
    title = "US tightens AI chip export controls on China"
    text = (
        "Washington announced new export controls barring Nvidia from selling AI accelerators "
        "to Chinese companies. Beijing said the rules would hurt global trade, and Huawei "
        "plans to expand production of its own AI chips.\n\nThe US-China rivalry over "
        "artificial intelligence has intensified this year."
    )
    result = classifier().classify(title, text, NO_TAGS)
    assert result.ai_relevant
    assert result.strategy.label == "unclear"
    assert result.bloc.label == "both"


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Database maker drops open-source licence",
            "The company behind a popular open-source database moved it to a source-available "
            "licence, angering contributors who plan a fork.\n\nCloud providers must now sign a "
            "commercial agreement to host the database as a service.",
        ),
        (
            "Local bakery opens third shop",
            "A family bakery opened its third shop in the town centre on Saturday, with an "
            "open-plan kitchen and a café.\n\nThe owners said they would hire twelve staff. "
            "Their nephew once asked OpenAI's chatbot for a bread recipe.",
        ),
        (
            "Cycling club rides for charity",
            "Members of a cycling club rode 200 kilometres to raise money for a children's "
            "hospital.\n\nThe ride took two days. A rider joked that an AI model had planned "
            "the route.",
        ),
        (
            "Nvidia unveils GeForce card for gamers",
            "Nvidia showed a graphics chip for notebooks that it says doubles frame rates in "
            "games.\n\nThe GPU, built on a 110-nanometre process, ships in laptops from three "
            "makers. Semiconductor analysts expect rival chipsets next spring.",
        ),
        (
            "Linux group hosts open-source day",
            "Volunteers held an open-source software day with talks on open standards and free "
            "office tools for schools.\n\nOrganisers said the event would travel next year.",
        ),
        (
            "Sinner wins China Open",
            "Jannik Sinner won the China Open in Beijing, beating his rival in straight sets.\n\n"
            "Scientists meanwhile published an open letter on ocean plastic.",
        ),
    ],
)
def test_traps_are_not_ai(title: str, text: str) -> None:
    """Database licences, open-plan kitchens, China Open, last-line AI mentions, and chips or
    open-source talk without any AI term are not AI news."""
    result = classifier().classify(title, text, NO_TAGS)
    assert not result.ai_relevant
    assert result.relevance.confidence >= 0.8
    assert result.strategy.label is None


def test_non_ai_article_still_gets_a_bloc() -> None:
    """A non-AI story about Chinese state policy gets bloc china."""
    title = "State Council widens consumer subsidies"
    text = (
        "China's State Council announced subsidies for household appliances, and Premier Li "
        "Qiang told a meeting in Beijing that domestic demand must drive growth.\n\nRetailers in "
        "Shanghai reported more customers."
    )
    result = classifier().classify(title, text, NO_TAGS)
    assert not result.ai_relevant
    assert result.bloc.label == "china"


def test_model_version_names_the_cues_and_weights() -> None:
    """The model_version records the cue files and the trained weights."""
    result = classifier().classify(*OPEN_US, NO_TAGS)
    assert "rel-" in result.model_version and "lin-" in result.model_version
