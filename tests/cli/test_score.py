"""``mentionwatch score``: streaming JSON lines in, the same objects plus scores out."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import jsonl


def test_score_design_example_is_a_complaint_worth_answering(run_cli: Any) -> None:
    line = '{"id":"1","text":"Still waiting for my order, 3 weeks now. Never again."}\n'
    result = run_cli("score", input=line)
    assert result.exit_code == 0
    (row,) = jsonl(result.stdout)
    assert row["intent"] == "complaint"
    assert row["priority"]["level"] != "fyi"


def test_score_keeps_input_keys_and_order(run_cli: Any) -> None:
    lines = "".join(json.dumps({"id": str(i), "text": f"message {i}", "extra": {"n": i}}) + "\n" for i in range(30))
    rows = jsonl(run_cli("score", input=lines).stdout)
    assert [r["id"] for r in rows] == [str(i) for i in range(30)]
    assert rows[7]["extra"] == {"n": 7}
    assert set(rows[0]) >= {"id", "text", "extra", "sentiment", "intent", "priority", "reply"}


def test_score_adds_an_id_when_missing(run_cli: Any) -> None:
    (row,) = jsonl(run_cli("score", input='{"text": "hi"}\n').stdout)
    assert row["id"].startswith("jsonl:")


def test_score_skips_bad_lines_and_exits_3(run_cli: Any) -> None:
    result = run_cli("score", input='{"text": "ok"}\n[1,2]\n{"text": 3}\n{"text": "fine"}\n')
    assert result.exit_code == 3
    assert len(jsonl(result.stdout)) == 2
    assert "line 2: expected a JSON object" in result.stderr
    assert "line 3: 'text' must be a string" in result.stderr


def test_score_skips_a_line_whose_time_has_no_utc_equivalent_and_goes_on(run_cli: Any) -> None:
    lines = '{"text": "a", "created_at": "0001-01-01T00:00:00+05:30"}\n{"text": "b", "created_at": "9999-12-31T23:59:59-05:00"}\n{"text": "c"}\n'
    result = run_cli("score", input=lines)
    assert result.exit_code == 3
    assert [row["text"] for row in jsonl(result.stdout)] == ["c"]
    assert "line 1: 'created_at'" in result.stderr and "time out of range" in result.stderr


def test_score_text_argument_scores_one_text(run_cli: Any) -> None:
    result = run_cli("score", "thanks for nothing")
    (row,) = jsonl(result.stdout)
    assert row["text"] == "thanks for nothing"
    assert row["sentiment"]["label"] == "negative"


def test_score_source_sets_the_reply_limit(run_cli: Any) -> None:
    text = "My cake order was wrong and nobody answered the phone. " * 8
    (row,) = jsonl(run_cli("score", input=json.dumps({"text": text, "source": "x", "author": {"name": "Jane Doe"}}) + "\n").stdout)
    assert row["reply"]["limit"] == 280
    assert len(row["reply"]["text"]) <= 280
