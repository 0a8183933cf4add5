"""judge(): verdicts on labelled variants, updates, replays, serialization order and retention."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from newsroom.contracts import Candidate
from newsroom.domain.changes import change_summary
from newsroom.domain.dedup import judge
from newsroom.domain.dedup_state import day_of, expired_keys, record_day
from tests.support.dedup_variants import Variant, base, candidate, stories, variants

State = dict[str, Any]


@pytest.fixture(scope="module")
def labelled() -> list[tuple[Variant, Candidate]]:
    return [(v, candidate(v.raw, 100 + i)) for i, v in enumerate(variants(per_story=40))]


def _seeded() -> tuple[State, dict[str, str]]:
    state: State = {}
    ids = {}
    for i, story in enumerate(stories()):
        c = candidate(base(story), i)
        assert judge(c, state).dedup.status == "unique"
        ids[story["key"]] = c.article.id
    return state, ids


def test_labelled_variants_meet_the_precision_and_recall_targets(
    labelled: list[tuple[Variant, Candidate]],
) -> None:
    """Near copies: precision >= 0.99, recall >= 0.97; exact and URL copies and updates: all."""
    seeded, ids = _seeded()
    flagged = correct = near = found = 0
    for v, c in labelled:
        d = judge(c, dict(seeded)).dedup
        right = d.duplicate_of == ids[v.story]
        if d.status == "duplicate":
            flagged += 1
            correct += right and v.expect == "duplicate"
        if v.method == "near":
            near += 1
            found += d.status == "duplicate" and right
        elif v.kind in ("exact", "rescrape", "update"):
            assert (d.status, d.method, right) == (v.expect, v.method, True), v.kind
    assert correct / flagged >= 0.99
    assert found / near >= 0.97
    assert near >= 200


def test_independent_same_event_articles_are_never_flagged(
    labelled: list[tuple[Variant, Candidate]],
) -> None:
    """Articles written separately about the same event stay unique, whichever comes first."""
    seeded, _ = _seeded()
    independents = [c for v, c in labelled if v.kind == "independent"]
    assert [judge(c, dict(seeded)).dedup.status for c in independents] == ["unique"] * 5
    state: State = {}
    for c in independents:
        judge(c, state)
    bases = [candidate(base(s), 900 + i) for i, s in enumerate(stories())]
    assert [judge(c, state).dedup.status for c in bases] == ["unique"] * 5


def test_copies_point_to_the_earliest_article_of_the_story() -> None:
    """A copy of a copy still names the first article seen, never the intermediate one."""
    story = stories()[0]
    state: State = {}
    first = candidate(base(story), 0)
    judge(first, state)
    copies = [
        v for v in variants(per_story=6) if v.story == story["key"] and v.kind == "syndicated"
    ]
    verdicts = [judge(candidate(v.raw, 10 + i), state).dedup for i, v in enumerate(copies)]
    assert {(d.status, d.duplicate_of) for d in verdicts} == {("duplicate", first.article.id)}


def test_update_bumps_the_version_and_summarises_the_change() -> None:
    """Same URL, corrected and extended text: version 2 then 3, pointing to the first version."""
    story = stories()[1]
    state: State = {}
    first = candidate(base(story), 0)
    judge(first, state)
    updates = [
        v.raw for v in variants(per_story=0) if v.story == story["key"] and v.kind == "update"
    ]
    second = judge(candidate(updates[0], 1), state)
    third = judge(candidate(updates[2], 2), state)
    assert (second.version, second.dedup.status, second.dedup.duplicate_of) == (
        2,
        "update",
        first.article.id,
    )
    assert second.dedup.changes == "1 paragraph edited"
    assert (third.version, third.dedup.changes) == (3, "1 paragraph added")
    again = judge(candidate(updates[2], 3), state)
    assert (again.version, again.dedup.status, again.dedup.method) == (3, "duplicate", "url")


def test_same_scraper_id_at_a_new_url_is_an_update() -> None:
    """A scraper id seen before, with a new URL and changed text, is the same page's new version."""
    story = stories()[2]
    raw = base(story).model_copy(update={"id": "scraper-77"})
    state: State = {}
    judge(candidate(raw, 0), state)
    moved = raw.model_copy(
        update={"url": "https://plainsenergy.example/moved", "body": f"{raw.body}\n\nMore."}
    )
    decision = judge(candidate(moved, 1), state)
    assert (decision.dedup.status, decision.dedup.method, decision.version) == ("update", "id", 2)


def test_replay_returns_the_same_event_id_and_verdict() -> None:
    """A redelivered candidate (same origin) is not a duplicate of itself."""
    story = stories()[3]
    state: State = {}
    first, copy = (
        candidate(base(story), 0),
        candidate(base(story).model_copy(update={"url": "https://c.example/x"}), 1),
    )
    decisions = [judge(first, state), judge(copy, state), judge(first, state), judge(copy, state)]
    assert decisions[0] == decisions[2] and decisions[1] == decisions[3]
    assert decisions[2].dedup.status == "unique"
    assert decisions[3].dedup.duplicate_of == first.article.id


def test_replay_survives_a_json_round_trip_of_the_state() -> None:
    """Production state is a Faust table of JSON values: decisions replay from JSON too."""
    story = stories()[4]
    state: State = {}
    first = candidate(base(story), 0)
    decision = judge(first, state)
    reloaded = orjson.loads(orjson.dumps(state))
    assert judge(first, reloaded) == decision


def test_simultaneous_copies_yield_one_canonical() -> None:
    """Two copies reaching the serialized stage back to back: one unique, one pointing to it."""
    story = stories()[0]
    a = candidate(base(story), 5, partition=3)
    b = candidate(
        base(story).model_copy(
            update={"url": "https://z.example/1", "body": base(story).body + "\n\nExtra line."}
        ),
        5,
        partition=6,
    )
    state: State = {}
    da, db = judge(a, state), judge(b, state)
    assert (da.dedup.status, db.dedup.status) == ("unique", "duplicate")
    assert db.dedup.duplicate_of == a.article.id and da.event_id != db.event_id


def test_records_older_than_the_window_stop_matching() -> None:
    """A copy 7 days later is unique again with a 7-day window; 6 days later it is a duplicate."""
    story = stories()[1]
    copy = base(story).model_copy(update={"url": "https://late.example/x"})
    for delay, status in ((6, "duplicate"), (7, "unique")):
        state: State = {}
        judge(candidate(base(story), 0), state, retention_days=7)
        assert judge(candidate(copy, 1, day=delay), state, retention_days=7).dedup.status == status


def test_expired_keys_sweep_only_old_records() -> None:
    """The sweep returns every record of day 0 on day 7 and nothing on day 6."""
    state: State = {}
    first = candidate(base(stories()[0]), 0)
    judge(first, state)
    today = day_of(first.article.ingested_at)
    assert list(expired_keys(state.items(), today + 6, 7)) == []
    assert sorted(expired_keys(state.items(), today + 7, 7)) == sorted(state)
    later = candidate(base(stories()[1]), 1, day=3)
    judge(later, state)
    for key in list(expired_keys(state.items(), today + 7, 7)):
        del state[key]
    assert judge(later, state).dedup.status == "unique"  # its replay record survived
    assert {record_day(v) for v in state.values()} == {today + 3}


def test_state_stays_compact_per_article() -> None:
    """A unique ~5 KB article costs under 1 KB of serialized keys and values."""
    story = stories()[0]
    body = "\n\n".join([base(story).body or ""] * 3)
    raw = base(story).model_copy(update={"body": body})
    assert len(body) > 4500
    state: State = {}
    judge(candidate(raw, 0), state)
    size = sum(len(k) + len(orjson.dumps(v)) for k, v in state.items())
    assert size <= 1024


def test_change_summary_counts_paragraphs() -> None:
    """Edits pair up removed and added paragraphs; the rest are added or removed."""
    assert (
        change_summary(["a", "b", "c"], ["a", "x", "c", "d", "e"]) == "1 paragraph edited, 2 added"
    )
    assert change_summary(["a", "b", "c"], ["a"]) == "2 paragraphs removed"
    assert change_summary(["a"], ["a"]) == "paragraphs unchanged, wording changed"
