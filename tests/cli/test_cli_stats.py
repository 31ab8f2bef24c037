"""``mentionwatch stats`` from the command line."""

from __future__ import annotations

import json

import pytest

from mentionwatch.cli import run


def test_stats_json_counts_what_the_demo_scan_stored(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["scan", "--demo", "--format", "jsonl"]) == 0
    stored = len(capsys.readouterr().out.splitlines())
    assert run(["stats", "--demo", "--json", "--days", "14"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["days"]) == 14
    assert data["total"] == sum(d["total"] for d in data["days"]) == stored
    assert sum(data["intent"].values()) == sum(data["sentiment"].values()) == stored


def test_stats_on_an_empty_store_prints_a_chart_of_zeros(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["stats", "--days", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Mentions per day, last 3 days: 0")
