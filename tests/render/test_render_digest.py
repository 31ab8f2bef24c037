"""The digest as text, Markdown and an HTML e-mail: complete, readable, and safe with hostile mention text."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from typing import ClassVar

import pytest

from mentionwatch.digest import DayCount, Digest, DigestGroup
from mentionwatch.models import Author, Mention, Priority, Reply, Sentiment
from mentionwatch.render.digest import CHART_HEIGHT, render_digest, render_html, render_markdown, render_text, sparkline

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)

HOSTILE_TEXT = 'great "bakery" <script>alert(1)</script> \x1b[31mred\x1b[0m <img src=x onerror=alert(2)> [click](javascript:alert(3))'


def mention(mention_id: str, level: str, *, text: str = "Joe's Bakery lost my order", url: str | None = "https://x.com/a/status/1", handle: str = "dani", name: str | None = None) -> Mention:
    return Mention(
        id=mention_id,
        source="x",
        text=text,
        url=url,
        author=Author(handle=handle, name=name, reach=2100, reach_kind="followers"),
        created_at=NOW - timedelta(minutes=40),
        sentiment=Sentiment(-0.8, "negative", 0.9),
        intent="complaint",
        priority=Priority(86 if level == "respond_now" else 45, level, ("complaint", "negative (-0.80)")),
        reply=Reply("Hi Dani, I'm so sorry.\n– Sam at Joe's Bakery", ("Alt",), 280),
    )


def digest(*groups: tuple[str, list[Mention], int], history: tuple[DayCount, ...] | None = None) -> Digest:
    made = tuple(DigestGroup(level, tuple(ms), total) for level, ms, total in groups)
    days = history if history is not None else tuple(DayCount(date(2026, 10, 24) + timedelta(days=i), i % 3, 1, i % 2) for i in range(30))
    return Digest(
        business="Joe's Bakery",
        generated_at=NOW,
        groups=made,
        history=days,
        mention_ids=tuple(m.id for _, ms, _ in groups for m in ms),
    )


SAMPLE = digest(
    ("respond_now", [mention("x:1", "respond_now")], 1),
    ("worth_a_look", [mention("x:2", "worth_a_look", text="Are you open Sundays?")], 3),
    ("fyi", [], 0),
)
HOSTILE = digest(
    ("respond_now", [mention("x:evil", "respond_now", text=HOSTILE_TEXT, url='https://x.com/a" onmouseover="alert(4)', handle="<b>boss</b>", name="Eve\r\nBcc: x@y")], 1),
    ("worth_a_look", [mention("x:js", "worth_a_look", url="javascript:alert(5)")], 1),
    ("fyi", [], 0),
)


class _Checker(HTMLParser):
    """Collects tags and checks that non-void elements are balanced."""

    VOID: ClassVar[set[str]] = {"meta", "br", "img", "hr", "input", "link"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> _Checker:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    return checker


# ---------------------------------------------------------------- every format


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_an_empty_digest_renders_as_nothing(fmt: str) -> None:
    empty = digest(("respond_now", [], 0), ("worth_a_look", [], 0), ("fyi", [], 0), history=())
    assert render_digest(empty, fmt) == ""


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown digest format"):
        render_digest(SAMPLE, "pdf")


# ---------------------------------------------------------------- text


def test_text_has_counts_groups_reply_link_and_id() -> None:
    text = render_text(SAMPLE)
    assert "1 respond now · 3 worth a look · 0 FYI" in text
    assert "RESPOND NOW (1)" in text and "WORTH A LOOK (3)" in text and "FYI (0)" not in text
    assert "Draft reply:" in text and "Hi Dani, I'm so sorry." in text
    assert "Link: https://x.com/a/status/1" in text
    assert "ID: x:1" in text
    assert "…and 2 more: mentionwatch inbox --level worth_a_look" in text
    assert "Last 30 days:" in text
    assert all(len(line) <= 100 for line in text.splitlines() if not line.lstrip().startswith("Link:"))


def test_text_strips_terminal_escapes_and_unsafe_links() -> None:
    text = render_text(HOSTILE)
    assert "\x1b" not in text and "\r" not in text
    links = [line.strip() for line in text.splitlines() if line.strip().startswith("Link:")]
    assert links == []  # neither the quote-breaking URL nor javascript: is offered as a link


# ---------------------------------------------------------------- markdown


def test_markdown_escapes_mention_text_and_links_only_http() -> None:
    md = render_markdown(HOSTILE)
    assert "<script>" not in md and "<img" not in md and "<b>" not in md
    assert "&lt;script&gt;" in md
    assert "](javascript:" not in md
    assert "\x1b" not in md
    assert "## Respond now (1)" in render_markdown(SAMPLE)


# ---------------------------------------------------------------- html


def test_html_is_a_complete_balanced_document_with_inline_css_only() -> None:
    markup = render_html(SAMPLE)
    checker = parse(markup)
    assert checker.errors == [] and checker.stack == []
    names = {tag for tag, _ in checker.tags}
    assert {"html", "head", "body", "table", "meta"} <= names
    assert "script" not in names and "style" not in names and "link" not in names and "img" not in names
    assert not re.search(r"\bsrc=", markup)
    assert any(attrs.get("name") == "viewport" for tag, attrs in checker.tags if tag == "meta")
    assert "max-width:600px" in markup
    styled = [attrs for tag, attrs in checker.tags if tag in ("td", "p", "h1", "h2")]
    assert styled and all(attrs.get("style") for attrs in styled)


def test_html_shows_counts_groups_reply_and_link() -> None:
    markup = render_html(SAMPLE)
    text = " ".join(parse(markup).text)
    assert "Respond now" in text and "Worth a look" in text
    assert "DRAFT REPLY" in text and "Hi Dani, I'm so sorry." in text
    assert 'href="https://x.com/a/status/1"' in markup
    assert "…and 2 more" in text


def test_html_escapes_hostile_mention_text_names_and_urls() -> None:
    markup = render_html(HOSTILE)
    checker = parse(markup)
    names = {tag for tag, _ in checker.tags}
    assert "script" not in names and "img" not in names and "b" not in names
    assert "&lt;script&gt;" in markup
    assert "\x1b" not in markup
    hrefs = [attrs.get("href") for tag, attrs in checker.tags if tag == "a"]
    assert hrefs == []  # neither the quote-breaking URL nor javascript: becomes a link
    assert not any(key.startswith("on") for _, attrs in checker.tags for key in attrs)


def test_html_chart_has_a_column_per_day_scaled_to_the_busiest_day() -> None:
    days = tuple(DayCount(date(2026, 10, 24) + timedelta(days=i), 0, 0, 0) for i in range(30))
    days = (*days[:-2], DayCount(date(2026, 11, 21), 2, 1, 1), DayCount(date(2026, 11, 22), 1, 0, 0))
    markup = render_html(digest(("fyi", [mention("x:1", "fyi")], 1), history=days))
    checker = parse(markup)
    columns = [attrs for tag, attrs in checker.tags if tag == "td" and attrs.get("valign") == "bottom"]
    assert len(columns) == 30
    assert "21 Nov: 4 (negative 2, neutral 1, positive 1)" in {attrs.get("title") for attrs in columns}
    busiest = re.search(r'title="21 Nov: 4[^"]*".*?</table></td>', markup, re.S)
    assert busiest is not None
    heights = [int(h) for h in re.findall(r'<td height="(\d+)" bgcolor="#(?!eaecf0)', busiest.group(0))]
    assert sum(heights) == CHART_HEIGHT
    assert "Last 30 days: 5 mentions · 3 negative · 1 neutral · 1 positive" in markup
    assert "24 Oct – 22 Nov" in markup


def test_sparkline_scales_to_the_largest_value() -> None:
    assert sparkline([0, 1, 8]) == "▁▂█"
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([]) == ""
