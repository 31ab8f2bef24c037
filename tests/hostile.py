"""Hostile text for tests: escape sequences, controls, bidi tricks, markup, formulas, broken Unicode.

Shared by the property-based tests: ``hostile_text()`` mixes arbitrary Unicode (including lone
surrogates) with fragments chosen to attack a terminal, a spreadsheet, Markdown, HTML or a mail header.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import strategies as st

#: Examples per property: text-level functions are cheap, whole mentions through a renderer are not.
TEXT_EXAMPLES = 500
MENTION_EXAMPLES = 200

#: Fragments that try to do something other than show up as text.
ATTACKS: tuple[str, ...] = (
    "\x1b[31m", "\x1b[2J", "\x1b[0m", "\x1b]8;;http://evil.example\x07click\x1b]8;;\x07",
    "\x1b]0;pwned\x07", "\x1bP+q\x1b\\", "\x1b", "\x9b31m", "\x9d0;title\x9c", "\x07", "\x08\x08\x08",
    "\r", "\r\n", "\n", "\t", "\x00", "\x0b", "\x0c", "\x7f", "\x85",
    "\u202e", "\u202d", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u2028", "\u2029",
    "\u200b", "\ufeff", "\U000e0041", "\ud800", "\udfff",
    "[bold red]", "[/]", "[link=http://evil.example]x[/link]", ":smile:", "[[keywords]]",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))", "![t](http://tracker.example/p.png)", "<javascript:alert(1)>",
    "javascript:alert(1)", "data:text/html,<b>x</b>", "&lt;b&gt;", "&#x1b;[31m", "&amp;",
    "=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0",
    "Bcc: victim@example.org", "\r\nBcc: victim@example.org", "# heading", "> quote", "---", "===",
    "|a|b|", "`code`", "*bold*", "_em_", "\\", "Joe's Bakery", "café", "👨\u200d👩\u200d👧", "שלום", "مرحبا",
    "e\u0301\u0301\u0301", "%s%n", "{0}", "${HOME}", "$(reboot)",
)

#: Code points no terminal-facing output may contain (newline is the one allowed control).
_FORBIDDEN = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)

_any_char = st.characters(codec=None, exclude_categories=())
_unicode_text = st.text(alphabet=_any_char, max_size=40)


def hostile_text(max_parts: int = 6) -> st.SearchStrategy[str]:
    """Strings mixing attack fragments with arbitrary Unicode (surrogates and controls included)."""
    part = st.one_of(st.sampled_from(ATTACKS), _unicode_text, st.text(max_size=20))
    return st.lists(part, max_size=max_parts).map("".join)


def hostile_optional() -> st.SearchStrategy[str | None]:
    """Like :func:`hostile_text` but sometimes ``None`` or empty."""
    return st.one_of(st.none(), st.just(""), hostile_text())


def hostile_url() -> st.SearchStrategy[str | None]:
    """URLs a stranger might send: good ones, dangerous schemes, and ones with smuggled characters."""
    good = st.sampled_from(["https://example.org/a", "http://example.org/p?q=1&r=(2)", "HTTPS://EXAMPLE.ORG/x_y"])
    bad = st.sampled_from([
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,x", "file:///etc/passwd",
        "vbscript:x", "//evil.example", "https://evil.example/\x1b[31m", "https://e.example/a b", "https://e.example/\u202e",
        "https://e.example/\"onmouseover=\"x", "https://e.example/<script>", "https://e.example/a)b](javascript:x)",
        "https://e.example/\\", "ftp://e.example", "https:/x", "mailto:a@b.example",
    ])
    return st.one_of(st.none(), good, bad, good.flatmap(lambda g: hostile_text(2).map(lambda t: g + t)))


def forbidden_characters(text: str) -> list[str]:
    """Every character in ``text`` that must never reach a terminal (all controls but newline, bidi, surrogates…)."""
    return sorted({f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in _FORBIDDEN.findall(text)})


def assert_terminal_safe(text: str, *, allow_newlines: bool = True) -> None:
    """Fail if ``text`` carries anything but visible text (and newlines, if allowed)."""
    bad = forbidden_characters(text)
    assert not bad, f"forbidden characters in output: {bad}"
    if not allow_newlines:
        assert "\n" not in text, "a newline in a one-line field"


def hostile_mentions() -> st.SearchStrategy[object]:
    """Mention objects whose every free-text field was written by an attacker (spans may even lie)."""
    from datetime import datetime, timezone

    from mentionwatch.models import (
        INTENTS,
        LEVELS,
        STATUSES,
        Author,
        Engagement,
        Match,
        Mention,
        Priority,
        Reply,
        Sentiment,
    )

    small = st.integers(min_value=0, max_value=10**9)
    author = st.builds(Author, handle=hostile_optional(), name=hostile_optional(), url=hostile_url(), reach=st.one_of(st.none(), small), reach_kind=hostile_optional())
    matches = st.lists(st.builds(Match, keyword=hostile_text(2), span=st.tuples(st.integers(-5, 300), st.integers(-5, 300))), max_size=3)
    sentiment = st.builds(Sentiment, score=st.floats(-1, 1), label=st.sampled_from(["negative", "neutral", "positive"]), confidence=st.floats(0, 1))
    priority = st.builds(Priority, score=st.integers(0, 100), level=st.sampled_from(LEVELS), reasons=st.lists(hostile_text(2), max_size=3).map(tuple))
    reply = st.builds(Reply, text=hostile_text(), alternatives=st.lists(hostile_text(2), max_size=2).map(tuple), limit=st.one_of(st.none(), st.integers(1, 500)))
    when = st.one_of(st.none(), st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)))
    return st.builds(
        Mention,
        id=hostile_text(2).map(lambda s: s or "id"),
        source=st.one_of(st.sampled_from(["x", "mastodon", "hackernews", "rss", "jsonl"]), hostile_text(2)),
        text=hostile_text(),
        url=hostile_url(),
        author=author,
        title=hostile_optional(),
        created_at=when,
        fetched_at=when,
        keywords=st.lists(hostile_text(2), max_size=2).map(tuple),
        matched=matches.map(tuple),
        engagement=st.builds(Engagement, likes=small, replies=small, shares=small),
        sentiment=st.one_of(st.none(), sentiment),
        intent=st.one_of(st.none(), st.sampled_from(INTENTS)),
        priority=st.one_of(st.none(), priority),
        reply=st.one_of(st.none(), reply),
        status=st.sampled_from(STATUSES),
    )
