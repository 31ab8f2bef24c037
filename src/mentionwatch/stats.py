"""Mentions per day by sentiment and intent over a window of days, from the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from mentionwatch.models import INTENTS, SENTIMENT_LABELS, utcnow
from mentionwatch.store import Store


@dataclass(frozen=True)
class DayStats:
    """One local day: how many mentions, by sentiment and by intent."""

    day: date
    sentiment: tuple[tuple[str, int], ...]
    intent: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        """All of the day's mentions."""
        return sum(n for _, n in self.sentiment)

    def by_sentiment(self, label: str) -> int:
        """The day's mentions with sentiment ``label``."""
        return dict(self.sentiment).get(label, 0)

    def by_intent(self, intent: str) -> int:
        """The day's mentions with ``intent``."""
        return dict(self.intent).get(intent, 0)


@dataclass(frozen=True)
class MentionStats:
    """Per-day counts over ``days`` local days ending today, oldest first."""

    days: tuple[DayStats, ...]

    @property
    def total(self) -> int:
        """All mentions in the window."""
        return sum(d.total for d in self.days)

    def sentiment_totals(self) -> dict[str, int]:
        """Mentions in the window per sentiment label."""
        return {label: sum(d.by_sentiment(label) for d in self.days) for label in SENTIMENT_LABELS}

    def intent_totals(self) -> dict[str, int]:
        """Mentions in the window per intent."""
        return {intent: sum(d.by_intent(intent) for d in self.days) for intent in INTENTS}


def window_bounds(now: datetime, days: int, utc_offset: timedelta) -> tuple[date, datetime, datetime]:
    """The first local day of the window and the UTC instants ``[start, end)`` it spans."""
    today = (now + utc_offset).date()
    first = today - timedelta(days=days - 1)
    start = datetime(first.year, first.month, first.day, tzinfo=timezone.utc) - utc_offset
    end = datetime(today.year, today.month, today.day, tzinfo=timezone.utc) + timedelta(days=1) - utc_offset
    return first, start, end


def mention_stats(store: Store, *, days: int = 30, now: datetime | None = None, utc_offset: timedelta | None = None) -> MentionStats:
    """Count stored, unmuted mentions per local day by sentiment and intent, over the last ``days`` days."""
    from mentionwatch.digest import local_offset

    now = now or utcnow()
    offset = local_offset(now) if utc_offset is None else utc_offset
    first, start, end = window_bounds(now, days, offset)
    sentiment: dict[date, dict[str, int]] = {first + timedelta(days=i): {} for i in range(days)}
    intent: dict[date, dict[str, int]] = {day: {} for day in sentiment}
    for row in store.daily_counts(start, end, utc_offset=offset):
        day = date.fromisoformat(row.day)
        if day not in sentiment:
            continue
        label = row.sentiment if row.sentiment in SENTIMENT_LABELS else "neutral"
        kind = row.intent if row.intent in INTENTS else "mention"
        sentiment[day][label] = sentiment[day].get(label, 0) + row.count
        intent[day][kind] = intent[day].get(kind, 0) + row.count
    return MentionStats(
        tuple(
            DayStats(
                day,
                tuple((label, sentiment[day].get(label, 0)) for label in SENTIMENT_LABELS),
                tuple((kind, intent[day].get(kind, 0)) for kind in INTENTS),
            )
            for day in sorted(sentiment)
        )
    )
