"""Priority 0-100 from intent, negativity, reach, engagement and time waiting, always with reasons."""

from __future__ import annotations

import math
from datetime import datetime

from mentionwatch.config import PriorityWeights
from mentionwatch.models import Mention, Priority, Sentiment, new_frozen

INTENT_POINTS: dict[str, int] = {
    "complaint": 45,
    "question": 35,
    "lead": 35,
    "personal": 20,
    "praise": 15,
    "mention": 5,
}


def level_for(score: int) -> str:
    """``respond_now`` (>= 70), ``worth_a_look`` (40-69) or ``fyi`` (< 40)."""
    if score >= 70:
        return "respond_now"
    if score >= 40:
        return "worth_a_look"
    return "fyi"


def human_count(n: int) -> str:
    """1520 -> ``1.5k``; 2300000 -> ``2.3M``."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f}M".replace(".0M", "M")
    if n >= 1000:
        return f"{n / 1000:.1f}k".replace(".0k", "k")
    return str(n)


def human_age(minutes: float) -> str:
    """45 -> ``45m``; 200 -> ``3h``; 3000 -> ``2d``."""
    if minutes < 60:
        return f"{max(0, int(minutes))}m"
    if minutes < 48 * 60:
        return f"{int(minutes // 60)}h"
    return f"{int(minutes // 1440)}d"


def prioritise(
    mention: Mention,
    sentiment: Sentiment,
    intent: str,
    now: datetime,
    weights: PriorityWeights | None = None,
) -> Priority:
    """Score how urgently ``mention`` needs a human answer, and say why."""
    w = weights or PriorityWeights()
    reasons: list[str] = []
    points = INTENT_POINTS.get(intent, 5) * w.intent
    reasons.append(intent)

    if sentiment.score < -0.05:
        neg = 25 * min(1.0, -sentiment.score) * w.sentiment
        points += neg
        reasons.append(f"negative ({sentiment.score:+.2f})")
    elif sentiment.score > 0.5 and intent in ("praise", "personal"):
        points += 5 * w.sentiment
        reasons.append(f"positive ({sentiment.score:+.2f})")

    reach = mention.author.reach or 0
    if reach > 0:
        # 100 followers ~ 4 points, 10k ~ 10, 1M ~ 15
        reach_points = min(15.0, 2.5 * math.log10(reach + 1)) * w.reach
        points += reach_points
        if reach >= 1000:
            kind = mention.author.reach_kind or "followers"
            reasons.append(f"author reach {human_count(reach)} {kind}" if kind != "followers" else f"author reach {human_count(reach)}")

    total = mention.engagement.total
    if total > 0:
        points += min(10.0, 3 * math.log10(total + 1)) * w.engagement
        if total >= 5:
            reasons.append(f"engagement {human_count(total)}")

    if mention.created_at is not None and intent in ("complaint", "question", "lead"):
        minutes = max(0.0, (now - mention.created_at).total_seconds() / 60)
        if minutes >= 30:
            # waiting matters most over the first day, then the chance to help fades
            if minutes <= 48 * 60:
                wait_points = min(10.0, 10 * math.log10(1 + minutes / 60) / math.log10(25)) * w.waiting
                reasons.append(f"unanswered {human_age(minutes)}")
            else:
                wait_points = -min(15.0, (minutes / 1440 - 2) * 2) * w.waiting
                reasons.append(f"old ({human_age(minutes)})")
            points += wait_points

    score = round(max(0.0, min(100.0, points)))
    # the same object as Priority(score=..., level=..., reasons=...), without the frozen __init__
    return new_frozen(Priority, {"score": score, "level": level_for(score), "reasons": tuple(reasons)})
