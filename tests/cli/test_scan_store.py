"""``mentionwatch scan`` with the store: remembers, honours triage, --new, cursors, the demo store, the run lock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mentionwatch import pipeline
from mentionwatch.cli import run
from mentionwatch.fetch import FetchOutcome
from mentionwatch.models import Author, Mention, utcnow
from mentionwatch.store import Store

CONFIG = """
[business]
name = "Joe's Bakery"

[[keywords]]
query = "\\"Joe's Bakery\\""

[sources.hackernews]
"""


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def jsonl_ids(out: str) -> list[str]:
    return [json.loads(line)["id"] for line in out.splitlines()]


def test_demo_scan_uses_its_own_store_in_the_data_home(capsys: pytest.CaptureFixture[str], isolated_home: Path) -> None:
    code, out, _ = cli(capsys, "scan", "--demo", "--format", "jsonl")
    assert code == 0 and len(jsonl_ids(out)) > 40
    assert (isolated_home / "demo.db").exists()
    assert not (isolated_home / "mentionwatch.db").exists()
    with Store.open(isolated_home / "demo.db") as store:
        assert store.counts()["total"] == len(jsonl_ids(out))


def test_demo_scan_new_shows_nothing_the_second_time(capsys: pytest.CaptureFixture[str]) -> None:
    first = cli(capsys, "scan", "--demo", "--new", "--format", "jsonl")
    second = cli(capsys, "scan", "--demo", "--new", "--format", "jsonl")
    assert first[0] == 0 and all(json.loads(line)["status"] == "new" for line in first[1].splitlines())
    assert second[0] == 0 and second[1] == ""
    assert "reported before" in second[2]
    again = cli(capsys, "scan", "--demo", "--format", "jsonl")
    assert {json.loads(line)["status"] for line in again[1].splitlines()} == {"seen"}


def test_demo_scan_works_when_the_data_home_cannot_be_created(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("MENTIONWATCH_HOME", str(blocker / "home"))
    code, out, _ = cli(capsys, "scan", "--demo", "--format", "jsonl", "--limit", "3")
    assert code == 0 and len(jsonl_ids(out)) == 3


def test_limit_shows_some_and_the_rest_stay_new(capsys: pytest.CaptureFixture[str]) -> None:
    first = jsonl_ids(cli(capsys, "scan", "--demo", "--new", "--limit", "5", "--format", "jsonl")[1])
    rest = jsonl_ids(cli(capsys, "scan", "--demo", "--new", "--format", "jsonl")[1])
    assert len(first) == 5 and not set(first) & set(rest)
    assert len(rest) > 30


def test_a_done_mention_is_not_shown_by_the_next_demo_scan(capsys: pytest.CaptureFixture[str]) -> None:
    cli(capsys, "scan", "--demo", "--format", "jsonl")
    assert cli(capsys, "done", "--demo", "demo:x:2")[0] == 0
    code, out, err = cli(capsys, "scan", "--demo", "--format", "jsonl")
    assert code == 0 and "demo:x:2" not in jsonl_ids(out)
    assert "1 done, ignored or snoozed hidden" in err


def test_input_scan_stores_in_the_db_given(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a:1", "text": "Joe's Bakery is great"}) + "\n", encoding="utf-8")
    db = tmp_path / "custom.db"
    assert cli(capsys, "--db", str(db), "scan", "--input", str(source))[0] == 0
    with Store.open(db) as store:
        item = store.get("a:1")
        assert item is not None and item.mention.status == "seen"


@pytest.fixture
def configured(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def _fake_fetch(calls: list[dict[tuple[str, str], str] | None]) -> Any:
    query = "\"Joe's Bakery\""

    def fetch(config: Any, options: Any, *, cursors: Any = None, **kwargs: Any) -> tuple[FetchOutcome, list[Any]]:
        calls.append(dict(cursors) if cursors is not None else None)
        number = len(calls)
        mention = Mention(
            id=f"hackernews:{number}",
            source="hackernews",
            text=f"Joe's Bakery thread number {number}",
            url=f"https://news.ycombinator.com/item?id={number}",
            author=Author(handle=f"user{number}"),
            created_at=utcnow(),
        )
        return FetchOutcome([mention], [], cursors={("hackernews", query): f"cursor-{number}"}, health={"hackernews": "ok"}), []

    return fetch


def test_cursors_move_on_only_after_the_mentions_are_stored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, configured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentionwatch.sources.state import load_state, state_path
    from mentionwatch.store import StoreError

    calls: list[dict[tuple[str, str], str] | None] = []
    monkeypatch.setattr(pipeline, "fetch_configured", _fake_fetch(calls))
    db = tmp_path / "mw.db"
    base = ("--config", str(configured), "--db", str(db), "scan", "--format", "jsonl")

    def broken(self: Store, mentions: Any, **kwargs: Any) -> Any:
        raise StoreError(f"{db}: disk I/O error")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "record_scan", broken)
        code, out, err = cli(capsys, *base)
    assert code == 2 and out == "" and "disk I/O error" in err
    assert load_state(state_path(db)).cursors == {}  # nothing stored, so the next scan fetches it again

    assert jsonl_ids(cli(capsys, *base)[1]) == ["hackernews:2"]
    assert jsonl_ids(cli(capsys, *base, "--new")[1]) == ["hackernews:3"]
    assert calls[1] == {} and calls[2] == {("hackernews", "\"Joe's Bakery\""): "cursor-2"}
    with Store.open(db) as store:
        assert {i.mention.id for i in store.inbox()} == {"hackernews:2", "hackernews:3"}


def test_a_configured_scan_waits_for_a_running_one_then_gives_up_with_exit_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, configured: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("must not fetch while another scan holds the lock")

    monkeypatch.setattr(pipeline, "fetch_configured", never)
    db = tmp_path / "mw.db"
    with Store.open(db) as store, store.run_lock("scan"):
        code, out, err = cli(capsys, "--config", str(configured), "--db", str(db), "scan", "--wait", "0.2")
    assert code == 1 and out == ""
    assert "another 'mentionwatch scan' is running" in err


def test_quiet_scan_stores_prints_nothing_and_leaves_mentions_new(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "scan", "--demo", "--quiet") == (0, "", "")
    code, out, _ = cli(capsys, "scan", "--demo", "--new", "--format", "jsonl")
    assert code == 0 and len(jsonl_ids(out)) > 40
