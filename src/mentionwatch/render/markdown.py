"""Markdown output: a readable report, everything escaped, only http(s) links clickable."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from mentionwatch.models import Mention
from mentionwatch.render.labels import LEVEL_TITLES, age_label, author_label, sentiment_label
from mentionwatch.text import one_line, safe_url, strip_controls

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(\s*)(?:([-+#>=])|(\d+)([.)]))", re.M)


def md_escape(text: str | None) -> str:
    """Escape Markdown and inline HTML in untrusted text so it shows literally."""
    if not text:
        return ""
    text = strip_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text).replace("](", "]\\(")
    # block syntax only matters at the start of a line: lists, headings, quotes, setext underlines
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark, digits, dot = match.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{digits}\\{dot}"


def md_code(text: str) -> str:
    """Text safe inside a Markdown code span (no backticks, no controls, one line)."""
    return one_line(text).replace("`", "'")


def md_link(label: str, url: str | None) -> str:
    """A Markdown link if ``url`` is plain http(s), else just the escaped label."""
    safe = safe_url(url)
    if safe is None:
        return md_escape(label)
    target = safe.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{md_escape(label)}]({target})"


def md_quote(text: str) -> str:
    """Quote multi-line text as a Markdown blockquote."""
    return "\n".join(f"> {md_escape(line)}" if line.strip() else ">" for line in text.splitlines() or [""])


def render_markdown(mentions: Iterable[Mention], stream: IO[str], *, explain: bool = False, width: int | None = None, color: bool = False) -> None:
    """Write a Markdown report, most urgent first."""
    stream.write("# Mentions\n")
    count = 0
    for m in mentions:
        count += 1
        level = LEVEL_TITLES.get(m.priority.level, "") if m.priority else ""
        score = m.priority.score if m.priority else 0
        stream.write(f"\n## {score} · {level} · {m.intent or 'mention'}\n\n")
        meta = [
            f"`{md_code(m.id)}`",
            md_escape(m.source),
            md_escape(author_label(m)),
            md_escape(sentiment_label(m)),
            md_escape(age_label(m)),
        ]
        stream.write(" · ".join(x for x in meta if x) + "  \n")
        stream.write(md_link("open", m.url) + "\n\n")
        if m.title:
            stream.write(f"**{md_escape(one_line(m.title))}**\n\n")
        stream.write(md_quote(m.text) + "\n\n")
        if m.priority and m.priority.reasons:
            stream.write("Why: " + md_escape(", ".join(m.priority.reasons)) + "\n\n")
        if m.reply:
            stream.write("**Draft reply:**\n\n")
            stream.write("\n".join(f"    {strip_controls(line)}" for line in m.reply.text.splitlines()) + "\n")
    if count == 0:
        stream.write("\nNo mentions.\n")
