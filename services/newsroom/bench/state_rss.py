"""Worker memory with a full dedup window: 1M articles in the table, then traffic and a sweep.

The worker's RocksDB is filled before it starts (`judge` over a million distinct synthetic
articles spread over the last 7 days, into the file the worker's table opens), as after a week
of traffic. The changelog is not filled: recovery time is another figure. A few corpus articles
are recorded first under other ids ("probes"); the worker must call those articles duplicates
of the probes, which shows it judged against the prefilled table. Then:
  1. a worker processes the corpus (RSS when ready and after);
  2. a worker on the same state runs one full retention-sweep pass, fast (every record is
     read once, as the 2,000-keys-a-second sweep does over about 2 hours); RSS after.

    python -m newsroom.bench.state_rss --articles 1000000 [--prefilled DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import time as clock
import urllib.request
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import faust
import orjson
from faust.stores.rocksdb import RocksDBOptions
from rocksdict import Rdict

from newsroom.app import build_enricher, table_options
from newsroom.bench.corpus import Corpus, synthetic
from newsroom.bench.dedup import fill
from newsroom.bench.dedup_support import RocksState
from newsroom.bench.phase import Worker, create, measure, phase_settings, wait_ready, workers
from newsroom.bench.pipeline import bench_settings, tmpdir
from newsroom.contracts import Candidate, Origin
from newsroom.domain.dedup import judge
from newsroom.local_kafka.runtime import fresh_broker
from newsroom.settings import Settings
from newsroom.topology import DEDUP_TABLE

PROBES = 20
FAST_SWEEP = "100000"  # records per tick in step 2 (a tick holds them in memory at once)


def table_path(settings: Settings) -> Path:
    """Where the worker's dedup table (partition 0) lives under its data dir."""
    app = faust.App(settings.app_id, datadir=str(settings.data_dir))
    return Path(app.conf.tabledir) / f"{DEDUP_TABLE}-0.db"


def probes(corpus: Corpus) -> dict[str, Candidate]:
    """Corpus article id -> a candidate of its text under an id and URL of its own."""
    enricher = build_enricher(Settings(ner="off"))
    out: dict[str, Candidate] = {}
    for n, payload in enumerate(corpus.messages):
        origin = Origin(topic="prefill", partition=0, offset=n)
        result = enricher.prepare(payload, origin, datetime.now(UTC))
        if isinstance(result, Candidate):
            core = result.article.model_copy(
                update={"id": f"probe-{n}", "canonical_url": f"https://probe.example/{n}"}
            )
            out[result.article.id] = result.model_copy(update={"article": core})
        if len(out) == PROBES:
            break
    return out


def prefill(path: Path, articles: int, extra: list[Candidate]) -> dict[str, float]:
    """Judge `articles` synthetic articles (last 7 days) and the probes into a table file.

    The table is opened with the worker's RocksDB options, and this process does the reads and
    writes a worker's dedup stage does over the window: its memory growth is the table's.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    options = RocksDBOptions(use_rocksdict=True, **table_options(Settings()))
    db = Rdict(str(path), options.as_options())
    state, before = RocksState(db), status_mb(os.getpid())["VmRSS"]
    first_day = datetime.combine(datetime.now(UTC).date() - timedelta(days=6), time(), UTC)
    seconds = fill(state, articles, start=first_day)
    for candidate in extra:
        judge(candidate, state)
    grown = status_mb(os.getpid())["VmRSS"] - before
    db.flush()
    db.compact_range(None, None)
    db.close()
    return {"prefill_seconds": round(seconds), "table_rss_growth_mb": round(grown, 1)}


def status_mb(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak) of a process, in MB."""
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key = line.split(":", 1)[0]
        if key in ("VmRSS", "VmHWM"):
            out[key] = round(int(line.split()[1]) / 1024, 1)
    return out


def probe_hits(recs: list[Any], probed: set[str]) -> int:
    """Probed corpus articles that came out as duplicates of a probe."""
    hits = set()
    for rec in recs:
        value = rec.value_json()
        if not isinstance(value, dict) or value.get("id") not in probed:
            continue
        if str((value.get("dedup") or {}).get("duplicate_of") or "").startswith("probe-"):
            hits.add(value["id"])
    return len(hits)


def swept_entries(w: Worker, timeout: float = 1800) -> float:
    """Wait for the first full sweep pass (it reports newsroom_table_entries); its count."""
    deadline = clock.monotonic() + timeout
    prefix = 'newsroom_table_entries{table="dedup"}'
    while clock.monotonic() < deadline and w.proc.poll() is None:
        with urllib.request.urlopen(f"http://127.0.0.1:{w.port}/metrics", timeout=5) as resp:
            for line in resp.read().decode().splitlines():
                if line.startswith(prefix):
                    return float(line.rsplit(" ", 1)[1])
        clock.sleep(2)
    raise RuntimeError("no full sweep pass within the timeout")


def ready_table(cache: Path, articles: int, corpus: Corpus) -> dict[str, Any]:
    """A prefilled table in `cache`, made once; what making it measured."""
    done = cache / "prefilled.json"
    if done.is_file() and orjson.loads(done.read_bytes())["prefilled_articles"] == articles:
        made: dict[str, Any] = orjson.loads(done.read_bytes())
        return made
    shutil.rmtree(cache, ignore_errors=True)
    made = {
        "prefilled_articles": articles,
        **prefill(cache / "table.db", articles, list(probes(corpus).values())),
        "table_options": table_options(Settings()),
    }
    done.write_bytes(orjson.dumps(made))
    return made


def run(articles: int, corpus_size: int, cache: Path) -> dict[str, Any]:
    base, corpus = Settings(), synthetic(corpus_size)
    made = ready_table(cache, articles, corpus)
    probed = set(probes(corpus))
    with fresh_broker(base) as bootstrap, tmpdir() as tmp_name:
        tmp, data = Path(tmp_name), Path(tmp_name) / "data-0"
        settings = phase_settings(bench_settings(base, bootstrap), "rss")
        settings = settings.model_copy(update={"data_dir": data})
        shutil.copytree(cache / "table.db", table_path(settings))
        asyncio.run(create(settings))
        with workers(settings, 1, tmp / "traffic", data_dirs=[data]) as procs:
            wait_ready(procs, timeout=600)
            ready = status_mb(procs[0].proc.pid)
            phase = measure(settings, corpus, procs)
            after = status_mb(procs[0].proc.pid)
        fast = {"NEWSROOM_DEDUP_SWEEP_KEYS_PER_TICK": FAST_SWEEP}
        with workers(settings, 1, tmp / "sweep", data_dirs=[data], env=fast) as procs:
            wait_ready(procs, timeout=600)
            entries = swept_entries(procs[0])
            swept = status_mb(procs[0].proc.pid)
    return {
        **made,
        "table_sst_mb": round(sum(f.stat().st_size for f in cache.rglob("*.sst")) / 1e6, 1),
        "corpus": len(corpus.messages),
        "articles_per_s": round(phase.rate, 1),
        "probes_found": f"{probe_hits(phase.records, probed)}/{len(probed)}",
        "rss_mb_ready": ready,
        "rss_mb_after_corpus": after,
        "table_records_after_sweep": int(entries),
        "rss_mb_after_full_sweep": swept,
        "load_average_1m": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m newsroom.bench.state_rss")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--corpus", type=int, default=2000)
    parser.add_argument(
        "--prefilled",
        type=Path,
        default=Path(".newsroom/bench-state"),
        help="Where the prefilled table is kept between runs (it takes minutes to make).",
    )
    args = parser.parse_args(argv)
    result = run(args.articles, args.corpus, args.prefilled)
    print(orjson.dumps(result, option=orjson.OPT_INDENT_2).decode())


if __name__ == "__main__":
    main()
