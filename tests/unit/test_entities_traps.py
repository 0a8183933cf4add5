"""Disambiguation traps of the shipped knowledge base, one rule at a time."""

from __future__ import annotations

import pytest

from newsroom.contracts import Tags
from newsroom.domain.entities import Tagger
from newsroom.kb.entities_loader import load_knowledge_base


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load_knowledge_base())


def ids(tags: Tags) -> set[str]:
    return {t.id for group in (tags.organizations, tags.people, tags.models) for t in group if t.id}


def codes(tags: Tags) -> set[str]:
    return {c.code for c in tags.countries if c.via != "inferred"}


def test_meta_the_company_is_tagged(tagger: Tagger) -> None:
    """Meta as a company name in a sentence about its products is tagged."""
    assert "meta" in ids(tagger.tag("Meta opens its new model", "The firm said so.", "en"))


def test_meta_analysis_is_not_the_company(tagger: Tagger) -> None:
    """A meta-analysis, sentence-initial or not, is not Meta the company."""
    tags = tagger.tag(
        "Diet study", "Meta-analysis of 40 trials found little. A meta review agreed.", "en"
    )
    assert "meta" not in ids(tags)


def test_llama_model_vs_animal(tagger: Tagger) -> None:
    """Llama beside model vocabulary is the model; Llama on a farm is the animal."""
    model = tagger.tag(
        "Developers fine-tune Llama", "The open-source model has 8B parameters.", "en"
    )
    farm = tagger.tag("Llama farm opens", "Visitors can walk a Llama through the pasture.", "en")
    assert "llama" in ids(model)
    assert "llama" not in ids(farm)


def test_gemini_model_vs_zodiac_and_space(tagger: Tagger) -> None:
    """Gemini is Google's model only in an AI context, not in horoscopes or NASA history."""
    ai = tagger.tag("Google updates Gemini", "The chatbot gets a new model.", "en")
    zodiac = tagger.tag(
        "Weekly stars", "Gemini readers should expect news, says the horoscope.", "en"
    )
    space = tagger.tag("Space history", "NASA flew ten Gemini missions before Apollo.", "en")
    assert "gemini" in ids(ai)
    assert "gemini" not in ids(zodiac) | ids(space)


def test_grok_model_vs_verb(tagger: Tagger) -> None:
    """Grok by xAI is tagged; to grok something is not."""
    assert "grok" in ids(tagger.tag("xAI ships Grok", "Musk said the chatbot improved.", "en"))
    assert "grok" not in ids(tagger.tag("Learning", "It takes years to grok the tax code.", "en"))


def test_apple_company_vs_fruit(tagger: Tagger) -> None:
    """Apple the iPhone maker is tagged; apple pies, orchards and the Big Apple are not."""
    assert "apple" in ids(tagger.tag("Apple earnings", "Apple sold more iPhones.", "en"))
    fruit = tagger.tag("Harvest", "Apple growers in Kent said the orchard yield fell.", "en")
    city = tagger.tag("Travel", "A weekend in the Big Apple costs more this year.", "en")
    assert "apple" not in ids(fruit) | ids(city)


def test_r1_and_v3_need_a_deepseek_context(tagger: Tagger) -> None:
    """R1 and V3 are DeepSeek models only when the article is about DeepSeek."""
    deepseek = tagger.tag("DeepSeek update", "The lab said R1 and V3 got faster.", "en")
    racing = tagger.tag("Motorsport", "The R1 superbike and the V3 engine were on show.", "en")
    assert {"deepseek-r1", "deepseek-v3"} <= ids(deepseek)
    assert not {"deepseek-r1", "deepseek-v3"} & ids(racing)


def test_o3_only_as_a_model(tagger: Tagger) -> None:
    """o3 is OpenAI's model in AI copy, not ozone in an air-quality report."""
    assert "o3" in ids(tagger.tag("OpenAI o3", "The reasoning model o3 beat o1.", "en"))
    air = tagger.tag("Smog", "Ground-level o3 from ozone pollution rose.", "en")
    assert "o3" not in ids(air)


def test_open_in_tournament_names_is_no_company_or_country(tagger: Tagger) -> None:
    """The China Open and the Open Championship tag neither a company nor China by name."""
    tags = tagger.tag(
        "China Open final", "She won the China Open after the Open Championship.", "en"
    )
    assert ids(tags) == set()
    assert "CN" not in codes(tags)


def test_country_names_that_are_people_names(tagger: Tagger) -> None:
    """Jordan and Sofia inside a person's name are not Jordan or Bulgaria."""
    tags = tagger.tag("Analysts", "Michael Jordan met Sofia Brandt and Jordan Blake.", "en")
    assert not {"JO", "BG"} & codes(tags)
    assert "JO" in codes(tagger.tag("Trip", "The minister flew to Jordan on Monday.", "en"))


def test_georgia_state_is_not_the_country(tagger: Tagger) -> None:
    """Georgia beside Atlanta is the US state; beside Tbilisi it is the country."""
    assert "GE" not in codes(tagger.tag("Vote", "Georgia voters in Atlanta queued.", "en"))
    assert "GE" in codes(tagger.tag("Protest", "Crowds in Tbilisi, Georgia, marched.", "en"))


def test_palm_the_handheld_maker_is_not_the_palm_model(tagger: Tagger) -> None:
    """Palm OS and Palm handhelds are not Google's PaLM; PaLM written so is the model."""
    handheld = tagger.tag("Palm shows a new OS", "Palm said its handheld runs Palm OS 6.", "en")
    model = tagger.tag("Google retires PaLM", "The PaLM API gives way to Gemini models.", "en")
    assert "palm-2" not in ids(handheld)
    assert "palm-2" in ids(model)


def test_windowed_rule_judges_each_mention_by_its_own_neighbourhood(tagger: Tagger) -> None:
    """Meta's vetoes look 200 characters around each mention: a meta-analysis far away from a
    second mention does not veto it, one next to the only mention does."""
    far = " ".join(["Filler words about nothing in particular."] * 10)
    text = f"A meta-analysis of sleep was published. {far} Meta shipped a new headset."
    assert "meta" in ids(tagger.tag("Gadgets", text, "en"))
    near = "A meta-analysis of sleep was published; Meta shipped a new headset."
    assert "meta" not in ids(tagger.tag("Gadgets", near, "en"))


def test_whole_text_rule_holds_for_every_mention(tagger: Tagger) -> None:
    """Llama's cues and vetoes read the whole text: the farm words far from the second
    mention still veto both (the outcome is computed once per text and reused)."""
    far = " ".join(["Filler words about nothing in particular."] * 10)
    text = f"A Llama grazed on the farm. {far} Later, a Llama model was mentioned."
    assert "llama" not in ids(tagger.tag("Weekend", text, "en"))
    clean = f"A Llama release came out. {far} Later, a Llama model was fine-tuned."
    assert "llama" in ids(tagger.tag("Weekend", clean, "en"))
