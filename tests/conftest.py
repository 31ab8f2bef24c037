"""Test isolation: every test gets its own mentionwatch home and a clean environment."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

#: loopback SMTP servers for the digest tests
pytest_plugins = ["tests.smtp_servers"]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the app's config and data home at a temp dir; drop env that changes behaviour."""
    home = tmp_path / "mwhome"
    monkeypatch.setenv("MENTIONWATCH_HOME", str(home))
    for var in ("MENTIONWATCH_CONFIG", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(var, raising=False)
    yield home


@pytest.fixture
def run_cli() -> Any:
    """Invoke the CLI in-process; returns Click's Result (stdout and stderr kept apart)."""

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(_Runner(), list(args), input=input, env=env, catch_exceptions=False)  # type: ignore[arg-type]

    return invoke


class _Runner:
    """Adapts :func:`mentionwatch.cli.run` (our exit-status wrapper) to CliRunner's interface."""

    name = "mentionwatch"

    def main(self, args: list[str], prog_name: str | None = None, **extra: Any) -> None:
        from mentionwatch.cli import run

        raise SystemExit(run(args))


@pytest.fixture
def mention_schema() -> dict[str, Any]:
    """The shipped JSON Schema of the mention object."""
    from mentionwatch.models import json_schema

    return json_schema()


def validate_all(objs: list[dict[str, Any]], schema: dict[str, Any]) -> None:
    """Validate every object against the schema (raises on the first failure)."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    for obj in objs:
        validator.validate(obj)


def write_config(home: Path, text: str) -> Path:
    """Write ``config.toml`` into the test's home and return its path."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def jsonl(text: str) -> list[dict[str, Any]]:
    """Parse JSON lines output."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]

