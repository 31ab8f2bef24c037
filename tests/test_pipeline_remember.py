"""The scan pipeline with a store: everything fetched is remembered, triage and --new decide what shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from mentionwatch.config import Config, parse_config
from mentionwatch.fetch import FetchOutcome, SourceFailure
from mentionwatch.models import Author, Mention
from mentionwatch.pipeline import ScanError, ScanOptions, parse_duration, scan_mentions, scan_sources
from mentionwatch.store import Store

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)

CONFIG = parse_config(
    r"""
[business]
name = "Joe's Bakery"
signature = "Sam"
contact = "hello@joes.example"

[[keywords]]
query = "\"Joe's Bakery\""
"""
)


def raw(mention_id: str, text: str, *, handle: str = "alice", source: str = "x", url: str | None = None) -> Mention:
    """An unscored mention as a source yields it."""
    return Mention(
        id=mention_id,
        source=source,
        text=text,
        url=url or f"https://example.com/{mention_id}",
        author=Author(handle=handle),
        created_at=NOW - timedelta(hours=2),
    )


MENTIONS = [
    raw("x:1", "Joe's Bakery lost my order and nobody answers. Still waiting for a refund!", handle="angry"),
    raw("x:2", "Does Joe's Bakery open on Sundays?", handle="curious"),
    raw("x:3", "Lovely croissant at Joe's Bakery this morning", handle="happy"),
    raw("x:4", "No keyword here at all", handle="other"),
]


@pytest.fixture
def store() -> Iterator[Store]:
    with Store.open(":memory:") as opened:
        yield opened


def ids(mentions: list[Mention]) -> set[str]:
    return {m.id for m in mentions}


def test_every_matching_mention_is_stored_and_reported_as_new(store: Store) -> None:
    result = scan_mentions(MENTIONS, CONFIG, ScanOptions(), now=NOW, store=store)
    assert ids(result.mentions) == {"x:1", "x:2", "x:3"}
    assert all(m.status == "new" for m in result.mentions)
    assert result.stats.stored_new == 3
    assert store.counts()["total"] == 3


def test_new_only_shows_nothing_reported_before(store: Store) -> None:
    first = scan_mentions(MENTIONS[:2], CONFIG, ScanOptions(new_only=True), now=NOW, store=store)
    store.mark_reported([m.id for m in first.mentions], NOW)
    second = scan_mentions(MENTIONS, CONFIG, ScanOptions(new_only=True), now=NOW, store=store)
    assert ids(second.mentions) == {"x:3"}
    assert second.stats.seen_before == 2
    everything = scan_mentions(MENTIONS, CONFIG, ScanOptions(), now=NOW, store=store)
    assert {m.id: m.status for m in everything.mentions} == {"x:1": "seen", "x:2": "seen", "x:3": "new"}


def test_done_ignored_snoozed_and_muted_mentions_never_come_back(store: Store) -> None:
    scan_mentions(MENTIONS, CONFIG, ScanOptions(), now=NOW, store=store)
    store.set_status(["x:1"], "done", NOW)
    store.set_status(["x:2"], "ignored", NOW)
    store.snooze(["x:3"], NOW + timedelta(days=1), NOW)
    store.mute("sneaky", "x", NOW)
    later = [*MENTIONS, raw("x:9", "Joe's Bakery is overrated, buy from me instead", handle="sneaky")]
    result = scan_mentions(later, CONFIG, ScanOptions(), now=NOW + timedelta(hours=1), store=store)
    assert result.mentions == []
    assert result.stats.triaged == 3 and result.stats.muted == 1
    woken = scan_mentions(later, CONFIG, ScanOptions(new_only=True), now=NOW + timedelta(days=1, minutes=1), store=store)
    assert ids(woken.mentions) == {"x:3"}


def test_mentions_below_min_priority_or_past_the_limit_are_still_stored_as_new(store: Store) -> None:
    result = scan_mentions(MENTIONS, CONFIG, ScanOptions(min_priority=70, limit=1), now=NOW, store=store)
    assert len(result.mentions) <= 1
    assert store.counts()["new"] == 3
    store.mark_reported([m.id for m in result.mentions], NOW)
    rest = scan_mentions(MENTIONS, CONFIG, ScanOptions(new_only=True), now=NOW, store=store)
    assert len(rest.mentions) == 3 - len(result.mentions)


def test_the_same_post_from_two_sources_in_one_scan_is_shown_once(store: Store) -> None:
    url = "https://blog.example.com/best-bakeries"
    twice = [
        raw("rss:a1", "The best bakeries: Joe's Bakery tops the list", handle="blogger", source="rss", url=url),
        raw("hackernews:5", "The best bakeries: Joe's Bakery tops the list", handle="poster", source="hackernews", url=url + "/"),
    ]
    result = scan_mentions(twice, CONFIG, ScanOptions(), now=NOW, store=store)
    assert ids(result.mentions) == {"rss:a1"}
    assert result.stats.duplicates == 1


def test_scan_sources_stores_what_was_fetched_and_reports_failures(store: Store) -> None:
    fetched = FetchOutcome(mentions=MENTIONS[:1], failures=[SourceFailure("rss", "timed out")], health={"x": "ok", "rss": "failed: timed out"})
    result = scan_sources(CONFIG, ScanOptions(), fetched=fetched, now=NOW, store=store)
    assert result.partial
    assert [m.id for m in result.mentions] == ["x:1"]
    assert store.get("x:1") is not None


def test_without_a_store_the_scan_behaves_as_before() -> None:
    result = scan_mentions(MENTIONS, Config(keywords=CONFIG.keywords), ScanOptions(min_priority=0), now=NOW)
    assert ids(result.mentions) == {"x:1", "x:2", "x:3"}


@pytest.mark.parametrize(("text", "expected"), [("30m", timedelta(minutes=30)), ("4h", timedelta(hours=4)), ("2d", timedelta(days=2)), ("1w", timedelta(weeks=1))])
def test_parse_duration_reads_minutes_hours_days_and_weeks(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "0d", "tomorrow", "-2d", "99999999999w"])
def test_parse_duration_rejects_what_it_cannot_read(text: str) -> None:
    with pytest.raises(ScanError):
        parse_duration(text)
