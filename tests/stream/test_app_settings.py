"""Settings reach the faust app the composition root builds."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from newsroom.app import create_app
from newsroom.bench.floor import build_floor
from newsroom.settings import Settings
from newsroom.topology import RAW, candidates_topic


def test_group_and_standby_settings_reach_faust() -> None:
    app = create_app(Settings(ner="off", session_timeout_s=20, dedup_standby_replicas=0))
    assert app.conf.broker_session_timeout == 20
    assert app.conf.broker_heartbeat_interval == 3.0
    assert app.conf.table_standby_replicas == 0
    assert app.assignor.replicas == 0


def test_defaults_keep_one_standby_and_a_60s_session() -> None:
    app = create_app(Settings(ner="off"))
    assert app.conf.broker_session_timeout == 60
    assert app.conf.table_standby_replicas == 1


def test_a_short_session_heartbeats_three_times_within_it() -> None:
    app = create_app(Settings(ner="off", session_timeout_s=6))
    assert app.conf.broker_heartbeat_interval == 2.0


def test_the_dedup_table_gets_the_rocksdb_memory_settings() -> None:
    app = create_app(Settings(ner="off", dedup_block_cache_mb=8, dedup_write_buffer_mb=4))
    options = app.tables["dedup"].options
    assert options["block_cache_size"] == 8 * 1024 * 1024
    assert options["write_buffer_size"] == 4 * 1024 * 1024


@pytest.mark.parametrize("seconds", [5.9, 1801])
def test_a_session_timeout_the_broker_would_refuse_is_an_error(seconds: float) -> None:
    with pytest.raises(ValidationError, match="session_timeout_s"):
        Settings(session_timeout_s=seconds)


def test_a_negative_standby_count_is_an_error() -> None:
    with pytest.raises(ValidationError, match="dedup_standby_replicas"):
        Settings(dedup_standby_replicas=-1)


def test_the_worker_app_notes_each_rebalance_start_and_assignment() -> None:
    """What join_waited reads: when the rebalance began, and the assignments by then."""
    app = create_app(Settings(ner="off"))
    assert app.join_started_at is None
    app.assignments = 3
    app.on_rebalance_start()
    assert app.rebalancing
    assert app.assignments_at_join_start == 3
    assert app.join_started_at is not None


@pytest.mark.parametrize("seconds", [9.9])
def test_a_join_timeout_under_10s_is_an_error(seconds: float) -> None:
    with pytest.raises(ValidationError, match="join_timeout_s"):
        Settings(join_timeout_s=seconds)


def test_the_bench_floor_forwards_once() -> None:
    settings = Settings(ner="off")
    agents = build_floor(settings).app.agents
    assert sources(agents) == {"newsroom.floor": settings.topic(RAW)}


def test_the_two_hop_floor_chains_its_agents_through_the_candidates_topic() -> None:
    settings = Settings(ner="off")
    agents = build_floor(settings, 2).app.agents
    assert sources(agents) == {
        "newsroom.floor": settings.topic(RAW),
        "newsroom.floor.second": candidates_topic(settings),
    }


def sources(agents: Any) -> dict[str, str]:
    """Each agent's name and the one topic it reads."""
    return {name: agent.channel.get_topic_name() for name, agent in agents.items()}


def test_the_bench_floor_refuses_other_hop_counts() -> None:
    with pytest.raises(ValueError, match="once or twice"):
        build_floor(Settings(ner="off"), 3)
