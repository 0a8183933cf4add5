"""judge(candidate, state) -> verdict. State is any mutable mapping: a dict or a Faust table."""

from __future__ import annotations

import uuid
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from newsroom.contracts import Candidate, Dedup

_EVENTS = uuid.UUID("4f1c2d59-54a4-4b0f-9a55-3f0b8f3c0e11")

State = MutableMapping[str, Any]


@dataclass(frozen=True, slots=True)
class Decision:
    event_id: str
    version: int
    dedup: Dedup


def event_id_for(candidate: Candidate) -> str:
    """Deterministic per input position, so a replay reproduces it."""
    return str(uuid.uuid5(_EVENTS, candidate.origin.key))


def _remember(state: State, key: str, value: dict[str, Any]) -> None:
    state[key] = value


def judge(candidate: Candidate, state: State) -> Decision:
    """Decide unique / duplicate / update and record the article in state."""
    origin_key = f"o:{candidate.origin.key}"
    replay = state.get(origin_key)
    if replay is not None:
        return Decision(replay["event_id"], replay["version"], Dedup.model_validate(replay["dedup"]))
    fp = candidate.fingerprint
    article_id = candidate.article.id
    event_id = event_id_for(candidate)
    by_url = state.get(f"u:{fp.url_key}")
    by_hash = state.get(f"h:{fp.content_hash}")
    version = 1
    if by_url is not None and by_url["hash"] == fp.content_hash:
        dedup = Dedup(status="duplicate", duplicate_of=by_url["id"], method="url", similarity=1.0)
    elif by_hash is not None:
        dedup = Dedup(status="duplicate", duplicate_of=by_hash, method="exact", similarity=1.0)
    elif by_url is not None:
        version = by_url["version"] + 1
        dedup = Dedup(status="update", duplicate_of=by_url["id"], method="url")
        _remember(state, f"u:{fp.url_key}", {**by_url, "hash": fp.content_hash, "version": version})
    else:
        dedup = Dedup(status="unique", duplicate_of=None, method="none")
        _remember(state, f"u:{fp.url_key}", {"id": article_id, "hash": fp.content_hash, "version": 1})
    if by_hash is None:
        state[f"h:{fp.content_hash}"] = article_id
    decision = Decision(event_id, version, dedup)
    state[origin_key] = {"event_id": event_id, "version": version, "dedup": dedup.model_dump()}
    return decision
