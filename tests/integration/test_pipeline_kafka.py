"""End to end on the real broker: every input comes out exactly once, the worker survives."""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from typing import Any

from newsroom.settings import Settings
from newsroom.topology import DEADLETTER, DUPLICATES, ENRICHED, RAW
from tests.support.articles import articles, encode, malformed_payloads
from tests.support.kafka import collect, produce


def test_articles_and_malformed_payloads_each_come_out_exactly_once(
    settings: Settings, start_worker: Any
) -> None:
    """300 articles (some exact copies) and every malformed kind: each input once, worker alive."""
    worker = start_worker(settings)
    originals = articles(280)
    copies = [{**a, "id": f"copy-{a['id']}", "url": f"https://mirror.example/{i}"}
              for i, a in enumerate(originals[:20])]  # fmt: skip
    bad = malformed_payloads()
    lines = [encode(a) for a in originals + copies] + [payload for payload, _ in bad.values()]
    produce(settings, settings.topic(RAW), lines)

    outputs = [settings.topic(t) for t in (ENRICHED, DUPLICATES, DEADLETTER)]
    records = collect(settings, outputs, len(lines), timeout=240, alive=lambda: worker.alive)

    by_topic = Counter(r.topic for r in records)
    assert worker.alive, worker.log_text()[-3000:]
    assert sum(by_topic.values()) == len(lines), by_topic

    article_ids = Counter(r.value_json()["id"] for r in records if r.topic != outputs[2])
    assert set(article_ids) == {a["id"] for a in originals + copies}
    assert max(article_ids.values()) == 1
    assert by_topic[outputs[1]] == 20
    for rec in records:  # keyed by article, headers a consumer can filter on without parsing
        if rec.topic != outputs[2]:
            body, headers = rec.value_json(), dict(rec.headers)
            assert rec.key == body["id"].encode() == headers["article-id"]
            assert headers["verdict"] == body["dedup"]["status"].encode()
            assert headers["event-id"] == body["event_id"].encode()
            assert headers["schema-version"] == str(body["schema_version"]).encode()

    letters = [r.value_json() for r in records if r.topic == outputs[2]]
    reasons = {letter["payload_sha256"]: letter["reason"] for letter in letters}
    for name, (payload, reason) in bad.items():
        digest = hashlib.sha256(payload).hexdigest()
        assert reasons.get(digest) == reason, (name, reasons.get(digest))
    small = next(
        x for x in letters if x["payload_sha256"] == hashlib.sha256(b"[1, 2, 3]").hexdigest()
    )
    assert base64.b64decode(small["payload_b64"]) == b"[1, 2, 3]"
