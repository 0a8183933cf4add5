"""Labelled dedup variants generated deterministically from hand-written stories."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsroom.contracts import (
    ArticleCore,
    BlocResult,
    Candidate,
    Classification,
    Origin,
    RawArticle,
    Relevance,
    StrategyResult,
    Tags,
)
from newsroom.domain.fingerprint import fingerprint
from newsroom.domain.normalize import Normalized, normalize
from newsroom.domain.pipeline import article_id
from newsroom.kb import load_normalization_rules

STORIES = Path(__file__).parents[1] / "data" / "dedup" / "stories.json"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
RULES = load_normalization_rules()
# Lines normalize.py drops as boilerplate: re-scrapes and syndicators add them.
BOILERPLATE = (
    "Subscribe to our weekly newsletter for more stories like this.",
    "AP Photo/Sam Lindqvist",
    "Photo courtesy of the company",
    "Advertisement",
    "Follow us on social media for updates.",
)
# Lines an outlet adds around a wire story that no rule knows: padding.
PADDING = (
    "This story was distributed by a wire partner and edited for our regional readers.",
    "Our newsroom will keep following this story and add reactions from local experts.",
)


@dataclass(frozen=True)
class Variant:
    """One labelled input: what it is and which verdict and method the judge should give."""

    kind: str
    story: str
    raw: RawArticle
    expect: str  # unique | duplicate | update
    method: str  # none | url | exact | near


def stories() -> list[dict[str, Any]]:
    """The hand-written base stories."""
    data: list[dict[str, Any]] = json.loads(STORIES.read_text("utf-8"))["stories"]
    return data


def _raw(story: dict[str, Any], body: str, **changes: Any) -> RawArticle:
    fields = {
        "source": story["source"],
        "url": story["url"],
        "title": story["title"],
        "body": body,
        "published_at": T0,
    }
    return RawArticle.model_validate({**fields, **changes})


def _body(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs if p)


def _syndicate(story: dict[str, Any], rng: random.Random, n: int) -> RawArticle:
    """A copy with a new headline and boilerplate, 1-3 sentences trimmed or reworded."""
    edits = rng.randint(1, 3)
    rewords = rng.randint(0, edits)
    reword = dict(rng.sample(story["rewordings"], rewords))
    paragraphs = [[reword.get(s, s) for s in p] for p in story["paragraphs"]]
    slots = [(i, j) for i, p in enumerate(paragraphs) for j, s in enumerate(p) if s not in reword]
    for i, j in sorted(rng.sample(slots, edits - rewords), reverse=True):
        del paragraphs[i][j]
    lines = [_body(paragraphs)]
    for _ in range(rng.randint(0, 2)):
        lines.insert(rng.randint(0, len(lines)), rng.choice(BOILERPLATE))
    if n % 3 == 0:
        lines.append(rng.choice(PADDING))
    host = f"https://outlet{n}.example/world/{story['key']}-{n}"
    return _raw(story, "\n".join(lines), url=host, source=f"Outlet {n}", title=f"Headline {n}")


def _rescrape(story: dict[str, Any], rng: random.Random) -> RawArticle:
    """The same page fetched again: tracking parameters, whitespace and boilerplate lines."""
    body = _body(story["paragraphs"]).replace(". ", ".  ").replace("\n\n", "\n \n\n")
    body = f"{rng.choice(BOILERPLATE)}\n{body}\n{rng.choice(BOILERPLATE)}\n"
    url = f"{story['url']}?utm_source=feed&utm_medium=rss&fbclid=x{rng.randint(1, 999)}"
    return _raw(story, body, url=url)


def _update(story: dict[str, Any], correct: bool, add: bool) -> RawArticle:
    """The same URL republished with a correction and/or an added paragraph."""
    old, new = story["correction"]
    body = _body(story["paragraphs"])
    body = body.replace(old, new) if correct else body
    return _raw(story, f"{body}\n\n{story['added']}" if add else body)


def variants(per_story: int = 40, seed: int = 7) -> list[Variant]:
    """Every labelled variant of every story (bases excluded)."""
    rng = random.Random(seed)
    out: list[Variant] = []
    for s in stories():
        key = s["key"]
        body = _body(s["paragraphs"])
        copy = _raw(s, body, url=f"https://mirror.example/{key}", source="Mirror", title="Copy")
        out.append(Variant("exact", key, copy, "duplicate", "exact"))
        out.append(Variant("rescrape", key, _rescrape(s, rng), "duplicate", "url"))
        out.extend(
            Variant("syndicated", key, _syndicate(s, rng, n), "duplicate", "near")
            for n in range(per_story)
        )
        lead = _body(s["paragraphs"][:3])
        url = f"https://brief.example/{key}"
        excerpt = _raw(s, lead, url=url, source="Brief", title="In brief")
        out.append(Variant("excerpt", key, excerpt, "duplicate", "near"))
        for correct, add in ((True, False), (False, True), (True, True)):
            out.append(Variant("update", key, _update(s, correct, add), "update", "url"))
        ind = s["independent"]
        raw = _raw(ind, _body(ind["paragraphs"]))
        out.append(Variant("independent", key, raw, "unique", "none"))
    return out


def base(story: dict[str, Any]) -> RawArticle:
    """The wire original of a story."""
    return _raw(story, _body(story["paragraphs"]))


def candidate(raw: RawArticle, offset: int, day: int = 0, partition: int = 0) -> Candidate:
    """What hop 1 would send for this raw article (tags and classification left empty)."""
    ingested = T0 + timedelta(days=day, minutes=offset)
    norm = normalize(raw, ingested, RULES)
    assert isinstance(norm, Normalized), norm
    return Candidate(
        origin=Origin(topic="articles.raw", partition=partition, offset=offset),
        fingerprint=fingerprint(norm.canonical_url, norm.text),
        article=_core(raw, norm, ingested),
    )


def _core(raw: RawArticle, norm: Normalized, ingested: datetime) -> ArticleCore:
    empty = Classification(
        ai_relevant=False,
        relevance=Relevance(confidence=0.0),
        strategy=StrategyResult(label=None, confidence=0.0),
        bloc=BlocResult(label="neither", confidence=0.0),
    )
    return ArticleCore(
        id=article_id(raw, norm.canonical_url),
        source=raw.source,
        url=raw.url,
        canonical_url=norm.canonical_url,
        title=norm.title,
        text=norm.text,
        language=norm.language,
        language_detected=norm.language_detected,
        published_at=norm.published_at,
        ingested_at=ingested,
        tags=Tags(kb_version="test"),
        classification=empty,
    )
