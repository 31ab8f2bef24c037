"""``show``'s full view of one stored mention: every fact, and nothing unsafe reaches the terminal."""

from __future__ import annotations

import io
from datetime import datetime, timezone

from mentionwatch.models import Author, Mention, Priority, Reply, Sentiment
from mentionwatch.render.detail import detail_dict, render_detail
from mentionwatch.store import StoredMention

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)


def stored(**changes: object) -> StoredMention:
    mention = Mention(
        id="x:1",
        source="x",
        text="Joe's Bakery\x1b[2J lost my order\x07",
        url="javascript:alert(1)",
        author=Author(handle="dani\x1b[31m", name="Dani O", reach=2100),
        created_at=NOW,
        sentiment=Sentiment(-0.8, "negative", 0.9),
        intent="complaint",
        priority=Priority(86, "respond_now", ("complaint", "negative (-0.80)")),
        reply=Reply("Hi Dani, sorry.\n– Sam", ("Alt one", "Alt two"), 280),
        status="snoozed",
    )
    values: dict[str, object] = {"mention": mention, "first_seen": NOW, "last_seen": NOW, "snoozed_until": NOW, "digested_at": None, "muted": True}
    values.update(changes)
    return StoredMention(**values)  # type: ignore[arg-type]


def test_detail_shows_state_reasons_and_every_reply_variant() -> None:
    out = io.StringIO()
    render_detail(stored(), out, now=NOW)
    text = out.getvalue()
    assert "Status:" in text and "snoozed (author muted), until 2026-11-22 07:00 UTC" in text
    assert "Priority:   86 · Respond now" in text
    assert "Why:        complaint, negative (-0.80)" in text
    assert "Draft reply (limit 280 characters)" in text and "Alternative 1\n  Alt one" in text and "Alternative 2\n  Alt two" in text
    assert "Digest:     not yet in a digest" in text


def test_detail_strips_terminal_escapes_and_hides_unsafe_links() -> None:
    out = io.StringIO()
    render_detail(stored(), out, now=NOW)
    text = out.getvalue()
    assert "\x1b" not in text and "\x07" not in text
    assert "javascript:" not in text


def test_detail_dict_adds_store_facts_to_the_mention_object() -> None:
    data = detail_dict(stored(digested_at=NOW))
    assert data["id"] == "x:1" and data["status"] == "snoozed"
    assert data["stored"] == {
        "first_seen": "2026-11-22T07:00:00Z",
        "last_seen": "2026-11-22T07:00:00Z",
        "snoozed_until": "2026-11-22T07:00:00Z",
        "digested_at": "2026-11-22T07:00:00Z",
        "muted": True,
    }
