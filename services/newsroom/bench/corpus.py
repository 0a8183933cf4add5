"""A fixed, seeded benchmark corpus: realistic 2-8 KB articles, copies and bad payloads."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson

# Our own sentence frames; slots are filled with names the knowledge base knows.
_AI_FRAMES = (
    "{org} said on {day} that it would release the weights of {model} under a permissive licence.",
    "Analysts in {city} expect {org} to keep its flagship system behind a paid API.",
    "{person}, who leads {org}, told investors the company would spend more on data centres.",
    "Regulators in {city} asked {org} to explain how {model} was trained.",
    "Developers said {model} ran well on a single workstation after the update.",
    "{org} and {org2} are competing for the same enterprise customers in {country}.",
    "The chip shortage slowed the rollout of new clusters, according to {person}.",
    "Export rules announced in {city} could limit sales of accelerators to {country}.",
    "{org2} published a technical report comparing its model with {model}.",
)
_GENERAL_FRAMES = (
    "The council in {city} approved a budget for road repairs on {day}.",
    "{person} scored twice as the home side won the cup final in {city}.",
    "Heavy rain closed several schools across {country} for a second day.",
    "The central bank of {country} kept interest rates unchanged, citing weak demand.",
    "A museum in {city} reopened its east wing after a two-year renovation.",
    "Farmers in {country} said the harvest was smaller than last year.",
    "The transport ministry outlined plans for a night bus network in {city}.",
)
_FILLER = (
    "Officials declined to give a timetable.",
    "Critics said the plan lacked detail.",
    "Supporters called the move overdue.",
    "Further talks are scheduled for next month.",
    "The figures were not independently verified.",
    "A spokesperson did not respond.",
)
_ORGS = ("OpenAI", "Anthropic", "Google DeepMind", "Meta", "DeepSeek", "Alibaba", "Baidu",
         "Mistral AI", "Nvidia", "Huawei", "Microsoft", "Tencent", "Cohere")  # fmt: skip
_MODELS = ("gpt-oss-120b", "GPT-4o", "Llama 4", "DeepSeek-R1", "Qwen3", "Claude", "Gemini",
           "Mistral Large", "Kimi", "Ernie")  # fmt: skip
_PEOPLE = ("Sam Altman", "Dario Amodei", "Demis Hassabis", "Liang Wenfeng", "Jensen Huang",
           "Mark Zuckerberg", "Lisa Su", "Arthur Mensch", "Maria Keller", "Tom Okafor")  # fmt: skip
_CITIES = ("Washington", "Beijing", "Paris", "Tokyo", "Seoul", "Berlin", "London", "Shanghai")
_COUNTRIES = ("China", "the United States", "France", "Japan", "Korea", "Germany", "India")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


@dataclass(frozen=True, slots=True)
class Corpus:
    """Raw messages in send order; `bad` of them are malformed, `copies` are duplicates."""

    messages: list[bytes]
    bad: int
    copies: int

    @property
    def total_bytes(self) -> int:
        return sum(len(m) for m in self.messages)


def _paragraph(rng: random.Random, ai: bool) -> str:
    frames = _AI_FRAMES if ai else _GENERAL_FRAMES
    names = {
        "org": rng.choice(_ORGS), "org2": rng.choice(_ORGS), "model": rng.choice(_MODELS),
        "person": rng.choice(_PEOPLE), "city": rng.choice(_CITIES),
        "country": rng.choice(_COUNTRIES), "day": rng.choice(_DAYS),
    }  # fmt: skip
    sentences = [rng.choice(frames).format(**names) for _ in range(rng.randint(2, 4))]
    sentences += [rng.choice(_FILLER) for _ in range(rng.randint(1, 3))]
    serial = rng.getrandbits(48)
    return " ".join(sentences) + f" Reference {serial:x}."


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
    """`count` messages: fresh articles, exact copies under new URLs, malformed payloads."""
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
