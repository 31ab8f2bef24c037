"""CSV output, one row per mention, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from mentionwatch.models import Mention, format_time
from mentionwatch.text import one_line, strip_controls

COLUMNS = (
    "id", "priority", "level", "intent", "sentiment", "sentiment_label", "source", "author", "author_name",
    "reach", "created_at", "url", "title", "text", "reply", "reasons", "keywords", "status",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: str | None) -> str:
    """Neutralise spreadsheet formulas and control characters in an untrusted text cell."""
    if not value:
        return ""
    text = strip_controls(value)
    if text.startswith(_FORMULA_START) or text.lstrip().startswith(("=", "+", "-", "@")):
        return "'" + text
    return text


def render_csv(mentions: Iterable[Mention], stream: IO[str], *, explain: bool = False, width: int | None = None, color: bool = False) -> None:
    """Write a header row and one row per mention."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMNS)
    for m in mentions:
        writer.writerow(
            [
                safe_cell(m.id),
                m.priority.score if m.priority else "",
                m.priority.level if m.priority else "",
                m.intent or "",
                f"{m.sentiment.score:.3f}" if m.sentiment else "",
                m.sentiment.label if m.sentiment else "",
                safe_cell(m.source),
                safe_cell(one_line(m.author.handle)),
                safe_cell(one_line(m.author.name)),
                m.author.reach if m.author.reach is not None else "",
                format_time(m.created_at) or "",
                safe_cell(m.url),
                safe_cell(one_line(m.title)),
                safe_cell(m.text),
                safe_cell(m.reply.text if m.reply else ""),
                safe_cell("; ".join(m.priority.reasons) if m.priority else ""),
                safe_cell("; ".join(m.keywords)),
                m.status,
            ]
        )
