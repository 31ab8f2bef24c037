"""The digest and its e-mail, built from hostile mentions: escaped everywhere, no header injection.

HTML: hostile text never adds a tag, an attribute, an event handler or a non-http(s) link to the
template's own; text and Markdown carry no control characters; the message's headers are exactly the
ones we set, whatever CR/LF the subject or the mentions contain.
"""

from __future__ import annotations

import email
import email.policy
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentionwatch.digest import DayCount, Digest, DigestGroup
from mentionwatch.mail import build_message
from mentionwatch.models import LEVELS, Mention
from mentionwatch.render.digest import render_digest
from tests.hostile import MENTION_EXAMPLES, assert_terminal_safe, hostile_mentions, hostile_text

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)
PROPERTY = settings(max_examples=MENTION_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

#: The template's own vocabulary; hostile text must not add to it.
TAGS = {"html", "head", "meta", "title", "body", "div", "table", "tr", "td", "p", "strong", "span", "br", "h1", "h2", "a"}
ATTRIBUTES = {"lang", "charset", "name", "content", "style", "role", "cellpadding", "cellspacing", "border", "width", "bgcolor", "align", "valign", "height", "title", "aria-label", "href"}
HEADERS = {"From", "To", "Subject", "Date", "Message-ID", "Auto-Submitted", "X-Auto-Response-Suppress", "X-Mailer", "MIME-Version", "Content-Type"}


class Inventory(HTMLParser):
    """Every tag, attribute and text node of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []
        self.texts: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)

    def handle_data(self, data: str) -> None:
        self.texts.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def digests() -> st.SearchStrategy[Digest]:
    def build(business: str, mentions: list[Mention], counts: list[int]) -> Digest:
        groups = tuple(
            DigestGroup(level, tuple(m for i, m in enumerate(mentions) if i % 3 == n), sum(1 for i in range(len(mentions)) if i % 3 == n) + extra)
            for n, (level, extra) in enumerate(zip(LEVELS, counts, strict=True))
        )
        history = tuple(DayCount(date(2026, 11, 22) - timedelta(days=29 - d), d % 3, d % 5, d % 2) for d in range(30)) if mentions else ()
        return Digest(business=business, generated_at=NOW, groups=groups, history=history, mention_ids=tuple(m.id for m in mentions))

    return st.builds(build, hostile_text(), st.lists(hostile_mentions(), min_size=1, max_size=4), st.lists(st.integers(0, 3), min_size=3, max_size=3))


@PROPERTY
@given(digests())
def test_html_digest_adds_no_tag_attribute_or_link_of_its_own(digest: Digest) -> None:
    page = Inventory()
    page.feed(render_digest(digest, "html"))
    page.close()
    assert page.tags <= TAGS, page.tags - TAGS
    assert {name for name, _ in page.attributes} <= ATTRIBUTES
    for name, value in page.attributes:
        if name == "href":
            assert value.lower().startswith(("http://", "https://")), value
    assert page.comments == []
    for text in page.texts:
        assert_terminal_safe(text)


@PROPERTY
@given(digests(), st.sampled_from(["text", "markdown"]))
def test_text_and_markdown_digests_are_terminal_safe(digest: Digest, fmt: str) -> None:
    assert_terminal_safe(render_digest(digest, fmt))


@PROPERTY
@given(digests(), hostile_text(3))
def test_the_mail_has_exactly_our_headers_whatever_the_content(digest: Digest, subject: str) -> None:
    message = build_message(
        sender="digest@joesbakery.example",
        to=["owner@joesbakery.example"],
        subject=subject + digest.subject("mentionwatch digest\r\nBcc: victim@example.org"),
        text=render_digest(digest, "text"),
        html=render_digest(digest, "html"),
        now=NOW,
    )
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert set(parsed.keys()) == HEADERS
    assert parsed.get_all("To") == ["owner@joesbakery.example"]
    assert "Bcc" not in parsed and "\n" not in str(parsed["Subject"])
    assert_terminal_safe(str(parsed["Subject"]), allow_newlines=False)
