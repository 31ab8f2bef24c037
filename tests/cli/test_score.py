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


def test_score_numbers_bad_lines_across_batches(run_cli: Any) -> None:
    from mentionwatch.cli.score import BATCH_LINES

    good = '{"text": "fine"}\n'
    lines = good * (BATCH_LINES + 3) + "\n  \n" + "[1]\n" + good * BATCH_LINES + "nope\n"
    result = run_cli("score", input=lines)
    assert result.exit_code == 3
    assert len(jsonl(result.stdout)) == 2 * BATCH_LINES + 3
    first_bad = BATCH_LINES + 3 + 3
    assert f"line {first_bad}: expected a JSON object" in result.stderr
    assert f"line {first_bad + BATCH_LINES + 1}: not valid JSON" in result.stderr


def test_score_writes_the_lines_before_one_whose_analysis_fails(run_cli: Any, monkeypatch: Any) -> None:
    from mentionwatch.analysis import Analyser

    real = Analyser.analyse

    def analyse(self: Analyser, mention: Any) -> Any:
        if mention.text == "boom":
            raise RuntimeError("analysis failed")
        return real(self, mention)

    monkeypatch.setattr(Analyser, "analyse", analyse)
    result = run_cli("score", input='{"text": "a"}\n[1]\n{"text": "b"}\n{"text": "boom"}\n{"text": "c"}\nnope\n')
    assert [row["text"] for row in jsonl(result.stdout)] == ["a", "b"]
    assert "line 2: expected a JSON object" in result.stderr
    assert "analysis failed" in result.stderr
    assert "line 6" not in result.stderr  # nothing after the failing line is read on
    assert result.exit_code not in (0, 3)


def test_score_streams_each_line_before_waiting_for_more_input(tmp_path: Any) -> None:
    import os
    import subprocess
    import sys
    import threading
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(root / "src"), "MENTIONWATCH_HOME": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mentionwatch", "score"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=root
    )
    assert proc.stdin is not None and proc.stdout is not None
    watchdog = threading.Timer(60, proc.kill)  # a held-back line fails the test instead of hanging it
    watchdog.start()
    try:
        for n in range(3):  # stdin stays open: each answer must come before the next line is sent
            proc.stdin.write(json.dumps({"id": str(n), "text": f"message {n}"}).encode() + b"\n")
            proc.stdin.flush()
            assert json.loads(proc.stdout.readline())["id"] == str(n)
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    finally:
        watchdog.cancel()
        proc.kill()
        proc.wait()


def test_score_batches_keep_the_lines_read_before_a_failing_read() -> None:
    import io

    import pytest

    from mentionwatch.cli.score import _batches

    class Failing(io.StringIO):
        calls = 0

        def readline(self, size: int | None = -1) -> str:
            self.calls += 1
            if self.calls == 3:
                raise OSError(5, "Input/output error")
            return super().readline(size)

    got = []
    with pytest.raises(OSError, match="Input/output error"):
        for batch in _batches(Failing('{"text": "a"}\n{"text": "b"}\n{"text": "c"}\n')):
            got.append(batch)
    assert got == [['{"text": "a"}\n', '{"text": "b"}\n']]


def test_score_treats_a_poll_answer_without_pollin_as_no_input_ready(monkeypatch: Any, tmp_path: Any) -> None:
    # some systems answer POLLNVAL for terminals: taking that for "ready" would hold output back
    import select

    from mentionwatch.cli.score import _input_ready

    class FakePoll:
        def __init__(self, events: int) -> None:
            self.events = events

        def register(self, fd: int, mask: int) -> None:
            pass

        def poll(self, timeout: int) -> list[tuple[int, int]]:
            return [(0, self.events)]

    with (tmp_path / "in").open("w") as handle:
        monkeypatch.setattr(select, "poll", lambda: FakePoll(select.POLLNVAL))
        assert _input_ready(handle)() is False
        monkeypatch.setattr(select, "poll", lambda: FakePoll(select.POLLIN))
        assert _input_ready(handle)() is True
