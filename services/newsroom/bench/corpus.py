"""A fixed, seeded benchmark corpus: realistic 2-8 KB articles, copies and bad payloads."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

# Our own sentence grammar; slots are filled with names the knowledge base knows. Sentences are
# drawn part by part (subject, verb phrase, object, adverbial, figures), so two distinct articles
# share few word 5-grams, as distinct news stories do, and the dedup stage sees realistic work.
_AI_SUBJECTS = ("{org}", "{org}", "{person}", "{person} of {org}", "Engineers at {org}",
                "Researchers working on {model}", "A spokesperson for {org}",
                "Investors in {org}", "The team behind {model}",
                "Developers using {model}")  # fmt: skip
_AI_VERBS = ("said it would release the weights of", "plans to keep behind a paid API",
             "published a technical report on", "cut the price of access to",
             "announced a new version of", "opened a research lab to work on",
             "compared its own system with", "signed a cloud deal covering",
             "was asked by regulators to explain", "raised new funding to expand",
             "delayed the launch of", "licensed the code of", "benchmarked",
             "trained a smaller variant of", "restricted exports related to")  # fmt: skip
_AI_OBJECTS = ("{model}", "its flagship model", "an open-weight model", "a reasoning model",
               "its chatbot", "a coding assistant", "new accelerator clusters",
               "a family of language models", "{model} and its successors",
               "an inference service", "its data centres", "a multimodal model")  # fmt: skip
_GENERAL_SUBJECTS = ("The council in {city}", "{person}", "Officials in {country}",
                     "The central bank of {country}", "A museum in {city}",
                     "Farmers near {city}", "The transport ministry", "Residents of {city}",
                     "The home side", "Teachers across {country}", "A court in {city}")  # fmt: skip
_GENERAL_VERBS = ("approved a budget for", "postponed a decision on", "reported a rise in",
                  "criticised plans for", "reopened", "asked for more money to repair",
                  "celebrated", "warned of delays to", "voted against", "extended",
                  "published figures on", "held a public meeting about")  # fmt: skip
_GENERAL_OBJECTS = ("road repairs", "the east wing", "interest rates", "the night bus network",
                    "the harvest", "school meals", "the cup final", "flood defences",
                    "rents in the old town", "the summer festival", "water prices",
                    "a new bridge")  # fmt: skip
_ADVERBIALS = ("on {day}", "after a two-year review", "in {city} on {day}",
               "despite objections from {person}", "for the {n}th time this year",
               "ahead of talks in {city}", "by a vote of {n} to {m}", "late on {day}",
               "according to figures seen by reporters", "with {n} days' notice",
               "as costs rose by {n} percent", "before the {m} deadline")  # fmt: skip
_CODAS = ("Officials declined to give a timetable.", "Critics said the plan lacked detail.",
          "Supporters called the move overdue.", "Talks resume in {n} days.",
          "The figures, {n} in all, were not verified.", "A spokesperson did not respond.",
          "{person} called it a turning point.", "Shares moved {n} percent.",
          "About {n} people attended.", "The review covers {m} cases.")  # fmt: skip
_ORGS = ("OpenAI", "Anthropic", "Google DeepMind", "Meta", "DeepSeek", "Alibaba", "Baidu",
         "Mistral AI", "Nvidia", "Huawei", "Microsoft", "Tencent", "Cohere")  # fmt: skip
_MODELS = ("gpt-oss-120b", "GPT-4o", "Llama 4", "DeepSeek-R1", "Qwen3", "Claude", "Gemini",
           "Mistral Large", "Kimi", "Ernie")  # fmt: skip
_PEOPLE = ("Sam Altman", "Dario Amodei", "Demis Hassabis", "Liang Wenfeng", "Jensen Huang",
           "Mark Zuckerberg", "Lisa Su", "Arthur Mensch", "Maria Keller", "Tom Okafor",
           "Ines Duarte", "Kwame Mensah", "Yuki Sato", "Omar Haddad")  # fmt: skip
_CITIES = ("Washington", "Beijing", "Paris", "Tokyo", "Seoul", "Berlin", "London", "Shanghai",
           "Lagos", "Lima", "Oslo", "Nairobi")  # fmt: skip
_COUNTRIES = ("China", "the United States", "France", "Japan", "Korea", "Germany", "India",
              "Brazil", "Kenya", "Norway")  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


@dataclass(frozen=True, slots=True)
class Corpus:
    """Raw messages in send order; `bad` of them are malformed, `copies` are duplicates."""

    messages: list[bytes]
    bad: int
    copies: int

    @property
    def total_bytes(self) -> int:
        return sum(len(m) for m in self.messages)


def _sentence(rng: random.Random, ai: bool) -> str:
    subjects, verbs, objects = (
        (_AI_SUBJECTS, _AI_VERBS, _AI_OBJECTS)
        if ai
        else (_GENERAL_SUBJECTS, _GENERAL_VERBS, _GENERAL_OBJECTS)
    )
    parts = [rng.choice(subjects), rng.choice(verbs), rng.choice(objects)]
    parts += rng.sample(_ADVERBIALS, rng.randint(1, 2))
    sentence = " ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]


def _paragraph(rng: random.Random, ai: bool) -> str:
    names = {
        "org": rng.choice(_ORGS), "model": rng.choice(_MODELS), "person": rng.choice(_PEOPLE),
        "city": rng.choice(_CITIES), "country": rng.choice(_COUNTRIES), "day": rng.choice(_DAYS),
        "n": rng.randint(2, 97), "m": rng.randint(1990, 2030),
    }  # fmt: skip
    sentences = [_sentence(rng, ai) for _ in range(rng.randint(2, 4))]
    sentences += [rng.choice(_CODAS) for _ in range(rng.randint(1, 2))]
    return " ".join(sentences).format(**names)


def article(index: int, rng: random.Random) -> dict[str, object]:
    """One article of 2-8 KB; about 40% are about the AI industry."""
    ai = rng.random() < 0.4
    target = rng.randint(2000, 8000)
    paragraphs: list[str] = []
    while sum(len(p) for p in paragraphs) < target:
        paragraphs.append(_paragraph(rng, ai))
    return {
        "id": f"bench-{index}",
        "source": rng.choice(("wire.example", "daily.example", "tech.example")),
        "url": f"https://news.example/{index}?utm_source=feed",
        "title": paragraphs[0].split(". ")[0][:120],
        "body": "\n\n".join(paragraphs),
        "published_at": f"2025-0{1 + index % 9}-{1 + index % 28:02d}T08:00:00Z",
        "language": "en",
    }


def synthetic(
    count: int, seed: int = 42, dup_share: float = 0.1, bad_share: float = 0.02
) -> Corpus:
    """`count` messages: fresh articles, copies under new URLs (half exact, half syndicated
    with a changed title and a partner's credit line), malformed payloads."""
    rng = random.Random(seed)
    out: list[bytes] = []
    originals: list[dict[str, object]] = []
    bad = copies = 0
    for index in range(count):
        roll = rng.random()
        if roll < bad_share:
            out.append(rng.choice((b"{not json", b"\xff\xfe\x00", b"[]", b'{"id": 1}')))
            bad += 1
        elif roll < bad_share + dup_share and originals:
            copy = dict(rng.choice(originals), id=f"bench-copy-{index}")
            copy["url"] = f"https://mirror.example/{index}"
            if rng.random() < 0.5:  # syndicated: a near-duplicate, not an exact copy
                copy["title"] = f"{copy['title']} (partner feed)"
                copy["body"] = f"{copy['body']}\n\nDistributed by a partner wire, item {index}."
            out.append(orjson.dumps(copy))
            copies += 1
        else:
            item = article(index, rng)
            originals.append(item)
            out.append(orjson.dumps(item))
    return Corpus(out, bad, copies)


def real(data_dir: Path, count: int) -> Corpus:
    """Articles from ../shared/data/real (BBC and Helsinki CSVs), read at run time only."""
    rows: list[bytes] = []
    for row in _real_rows(data_dir):
        rows.append(orjson.dumps(row))
        if len(rows) >= count:
            break
    return Corpus(rows, 0, 0)


def _real_rows(data_dir: Path) -> Iterator[dict[str, object]]:
    csv.field_size_limit(1 << 24)
    for name in ("bbc_news_part1.csv", "bbc_news_part2.csv"):
        path = data_dir / name
        if not path.is_file():
            continue
        with path.open(newline="", encoding="utf-8") as fh:
            for number, row in enumerate(csv.DictReader(fh)):
                yield {
                    "id": f"{name}-{number}",
                    "source": "bbc",
                    "url": f"https://bbc.example/{name}/{number}",
                    "title": row.get("title", ""),
                    "body": row.get("text", ""),
                    "published_at": "2005-01-01T00:00:00Z",
                }
