"""Triage from the command line: inbox, show, done, ignore, reopen, snooze, mute; states survive restarts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mentionwatch.cli import run
from mentionwatch.models import utcnow
from mentionwatch.store import Store

SRC = Path(__file__).resolve().parents[2] / "src"

MENTIONS = [
    {"id": "hackernews:41234567", "source": "hackernews", "text": "Joe's Bakery charged me twice and support never answered. Want a refund!", "author": {"handle": "jdoe", "name": "Jane Doe"}},
    {"id": "x:100", "source": "x", "text": "Does Joe's Bakery have gluten free bread?", "author": {"handle": "@gf_fan"}},
    {"id": "x:101", "source": "x", "text": "Buy cheap followers now!!! Joe's Bakery fans click here", "author": {"handle": "@spambot"}},
    {"id": "reddit:7", "source": "reddit", "text": "Joe's Bakery sourdough is fine I guess", "author": {"handle": "spambot"}},
]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "mw.db"
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(m) + "\n" for m in MENTIONS), encoding="utf-8")
    code, _, err = cli(capsys, "--db", str(path), "scan", "--input", str(source), "--format", "jsonl")
    assert code == 0, err
    return path


def inbox_ids(capsys: pytest.CaptureFixture[str], db: Path, *extra: str) -> list[str]:
    code, out, err = cli(capsys, "--db", str(db), "inbox", "--format", "jsonl", *extra)
    assert code == 0, err
    return [json.loads(line)["id"] for line in out.splitlines()]


def status_of(db: Path, mention_id: str) -> str:
    with Store.open(db) as store:
        item = store.get(mention_id)
        assert item is not None
        return item.mention.status


def test_inbox_lists_open_mentions_most_urgent_first(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    ids = inbox_ids(capsys, db)
    assert set(ids) == {m["id"] for m in MENTIONS}
    assert ids[0] == "hackernews:41234567"
    _code, out, err = cli(capsys, "--db", str(db), "inbox")
    assert "hackernews:41234567" in out  # the table shows ids to triage by
    assert "4 shown · 0 new · 0 snoozed" in err  # the scan that stored them reported them


def test_inbox_filters_by_level_status_and_source(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert inbox_ids(capsys, db, "--source", "reddit") == ["reddit:7"]
    levels = {json.loads(line)["priority"]["level"] for line in cli(capsys, "--db", str(db), "inbox", "--format", "jsonl", "--level", "fyi")[1].splitlines()}
    assert levels <= {"fyi"}
    assert inbox_ids(capsys, db, "--status", "done") == []


def test_show_prints_everything_with_reasons_and_every_reply_variant(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = cli(capsys, "--db", str(db), "show", "hackernews:4123")
    assert code == 0
    assert "ID:" in out and "hackernews:41234567" in out
    assert "Why:" in out and "complaint" in out
    assert "Draft reply" in out and "Alternative 1" in out and "Alternative 2" in out
    assert "First seen:" in out and "not yet in a digest" in out
    assert status_of(db, "hackernews:41234567") == "seen"


def test_show_json_adds_what_the_store_knows(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = cli(capsys, "--db", str(db), "show", "x:100", "--json")
    data = json.loads(out)
    assert code == 0 and data["id"] == "x:100" and data["schema_version"] == 1
    assert data["stored"]["muted"] is False and data["stored"]["digested_at"] is None
    assert len(data["reply"]["alternatives"]) >= 1


def test_done_and_ignore_take_prefixes_and_never_come_back(capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path) -> None:
    code, out, _ = cli(capsys, "--db", str(db), "done", "hackernews:4")
    assert code == 0 and out.startswith("done: hackernews:41234567")
    assert cli(capsys, "--db", str(db), "ignore", "x:100")[0] == 0
    assert set(inbox_ids(capsys, db)) == {"x:101", "reddit:7"}
    # the same posts scanned again stay handled
    again = tmp_path / "in.jsonl"
    code, out, _ = cli(capsys, "--db", str(db), "scan", "--input", str(again), "--format", "jsonl")
    assert code == 0
    assert {json.loads(line)["id"] for line in out.splitlines()} == {"x:101", "reddit:7"}
    assert inbox_ids(capsys, db, "--status", "done") == ["hackernews:41234567"]


def test_an_unknown_or_ambiguous_id_exits_2_and_changes_nothing(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, _, err = cli(capsys, "--db", str(db), "done", "x:100", "nope:1")
    assert code == 2 and "no stored mention has the id 'nope:1'" in err
    assert status_of(db, "x:100") == "seen"  # reported by the scan that stored it, and not done
    code, _, err = cli(capsys, "--db", str(db), "done", "x:10")
    assert code == 2 and "matches several mentions" in err and "x:100" in err


def test_reopen_undoes_done(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    cli(capsys, "--db", str(db), "done", "x:100")
    assert cli(capsys, "--db", str(db), "reopen", "x:100")[0] == 0
    assert status_of(db, "x:100") == "seen"


def test_snooze_hides_until_the_time_is_up(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = cli(capsys, "--db", str(db), "snooze", "x:100", "--for", "2d")
    assert code == 0 and out.startswith("snoozed until ")
    assert "x:100" not in inbox_ids(capsys, db)
    with Store.open(db) as store:
        item = store.get("x:100")
        assert item is not None and item.snoozed_until is not None
        assert timedelta(days=2) - timedelta(minutes=5) < item.snoozed_until - utcnow() <= timedelta(days=2)
        # time passes
        store.snooze(["x:100"], utcnow() - timedelta(seconds=1))
    assert "x:100" in inbox_ids(capsys, db)
    assert status_of(db, "x:100") == "new"


def test_snooze_needs_a_readable_duration(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, _, err = cli(capsys, "--db", str(db), "snooze", "x:100", "--for", "soon")
    assert code == 2 and "--for" in err


def test_mute_defaults_to_the_sources_the_author_was_seen_on(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, out, _ = cli(capsys, "--db", str(db), "mute", "@SpamBot")
    assert code == 0
    assert "muted spambot on reddit (1 stored mention hidden)" in out
    assert "muted spambot on x (1 stored mention hidden)" in out
    assert set(inbox_ids(capsys, db)) == {"hackernews:41234567", "x:100"}
    assert "spambot  on x" in cli(capsys, "--db", str(db), "mute", "--list")[1]


def test_mute_on_one_source_leaves_the_others(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    assert cli(capsys, "--db", str(db), "mute", "spambot", "--source", "x")[0] == 0
    assert "reddit:7" in inbox_ids(capsys, db) and "x:101" not in inbox_ids(capsys, db)
    assert "x:101" in inbox_ids(capsys, db, "--muted")
    code, out, _ = cli(capsys, "--db", str(db), "unmute", "spambot")
    assert code == 0 and "1 stored mention shown again" in out
    assert "x:101" in inbox_ids(capsys, db)


def test_mute_of_an_unknown_author_needs_a_source(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, _, err = cli(capsys, "--db", str(db), "mute", "stranger")
    assert code == 2 and "--source" in err
    code, out, _ = cli(capsys, "--db", str(db), "mute", "stranger", "--source", "all")
    assert code == 0 and "on every source" in out


def _cli_process(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "mentionwatch", "--db", str(db), *args], env=env, capture_output=True, text=True, timeout=60)


def test_triage_states_survive_restarts(db: Path) -> None:
    for args in (("done", "hackernews:41234567"), ("ignore", "x:100"), ("snooze", "x:101", "--for", "1w"), ("mute", "spambot", "--source", "reddit")):
        result = _cli_process(db, *args)
        assert result.returncode == 0, result.stderr
    listed = _cli_process(db, "inbox", "--status", "all", "--muted", "--format", "jsonl")
    statuses = {json.loads(line)["id"]: json.loads(line)["status"] for line in listed.stdout.splitlines()}
    assert statuses == {"hackernews:41234567": "done", "x:100": "ignored", "x:101": "snoozed", "reddit:7": "seen"}
    assert _cli_process(db, "inbox", "--format", "jsonl").stdout == ""


def test_a_store_that_is_not_a_database_is_refused_with_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"definitely not sqlite " * 100)
    code, out, err = cli(capsys, "--db", str(bogus), "inbox")
    assert code == 2 and out == ""
    assert err.startswith("mentionwatch: store: ") and str(bogus) in err and len(err.strip().splitlines()) == 1
    assert bogus.read_bytes() == b"definitely not sqlite " * 100


def test_a_busy_store_exits_1_after_the_busy_timeout(capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        original = Store.open.__func__  # type: ignore[attr-defined]

        def quick(cls: Any, path: Any, **kwargs: Any) -> Store:
            kwargs["busy_timeout"] = 0.2
            return original(cls, path, **kwargs)  # type: ignore[no-any-return]

        monkeypatch.setattr(Store, "open", classmethod(quick))
        code, _, err = cli(capsys, "--db", str(db), "done", "x:100")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1 and "busy" in err
    assert status_of(db, "x:100") == "seen"
