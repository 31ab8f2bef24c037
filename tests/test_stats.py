"""Per-day counts by sentiment and intent, and their terminal chart."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest

from mentionwatch.models import Author, Mention, Priority, Sentiment
from mentionwatch.render.stats import render_stats
from mentionwatch.stats import mention_stats
from mentionwatch.store import Store

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=timezone.utc)


def scored(mention_id: str, days_ago: int, sentiment: str, intent: str, handle: str = "someone") -> Mention:
    return Mention(
        id=mention_id,
        source="x",
        text=f"text of {mention_id}",
        author=Author(handle=handle),
        created_at=NOW - timedelta(days=days_ago, hours=1),
        sentiment=Sentiment(0.0, sentiment, 0.5),
        intent=intent,
        priority=Priority(10, "fyi"),
    )


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        opened.record_scan(
            [
                scored("x:1", 0, "negative", "complaint", "a"),
                scored("x:2", 0, "positive", "praise", "b"),
                scored("x:3", 2, "neutral", "question", "c"),
                scored("x:4", 2, "neutral", "question", "d"),
                scored("x:5", 20, "positive", "praise", "e"),
                scored("x:6", 0, "negative", "complaint", "muted-one"),
            ],
            now=NOW,
        )
        opened.mute("muted-one", "x", NOW)
        yield opened


def test_mention_stats_counts_each_day_by_sentiment_and_intent(store: Store) -> None:
    stats = mention_stats(store, days=7, now=NOW, utc_offset=timedelta(0))
    assert [d.day for d in stats.days] == [date(2026, 11, 16) + timedelta(days=i) for i in range(7)]
    today, two_days_ago = stats.days[-1], stats.days[-3]
    assert today.by_sentiment("negative") == 1 and today.by_sentiment("positive") == 1
    assert today.by_intent("complaint") == 1 and today.by_intent("praise") == 1
    assert two_days_ago.by_intent("question") == 2 and two_days_ago.total == 2
    assert stats.total == 4  # the 20-day-old one is outside the window, the muted one is left out
    assert stats.intent_totals()["question"] == 2
    assert stats.sentiment_totals() == {"negative": 1, "neutral": 2, "positive": 1}


def test_the_chart_has_a_row_per_day_a_legend_and_a_line_per_intent(store: Store) -> None:
    out = io.StringIO()
    render_stats(mention_stats(store, days=7, now=NOW, utc_offset=timedelta(0)), out, width=60)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Mentions per day, last 7 days: 4")
    assert "█ negative 1" in lines[1] and "▒ neutral 2" in lines[1] and "░ positive 1" in lines[1]
    day_rows = [line for line in lines if line[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
    assert len(day_rows) == 7
    assert day_rows[-1].split()[3] == "2" and "█" in day_rows[-1] and "░" in day_rows[-1]
    assert any(line.startswith("question") and line.split()[1] == "2" for line in lines)
    assert all(len(line) <= 60 for line in lines)
    assert "\x1b" not in out.getvalue()


def test_the_chart_uses_colour_only_when_asked(store: Store) -> None:
    out = io.StringIO()
    render_stats(mention_stats(store, days=3, now=NOW, utc_offset=timedelta(0)), out, color=True)
    assert "\x1b[" in out.getvalue()
