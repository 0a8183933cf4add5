"""Tagger output: canonical names, counts, offsets, salience, countries and the NER fallback."""

from __future__ import annotations

import pytest

from newsroom.domain.entities import Tagger
from newsroom.domain.ner import Name
from newsroom.kb.entities_loader import load_knowledge_base

KB = load_knowledge_base()


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(KB)


class FakeNames:
    """A hand-written name finder: tags every occurrence of the given surfaces."""

    def __init__(self, **names: str) -> None:
        self.names = names

    def find(self, text: str) -> list[Name]:
        out = []
        for key, kind in self.names.items():
            surface = key.replace("_", " ")
            start = text.find(surface)
            while start >= 0:
                out.append(Name(kind, start, start + len(surface)))  # type: ignore[arg-type]
                start = text.find(surface, start + 1)
        return out


def test_aliases_possessives_and_parents(tagger: Tagger) -> None:
    """Aliases map to canonical names, possessives still match, units carry their parent."""
    tags = tagger.tag("Meta Platforms' rival", "AWS's chips and Nvidia's GPUs.", "en")
    orgs = {t.name: t for t in tags.organizations}
    assert set(orgs) == {"Meta", "Amazon Web Services", "Nvidia"}
    assert orgs["Amazon Web Services"].parent == "amazon"


def test_models_carry_vendor_family_and_weights(tagger: Tagger) -> None:
    """gpt-oss-120b is an open-weight OpenAI model of the gpt-oss family."""
    tags = tagger.tag("Release", "OpenAI shipped gpt-oss-120b and GPT-4o.", "en")
    models = {t.id: t for t in tags.models}
    assert models["gpt-oss-120b"].vendor == "openai"
    assert models["gpt-oss-120b"].family == "gpt-oss"
    assert models["gpt-oss-120b"].weights == "open"
    assert models["gpt-4o"].weights == "closed"


def test_longest_alias_wins(tagger: Tagger) -> None:
    """Gemini 2.5 Pro is one model, not Gemini plus a stray number."""
    tags = tagger.tag("Google", "Gemini 2.5 Pro leads the benchmark.", "en")
    assert [t.id for t in tags.models] == ["gemini-2.5-pro"]


def test_versions_do_not_match_a_prefix(tagger: Tagger) -> None:
    """GPT-4.5 is not tagged as GPT-4, and openai.com is not a mention of OpenAI."""
    tags = tagger.tag("Models", "GPT-4.5 is listed on openai.com today.", "en")
    assert [t.id for t in tags.models] == ["gpt-4.5"]
    assert tags.organizations == ()


def test_cjk_and_korean_names_without_spaces(tagger: Tagger) -> None:
    """Chinese and Korean names match inside running text with particles attached."""
    tags = tagger.tag("新闻", "阿里巴巴发布通义千问。삼성전자는 새 칩을 공개했다.", "zh")
    assert {"alibaba", "samsung", "qwen"} <= {t.id for t in tags.organizations + tags.models}


def test_mentions_offsets_and_title_salience(tagger: Tagger) -> None:
    """Mentions are counted, offsets point into the text, title mentions weigh more."""
    text = "Baidu said on Monday. " + "x " * 400 + "Tencent and Baidu agreed."
    tags = tagger.tag("Baidu wins", text, "en")
    orgs = {t.id: t for t in tags.organizations}
    assert orgs["baidu"].mentions == 3
    assert orgs["baidu"].first_offset == 0
    assert text[orgs["tencent"].first_offset :].startswith("Tencent")
    assert orgs["baidu"].salience > orgs["tencent"].salience


def test_countries_by_name_demonym_capital_and_inference(tagger: Tagger) -> None:
    """Countries come with how they were found; inferred ones have no mention."""
    tags = tagger.tag("Trade", "Chinese firms met officials in Washington. Naver agreed.", "en")
    via = {c.code: (c.via, c.mentions) for c in tags.countries}
    assert via["CN"] == ("demonym", 1)
    assert via["US"] == ("capital", 1)
    assert via["KR"] == ("inferred", 0)


def test_white_house_names_the_us(tagger: Tagger) -> None:
    """The White House is an organization and a mention of the United States."""
    tags = tagger.tag("Policy", "The White House issued an order.", "en")
    assert [t.id for t in tags.organizations] == ["white-house"]
    assert [(c.code, c.via) for c in tags.countries] == [("US", "capital")]


def test_surnames_count_only_with_the_full_name(tagger: Tagger) -> None:
    """ "Altman" alone is nobody; after "Sam Altman" it is another mention of him."""
    assert tagger.tag("Talk", "Altman spoke.", "en").people == ()
    tags = tagger.tag("Talk", "Sam Altman spoke. Altman left.", "en")
    assert [(t.id, t.mentions) for t in tags.people] == [("sam-altman", 2)]


def test_ner_fallback_adds_unlinked_names() -> None:
    """Names the KB lacks come back unlinked; KB spans, stop names and surnames are merged."""
    names = FakeNames(
        Marisol_Okafor="person",
        Okafor="person",
        Lakeshore_Lab="organization",
        OpenAI="organization",
        API="organization",
    )
    tags = Tagger(KB, names).tag(
        "News", "Marisol Okafor of Lakeshore Lab used the OpenAI API. Okafor smiled.", "en"
    )
    people = [(t.name, t.kb, t.id, t.mentions) for t in tags.people]
    assert people == [("Marisol Okafor", False, None, 2)]
    assert {(t.name, t.kb) for t in tags.organizations} == {
        ("OpenAI", True),
        ("Lakeshore Lab", False),
    }


def test_ner_fallback_skips_other_languages() -> None:
    """The English model is not run on German copy."""
    tags = Tagger(KB, FakeNames(Modell="organization")).tag("KI", "Das Modell ist neu.", "de")
    assert tags.organizations == ()


def test_ner_scope_limits_the_text() -> None:
    """With ner_chars the fallback only sees the lead of the text."""
    text = "Ada Quill spoke. " + "x " * 200 + "Bea Stone spoke."
    tags = Tagger(KB, FakeNames(Ada_Quill="person", Bea_Stone="person"), model_chars=100).tag(
        "T", text, "en"
    )
    assert [t.name for t in tags.people] == ["Ada Quill"]


def test_scan_hits_carry_the_alias_and_its_span(tagger: Tagger) -> None:
    """scan builds Hits without NamedTuple's constructor: every field is set, in its place."""
    tagged = tagger.scan("Mistral AI", "Researchers at Mistral AI said so.", "en")
    title_hit, text_hit = (hit for _, hit in tagged.hits)
    assert (title_hit.start, title_hit.end, title_hit.alias.entity) == (0, 10, "mistral-ai")
    assert tagged.text[text_hit.start : text_hit.end] == "Mistral AI"
    assert text_hit._fields == ("alias", "start", "end") and len(text_hit) == 3
