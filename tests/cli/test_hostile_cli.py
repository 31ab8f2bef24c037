"""Hostile mentions through every command that prints them: nothing but visible text reaches the terminal."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentionwatch.text import valid_unicode
from tests.hostile import ATTACKS, assert_terminal_safe, hostile_text, hostile_url

EVERYTHING = " ".join(ATTACKS)
ROWS: list[dict[str, Any]] = [
    {
        "id": "evil-\x1b[31m-1",
        "source": "x",
        "text": EVERYTHING + " Joe's Bakery never delivered my order",
        "title": EVERYTHING,
        "url": "javascript:alert(1)",
        "author": {"handle": "\x1b]8;;http://evil.example\x07me\x1b]8;;\x07", "name": "=HYPERLINK(\"http://evil\")\r\nBcc: x@y.example\u202e", "url": "https://ok.example/\x1b[2J"},
        "keywords": ["[bold]k[/bold]\x1b[31m"],
    },
    {"id": "evil-2", "source": "\x1b[2J\u202esrc\nx", "text": "\ud800 lone surrogate \x00 NUL \x9b31m C1 \u2028 line separator", "url": "https://ok.example/post"},
    {"id": "evil-3", "source": "mastodon", "text": "<script>alert(1)</script> [link=http://evil.example]click[/link] :smile:", "author": "@\u2066handle\u2069"},
]


@pytest.fixture
def hostile_store(run_cli: Any, tmp_path: Path) -> Path:
    db = tmp_path / "mw.db"
    source = tmp_path / "hostile.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8")
    result = run_cli("scan", "--input", str(source), "--db", str(db), "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(ROWS)
    return db


def safe(result: Any, *codes: int) -> None:
    assert result.exit_code in (codes or (0,)), result.stderr
    assert_terminal_safe(result.stdout)
    assert_terminal_safe(result.stderr)
    for line in result.stderr.splitlines():
        assert len(line) <= 500


COMMANDS: list[tuple[str, ...]] = [
    *(("inbox", "--format", fmt, "--explain") for fmt in ("table", "json", "jsonl", "csv", "markdown")),
    ("inbox", "--status", "all", "--level", "fyi"),
    ("show", "evil-\x1b[31m-1"),
    ("show", "evil-\x1b[31m-1", "--json"),
    ("show", "evil-2"),
    ("show", "\x1b[31mnope\u202e"),
    *(("digest", "--format", fmt, "--dry-run") for fmt in ("text", "markdown", "html")),
    ("stats",),
    ("done", "evil-2"),
    ("snooze", "evil-3", "--for", "2d"),
    ("mute", "@\u2066handle\u2069", "--source", "mastodon"),
    ("mute", "\x1b[2J\r\nInjected"),
    ("reopen", "evil-2"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c).encode("ascii", "backslashreplace").decode())
def test_every_command_prints_hostile_mentions_as_harmless_text(run_cli: Any, hostile_store: Path, command: tuple[str, ...]) -> None:
    safe(run_cli(*command, "--db", str(hostile_store)), 0, 2)


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "markdown"])
def test_scan_prints_hostile_input_as_harmless_text(run_cli: Any, tmp_path: Path, fmt: str) -> None:
    source = tmp_path / "hostile.jsonl"
    source.write_text("".join(json.dumps(row) + "\n" for row in ROWS) + "\x1b[31mnot json\u202e\n", encoding="utf-8")
    result = run_cli("scan", "--input", str(source), "--db", str(tmp_path / "mw.db"), "--format", fmt, "--explain")
    safe(result, 3)
    assert "line 4: not valid JSON" in result.stderr


def test_score_passes_hostile_objects_through_losslessly_but_escaped(run_cli: Any) -> None:
    lines = "".join(json.dumps(row) + "\n" for row in ROWS)
    result = run_cli("score", input=lines)
    safe(result)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in out] == [row["id"] for row in ROWS]
    # lossless but for lone surrogates, which can be neither printed nor stored: they become U+FFFD
    assert out[0]["text"] == valid_unicode(ROWS[0]["text"])
    assert out[0]["author"] == valid_unicode(ROWS[0]["author"])
    assert "\ufffd lone surrogate" in out[1]["text"]


_counter = itertools.count()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large])
@given(hostile_text(), hostile_text(2), hostile_text(2), hostile_url(), st.sampled_from(["table", "markdown", "csv", "json"]))
def test_any_hostile_line_scans_stores_and_shows_safely(run_cli: Any, tmp_path: Path, text: str, handle: str, title: str, url: str | None, fmt: str) -> None:
    db = tmp_path / f"mw{next(_counter)}.db"
    row = {"id": "h1", "source": "x", "text": text or "x", "title": title, "url": url, "author": {"handle": handle, "name": handle}}
    line = json.dumps(row) + "\n"
    safe(run_cli("scan", "--input", "-", "--db", str(db), "--format", fmt, input=line))
    safe(run_cli("show", "h1", "--db", str(db)))
    safe(run_cli("digest", "--format", "text", "--db", str(db)))


def test_init_writes_a_valid_config_whatever_the_answers(run_cli: Any, isolated_home: Path) -> None:
    result = run_cli("init", "--name", "Joe\x7f's\u202e \x1b[31mBakery\r\n[evil]", "--keyword", "joes\x00bakery", "--signature", "Sam\u2028Bcc: x", "--handle", "@joe\x9b")
    safe(result)
    from mentionwatch.config import load_config

    config = load_config(isolated_home / "config.toml")
    assert config.business.name == "Joe's Bakery [evil]"
    assert config.business.signature == "Sam Bcc: x"
    assert [k.query for k in config.keywords] == ["joesbakery"]


BAD_LINES: dict[str, bytes] = {
    "invalid UTF-8": b'{"text": "caf\xe9 \xff\xfe bakery"}',
    "deeply nested": b'{"text": "x", "extra": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "two megabytes": b'{"text": "' + b"a" * 2_000_000 + b'"}',
    "NUL bytes": b'{"text": "a\x00b"}\x00',
    "an array": b'[{"text": "x"}]',
    "NaN and infinities": b'{"text": "x", "engagement": {"likes": NaN, "replies": Infinity}}',
    "huge number": b'{"text": "x", "created_at": 1e400, "author": {"reach": 1e400}}',
    "escaped surrogates": b'{"text": "\\ud800\\udfff\\ud83d", "id": "\\udc80"}',
    "wrong types": b'{"text": ["x"], "author": 5}',
}


@pytest.mark.parametrize("kind", list(BAD_LINES))
@pytest.mark.parametrize("command", [("score",), ("scan", "--input", "-", "--format", "jsonl")])
def test_a_bad_input_line_is_reported_in_one_line_and_the_rest_goes_on(run_cli: Any, tmp_path: Path, kind: str, command: tuple[str, ...]) -> None:
    good = b'{"id": "ok", "text": "Lovely bread at Joe\'s Bakery"}\n'
    data = good + BAD_LINES[kind] + b"\n" + good.replace(b'"ok"', b'"ok2"')
    result = run_cli(*command, "--db", str(tmp_path / "mw.db"), input=data) if command[0] == "scan" else run_cli(*command, input=data)
    safe(result, 0, 3)
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert {"ok", "ok2"} <= set(ids)
    assert len(result.stderr.splitlines()) <= 2  # at most the bad line and the summary
