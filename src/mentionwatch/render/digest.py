"""The digest as plain text, Markdown, or an HTML e-mail with inline CSS and a 30-day sentiment chart.

Every piece of mention text is untrusted: control characters are stripped everywhere, Markdown is
escaped, HTML is entity-escaped, and only plain http(s) links become clickable. The HTML uses
tables and inline styles only (no scripts, no external images, no style sheet) so it reads the
same in Gmail, Outlook, Apple Mail and on a phone.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence

from mentionwatch.digest import DayCount, Digest, DigestGroup
from mentionwatch.models import Mention
from mentionwatch.render.labels import age_label, author_label, sentiment_label
from mentionwatch.render.markdown import md_escape, md_link, md_quote
from mentionwatch.text import one_line, safe_url, strip_controls, truncate

DIGEST_FORMATS: tuple[str, ...] = ("text", "markdown", "html")
#: Characters of mention text shown per mention in a digest.
TEXT_CHARS = 600
SPARK = "▁▂▃▄▅▆▇█"

LEVEL_COLORS = {"respond_now": "#b42318", "worth_a_look": "#b54708", "fyi": "#475467"}
LEVEL_BACKGROUNDS = {"respond_now": "#fef3f2", "worth_a_look": "#fffaeb", "fyi": "#f2f4f7"}
SENTIMENT_COLORS = {"negative": "#d92d20", "neutral": "#98a2b3", "positive": "#12b76a"}
CHART_HEIGHT = 60

TRIAGE_HINT = "Triage with: mentionwatch inbox · mentionwatch done ID · mentionwatch snooze ID --for 2d · mentionwatch mute AUTHOR"
DRAFTS_NOTE = "Reply drafts are suggestions for a person to send; nothing is ever posted automatically."


def render_digest(digest: Digest, fmt: str) -> str:
    """The digest in ``fmt`` (``text``, ``markdown`` or ``html``)."""
    if fmt == "text":
        return render_text(digest)
    if fmt == "markdown":
        return render_markdown(digest)
    if fmt == "html":
        return render_html(digest)
    raise ValueError(f"unknown digest format {fmt!r}; expected one of {', '.join(DIGEST_FORMATS)}")


def _date_label(digest: Digest) -> str:
    local = digest.generated_at.astimezone()
    return f"{local:%a} {local.day} {local:%b %Y}"


def _excerpt(mention: Mention) -> str:
    text = strip_controls(mention.text).strip()
    if mention.title and mention.title not in text:
        text = f"{strip_controls(mention.title).strip()}\n{text}"
    return truncate(text, TEXT_CHARS) if len(text) > TEXT_CHARS else text


def _facts(mention: Mention) -> str:
    parts = [one_line(mention.intent or "mention")]
    sentiment = sentiment_label(mention)
    if sentiment:
        parts.append(sentiment)
    if mention.priority:
        parts.append(f"priority {mention.priority.score}")
    return " · ".join(parts)


def _who(mention: Mention, digest: Digest) -> str:
    parts = [author_label(mention), one_line(mention.source)]
    age = age_label(mention, digest.generated_at)
    if age:
        parts.append(age)
    return " · ".join(parts)


def _more_hint(group: DigestGroup) -> str:
    return f"…and {group.hidden} more: mentionwatch inbox --level {group.level}"


def _history_line(history: Sequence[DayCount]) -> str:
    total = sum(d.total for d in history)
    neg = sum(d.negative for d in history)
    neu = sum(d.neutral for d in history)
    pos = sum(d.positive for d in history)
    return f"Last {len(history)} days: {total} mention{'s' if total != 1 else ''} · {neg} negative · {neu} neutral · {pos} positive"


def sparkline(values: Sequence[int]) -> str:
    """``▁▃█``-style bars, one per value, scaled to the largest (a blank-ish bar for zero)."""
    top = max(values, default=0)
    if top <= 0:
        return SPARK[0] * len(values)
    return "".join(SPARK[0] if v <= 0 else SPARK[max(1, min(7, round(v / top * 7)))] for v in values)


# ---------------------------------------------------------------- text


def render_text(digest: Digest, width: int = 78) -> str:
    """Plain text for terminals and the text/plain part of the e-mail."""
    if digest.empty:
        return ""
    out = [
        f"Mentions for {one_line(digest.business)} · {_date_label(digest)}",
        f"{digest.summary()}  ({digest.total} new since the last digest)",
    ]
    indent = "   "
    for group in digest.groups:
        if not group.total:
            continue
        heading = f"{group.title.upper()} ({group.total})"
        out += ["", heading, "=" * len(heading)]
        for number, m in enumerate(group.mentions, start=1):
            out.append("")
            out.append(f"{number}. {_who(m, digest)}")
            out.append(f"{indent}{_facts(m)}")
            for paragraph in _excerpt(m).splitlines():
                out += textwrap.wrap(paragraph, width, initial_indent=indent, subsequent_indent=indent) or [""]
            if m.priority and m.priority.reasons:
                out += textwrap.wrap("Why: " + one_line(", ".join(m.priority.reasons)), width, initial_indent=indent, subsequent_indent=indent)
            if m.reply:
                out.append(f"{indent}Draft reply:")
                for line in strip_controls(m.reply.text).splitlines():
                    out += textwrap.wrap(line, width, initial_indent=indent + "  ", subsequent_indent=indent + "  ") or [""]
            url = safe_url(m.url)
            if url:
                out.append(f"{indent}Link: {url}")
            out.append(f"{indent}ID: {one_line(m.id)}")
        if group.hidden:
            out += ["", _more_hint(group)]
    if digest.history:
        out += ["", _history_line(digest.history), sparkline([d.total for d in digest.history])]
    out += ["", "--", *textwrap.wrap(DRAFTS_NOTE, width), *textwrap.wrap(TRIAGE_HINT, width)]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- markdown


def render_markdown(digest: Digest) -> str:
    """Markdown, for a chat channel or a notes app."""
    if digest.empty:
        return ""
    out = [f"# Mentions for {md_escape(one_line(digest.business))}", "", f"{md_escape(_date_label(digest))} · **{md_escape(digest.summary())}**"]
    for group in digest.groups:
        if not group.total:
            continue
        out += ["", f"## {group.title} ({group.total})"]
        for m in group.mentions:
            out += ["", f"### {md_escape(_who(m, digest))}", "", md_escape(_facts(m)), "", md_quote(_excerpt(m)), ""]
            if m.priority and m.priority.reasons:
                out += ["Why: " + md_escape(", ".join(m.priority.reasons)), ""]
            if m.reply:
                out += ["**Draft reply:**", ""]
                out += [f"    {strip_controls(line)}" for line in m.reply.text.splitlines()]
                out.append("")
            out.append(md_link("Open", m.url) + f" · `{one_line(m.id).replace('`', '')}`")
        if group.hidden:
            out += ["", md_escape(_more_hint(group))]
    if digest.history:
        out += ["", f"_{md_escape(_history_line(digest.history))}_", "", sparkline([d.total for d in digest.history])]
    out += ["", "---", "", md_escape(DRAFTS_NOTE)]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- html


def _h(text: str | None) -> str:
    """Escape untrusted text for HTML element content and attribute values."""
    return html.escape(strip_controls(text or ""), quote=True)


def _h_lines(text: str) -> str:
    return "<br>".join(_h(line) for line in strip_controls(text).splitlines())


def _html_mention(m: Mention, digest: Digest) -> str:
    sentiment = m.sentiment.label if m.sentiment else "neutral"
    facts = [_h(m.intent or "mention")]
    if m.sentiment:
        facts.append(f'<span style="color:{SENTIMENT_COLORS.get(sentiment, "#475467")};">{_h(sentiment_label(m))}</span>')
    if m.priority:
        facts.append(f"priority {m.priority.score}")
    parts = [
        '<tr><td style="padding:14px 20px;border-top:1px solid #eaecf0;">',
        f'<p style="margin:0 0 2px;font-size:13px;line-height:18px;color:#475467;"><strong style="color:#101828;">{_h(author_label(m))}</strong>'
        f" · {_h(m.source)}{' · ' + _h(age_label(m, digest.generated_at)) if m.created_at else ''}</p>",
        f'<p style="margin:0 0 8px;font-size:12px;line-height:18px;color:#667085;">{" · ".join(facts)}</p>',
        f'<p style="margin:0 0 8px;font-size:15px;line-height:22px;color:#101828;">{_h_lines(_excerpt(m))}</p>',
    ]
    if m.priority and m.priority.reasons:
        parts.append(f'<p style="margin:0 0 8px;font-size:12px;line-height:18px;color:#667085;">Why: {_h(", ".join(m.priority.reasons))}</p>')
    if m.reply:
        parts.append(
            '<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;margin:0 0 8px;">'
            '<tr><td style="padding:10px 12px;background-color:#ecfdf3;border-left:3px solid #12b76a;font-size:14px;line-height:21px;color:#054f31;" bgcolor="#ecfdf3">'
            f'<span style="font-size:11px;font-weight:bold;letter-spacing:0.5px;color:#067647;">DRAFT REPLY</span><br>{_h_lines(m.reply.text)}'
            "</td></tr></table>"
        )
    link = safe_url(m.url)
    open_link = f'<a href="{_h(link)}" style="color:#175cd3;text-decoration:underline;">Open on {_h(m.source)}</a> · ' if link else ""
    parts.append(f'<p style="margin:0;font-size:12px;line-height:18px;color:#98a2b3;">{open_link}<span style="color:#98a2b3;">{_h(m.id)}</span></p>')
    parts.append("</td></tr>")
    return "".join(parts)


def _html_group(group: DigestGroup, digest: Digest) -> str:
    color = LEVEL_COLORS.get(group.level, "#475467")
    background = LEVEL_BACKGROUNDS.get(group.level, "#f2f4f7")
    rows = [
        f'<tr><td style="padding:10px 20px;background-color:{background};border-top:1px solid #eaecf0;" bgcolor="{background}">'
        f'<h2 style="margin:0;font-size:16px;line-height:22px;color:{color};">{_h(group.title)} <span style="font-weight:normal;">({group.total})</span></h2>'
        "</td></tr>"
    ]
    rows += [_html_mention(m, digest) for m in group.mentions]
    if group.hidden:
        rows.append(f'<tr><td style="padding:10px 20px;font-size:13px;color:#475467;border-top:1px solid #eaecf0;">{_h(_more_hint(group))}</td></tr>')
    return "".join(rows)


def _bar_cell(day: DayCount, top: int) -> str:
    label = f"{day.day:%d %b}: {day.total} (negative {day.negative}, neutral {day.neutral}, positive {day.positive})"
    segments = []
    for name in ("positive", "neutral", "negative"):
        count = getattr(day, name)
        if count <= 0:
            continue
        height = max(2, round(count / top * CHART_HEIGHT))
        color = SENTIMENT_COLORS[name]
        segments.append(
            f'<tr><td height="{height}" bgcolor="{color}" style="height:{height}px;line-height:{height}px;font-size:1px;'
            f'background-color:{color};mso-line-height-rule:exactly;">&nbsp;</td></tr>'
        )
    if not segments:
        segments.append('<tr><td height="1" bgcolor="#eaecf0" style="height:1px;line-height:1px;font-size:1px;background-color:#eaecf0;">&nbsp;</td></tr>')
    return (
        f'<td valign="bottom" title="{_h(label)}" style="padding:0 1px;vertical-align:bottom;height:{CHART_HEIGHT}px;">'
        '<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;">'
        + "".join(segments)
        + "</table></td>"
    )


def render_chart_html(history: Sequence[DayCount]) -> str:
    """A stacked bar chart of mentions per day by sentiment, built from table cells (works in mail clients)."""
    if not history:
        return ""
    top = max((d.total for d in history), default=0) or 1
    summary = _history_line(history)
    bars = "".join(_bar_cell(day, top) for day in history)
    labels = "".join(
        f'<td align="center" style="padding:2px 0 0;font-size:9px;line-height:12px;color:#98a2b3;">'
        f'{day.day.day if (len(history) - 1 - i) % 7 == 0 else "&nbsp;"}</td>'
        for i, day in enumerate(history)
    )
    legend = " &nbsp; ".join(
        f'<span style="display:inline-block;width:9px;height:9px;background-color:{SENTIMENT_COLORS[name]};"></span> {name}'
        for name in ("negative", "neutral", "positive")
    )
    return (
        '<tr><td style="padding:16px 20px;border-top:1px solid #eaecf0;">'
        f'<p style="margin:0 0 8px;font-size:13px;line-height:18px;color:#101828;"><strong>{_h(summary)}</strong></p>'
        f'<table role="img" aria-label="{_h(summary)}" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;table-layout:fixed;">'
        f"<tr>{bars}</tr><tr>{labels}</tr></table>"
        f'<p style="margin:6px 0 0;font-size:11px;line-height:16px;color:#667085;">{legend} &nbsp;·&nbsp; '
        f'{history[0].day.day} {history[0].day:%b} – {history[-1].day.day} {history[-1].day:%b}</p>'
        "</td></tr>"
    )


def render_html(digest: Digest) -> str:
    """A complete HTML e-mail: 600px wide on a desktop, full width on a phone, inline CSS only."""
    if digest.empty:
        return ""
    title = f"Mentions for {digest.business}"
    counts = "".join(
        f'<td align="center" style="padding:8px 4px;background-color:{LEVEL_BACKGROUNDS[g.level]};border-radius:6px;" bgcolor="{LEVEL_BACKGROUNDS[g.level]}">'
        f'<span style="font-size:20px;line-height:24px;font-weight:bold;color:{LEVEL_COLORS[g.level]};">{g.total}</span><br>'
        f'<span style="font-size:12px;line-height:16px;color:{LEVEL_COLORS[g.level]};">{_h(g.title)}</span></td>'
        + ('<td width="8" style="width:8px;">&nbsp;</td>' if i < len(digest.groups) - 1 else "")
        for i, g in enumerate(digest.groups)
    )
    body = "".join(_html_group(g, digest) for g in digest.groups if g.total)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light only">'
        f"<title>{_h(title)}</title></head>\n"
        '<body style="margin:0;padding:0;background-color:#f2f4f7;-webkit-text-size-adjust:100%;">'
        f'<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">{_h(digest.summary())}</div>'
        '<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;background-color:#f2f4f7;" bgcolor="#f2f4f7">'
        '<tr><td align="center" style="padding:16px 8px;">'
        '<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="600" '
        'style="border-collapse:collapse;width:100%;max-width:600px;background-color:#ffffff;border:1px solid #eaecf0;'
        "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\" bgcolor=\"#ffffff\">"
        '<tr><td style="padding:20px 20px 12px;">'
        f'<h1 style="margin:0 0 4px;font-size:20px;line-height:26px;color:#101828;">{_h(title)}</h1>'
        f'<p style="margin:0;font-size:13px;line-height:18px;color:#667085;">{_h(_date_label(digest))} · {digest.total} new since the last digest</p>'
        "</td></tr>"
        '<tr><td style="padding:0 20px 16px;"><table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:separate;">'
        f"<tr>{counts}</tr></table></td></tr>"
        f"{body}"
        f"{render_chart_html(digest.history)}"
        '<tr><td style="padding:14px 20px;border-top:1px solid #eaecf0;font-size:12px;line-height:18px;color:#667085;">'
        f"{_h(DRAFTS_NOTE)}<br>{_h(TRIAGE_HINT)}</td></tr>"
        "</table></td></tr></table></body></html>\n"
    ).replace("</tr>", "</tr>\n")
