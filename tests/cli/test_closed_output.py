"""When stdout's reader goes away (``mentionwatch score | head``), commands stop quietly with status 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _lines(count: int) -> bytes:
    texts = ("my order still hasn't arrived", "love the sourdough!", "anyone know if they deliver on sundays?")
    return b"".join(json.dumps({"id": str(n), "text": f"{texts[n % 3]} #{n}"}).encode() + b"\n" for n in range(count))


@pytest.mark.parametrize(
    "args",
    [
        ["score"],
        ["scan", "--input", "-", "--format", "jsonl"],
        ["scan", "--input", "-", "--format", "csv"],
    ],
    ids=["score", "scan-jsonl", "scan-csv"],
)
def test_command_exits_0_without_a_word_when_the_reader_closes_early(args: list[str], tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(_lines(3000))  # far more output than a pipe holds
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "MENTIONWATCH_HOME": str(tmp_path / "home")}
    with source.open("rb") as stdin:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mentionwatch", *args], stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
        )
        assert proc.stdout is not None and proc.stderr is not None
        assert proc.stdout.read(200)  # like `| head -c 200`: read a little, then go away
        proc.stdout.close()
        err = proc.stderr.read()
        status = proc.wait(timeout=120)
    assert err == b""
    assert status == 0
