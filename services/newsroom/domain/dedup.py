"""judge(candidate, state) -> verdict. State is any mutable mapping: a dict or a Faust table.

Order of checks: the page (same canonical URL or scraper id: duplicate or new version), the
exact normalized text, then near-duplicates found through LSH buckets and verified on estimated
Jaccard and containment. The stage is serialized (one partition), so the first article of a
story seen here is its canonical one and every later copy points to it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from newsroom.contracts import Candidate, Dedup, DedupMethod
from newsroom.domain.changes import change_summary
from newsroom.domain.dedup_state import (
    Keys,
    State,
    Window,
    bucket_refs,
    bucket_with,
    day_of,
    live_get,
    short_paragraphs,
    split_paragraphs,
)
from newsroom.domain.lsh import Params, band_keys, low_bits, pack, similarity

__all__ = ["DEFAULT_PARAMS", "Decision", "Params", "State", "event_id_for", "judge"]

Buckets = dict[str, Any]  # LSH bucket key -> its live value (or None)
_EVENTS = uuid.UUID("4f1c2d59-54a4-4b0f-9a55-3f0b8f3c0e11")
DEFAULT_PARAMS = Params()


@dataclass(frozen=True, slots=True)
class Decision:
    event_id: str
    version: int
    dedup: Dedup


@dataclass(frozen=True, slots=True)
class _Verdict:
    version: int
    dedup: Dedup
    story: str  # the id that later copies of this text point to
    page: list[object] | None = None  # the page record to write, if it changes


def event_id_for(candidate: Candidate) -> str:
    """Deterministic per input position, so a replay reproduces it."""
    return str(uuid.uuid5(_EVENTS, candidate.origin.key))


def _by_page(c: Candidate, keys: Keys, state: State, window: Window) -> _Verdict | None:
    """Same URL or same scraper id as a remembered page: a duplicate or a new version."""
    method: DedupMethod = "url"
    page = live_get(state, keys.url, window)
    if page is None and keys.scraper_id is not None:
        pointer = live_get(state, keys.scraper_id, window)
        page, method = (live_get(state, pointer[1], window) if pointer else None), "id"
    if page is None:
        return None
    _day, first_id, version, ref, paragraphs, story = page
    if ref == keys.ref:
        dedup = Dedup(status="duplicate", duplicate_of=story, method=method, similarity=1.0)
        return _Verdict(version, dedup, story)
    packed = short_paragraphs(c.fingerprint.paragraphs)
    changes = change_summary(split_paragraphs(paragraphs), split_paragraphs(packed))
    dedup = Dedup(status="update", duplicate_of=first_id, method=method, changes=changes)
    record = [window.today, first_id, version + 1, keys.ref, packed, story]
    return _Verdict(version + 1, dedup, story, record)


def _by_text(
    c: Candidate, keys: Keys, state: State, window: Window, params: Params, buckets: Buckets
) -> _Verdict | None:
    """The same normalized text, else the closest verified near-duplicate (earliest on ties)."""
    exact = live_get(state, keys.content, window)
    # Indexed records also hold the shingle count: a cheap guard against a 48-bit key collision.
    if exact is not None and (len(exact) < 4 or exact[2] == c.fingerprint.shingles):
        dedup = Dedup(status="duplicate", duplicate_of=exact[1], method="exact", similarity=1.0)
        return _Verdict(1, dedup, exact[1])
    fp, best = c.fingerprint, None
    for key in buckets:
        buckets[key] = live_get(state, key, window)
    refs = dict.fromkeys(ref for value in buckets.values() for ref in bucket_refs(value))
    ours = low_bits(fp.minhash)  # once, not once per stored article
    for ref in refs:
        record = live_get(state, f"h{ref}", window)
        if record is None or len(record) < 4:
            continue
        sim = similarity(ours, fp.shingles, record[3], record[2])
        if sim.is_near(params) and (best is None or (sim.score, -record[0]) > best[0]):
            best = ((sim.score, -record[0]), record[1])
    if best is None:
        return None
    dedup = Dedup(status="duplicate", duplicate_of=best[1], method="near", similarity=best[0][0])
    return _Verdict(1, dedup, best[1])


def _remember(
    c: Candidate, keys: Keys, state: State, verdict: _Verdict, params: Params, buckets: Buckets
) -> None:
    """Record what later articles must find; the replay record goes first (see faust notes)."""
    today, fp, d = day_of(c.article.ingested_at), c.fingerprint, verdict.dedup
    state[keys.origin] = [
        today,
        verdict.version,
        d.status,
        d.duplicate_of,
        d.method,
        d.similarity,
        d.changes,
    ]
    if d.method in ("url", "id") and d.status == "duplicate":
        return
    page = verdict.page or [
        today,
        c.article.id,
        1,
        keys.ref,
        short_paragraphs(fp.paragraphs),
        verdict.story,
    ]
    state[keys.url] = page
    if keys.scraper_id is not None:
        state[keys.scraper_id] = [today, keys.url]
    if d.status == "duplicate":
        if keys.content not in state:
            state[keys.content] = [today, verdict.story]
        return
    state[keys.content] = [today, verdict.story, fp.shingles, pack(fp.minhash)]
    for key, value in buckets.items():
        state[key] = bucket_with(value, keys.ref, today, params.bucket_size)


def judge(
    candidate: Candidate, state: State, retention_days: int = 7, params: Params = DEFAULT_PARAMS
) -> Decision:
    """Decide unique / duplicate / update and record the article in state."""
    keys = Keys.of(candidate)
    window = Window(day_of(candidate.article.ingested_at), retention_days)
    event_id = event_id_for(candidate)
    replay = live_get(state, keys.origin, window)
    if replay is not None:
        _day, version, status, duplicate_of, method, sim, changes = replay
        dedup = Dedup(
            status=status, duplicate_of=duplicate_of, method=method, similarity=sim, changes=changes
        )
        return Decision(event_id, version, dedup)
    # LSH buckets of this signature, read once and reused when recording the article.
    buckets: Buckets = dict.fromkeys(band_keys(candidate.fingerprint.minhash, params))
    verdict = _by_page(candidate, keys, state, window) or _by_text(
        candidate, keys, state, window, params, buckets
    )
    if verdict is not None and verdict.page is not None:  # an update: buckets were not read
        buckets = {key: live_get(state, key, window) for key in buckets}
    if verdict is None:
        unique = Dedup(status="unique", duplicate_of=None, method="none")
        verdict = _Verdict(1, unique, candidate.article.id)
    _remember(candidate, keys, state, verdict, params, buckets)
    return Decision(event_id, verdict.version, verdict.dedup)
