"""``scan`` and ``sources`` through the CLI with real sources pointed at a loopback server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import jsonl, write_config
from tests.sources.source_fakes import LoopbackServer, fixture

HN = "/api/v1/search_by_date"
SE = "/2.3/search/excerpts"


def config(url: str) -> str:
    return f"""
[business]
name = "Acme Widgets"

[[keywords]]
query = '"Acme Widgets"'

[sources.hackernews]
base_url = "{url}"

[sources.stackexchange]
base_url = "{url}"

[sources.youtube]
api_key_env = "MW_TEST_YOUTUBE_KEY"
"""


def test_scan_exits_3_when_one_source_fails_and_prints_the_rest(run_cli: Any, isolated_home: Path) -> None:
    routes = {
        HN: (200, fixture("hackernews_page1.json").replace(b'"nbPages": 2', b'"nbPages": 1'), {}),
        SE: (429, b'{"error_id": 502}', {"Retry-After": "0"}),
    }
    with LoopbackServer(routes) as server:
        write_config(isolated_home, config(server.url))
        result = run_cli("scan", "--format", "jsonl", "--since", "2026-11-01")
    assert result.exit_code == 3, result.stderr
    rows = jsonl(result.stdout)
    assert [r["id"] for r in rows] == ["hackernews:47250000"]
    lines = result.stderr.splitlines()
    assert "mentionwatch: stackexchange: rate-limited (429) after 3 tries; skipped" in lines
    assert "mentionwatch: youtube: credential missing: environment variable MW_TEST_YOUTUBE_KEY is not set; skipped" in lines
    assert server.hits[SE] == 3


def test_sources_shows_the_last_runs_health(run_cli: Any, isolated_home: Path) -> None:
    routes = {HN: (200, b'{"hits": [], "nbPages": 0}', {}), SE: (503, b"{}", {"Retry-After": "0"})}
    with LoopbackServer(routes) as server:
        write_config(isolated_home, config(server.url))
        run_cli("scan", "--since", "2026-11-01", env={"MW_TEST_YOUTUBE_KEY": ""})
        listing = run_cli("sources").stdout
    by_name = {line.split()[0]: line for line in listing.splitlines()}
    assert "last run: ok just now" in by_name["hackernews"]
    assert "last run: failed just now: server error (503) after 3 tries" in by_name["stackexchange"]
    assert "last run: skipped" in by_name["youtube"] and "MW_TEST_YOUTUBE_KEY missing" in by_name["youtube"]
    assert "last run" not in by_name["reddit"]  # not configured


def test_a_second_scan_starts_where_the_first_ended(run_cli: Any, isolated_home: Path) -> None:
    routes = {HN: (200, b'{"hits": [], "nbPages": 0}', {}), SE: (200, b'{"items": [], "has_more": false}', {})}
    with LoopbackServer(routes) as server:
        write_config(isolated_home, config(server.url).split("[sources.youtube]")[0])
        assert run_cli("scan").exit_code == 0
        state = (isolated_home / "mentionwatch.sources.json").read_text()
        assert '"hackernews\\t\\"Acme Widgets\\""' in state
        assert run_cli("scan").exit_code == 0
    assert server.hits[HN] == 2
