"""``mentionwatch init`` writes a valid starter config and never clobbers one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mentionwatch.config import load_config


def test_init_with_flags_writes_a_config_that_loads(run_cli: Any, isolated_home: Path) -> None:
    result = run_cli("init", "--name", "Joe's Bakery", "--keyword", '"Joe\'s Bakery" OR joesbakery', "--signature", "Sam", "--contact", "hi@joe.example", "--handle", "@joesbakery")
    assert result.exit_code == 0, result.stderr
    config = load_config(isolated_home / "config.toml")
    assert config.business.signature == "Sam"
    assert config.business.own_handles == ("@joesbakery",)
    assert config.keywords[0].parsed.matches("love Joe’s Bakery")
    assert "hackernews" in config.sources


def test_init_defaults_the_keyword_to_the_name(run_cli: Any, isolated_home: Path) -> None:
    assert run_cli("init", "--name", "Juniper & Rye").exit_code == 0
    config = load_config(isolated_home / "config.toml")
    assert config.keywords[0].parsed.matches("brunch at Juniper & Rye")


def test_init_refuses_to_overwrite_without_force(run_cli: Any, isolated_home: Path) -> None:
    assert run_cli("init", "--name", "A").exit_code == 0
    again = run_cli("init", "--name", "B")
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert load_config(isolated_home / "config.toml").business.name == "A"
    assert run_cli("init", "--name", "B", "--force").exit_code == 0


def test_init_rejects_a_bad_keyword(run_cli: Any, isolated_home: Path) -> None:
    result = run_cli("init", "--name", "A", "--keyword", '"oops')
    assert result.exit_code == 2
    assert not (isolated_home / "config.toml").exists()


def test_init_needs_a_name_when_not_interactive(run_cli: Any) -> None:
    result = run_cli("init")
    assert result.exit_code == 2
    assert "--name" in result.stderr
