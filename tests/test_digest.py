"""Collecting the digest: what goes in, how it is grouped and counted, and the 30-day history."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest

from mentionwatch.digest import HISTORY_DAYS, collect_digest, sentiment_history
from mentionwatch.models import Author, Mention, Priority, Reply, Sentiment
from mentionwatch.store import Store

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)


def scored(mention_id: str, level: str, score: int, *, hours_ago: float = 1, sentiment: str = "neutral", handle: str | None = None) -> Mention:
    return Mention(
        id=mention_id,
        source="x",
        text=f"post {mention_id} about Joe's Bakery",
        url=f"https://x.example/{mention_id}",
        author=Author(handle=handle or mention_id.replace(":", "_")),
        created_at=NOW - timedelta(hours=hours_ago),
        sentiment=Sentiment(0.0, sentiment, 0.5),
        intent="mention",
        priority=Priority(score, level, ("mention",)),
        reply=Reply("Thanks!"),
    )


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        yield opened


def test_nothing_new_is_an_empty_digest(store: Store) -> None:
    found = collect_digest(store, now=NOW)
    assert found.empty and found.total == 0
    assert found.history == ()


def test_mentions_are_grouped_by_level_most_urgent_first(store: Store) -> None:
    store.record_scan(
        [
            scored("x:a", "respond_now", 72, hours_ago=1),
            scored("x:b", "respond_now", 90, hours_ago=5),
            scored("x:c", "worth_a_look", 50),
            scored("x:d", "fyi", 10),
            scored("x:e", "fyi", 20),
        ],
        now=NOW,
    )
    found = collect_digest(store, business="Joe's Bakery", now=NOW)
    assert [g.level for g in found.groups] == ["respond_now", "worth_a_look", "fyi"]
    assert [[m.id for m in g.mentions] for g in found.groups] == [["x:b", "x:a"], ["x:c"], ["x:e", "x:d"]]
    assert found.count("respond_now") == 2 and found.total == 5
    assert set(found.mention_ids) == {"x:a", "x:b", "x:c", "x:d", "x:e"}


def test_a_group_shows_at_most_per_group_but_covers_and_counts_them_all(store: Store) -> None:
    store.record_scan([scored(f"x:{i}", "fyi", i) for i in range(7)], now=NOW)
    found = collect_digest(store, now=NOW, per_group=3)
    fyi = found.groups[2]
    assert [m.id for m in fyi.mentions] == ["x:6", "x:5", "x:4"]
    assert fyi.total == 7 and fyi.hidden == 4
    assert len(found.mention_ids) == 7


def test_the_subject_carries_counts_and_never_mention_text(store: Store) -> None:
    store.record_scan([scored("x:a", "respond_now", 80, handle="evil\r\nBcc: x@y.example")], now=NOW)
    found = collect_digest(store, now=NOW)
    assert found.subject("Joe's mentions") == "Joe's mentions: 1 respond now · 0 worth a look · 0 FYI"


def test_already_digested_mentions_are_not_collected_again(store: Store) -> None:
    store.record_scan([scored("x:a", "fyi", 10)], now=NOW)
    first = collect_digest(store, now=NOW)
    store.mark_digested(first.mention_ids, via="mail", now=NOW)
    assert collect_digest(store, now=NOW).empty
    store.record_scan([scored("x:b", "fyi", 10)], now=NOW + timedelta(hours=1))
    assert collect_digest(store, now=NOW + timedelta(hours=1)).mention_ids == ("x:b",)


def test_history_covers_thirty_local_days_ending_today_by_sentiment(store: Store) -> None:
    store.record_scan(
        [
            scored("x:today-neg", "fyi", 5, hours_ago=1, sentiment="negative"),
            scored("x:today-pos", "fyi", 5, hours_ago=2, sentiment="positive"),
            scored("x:week", "fyi", 5, hours_ago=24 * 7, sentiment="positive"),
            scored("x:too-old", "fyi", 5, hours_ago=24 * 40, sentiment="negative"),
        ],
        now=NOW,
    )
    history = sentiment_history(store, now=NOW, utc_offset=timedelta(0))
    assert len(history) == HISTORY_DAYS
    assert history[-1].day == date(2026, 11, 22) and history[0].day == date(2026, 10, 24)
    assert (history[-1].negative, history[-1].neutral, history[-1].positive) == (1, 0, 1)
    assert history[-8].positive == 1
    assert sum(d.total for d in history) == 3


def test_history_days_follow_the_local_offset(store: Store) -> None:
    # 06:00 UTC on the 22nd is still the 21st in UTC-8
    store.record_scan([scored("x:a", "fyi", 5, hours_ago=1)], now=NOW)
    history = sentiment_history(store, now=NOW, utc_offset=timedelta(hours=-8))
    assert history[-1].day == date(2026, 11, 21) and history[-1].total == 1
