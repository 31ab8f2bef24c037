"""The rich table for people: most urgent first, keyword highlighted, reply ready to paste."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING

from mentionwatch.models import Mention
from mentionwatch.render.labels import (
    LEVEL_STYLES,
    LEVEL_TITLES,
    SENTIMENT_STYLES,
    age_label,
    author_label,
)
from mentionwatch.text import one_line, strip_controls

if TYPE_CHECKING:  # rich is imported only when there is a table to draw (it costs a start-up)
    from rich.console import Group
    from rich.text import Text

TEXT_CHARS = 320
EMPTY = "No mentions to show."


def highlighted(mention: Mention, limit: int = TEXT_CHARS) -> Text:
    """The mention text (cut to ``limit`` characters) with matched keywords highlighted; all literal."""
    from rich.text import Text

    raw = mention.text
    cut = len(raw)
    if cut > limit:
        cut = raw.rfind(" ", 0, limit)
        cut = cut if cut > limit // 2 else limit
    spans = sorted({(max(0, s), min(cut, e)) for m in mention.matched for s, e in [m.span] if s < cut and e > s})
    text = Text()
    pos = 0
    for start, end in spans:
        if start < pos:
            start = pos
        if end <= start:
            continue
        text.append(_flat(raw[pos:start]))
        text.append(_flat(raw[start:end]), style="bold reverse")
        pos = end
    text.append(_flat(raw[pos:cut]))
    if cut < len(raw):
        text.append("…", style="dim")
    return text


def _flat(segment: str) -> str:
    return " ".join(strip_controls(segment).split("\n")).replace("\t", " ")


def _meta_cell(m: Mention) -> Text:
    from rich.text import Text

    level = m.priority.level if m.priority else "fyi"
    cell = Text()
    cell.append(f"{m.priority.score if m.priority else 0:>3} ", style=LEVEL_STYLES.get(level, ""))
    cell.append(LEVEL_TITLES.get(level, level).upper(), style=LEVEL_STYLES.get(level, ""))
    cell.append("\n" + (m.intent or "mention"), style="bold")
    if m.sentiment:
        cell.append(f"\n{m.sentiment.label} {m.sentiment.score:+.2f}", style=SENTIMENT_STYLES.get(m.sentiment.label, ""))
    return cell


def _body_cell(m: Mention, explain: bool) -> Group:
    from rich.console import Group
    from rich.text import Text

    header = Text()
    header.append(author_label(m), style="cyan")
    header.append(f" · {one_line(m.source)}", style="dim")
    age = age_label(m)
    if age:
        header.append(f" · {age}", style="dim")
    header.append(f" · {one_line(m.id)}", style="dim")
    if m.status in ("done", "ignored", "snoozed"):
        header.append(f" · {m.status}", style="bold")
    parts: list[Text] = [header]
    if m.title:
        parts.append(Text(one_line(m.title), style="bold"))
    parts.append(highlighted(m))
    if explain and m.priority:
        parts.append(Text("why: " + one_line(", ".join(m.priority.reasons)), style="magenta"))
    if m.reply:
        reply = Text("reply ▸ ", style="bold green")
        reply.append(strip_controls(m.reply.text).replace("\n", " "), style="green")
        parts.append(reply)
    return Group(*parts)


def render_table(mentions: Iterable[Mention], stream: IO[str], *, explain: bool = False, width: int | None = None, color: bool = False) -> None:
    """Print the ranked mentions as a two-column table that fits 80 columns."""
    items = iter(mentions)
    first = next(items, None)
    if first is None:
        stream.write(EMPTY + "\n")
        return
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(
        file=stream,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        markup=False,
        emoji=False,
    )
    table = Table(box=box.SIMPLE_HEAD, show_lines=True, expand=True, pad_edge=False)
    table.add_column("Priority", no_wrap=True, width=17)
    table.add_column("Mention and draft reply", ratio=1, overflow="fold")
    for m in itertools.chain((first,), items):
        table.add_row(_meta_cell(m), _body_cell(m, explain))
    console.print(table)
