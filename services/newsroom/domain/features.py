"""Numeric features for the three questions, from cue hits, actors and tags."""

from __future__ import annotations

import math
from bisect import bisect_right

from newsroom.contracts import EntityTag, Tags
from newsroom.domain.actors import Actor
from newsroom.domain.scan import Scan

_BLOC = {"US": "us", "CN": "china", "HK": "china", "MO": "china"}
log1p = math.log1p


def relevance_features(s: Scan, tags: Tags, lead_chars: int) -> dict[str, float]:
    """How much, how early and how widely the article talks about AI."""
    everywhere = s.hits("relevance")
    title = s.title_weight("relevance")
    size = len(s.text) or 1
    far = 0.75 * size
    body = tail = lead = names = core = 0.0
    first = -1
    covered: set[int] = set()
    sentences: set[int] = set()
    phrases: set[str] = set()
    groups: set[str] = set()
    paragraphs = s.paragraphs
    for h in everywhere:  # one pass; title hits only count toward names and groups
        cue = h.cue
        groups.add(cue.group)
        if cue.group == "ai_product":
            names += h.weight
        if not cue.support:
            core += h.weight
        if h.field != "text":
            continue
        start, weight = h.start, h.weight
        body += weight
        if first < 0:
            first = start
        if start > far:
            tail += weight
        if start < lead_chars:
            lead += weight
        covered.add(bisect_right(paragraphs, start))
        sentences.add(h.sentence)
        phrases.add(cue.phrase)
    if core == 0.0 and not tags.models:
        # Chips, GPUs, robots or open-source talk without one AI term or AI model: the same
        # words fill 2004 graphics-card launches and Linux news, so they are no AI signal.
        return dict(_NO_AI_SIGNAL)
    return {
        "rel_total": log1p(body + title),
        "rel_density": log1p(body / (size / 1000 + 0.3)),
        "rel_title": min(title, 4.0),
        "rel_lead": min(lead, 6.0),
        "rel_spread": len(covered) / len(paragraphs),
        "rel_first": first / size if first >= 0 else 1.0,
        "rel_tail": tail / body if body else 1.0,
        "rel_distinct": log1p(len(phrases)),
        "rel_sentences": log1p(len(sentences)),
        "rel_sentence_share": len(sentences) / len(s.starts),
        "rel_name_share": names / (body + title) if everywhere else 0.0,
        "rel_groups": float(len(groups)),
        "models": log1p(len(tags.models)),
        "polar_total": log1p(s.weight("open") + s.weight("closed") + s.weight("mixed")),
    }


# The relevance features of an article with no core AI cue and no tagged AI model.
_NO_AI_SIGNAL = {
    "rel_total": 0.0,
    "rel_density": 0.0,
    "rel_title": 0.0,
    "rel_lead": 0.0,
    "rel_spread": 0.0,
    "rel_first": 1.0,
    "rel_tail": 1.0,
    "rel_distinct": 0.0,
    "rel_sentences": 0.0,
    "rel_sentence_share": 0.0,
    "rel_name_share": 0.0,
    "rel_groups": 0.0,
    "models": 0.0,
    "polar_total": 0.0,
}


def strategy_features(s: Scan, actors: list[Actor], stances: list[str]) -> dict[str, float]:
    """How strongly, and how evenly, open, closed and mixed cues appear."""
    o, c, m = (s.weight(k) for k in ("open", "closed", "mixed"))
    to, tc, tm = (s.title_weight(k) for k in ("open", "closed", "mixed"))
    total = o + c + m
    kilo = len(s.text) / 1000 + 0.3
    return {
        "open_log": log1p(o),
        "closed_log": log1p(c),
        "mixed_log": log1p(m),
        "open_title": min(to, 4.0),
        "closed_title": min(tc, 4.0),
        "mixed_title": min(tm, 4.0),
        "open_share": o / (total + 1.0),
        "closed_share": c / (total + 1.0),
        "mixed_share": m / (total + 1.0),
        "balance": min(o, c) / max(o, c) if max(o, c) > 0 else 0.0,
        "polar_density": log1p(total / kilo),
        "actors_open": float(stances.count("open")),
        "actors_closed": float(stances.count("closed")),
        "actors_mixed": float(stances.count("mixed")),
        "actors_opposed": float("open" in stances and "closed" in stances),
        "mixed_any": float(m > 0),
        "negated": log1p(sum(1 for h in s.hits("open", "closed") if h.note.startswith("neg"))),
    }


def bloc_scores(s: Scan, tags: Tags, actors: list[Actor]) -> dict[str, float]:
    """Weighted mentions of US, Chinese and other actors and places (tags as priors)."""
    score = {k: s.weight(k) for k in ("us", "china", "other")}
    lexicon = {a.name.lower() for a in actors if a.lexicon}
    for entity in (*tags.organizations, *tags.people):
        if not entity.kb:
            continue  # only knowledge-base tags: NER runs after classification
        if entity.name.lower() not in lexicon and entity.country:
            score[_BLOC.get(entity.country, "other")] += _entity_weight(entity)
    for country in tags.countries:
        side = _BLOC.get(country.code, "other")
        score[side] = max(score[side], float(min(country.mentions, 6)))
    return score


def _entity_weight(entity: EntityTag) -> float:
    return 1.2 * min(entity.mentions, 4) * (0.5 + entity.salience)


def bloc_features(s: Scan, score: dict[str, float]) -> dict[str, float]:
    """Shares and balance of US and Chinese weight, and whether a contest is the theme."""
    us, cn, other = score["us"], score["china"], score["other"]
    total = us + cn + other + 1.0
    title = {k: s.title_weight(k) for k in ("us", "china", "contest")}
    return {
        "us_log": log1p(us),
        "cn_log": log1p(cn),
        "other_log": log1p(other),
        "us_share": us / total,
        "cn_share": cn / total,
        "other_share": other / total,
        "uc_balance": min(us, cn) / max(us, cn) if max(us, cn) > 0 else 0.0,
        "contest_log": log1p(s.weight("contest")),
        "us_title": min(title["us"], 4.0),
        "cn_title": min(title["china"], 4.0),
        "contest_title": min(title["contest"], 4.0),
    }
