"""The source state file: last runs and cursors survive between runs; a broken file is not fatal."""

from __future__ import annotations

import stat
from datetime import datetime, timezone
from pathlib import Path

from mentionwatch.sources.state import SourceRun, load_state, record_run, state_path

T1 = datetime(2026, 11, 21, 7, 0, tzinfo=timezone.utc)
T2 = datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)


def test_state_sits_beside_the_store() -> None:
    assert state_path(Path("/data/mentionwatch.db")) == Path("/data/mentionwatch.sources.json")


def test_runs_and_cursors_round_trip_and_merge(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    record_run(path, {"hackernews": "ok", "reddit": "failed: rate-limited (429) after 3 tries"}, {("hackernews", 'a "b"'): "2026-11-21T07:00:00Z"}, T1)
    record_run(path, {"hackernews": "ok"}, {("hackernews", "c"): '{"since": "x"}'}, T2)
    state = load_state(path)
    assert state.runs == {"hackernews": SourceRun("ok", T2), "reddit": SourceRun("failed: rate-limited (429) after 3 tries", T1)}
    assert state.cursors == {("hackernews", 'a "b"'): "2026-11-21T07:00:00Z", ("hackernews", "c"): '{"since": "x"}'}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_missing_or_broken_file_is_an_empty_state(tmp_path: Path) -> None:
    assert load_state(tmp_path / "none.json").runs == {}
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert load_state(broken).cursors == {}
    broken.write_text('{"runs": {"x": {"health": 3}}, "cursors": {"no-separator": "y"}}')
    state = load_state(broken)
    assert (state.runs, state.cursors) == ({}, {})
    record_run(broken, {"x": "ok"}, {}, T1)
    assert load_state(broken).runs["x"].health == "ok"
