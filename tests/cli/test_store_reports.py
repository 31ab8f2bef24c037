"""``doctor`` and ``sources`` report on the store without ever creating it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentionwatch.cli import run
from mentionwatch.fetch import FetchOutcome
from mentionwatch.store import Store

CONFIG = '[business]\nname = "Joe\'s Bakery"\n\n[[keywords]]\nquery = "bakery"\n\n[sources.hackernews]\n'


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


def test_doctor_reports_a_missing_store_without_creating_it(capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path) -> None:
    db = tmp_path / "mw.db"
    assert run(["--config", str(config), "--db", str(db), "doctor"]) == 0
    assert "store    ok: " in capsys.readouterr().out
    assert not db.exists()


def test_doctor_counts_a_healthy_store(capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path) -> None:
    db = tmp_path / "mw.db"
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a:1", "text": "a bakery"}) + "\n", encoding="utf-8")
    assert run(["--config", str(config), "--db", str(db), "scan", "--input", str(source)]) == 0
    capsys.readouterr()
    run(["--config", str(config), "--db", str(db), "doctor"])
    assert "(1 mentions, 1 open, schema 4)" in capsys.readouterr().out


def test_doctor_flags_a_store_that_is_not_a_database(capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path) -> None:
    db = tmp_path / "mw.db"
    db.write_text("not a database " * 100)
    assert run(["--config", str(config), "--db", str(db), "doctor"]) == 3
    assert "store    error: " in capsys.readouterr().out


def test_sources_shows_each_sources_last_run(capsys: pytest.CaptureFixture[str], tmp_path: Path, config: Path) -> None:
    db = tmp_path / "mw.db"
    with Store.open(db) as store:
        store.record_scan([], health=FetchOutcome([], [], health={"hackernews": "failed: HTTP 503"}).health)
    assert run(["--config", str(config), "--db", str(db), "sources"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("hackernews"))
    assert "last run: failed: HTTP 503 (0m ago)" in line
