"""The daily digest: every mention not yet in a digest, grouped Respond now / Worth a look / FYI.

The core collects and groups; it never prints or sends. ``render/digest.py`` turns a
:class:`Digest` into text, Markdown or an HTML e-mail, and ``mail.py`` delivers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mentionwatch.models import LEVELS, Mention, utcnow
from mentionwatch.store import Store

LEVEL_TITLES = {"respond_now": "Respond now", "worth_a_look": "Worth a look", "fyi": "FYI"}
_COUNT_LABELS = {"respond_now": "respond now", "worth_a_look": "worth a look", "fyi": "FYI"}
#: How many days the digest's sentiment chart covers, today included.
HISTORY_DAYS = 30
#: Mentions shown per group; the rest are counted ("and 12 more") and still marked as digested.
DEFAULT_PER_GROUP = 15


@dataclass(frozen=True)
class DigestGroup:
    """One priority level's mentions, most urgent first."""

    level: str
    mentions: tuple[Mention, ...]
    total: int

    @property
    def title(self) -> str:
        """``Respond now``, ``Worth a look`` or ``FYI``."""
        return LEVEL_TITLES.get(self.level, self.level)

    @property
    def hidden(self) -> int:
        """How many of this group's mentions are counted but not shown."""
        return self.total - len(self.mentions)


@dataclass(frozen=True)
class DayCount:
    """Mentions posted on one local day, by sentiment."""

    day: date
    negative: int = 0
    neutral: int = 0
    positive: int = 0

    @property
    def total(self) -> int:
        """All of that day's mentions."""
        return self.negative + self.neutral + self.positive


@dataclass(frozen=True)
class Digest:
    """What one digest contains: the groups, the ids it covers and the 30-day sentiment history."""

    business: str
    generated_at: datetime
    groups: tuple[DigestGroup, ...]
    history: tuple[DayCount, ...]
    mention_ids: tuple[str, ...]

    @property
    def total(self) -> int:
        """How many mentions this digest covers."""
        return len(self.mention_ids)

    @property
    def empty(self) -> bool:
        """Nothing new since the last digest."""
        return not self.mention_ids

    def count(self, level: str) -> int:
        """How many mentions of ``level`` the digest covers."""
        return next((g.total for g in self.groups if g.level == level), 0)

    def summary(self) -> str:
        """``2 respond now · 3 worth a look · 5 FYI``: counts only, no untrusted text."""
        return " · ".join(f"{self.count(level)} {_COUNT_LABELS[level]}" for level in LEVELS)

    def subject(self, prefix: str = "mentionwatch digest") -> str:
        """The e-mail subject: the configured prefix and the counts."""
        return f"{prefix}: {self.summary()}"


def _urgency(mention: Mention) -> tuple[int, float, str]:
    score = mention.priority.score if mention.priority else 0
    created = mention.created_at.timestamp() if mention.created_at else 0.0
    return (-score, -created, mention.id)


def local_offset(now: datetime | None = None) -> timedelta:
    """This machine's current offset from UTC (days in the digest and in ``stats`` are local days)."""
    moment = (now or utcnow()).astimezone()
    return moment.utcoffset() or timedelta(0)


def sentiment_history(
    store: Store, *, now: datetime | None = None, days: int = HISTORY_DAYS, utc_offset: timedelta | None = None
) -> tuple[DayCount, ...]:
    """Mentions per local day by sentiment for the last ``days`` days, today included, oldest first."""
    from mentionwatch.stats import mention_stats

    stats = mention_stats(store, days=days, now=now, utc_offset=utc_offset)
    return tuple(
        DayCount(d.day, d.by_sentiment("negative"), d.by_sentiment("neutral"), d.by_sentiment("positive")) for d in stats.days
    )


def collect_digest(
    store: Store,
    *,
    business: str = "our business",
    now: datetime | None = None,
    per_group: int = DEFAULT_PER_GROUP,
    history_days: int = HISTORY_DAYS,
    utc_offset: timedelta | None = None,
) -> Digest:
    """Gather every open, unmuted mention not yet in a digest, grouped by level, most urgent first."""
    now = now or utcnow()
    pending = store.pending_digest(now)
    by_level: dict[str, list[Mention]] = {level: [] for level in LEVELS}
    for item in pending:
        level = item.mention.priority.level if item.mention.priority else "fyi"
        by_level.setdefault(level if level in by_level else "fyi", []).append(item.mention)
    groups = tuple(
        DigestGroup(level, tuple(sorted(mentions, key=_urgency)[:per_group]), len(mentions)) for level, mentions in by_level.items()
    )
    history = sentiment_history(store, now=now, days=history_days, utc_offset=utc_offset) if pending else ()
    return Digest(
        business=business,
        generated_at=now,
        groups=groups,
        history=history,
        mention_ids=tuple(item.mention.id for item in pending),
    )
