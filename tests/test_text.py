"""Text normalisation: controls, escapes and bidi tricks out; HTML to text; only http(s) URLs kept."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentionwatch.text import clean_text, html_to_text, one_line, safe_url, strip_controls, truncate
from tests.hostile import TEXT_EXAMPLES, assert_terminal_safe, hostile_text, hostile_url

# ------------------------------------------------------------------ examples


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b]8;;http://evil\x07click\x1b]8;;\x07", "click"),
        ("\x1b]0;title\x1b\\text", "text"),
        ("a\x9b31mb", "a31mb"),  # 8-bit CSI: the byte goes, the rest shows as text
        ("a\x00b\x07c\x08d\x7fe", "abcde"),
        ("abc\u202efed", "abcfed"),
        ("\u2066isolate\u2069", "isolate"),
        ("tag\U000e0041\U000e0042s", "tags"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("lone\ud800surrogate", "lonesurrogate"),
        ("\x1b\x1b[31m[31m", "[31m"),  # removing one sequence cannot assemble another
    ],
)
def test_strip_controls_leaves_only_visible_text(raw: str, shown: str) -> None:
    assert strip_controls(raw) == shown


def test_every_line_break_becomes_a_newline_and_tabs_become_spaces() -> None:
    assert strip_controls("a\r\nb\rc\x0bd\x0ce\x85f\u2028g\u2029h\ti") == "a\nb\nc\nd\ne\nf\ng\nh i"


def test_joiners_that_scripts_and_emoji_need_are_kept() -> None:
    family = "👨\u200d👩\u200d👧"
    persian = "می\u200cخواهم"
    assert strip_controls(family) == family
    assert strip_controls(persian) == persian


def test_one_line_collapses_every_break() -> None:
    assert one_line("  a\n\nb\r\nc\u2028d\te  ") == "a b c d e"
    assert one_line(None) == ""


def test_clean_text_keeps_paragraphs_but_not_runs_of_blank_lines() -> None:
    assert clean_text("  one  \n\n\n\n two\u00a0 three \n") == "one\n\ntwo three"


def test_html_to_text_drops_tags_scripts_and_styles_and_decodes_entities() -> None:
    markup = "<p>Hi &amp; <b>bye</b></p><script>alert(1)</script><style>p{}</style><p>Caf&eacute; &lt;3</p>"
    assert html_to_text(markup) == "Hi & bye\n\nCafé <3"


def test_html_to_text_cannot_smuggle_controls_through_entities() -> None:
    assert html_to_text("a&#x1b;[31mb &#27;c &#x202e;d &#0;e &#xd800;f") == "a[31mb c d \ufffde \ufffdf"


def test_html_to_text_survives_broken_markup() -> None:
    for markup in ("<p", "<<<>>>", "</p></div>", "<!--", "<![CDATA[x", "<a href='", "<scr<script>ipt>x", "&#99999999999;"):
        assert_terminal_safe(html_to_text(markup))


@pytest.mark.parametrize("url", ["https://example.org/x?y=1", "http://a.example", "HTTPS://A.EXAMPLE/p"])
def test_safe_url_keeps_plain_http_urls(url: str) -> None:
    assert safe_url(f"  {url} ") == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,x", "file:///etc/passwd", "//evil.example",
        "https://", "https:///path", "https://e.example/a b", "https://e.example/\x1b[31m", "https://e.example/\u202e",
        "https://e.example/\"x", "https://e.example/<x>", "https://e.example/`x`", "ftp://e.example", "", None,
    ],
)
def test_safe_url_refuses_anything_else(url: str | None) -> None:
    assert safe_url(url) is None


def test_truncate_cuts_at_a_word_with_an_ellipsis() -> None:
    assert truncate("one two three four", 10) == "one two…"
    assert truncate("short", 10) == "short"
    assert len(truncate("x" * 50, 10)) == 10


# ------------------------------------------------------------------ properties


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(hostile_text())
def test_strip_controls_output_is_always_terminal_safe(text: str) -> None:
    out = strip_controls(text)
    assert_terminal_safe(out)
    assert strip_controls(out) == out


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(hostile_text())
def test_one_line_is_one_safe_line(text: str) -> None:
    out = one_line(text)
    assert_terminal_safe(out, allow_newlines=False)
    assert out == out.strip()
    assert "  " not in out


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(hostile_text())
def test_clean_text_is_safe_tidy_and_idempotent(text: str) -> None:
    out = clean_text(text)
    assert_terminal_safe(out)
    assert out == out.strip()
    assert "\n\n\n" not in out
    assert clean_text(out) == out


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(st.lists(st.one_of(hostile_text(3), st.sampled_from(["<p>", "</p>", "<br>", "<script>", "</script>", "<b>", "<!--", "-->", "<a href='x'>", "</a>", "<style>", "&amp;", "&#x202e;", "&#27;", "<", ">"])), max_size=12).map("".join))
def test_html_to_text_never_crashes_and_never_lets_controls_through(markup: str) -> None:
    out = html_to_text(markup)
    assert_terminal_safe(out)
    assert out == out.strip()
    assert clean_text(out) == out


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(hostile_text())
def test_escaped_text_survives_an_html_round_trip(text: str) -> None:
    assert html_to_text("<p>" + html.escape(text) + "</p>") == clean_text(text)


@settings(max_examples=TEXT_EXAMPLES, deadline=None)
@given(hostile_url())
def test_safe_url_only_ever_returns_plain_http_urls(url: str | None) -> None:
    out = safe_url(url)
    if out is None:
        return
    assert out.lower().startswith(("http://", "https://"))
    assert_terminal_safe(out, allow_newlines=False)
    assert not any(c.isspace() or c in "<>\"'`" for c in out)
