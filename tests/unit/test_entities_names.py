"""Heuristic name finder and the AI-only switch of the NER model."""

from __future__ import annotations

from newsroom.domain.entities import Tagger
from newsroom.domain.names import HeuristicNames
from newsroom.domain.ner import Name
from newsroom.kb.entities_loader import load_knowledge_base

KB = load_knowledge_base()
FINDER = HeuristicNames(KB.name_cues)


def found(text: str) -> list[tuple[str, str]]:
    return [(n.kind, text[n.start : n.end]) for n in FINDER.find(text)]


def test_organizations_by_their_words_in_any_language() -> None:
    """Organization words and legal forms mark organizations, connectors included."""
    text = "Pour Lena Roux, chercheuse à l'Université de Brest, rien ne change."
    assert ("organization", "Université de Brest") in found(text)
    assert found("Die Gewerkschaft Norddeutscher Schlosser streikt.") == [
        ("organization", "Gewerkschaft Norddeutscher Schlosser")
    ]


def test_people_need_a_cue() -> None:
    """Two capitalized words are a person only near a role or a speech verb."""
    assert found("Am Abend sprach Tobias Wendt.") == []
    assert found("Tobias Wendt sagte am Abend.") == [("person", "Tobias Wendt")]
    assert found("Die Schweizer Wirtschaft wartet.") == []


def test_person_of_firm_is_split() -> None:
    """'X Y of Z Research' is a person and a firm, not one organization."""
    assert found("said Mara Lind of Quayside Research yesterday") == [
        ("person", "Mara Lind"),
        ("organization", "Quayside Research"),
    ]


def test_days_and_lone_org_words_are_not_names() -> None:
    """Weekdays break runs; 'Research' alone is no organization."""
    assert found("the union said on Wednesday. Research continues.") == []


def test_places_and_events_are_not_people() -> None:
    """A speech verb after a palace, a cup or a house does not make it a person."""
    text = "The Presidential Palace said talks went well. The World Cup told a story. "
    assert found(text + "The White House said nothing.") == []
    assert found("Officials at the palace. Anna Berg said so.") == [("person", "Anna Berg")]


def test_a_lone_word_is_an_organization_only_right_after_an_org_cue() -> None:
    """'la consultora Ecolatina' names a firm; a lone capitalized word elsewhere does not."""
    assert found("Los economistas de la consultora Ecolatina advirtieron.") == [
        ("organization", "Ecolatina")
    ]
    assert found("Ecolatina advirtieron. Consultora Ecolatina advirtieron.") == []
    assert found("the chipmaker  Zentrix said") == [("organization", "Zentrix")]  # two spaces
    assert found("the firm\nZentrix said") == []  # the cue must end with a space
    assert found("the subfirm Zentrix said") == []  # the whole word is the cue
    assert found("firm l'Oréal said") == []  # an elided word is never cued


def test_a_cue_inside_a_run_does_not_cut_a_lone_word_from_it() -> None:
    """'Group' in 'Acme Group Holdings' is part of the name, not a cue for 'Holdings'."""
    assert found("Acme Group Holdings said on Monday.") == [("organization", "Acme Group Holdings")]
    assert found("the startup Vela and the startup Orbis of Lyon") == [
        ("organization", "Vela"),
        ("organization", "Orbis of Lyon"),
    ]


def test_cued_words_in_text_whose_case_folding_differs_from_lower_case() -> None:
    """German ß and a Greek final sigma take the slower path, with the same verdicts."""
    body = "según la consultora Ecolatina y la firma Weiss; Kolb dijo que no."
    expected = [("organization", "Ecolatina"), ("organization", "Weiss")]
    assert found(body) == expected
    for prefix in ("die Straße, ", "οδός. ", "ΟΔΟΣ. "):
        assert found(prefix + body) == expected, prefix


def test_chinese_person_before_a_speech_verb() -> None:
    """A Chinese surname and given name before 表示 is a person."""
    assert found("首席分析师王晓表示，价格将上涨。") == [("person", "王晓")]


class CountingNames:
    """A fake NER model that records the texts it was asked to read."""

    def __init__(self) -> None:
        self.calls = 0

    def find(self, text: str) -> list[Name]:
        self.calls += 1
        return []


def test_model_runs_only_for_ai_relevant_articles_when_asked() -> None:
    """With model_ai_only the model skips articles classified as not AI-relevant."""
    model = CountingNames()
    tagger = Tagger(KB, model, model_ai_only=True)
    tagged = tagger.scan("Bakery opens", "A bakery opened in Leeds.", "en")
    tagger.with_names(tagged, ai_relevant=False)
    assert model.calls == 0
    tagger.with_names(tagged, ai_relevant=True)
    assert model.calls == 2  # title and text


def test_scan_holds_knowledge_base_tags_only() -> None:
    """What classification reads carries no unlinked names."""
    tagged = Tagger(KB).scan("T", "said Mara Lind of Quayside Research about OpenAI.", "en")
    assert all(t.kb for t in (*tagged.tags.people, *tagged.tags.organizations))
    names = Tagger(KB).with_names(tagged, ai_relevant=True)
    assert {t.name for t in names.organizations} == {"OpenAI", "Quayside Research"}
