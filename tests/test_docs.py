"""README, --help and config.example.toml stay true."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mentionwatch.cli import COMMANDS, SHORT_HELP
from mentionwatch.config import load_config
from mentionwatch.exitcodes import ExitStatus

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_example_config_loads() -> None:
    assert load_config(ROOT / "config.example.toml").keywords


def test_every_command_is_documented_in_readme_and_help(run_cli: Any) -> None:
    assert set(SHORT_HELP) == set(COMMANDS)
    top = run_cli("--help").stdout
    for name in COMMANDS:
        assert re.search(rf"mentionwatch {name}\b", README), f"README does not document '{name}'"
        assert name in top
        sub = run_cli(name, "--help")
        assert sub.exit_code == 0, name
        assert "Usage: mentionwatch" in sub.stdout


def test_every_exit_status_is_documented() -> None:
    for status in ExitStatus:
        assert re.search(rf"^\|\s*`{int(status)}`", README, re.M), f"exit status {int(status)} missing from README"


def test_quick_start_is_two_commands_and_ci_runs_them() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", section, re.S)
    lines = [line for block in commands for line in block.strip().splitlines() if line.strip()]
    assert len(lines) == 2
    assert "mentionwatch scan --demo" in lines[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for line in lines:
        assert line in ci, f".ci/run does not run the README command verbatim: {line}"


def test_every_source_is_documented() -> None:
    from mentionwatch.sources.registry import SOURCES

    for name in SOURCES:
        assert f"`{name}`" in README, name
