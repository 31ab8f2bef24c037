"""``mentionwatch stats`` for the terminal: a stacked bar per day by sentiment, a sparkline per intent."""

from __future__ import annotations

from typing import IO

import click

from mentionwatch.models import INTENTS, SENTIMENT_LABELS
from mentionwatch.render.digest import sparkline
from mentionwatch.stats import MentionStats

#: Without colour, each sentiment gets its own shade so the bars still read.
SENTIMENT_CHARS = {"negative": "█", "neutral": "▒", "positive": "░"}
SENTIMENT_COLORS = {"negative": "red", "neutral": "bright_black", "positive": "green"}


def _bar(counts: dict[str, int], scale: float, color: bool) -> str:
    parts = []
    for label in SENTIMENT_LABELS:
        count = counts.get(label, 0)
        if count <= 0:
            continue
        width = max(1, int(count * scale))
        if color:
            parts.append(click.style("█" * width, fg=SENTIMENT_COLORS[label]))
        else:
            parts.append(SENTIMENT_CHARS[label] * width)
    return "".join(parts)


def render_stats(stats: MentionStats, stream: IO[str], *, width: int = 80, color: bool = False) -> None:
    """Write the per-day sentiment chart and the per-intent sparklines."""
    days = stats.days
    totals = stats.sentiment_totals()
    legend = "  ".join(
        (click.style("█", fg=SENTIMENT_COLORS[label]) if color else SENTIMENT_CHARS[label]) + f" {label} {totals[label]}"
        for label in SENTIMENT_LABELS
    )
    stream.write(f"Mentions per day, last {len(days)} days: {stats.total}\n{legend}\n\n")
    top = max((d.total for d in days), default=0)
    room = max(10, width - 24)
    scale = room / top if top else 0.0
    for day in days:
        counts = {label: day.by_sentiment(label) for label in SENTIMENT_LABELS}
        bar = _bar(counts, scale, color)
        stream.write(f"{day.day:%a %d %b}  {day.total:>4}" + (f"  {bar}" if bar else "") + "\n")
    stream.write("\nBy intent, per day (oldest → newest)\n\n")
    intent_totals = stats.intent_totals()
    for intent in INTENTS:
        line = sparkline([d.by_intent(intent) for d in days])
        stream.write(f"{intent:<10} {intent_totals[intent]:>5}  {line}\n")
