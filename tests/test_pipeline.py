"""Ranking in the scan pipeline: most urgent first, the same whether kept in memory, in a heap or spooled to disk."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from mentionwatch.models import Author, Mention, Priority, Reply, Sentiment
from mentionwatch.pipeline import SpooledMentions, rank, rank_key

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)


def scored(i: int, rng: random.Random) -> Mention:
    """A scored mention with deliberately many ties in priority and time, so the id decides."""
    score = rng.choice([10, 45, 45, 80])
    return Mention(
        id=f"m{rng.randint(0, 10**6):07d}-{i}",
        source="jsonl",
        text=f"mention {i} with ünïcode ✓",
        author=Author(handle=f"user{i}", reach=i),
        created_at=NOW - timedelta(minutes=rng.choice([5, 60, 60, 600])),
        sentiment=Sentiment(-0.5, "negative", 0.7),
        intent="complaint",
        priority=Priority(score, "respond_now" if score >= 70 else "worth_a_look" if score >= 40 else "fyi", ("complaint", f"#{i}")),
        reply=Reply(f"Hi user{i}, sorry.", ("alt",), 280),
    )


@pytest.fixture
def mentions() -> list[Mention]:
    rng = random.Random(7)
    return [scored(i, rng) for i in range(300)]


def test_rank_orders_by_priority_then_newest_then_id(mentions: list[Mention]) -> None:
    ranked = rank(mentions)
    assert list(ranked) == sorted(mentions, key=rank_key)
    scores = [m.priority.score for m in ranked if m.priority]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("limit", [None, 1, 7, 299, 300, 1000])
@pytest.mark.parametrize("spill_after", [0, 10, 299, 300, 10_000])
def test_rank_gives_the_same_answer_in_memory_in_a_heap_and_spooled(mentions: list[Mention], limit: int | None, spill_after: int) -> None:
    expected = sorted(mentions, key=rank_key)[:limit]
    assert list(rank(iter(mentions), limit, spill_after=spill_after)) == expected


def test_rank_spools_beyond_the_threshold_and_keeps_everything_intact(mentions: list[Mention]) -> None:
    ranked = rank(iter(mentions), spill_after=50)
    assert isinstance(ranked, SpooledMentions)
    expected = sorted(mentions, key=rank_key)
    assert len(ranked) == len(expected)
    assert ranked[0] == expected[0]
    assert ranked[-1] == expected[-1]
    assert ranked[10:13] == expected[10:13]
    assert list(ranked) == expected
    assert list(ranked) == expected, "a spooled ranking can be read more than once"
    assert ranked[5].reply == expected[5].reply
    with pytest.raises(IndexError):
        ranked[len(expected)]
    ranked.close()


def test_spooled_mentions_honours_the_limit(mentions: list[Mention]) -> None:
    spooled = SpooledMentions(iter(mentions), limit=25)
    assert len(spooled) == 25
    assert list(spooled) == sorted(mentions, key=rank_key)[:25]


def test_rank_of_nothing_is_empty() -> None:
    assert list(rank([])) == []
    assert list(rank([], 5)) == []
    assert len(SpooledMentions([])) == 0
