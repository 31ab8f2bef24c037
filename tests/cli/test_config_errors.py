"""Every malformed config, through the CLI: one stderr line naming file, line and key; exit 2; no stdout."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_config
from tests.hostile import assert_terminal_safe

#: (label, config text, line, key or None, a phrase from the reason)
CASES: list[tuple[str, str, int, str | None, str]] = [
    # bad TOML
    ("missing value", '[business]\nname = "x"\nsignature = \n', 3, "business.signature", "invalid TOML"),
    ("unclosed string", '[business]\nname = "x\n', 2, "business.name", "invalid TOML"),
    ("duplicate key", '[business]\nname = "a"\nname = "b"\n', 3, "business.name", "invalid TOML"),
    ("unclosed header", '[[keywords]]\nquery = "x"\n[business\n', 3, None, "invalid TOML"),
    ("raw control character", '[business]\nname = "a\x1bb"\n', 2, "business.name", "invalid TOML"),
    ("nested too deeply", "[priority]\nintent = " + "[" * 5000 + "]" * 5000 + "\n", 2, "priority.intent", "nested too deeply"),
    # wrong types
    ("string for a list", '[business]\nown_handles = "@me"\n', 2, "business.own_handles", "expected an array of strings"),
    ("string for a number", '[priority]\nreach = "high"\n', 2, "priority.reach", "expected a number"),
    ("string for a port", '[digest]\nsmtp = { host = "h", port = "25" }\n', 2, "digest.smtp.port", "expected an integer"),
    ("string for a boolean", '[replies]\nemoji = "yes"\n', 2, "replies.emoji", "expected true or false"),
    ("bad feed URL", '[sources.rss]\nfeeds = ["ftp://e.example/feed"]\n', 2, "sources.rss.feeds", "http(s)"),
    ("keywords not a table array", 'keywords = "bakery"\n', 1, "keywords", "expected an array of tables"),
    ("sources as an array", '[[sources]]\nname = "x"\n', 1, "sources", "expected a table"),
    ("source not a table", '[sources]\nhackernews = 1\n', 2, "sources.hackernews", "expected a table"),
    ("weight out of range", '[priority]\nintent = 11\n', 2, "priority.intent", "between 0 and 10"),
    ("port out of range", '[digest]\nsmtp = { port = 70000 }\n', 2, "digest.smtp.port", "port number"),
    ("bad address", '[digest]\nfrom = "not an address"\n', 2, "digest.from", "not an e-mail address"),
    ("secret in the file", '[sources.x]\nbearer_token_env = "AAAAsecretvalue with spaces"\n', 2, "sources.x.bearer_token_env", "environment variable"),
    # unknown keys
    ("unknown section", "[replys]\ntone = 'warm'\n", 1, "replys", "did you mean 'replies'"),
    ("unknown business key", '[business]\nname = "x"\nsignatur = "Sam"\n', 3, "business.signatur", "did you mean 'signature'"),
    ("unknown source", '[business]\nname = "x"\n\n[sources.hackernws]\n', 4, "sources.hackernws", "did you mean 'hackernews'"),
    ("unknown source key", '[sources.mastodon]\ninstance = "https://m.example"\nhashtag = ["x"]\n', 3, "sources.mastodon.hashtag", "did you mean 'hashtags'"),
    ("unknown inline key", '[digest]\nsmtp = { hots = "h" }\n', 2, "digest.smtp.hots", "did you mean 'host'"),
    ("unknown keyword key", '[[keywords]]\nqeury = "x"\n', 2, "keywords[1].qeury", "did you mean 'query'"),
    # bad queries
    ("unclosed group", '[[keywords]]\nquery = "ok"\n\n[[keywords]]\nquery = "(broken"\n', 5, "keywords[2].query", "unclosed '('"),
    ("empty query", '[[keywords]]\nquery = ""\n', 2, "keywords[1].query", "empty query"),
    ("only exclusions", '[[keywords]]\nquery = "-recipe"\n', 2, "keywords[1].query", "must appear"),
    ("unclosed quote", "[[keywords]]\nquery = '\"Joe'\n", 2, "keywords[1].query", "unclosed quote"),
    ("groups nested too deeply", '[[keywords]]\nquery = "' + "(" * 3000 + "a" + ")" * 3000 + '"\n', 2, "keywords[1].query", "nested more than"),
    ("missing query", "[[keywords]]\n", 1, "keywords[1].query", "missing required key"),
]


def one_line(result: Any) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert_terminal_safe(lines[0])
    return str(lines[0])


@pytest.mark.parametrize(("label", "text", "line", "key", "reason"), CASES, ids=[c[0] for c in CASES])
def test_malformed_config_gets_one_line_with_file_line_and_key(run_cli: Any, isolated_home: Path, label: str, text: str, line: int, key: str | None, reason: str) -> None:
    path = write_config(isolated_home, text)
    result = run_cli("scan")
    assert result.exit_code == 2
    assert result.stdout == ""
    message = one_line(result)
    assert message.startswith(f"mentionwatch: config error: {path}:{line}: "), message
    if key is not None:
        assert f": {key}: " in message, message
    assert reason in message
    assert len(message) <= 500


@pytest.mark.parametrize("command", [("scan",), ("doctor",), ("sources",), ("score", "some text"), ("scan", "--input", "-")])
def test_every_command_that_reads_the_config_refuses_a_bad_one(run_cli: Any, isolated_home: Path, command: tuple[str, ...]) -> None:
    path = write_config(isolated_home, '[business]\nname = "x"\nsignatur = "Sam"\n')
    result = run_cli(*command, input="")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert one_line(result).startswith(f"mentionwatch: config error: {path}:3: business.signatur: ")


def test_missing_config_file_named_explicitly(run_cli: Any, tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    for args in (("--config", str(missing), "scan"), ("scan", "--config", str(missing))):
        result = run_cli(*args)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert one_line(result) == f"mentionwatch: config error: {missing}: file not found"


def test_config_named_by_environment_that_is_a_directory(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli("scan", env={"MENTIONWATCH_CONFIG": str(tmp_path)})
    assert result.exit_code == 2
    assert result.stdout == ""
    assert one_line(result) == f"mentionwatch: config error: {tmp_path}: is a directory, not a config file"


def test_unreadable_config_file(run_cli: Any, isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config(isolated_home, "[business]\n")
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    if os.geteuid() != 0:  # a real unreadable file where permissions are enforced
        path.chmod(0)
    else:
        monkeypatch.setattr(Path, "read_bytes", refuse)
    result = run_cli("scan")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert one_line(result) == f"mentionwatch: config error: {path}: permission denied"


def test_binary_garbage_names_the_first_bad_line(run_cli: Any, isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    path = isolated_home / "config.toml"
    path.write_bytes(b'[business]\nname = "x"\n\x89PNG\r\n\x1a\n\x00\x00\xff\xfe')
    result = run_cli("scan")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert one_line(result) == f"mentionwatch: config error: {path}:3: not valid UTF-8"


@pytest.mark.parametrize(
    "key",
    ['"\\u001b[31mred\\u001b[0m"', '"two\\nlines"', '"\\u202eevil"', '"a\\rb"', '"\\u0007bell"'],
)
def test_hostile_key_names_cannot_reach_the_terminal(run_cli: Any, isolated_home: Path, key: str) -> None:
    path = write_config(isolated_home, f"[business]\n{key} = 1\n")
    result = run_cli("scan")
    assert result.exit_code == 2
    assert result.stdout == ""
    message = one_line(result)
    assert message.startswith(f"mentionwatch: config error: {path}:2: business.")
    assert "unknown key" in message


def test_hostile_source_name_cannot_reach_the_terminal(run_cli: Any, isolated_home: Path) -> None:
    path = write_config(isolated_home, '[sources."x\\u001b[2J\\nInjected: line"]\n')
    result = run_cli("scan")
    assert result.exit_code == 2
    assert one_line(result).startswith(f"mentionwatch: config error: {path}:1: sources.x Injected: line: unknown source")


def test_secret_value_put_in_the_file_is_never_echoed(run_cli: Any, isolated_home: Path) -> None:
    write_config(isolated_home, '[sources.github]\ntoken_env = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"\n')
    result = run_cli("scan")
    assert result.exit_code == 2
    assert "ghp_abcdefghijklmnopqrstuvwxyz0123456789" not in result.stderr + result.stdout
