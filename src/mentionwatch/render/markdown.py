"""Markdown output: a readable report, everything escaped, only http(s) links clickable."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import IO

from mentionwatch.models import Mention
from mentionwatch.render.labels import LEVEL_TITLES, age_label, author_label, sentiment_label
from mentionwatch.text import one_line, safe_url, strip_controls

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md_escape(text: str | None) -> str:
    """Escape Markdown and inline HTML in untrusted text so it shows literally."""
    if not text:
        return ""
    text = strip_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


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
