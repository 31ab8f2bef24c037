"""Every renderer, fed mentions written by attackers: no crash, nothing but visible text comes out.

Terminal formats (table, markdown, csv, json, jsonl) never carry an escape sequence, another control
character (newline aside), a bidi override or a lone surrogate; Markdown has no raw HTML and no link
but the mention's own http(s) URL; CSV cells never start a formula; JSON stays lossless.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.cells import cell_len

from mentionwatch.analysis import Analyser
from mentionwatch.models import Author, Match, Mention, Reply
from mentionwatch.render import OutputFormat, get_renderer
from mentionwatch.render.csvout import COLUMNS, safe_cell
from mentionwatch.render.jsonout import json_text
from mentionwatch.render.markdown import md_escape, md_link
from mentionwatch.text import safe_url, valid_unicode
from tests.hostile import ATTACKS, MENTION_EXAMPLES, assert_terminal_safe, hostile_mentions, hostile_text

PROPERTY = settings(max_examples=MENTION_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_SGR = re.compile(r"\x1b\[[0-9;]*m")
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def render(fmt: OutputFormat, mentions: list[Any], **kwargs: Any) -> str:
    stream = io.StringIO()
    get_renderer(fmt)(mentions, stream, **kwargs)
    return stream.getvalue()


def everything_at_once() -> Mention:
    """One mention carrying every attack fragment in every free-text field."""
    attack = " ".join(ATTACKS)
    return Analyser().analyse(
        Mention(
            id=attack,
            source=attack,
            text=attack + " Joe's Bakery",
            url="javascript:alert(1)",
            author=Author(handle=attack, name=attack, url="javascript:alert(1)", reach=1200, reach_kind=attack),
            title=attack,
            keywords=(attack,),
            matched=(Match(attack, (0, 10**6)),),
        )
    )


# ------------------------------------------------------------------ the kitchen sink, once per format


@pytest.mark.parametrize("fmt", list(OutputFormat))
def test_every_attack_at_once_comes_out_as_harmless_text(fmt: OutputFormat) -> None:
    out = render(fmt, [everything_at_once()], width=80)
    assert_terminal_safe(out)
    assert "\x1b" not in out and "\x9b" not in out


def test_table_prints_markup_and_escapes_literally() -> None:
    mention = Mention(id="1", source="x", text="[bold red]hi[/] [link=http://evil.example]x[/link] :smile:", title="[blink]t[/blink]")
    out = render(OutputFormat.TABLE, [mention], width=120)
    assert "[bold red]hi[/]" in out
    assert "[link=http://evil.example]x[/link]" in out
    assert ":smile:" in out and "😄" not in out
    assert "[blink]t[/blink]" in out


def test_table_in_colour_has_only_our_own_colour_codes() -> None:
    out = render(OutputFormat.TABLE, [everything_at_once()], width=80, color=True)
    assert _SGR.search(out), "colour was asked for"
    assert_terminal_safe(_SGR.sub("", out))


def test_markdown_writes_no_html_and_no_link_but_http() -> None:
    out = render(OutputFormat.MARKDOWN, [everything_at_once()])
    kinds, hrefs, headings = markdown_structure(out)
    assert not kinds & {"html_block", "html_inline", "image"}
    assert hrefs == []  # the only URL was javascript:, so nothing is clickable
    assert headings == 2


def test_markdown_link_targets_cannot_break_out() -> None:
    assert md_link("open", "https://e.example/a)b](javascript:x)") == "[open](https://e.example/a%29b]%28javascript:x%29)"
    assert md_link("open", "https://e.example/\\") == "[open](https://e.example/%5C)"
    kinds, hrefs, _ = markdown_structure(md_link("[x](javascript:y)", None) + " " + md_escape("[a](https://e.example) <b>x</b> ![i](https://e.example/i.png)"))
    assert hrefs == [] and not kinds & {"html_inline", "image"}
    for block in ("===", "---", "# h", "> q", "1. l", "- l", "    code", "<div>", "***"):
        kinds, _, headings = markdown_structure("para\n" + md_escape(block))
        assert headings == 0 and not kinds & {"html_block", "blockquote_open", "ordered_list_open", "bullet_list_open", "hr", "code_block"}, block


def test_csv_neutralises_formulas_in_every_text_column() -> None:
    evil = "=HYPERLINK(\"http://evil.example\",\"x\")"
    mention = Analyser().analyse(
        Mention(id="@id", source="+src", text=evil, url="-1", author=Author(handle="=h", name="\t=n"), title="\r=t", keywords=("@k",))
    )
    row = next(csv.DictReader(io.StringIO(render(OutputFormat.CSV, [mention]))))
    for column in ("id", "source", "text", "url", "author", "author_name", "title", "keywords"):
        assert row[column].startswith("'"), column


@pytest.mark.parametrize("payload", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", " =1", "\x00=1", "\u202e=1", "\x1b[31m=1"])
def test_safe_cell_defuses_formula_starts_even_behind_invisible_characters(payload: str) -> None:
    cell = safe_cell(payload)
    assert cell.startswith("'")
    assert_terminal_safe(cell)


def test_json_escapes_terminal_controls_but_loses_nothing() -> None:
    mention = everything_at_once()
    out = render(OutputFormat.JSONL, [mention])
    assert_terminal_safe(out)
    assert json.loads(out) == valid_unicode(mention.to_dict())
    assert json_text({"t": "a\u202eb\x9bc\ud800"}) == '{"t":"a\\u202eb\\u009bc\\ufffd"}'
    assert json_text({"t": "\U000e0041"}) == '{"t":"\\udb40\\udc41"}'


# ------------------------------------------------------------------ properties


def markdown_structure(text: str) -> tuple[set[str], list[str], int]:
    """Token kinds, link targets and heading count of ``text`` parsed as CommonMark (+ GFM tables)."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    kinds: set[str] = set()
    hrefs: list[str] = []
    headings = 0
    stack = list(md.parse(text))
    while stack:
        token = stack.pop()
        kinds.add(token.type)
        if token.type == "link_open":
            hrefs.append(str(token.attrs.get("href")))
        if token.type == "heading_open":
            headings += 1
        stack.extend(token.children or [])
    return kinds, hrefs, headings


@PROPERTY
@given(st.lists(hostile_mentions(), max_size=3), st.integers(min_value=40, max_value=160))
def test_table_is_terminal_safe_and_fits_the_width(mentions: list[Mention], width: int) -> None:
    out = render(OutputFormat.TABLE, mentions, width=width)
    assert_terminal_safe(out)
    assert all(cell_len(line) <= width for line in out.splitlines())


@PROPERTY
@given(st.lists(hostile_mentions(), max_size=2))
def test_coloured_table_has_no_escape_but_our_colours(mentions: list[Mention]) -> None:
    assert_terminal_safe(_SGR.sub("", render(OutputFormat.TABLE, mentions, width=80, color=True)))


@PROPERTY
@given(st.lists(hostile_mentions(), max_size=3))
def test_markdown_is_safe_and_links_only_to_each_mentions_http_url(mentions: list[Mention]) -> None:
    out = render(OutputFormat.MARKDOWN, mentions)
    assert_terminal_safe(out)
    kinds, hrefs, headings = markdown_structure(out)
    assert not kinds & {"html_block", "html_inline", "image"}
    assert all(h.lower().startswith(("http://", "https://")) for h in hrefs)
    assert len(hrefs) == sum(1 for m in mentions if safe_url(m.url))
    assert headings == 1 + len(mentions)


@PROPERTY
@given(st.lists(hostile_mentions(), max_size=3))
def test_csv_is_safe_one_row_each_and_never_starts_a_formula(mentions: list[Mention]) -> None:
    out = render(OutputFormat.CSV, mentions)
    assert_terminal_safe(out)
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 1 + len(mentions)
    for row in rows[1:]:
        assert len(row) == len(COLUMNS)
        for column, cell in zip(COLUMNS, row, strict=True):
            if column not in ("sentiment",):  # our own number, may be negative
                assert not cell.startswith(_FORMULA), (column, cell)


@PROPERTY
@given(st.lists(hostile_mentions(), max_size=3), st.sampled_from([OutputFormat.JSON, OutputFormat.JSONL]))
def test_json_formats_are_terminal_safe_and_lossless(mentions: list[Mention], fmt: OutputFormat) -> None:
    out = render(fmt, mentions)
    assert_terminal_safe(out)
    parsed = json.loads(out) if fmt is OutputFormat.JSON else [json.loads(line) for line in out.splitlines()]
    # lossless, but for surrogate code points: they cannot be encoded and become U+FFFD, as at every input
    assert parsed == [valid_unicode(m.to_dict()) for m in mentions]


@pytest.mark.parametrize("title", ["\ud800\udfff", "\udfff\ud800", "\ud800", "a\udc00b"])
def test_surrogates_in_json_output_become_replacement_characters_not_a_merged_pair(title: str) -> None:
    mention = Mention(id="1", source="x", text="hi", title=title)
    for fmt in (OutputFormat.JSON, OutputFormat.JSONL):
        out = render(fmt, [mention])
        parsed = json.loads(out)
        first = parsed[0] if fmt is OutputFormat.JSON else parsed
        assert first["title"] == valid_unicode(title)
        out.encode("utf-8")  # always encodable


@PROPERTY
@given(hostile_text(), hostile_text(2), hostile_text(2))
def test_scored_hostile_mentions_render_safely_in_every_format(text: str, name: str, title: str) -> None:
    mention = Analyser().analyse(Mention(id="1", source="x", text=text, title=title, author=Author(handle=name, name=name)))
    assert mention.reply is None or isinstance(mention.reply, Reply)
    for fmt in OutputFormat:
        assert_terminal_safe(render(fmt, [mention], width=80))
