"""``mentionwatch scan`` through the CLI: demo, input, formats, options, errors."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import jsonl, validate_all, write_config


def test_scan_demo_prints_a_table_most_urgent_first(run_cli: Any) -> None:
    result = run_cli("scan", "--demo")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "RESPOND NOW" in out
    assert "reply ▸" in out
    assert out.index("RESPOND NOW") < out.index("FYI")
    assert "mentions" in result.stderr  # the summary goes to stderr


def test_scan_demo_table_fits_80_columns_without_colour(run_cli: Any) -> None:
    result = run_cli("scan", "--demo")
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    assert "\x1b[" not in result.stdout


def test_scan_demo_json_validates_and_is_sorted(run_cli: Any, mention_schema: dict[str, Any]) -> None:
    result = run_cli("scan", "--demo", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) >= 40
    validate_all(rows, mention_schema)
    scores = [r["priority"]["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert {r["intent"] for r in rows} >= {"complaint", "question", "praise"}
    assert all(r["matched"] or r["title"] for r in rows)


def test_scan_demo_drops_own_posts_and_excluded_words(run_cli: Any) -> None:
    rows = json.loads(run_cli("scan", "--demo", "--json").stdout)
    assert all((r["author"]["handle"] or "").lstrip("@") != "juniperandrye" for r in rows)
    assert not any("recipe" in r["text"].lower() and "sourdough portland" in r["text"].lower() for r in rows)


def test_scan_jsonl_is_one_valid_object_per_line(run_cli: Any, mention_schema: dict[str, Any]) -> None:
    result = run_cli("scan", "--demo", "--format", "jsonl", "--limit", "5")
    rows = jsonl(result.stdout)
    assert len(rows) == 5
    validate_all(rows, mention_schema)


def test_scan_csv_has_a_header_and_a_row_per_mention(run_cli: Any) -> None:
    result = run_cli("scan", "--demo", "--format", "csv", "--limit", "3")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3
    assert rows[0]["level"] in ("respond_now", "worth_a_look", "fyi")
    assert rows[0]["reply"]


def test_scan_markdown_has_a_section_per_mention(run_cli: Any) -> None:
    result = run_cli("scan", "--demo", "--format", "markdown", "--limit", "2")
    assert result.stdout.startswith("# Mentions")
    assert result.stdout.count("\n## ") == 2
    assert "**Draft reply:**" in result.stdout


def test_scan_explain_says_why(run_cli: Any) -> None:
    result = run_cli("scan", "--demo", "--explain", "--limit", "1")
    assert "why: complaint" in result.stdout


def test_scan_min_priority_and_limit_filter(run_cli: Any) -> None:
    rows = json.loads(run_cli("scan", "--demo", "--json", "--min-priority", "respond_now").stdout)
    assert rows and all(r["priority"]["level"] == "respond_now" for r in rows)
    rows = json.loads(run_cli("scan", "--demo", "--json", "--min-priority", "50", "--limit", "2").stdout)
    assert len(rows) <= 2 and all(r["priority"]["score"] >= 50 for r in rows)


def test_scan_since_drops_older_mentions(run_cli: Any) -> None:
    all_rows = json.loads(run_cli("scan", "--demo", "--json").stdout)
    recent = json.loads(run_cli("scan", "--demo", "--json", "--since", "2h").stdout)
    assert 0 < len(recent) < len(all_rows)


def test_scan_keyword_option_narrows_to_one_query(run_cli: Any) -> None:
    rows = json.loads(run_cli("scan", "--demo", "--json", "--keyword", "sourdough portland -recipe").stdout)
    assert rows and all(r["keywords"] == ["sourdough portland -recipe"] for r in rows)


def test_scan_bad_option_values_exit_2_with_one_line(run_cli: Any) -> None:
    for args in (("--since", "soon"), ("--min-priority", "urgent"), ("--keyword", "(oops")):
        result = run_cli("scan", "--demo", *args)
        assert result.exit_code == 2, args
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stdout == ""


def test_scan_without_config_says_how_to_start(run_cli: Any) -> None:
    result = run_cli("scan")
    assert result.exit_code == 2
    assert "mentionwatch init" in result.stderr
    assert "--demo" in result.stderr
    assert result.stdout == ""


def test_scan_with_broken_config_exits_2_and_names_the_line(run_cli: Any, isolated_home: Path) -> None:
    write_config(isolated_home, '[business]\nname = "x"\n\n[sources.hackernws]\n')
    result = run_cli("scan")
    assert result.exit_code == 2
    assert "config.toml:4" in result.stderr
    assert "did you mean 'hackernews'" in result.stderr


def test_scan_input_reads_json_lines_and_reports_bad_lines(run_cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"id": "a", "text": "My order from Joe\'s Bakery still hasn\'t arrived"}\n'
        "not json\n"
        "\n"
        '{"id": "b"}\n'
        '{"id": "c", "text": "Lovely bread at Joe\'s Bakery", "source": "x"}\n',
        encoding="utf-8",
    )
    result = run_cli("scan", "--input", str(path), "--json")
    assert result.exit_code == 3
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["a", "c"]
    assert rows[1]["reply"]["limit"] == 280
    assert "line 2: not valid JSON" in result.stderr
    assert "line 4: missing or non-string 'text'" in result.stderr


def test_scan_input_from_stdin(run_cli: Any) -> None:
    result = run_cli("scan", "--input", "-", "--format", "jsonl", input='{"text": "where can I buy good rye bread?"}\n')
    assert result.exit_code == 0
    (row,) = jsonl(result.stdout)
    assert row["source"] == "jsonl"
    assert row["id"].startswith("jsonl:")


def test_scan_missing_input_file_exits_2(run_cli: Any, tmp_path: Path) -> None:
    result = run_cli("scan", "--input", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 2
    assert "nope.jsonl" in result.stderr


def test_scan_with_no_sources_configured_exits_2(run_cli: Any, isolated_home: Path) -> None:
    write_config(isolated_home, '[[keywords]]\nquery = "x"\n')
    result = run_cli("scan")
    assert result.exit_code == 2
    assert "no sources configured" in result.stderr


@pytest.mark.parametrize("spill_after", [2000, 3], ids=["in memory", "spooled to disk"])
def test_scan_input_ranks_many_mentions_the_same_whether_spooled_or_not(run_cli: Any, monkeypatch: pytest.MonkeyPatch, spill_after: int) -> None:
    import mentionwatch.pipeline

    monkeypatch.setattr(mentionwatch.pipeline, "SPILL_AFTER", spill_after)
    texts = [
        "My order still hasn't arrived, three weeks now. Never again.",
        "Lovely sourdough, thank you!",
        "Does anyone know if they open on Sundays?",
        "Walked past the bakery today.",
        "Can anyone recommend a bakery near the station?",
        "Worst cake I've had, and no reply to my email.",
    ]
    lines = "".join(json.dumps({"id": f"m{i}", "text": t, "created_at": f"2026-11-2{i % 3}T10:00:00Z"}) + "\n" for i, t in enumerate(texts))
    result = run_cli("scan", "--input", "-", "--format", "jsonl", input=lines)
    assert result.exit_code == 0
    rows = jsonl(result.stdout)
    assert sorted(r["id"] for r in rows) == [f"m{i}" for i in range(len(texts))]
    keys = [(-r["priority"]["score"], -datetime.fromisoformat(r["created_at"].replace("Z", "+00:00")).timestamp(), r["id"]) for r in rows]
    assert keys == sorted(keys)
    assert all(r["reply"]["text"] for r in rows)
    assert "6 mentions" in result.stderr

    limited = run_cli("scan", "--input", "-", "--format", "jsonl", "--limit", "4", input=lines)
    assert [r["id"] for r in jsonl(limited.stdout)] == [r["id"] for r in rows[:4]]
