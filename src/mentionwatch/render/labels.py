"""Short human labels shared by the renderers (levels, ages, authors, sentiment)."""

from __future__ import annotations

from datetime import datetime

from mentionwatch.analysis.priority import human_age, human_count
from mentionwatch.models import Mention, utcnow
from mentionwatch.text import one_line

LEVEL_TITLES = {"respond_now": "Respond now", "worth_a_look": "Worth a look", "fyi": "FYI"}
LEVEL_STYLES = {"respond_now": "bold red", "worth_a_look": "yellow", "fyi": "dim"}
SENTIMENT_STYLES = {"negative": "red", "neutral": "default", "positive": "green"}


def age_label(mention: Mention, now: datetime | None = None) -> str:
    """``3h ago`` style age, or empty when unknown."""
    if mention.created_at is None:
        return ""
    minutes = ((now or utcnow()) - mention.created_at).total_seconds() / 60
    return f"{human_age(minutes)} ago"


def author_label(mention: Mention) -> str:
    """``@handle (1.5k followers)``; safe, one line."""
    a = mention.author
    who = one_line(a.handle or a.name or "unknown")
    if a.handle and not who.startswith("@") and mention.source in ("x", "mastodon", "bluesky", "demo"):
        who = "@" + who
    if a.reach:
        who += f" ({human_count(a.reach)} {one_line(a.reach_kind) or 'followers'})"
    return who


def sentiment_label(mention: Mention) -> str:
    """``negative -0.72``."""
    s = mention.sentiment
    if s is None:
        return ""
    return f"{s.label} {s.score:+.2f}"
