"""Every output format has a renderer; untrusted text comes out harmless in each."""

from __future__ import annotations

import csv
import io
import json

import pytest

from mentionwatch.analysis import Analyser
from mentionwatch.models import Author, Match, Mention
from mentionwatch.render import RENDERERS, OutputFormat, get_renderer
from mentionwatch.render.csvout import safe_cell
from mentionwatch.render.markdown import md_escape, md_link

HOSTILE = Mention(
    id="x:1",
    source="x",
    url="javascript:alert(1)",
    author=Author(handle="evil\x1b[31m", name="=HYPERLINK(\"http://x\")\u202e"),
    title="[bold red]title[/]",
    text="\x1b]8;;http://evil\x07click\x1b]8;;\x07 [link=http://evil]x[/link] <script>alert(1)</script> Joe's",
    matched=(Match("Joe's", (98, 103)),),
)


def render(fmt: OutputFormat, mentions: list[Mention], **kwargs: object) -> str:
    stream = io.StringIO()
    get_renderer(fmt)(mentions, stream, **kwargs)  # type: ignore[arg-type]
    return stream.getvalue()


def test_every_format_has_a_renderer() -> None:
    assert set(RENDERERS) == set(OutputFormat)
    for fmt in OutputFormat:
        assert callable(get_renderer(fmt))


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_format_handles_no_mentions(fmt: OutputFormat) -> None:
    out = render(fmt, [])
    if fmt is OutputFormat.JSON:
        assert json.loads(out) == []
    elif fmt is OutputFormat.JSONL:
        assert out == ""
    else:
        assert out


@pytest.mark.parametrize("fmt", [OutputFormat.TABLE, OutputFormat.MARKDOWN, OutputFormat.CSV])
def test_terminal_formats_carry_no_escape_or_bidi_characters(fmt: OutputFormat) -> None:
    scored = Analyser().analyse(HOSTILE)
    out = render(fmt, [scored], color=False, width=80)
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\u202e" not in out


def test_table_shows_rich_markup_literally() -> None:
    out = render(OutputFormat.TABLE, [Analyser().analyse(HOSTILE)], width=120)
    assert "[bold red]title[/]" in out
    assert "[link=http://evil]" in out


def test_table_colour_only_when_asked() -> None:
    scored = Analyser().analyse(HOSTILE)
    assert "\x1b[" not in render(OutputFormat.TABLE, [scored], color=False)
    coloured = render(OutputFormat.TABLE, [scored], color=True)
    assert "\x1b[" in coloured
    # our own styling only: the hostile OSC-8 hyperlink sequence never survives
    assert "\x1b]8;;http://evil" not in coloured


def test_csv_cells_cannot_start_formulas() -> None:
    for payload in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(payload).startswith("'")
    out = render(OutputFormat.CSV, [Analyser().analyse(HOSTILE)])
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["author_name"].startswith("'=")


def test_markdown_escapes_markup_and_html() -> None:
    assert md_escape("<script>") == "&lt;script&gt;"
    assert md_escape("[x](http://e)") == "\\[x\\]\\(http://e)"
    out = render(OutputFormat.MARKDOWN, [Analyser().analyse(HOSTILE)])
    assert "<script>" not in out
    assert "javascript:" not in out


def test_markdown_links_only_http() -> None:
    assert md_link("open", "javascript:alert(1)") == "open"
    assert md_link("open", "https://example.org/a(b)") == "[open](https://example.org/a%28b%29)"
