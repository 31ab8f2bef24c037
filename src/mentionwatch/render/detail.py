"""One stored mention in full, for ``mentionwatch show``: every fact, the reasons and every reply variant."""

from __future__ import annotations

import textwrap
from datetime import datetime
from typing import IO, Any

from mentionwatch.models import format_time
from mentionwatch.render.labels import LEVEL_TITLES, age_label, author_label, sentiment_label
from mentionwatch.store import StoredMention
from mentionwatch.text import one_line, safe_url, strip_controls


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M UTC")


def detail_dict(item: StoredMention) -> dict[str, Any]:
    """The mention object plus what the store knows (``stored``), for ``show --json``."""
    data = item.mention.to_dict()
    data["stored"] = {
        "first_seen": format_time(item.first_seen),
        "last_seen": format_time(item.last_seen),
        "snoozed_until": format_time(item.snoozed_until),
        "digested_at": format_time(item.digested_at),
        "muted": item.muted,
    }
    return data


def render_detail(item: StoredMention, stream: IO[str], *, width: int = 78, now: datetime | None = None) -> None:
    """Write everything about one mention as plain, safe text."""
    m = item.mention
    level = m.priority.level if m.priority else "fyi"
    score = m.priority.score if m.priority else 0
    rows: list[tuple[str, str]] = [
        ("ID", one_line(m.id)),
        ("Status", m.status + (" (author muted)" if item.muted else "") + (f", until {_when(item.snoozed_until)}" if item.snoozed_until else "")),
        ("Priority", f"{score} · {LEVEL_TITLES.get(level, level)}"),
        ("Intent", one_line(m.intent or "mention")),
        ("Sentiment", sentiment_label(m) + (f" (confidence {m.sentiment.confidence:.2f})" if m.sentiment else "")),
        ("Source", one_line(m.source)),
        ("Author", author_label(m) + (f" · {one_line(m.author.name)}" if m.author.name and m.author.handle else "")),
        ("Author URL", safe_url(m.author.url) or ""),
        ("Link", safe_url(m.url) or ""),
        ("Posted", f"{_when(m.created_at)} ({age_label(m, now)})" if m.created_at else ""),
        ("First seen", _when(item.first_seen)),
        ("Last seen", _when(item.last_seen)),
        ("Digest", f"sent {_when(item.digested_at)}" if item.digested_at else "not yet in a digest"),
        ("Keywords", one_line(", ".join(m.keywords))),
        ("Engagement", f"{m.engagement.likes} likes · {m.engagement.replies} replies · {m.engagement.shares} shares"),
    ]
    label_width = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        if value:
            stream.write(f"{label + ':':<{label_width}}{value}\n")
    if m.priority and m.priority.reasons:
        stream.write(f"{'Why:':<{label_width}}{one_line(', '.join(m.priority.reasons))}\n")

    def block(title: str, text: str) -> None:
        stream.write(f"\n{title}\n")
        for paragraph in strip_controls(text).splitlines():
            wrapped = textwrap.wrap(paragraph, width, initial_indent="  ", subsequent_indent="  ")
            stream.write("\n".join(wrapped or [""]) + "\n")

    if m.title:
        block("Title", m.title)
    block("Text", m.text)
    if m.reply:
        limit = f" (limit {m.reply.limit} characters)" if m.reply.limit else ""
        block(f"Draft reply{limit}", m.reply.text)
        for number, alternative in enumerate(m.reply.alternatives, start=1):
            block(f"Alternative {number}", alternative)
