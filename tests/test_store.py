"""The SQLite store: migrations, upsert and dedupe, triage state, digests, cursors, errors and locks."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from mentionwatch.models import Author, Engagement, Match, Mention, Priority, Reply, Sentiment
from mentionwatch.store import (
    APPLICATION_ID,
    MIGRATIONS,
    AmbiguousMention,
    Migration,
    Store,
    StoreBusy,
    StoreError,
    StoreMissing,
    UnknownMention,
    author_key,
    decode_mention,
    encode_mention,
    lock_path,
    near_identical,
    normalise_text,
    run_lock,
    url_key,
)

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)


def make_mention(
    mention_id: str,
    text: str = "Joe's Bakery burnt my toast again",
    *,
    source: str = "x",
    handle: str | None = "alice",
    url: str | None = None,
    level: str = "worth_a_look",
    score: int = 50,
    sentiment: str = "negative",
    intent: str = "complaint",
    created_at: datetime | None = None,
    keywords: tuple[str, ...] = ("Joe's Bakery",),
) -> Mention:
    """A fully scored mention, as the pipeline would store it."""
    return Mention(
        id=mention_id,
        source=source,
        text=text,
        url=url if url is not None else f"https://example.com/{mention_id.replace(':', '/')}",
        author=Author(handle=handle, name="Alice Example", reach=120, reach_kind="followers"),
        created_at=created_at or NOW - timedelta(hours=1),
        fetched_at=NOW,
        keywords=keywords,
        matched=(Match(keywords[0], (0, 5)),) if keywords else (),
        engagement=Engagement(likes=2, replies=1, shares=0),
        sentiment=Sentiment(-0.5 if sentiment == "negative" else 0.5 if sentiment == "positive" else 0.0, sentiment, 0.8),
        intent=intent,
        priority=Priority(score, level, ("complaint", "negative (-0.50)")),
        reply=Reply("Hi Alice, sorry!\n– Sam", ("Alt one", "Alt two"), 280),
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "mentionwatch.db"


@pytest.fixture
def store(db_path: Path) -> Any:
    with Store.open(db_path) as opened:
        yield opened


def _schema(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as raw:
        return sorted(raw.execute("SELECT type, name, sql FROM sqlite_master").fetchall(), key=lambda r: (r[0], r[1]))


# ---------------------------------------------------------------- opening and migrations


def test_open_creates_the_directory_the_file_and_every_migration(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert [m.version for m in store.migrations()] == [m.version for m in MIGRATIONS]
        assert store.schema_version() == MIGRATIONS[-1].version
        assert store.pragma("user_version") == len(MIGRATIONS)
        assert store.pragma("application_id") == APPLICATION_ID
    assert db_path.exists()


def test_store_uses_wal_and_a_busy_timeout(db_path: Path) -> None:
    with Store.open(db_path, busy_timeout=7.5) as store:
        assert store.pragma("journal_mode") == "wal"
        assert store.pragma("busy_timeout") == 7500


def test_migrations_applied_twice_change_nothing(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.record_scan([make_mention("x:1")], now=NOW)
        first = store.migrations()
    schema = _schema(db_path)
    with Store.open(db_path) as store:
        assert store.migrations() == first
        assert store.get("x:1") is not None
    with Store.open(db_path) as store:
        assert store.migrations() == first
    assert _schema(db_path) == schema


def test_a_new_migration_is_applied_once_on_top_of_an_existing_store(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.record_scan([make_mention("x:1")], now=NOW)
    extra = (*MIGRATIONS, Migration(len(MIGRATIONS) + 1, "notes", ("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",)))
    with Store.open(db_path, migrations=extra) as store:
        assert [m.name for m in store.migrations()][-1] == "notes"
        assert store.get("x:1") is not None
    with Store.open(db_path, migrations=extra) as store:
        assert len(store.migrations()) == len(extra)


def test_migrations_must_be_numbered_in_order() -> None:
    broken = (MIGRATIONS[0], Migration(3, "skipped a number", ()))
    with pytest.raises(ValueError, match="expected 2"):
        Store.open(":memory:", migrations=broken)


def test_a_store_written_by_a_newer_version_is_refused(db_path: Path) -> None:
    with Store.open(db_path):
        pass
    with sqlite3.connect(db_path) as raw:
        raw.execute("INSERT INTO schema_migrations VALUES (99, 'future', 0)")
    with pytest.raises(StoreError, match="newer mentionwatch"):
        Store.open(db_path)


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    content = b"these are my notes, not a database\n" * 200
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a usable mentionwatch store"):
        Store.open(path)
    assert path.read_bytes() == content
    assert not (tmp_path / "notes.db-wal").exists()


def test_a_corrupt_store_is_refused_and_left_untouched(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.record_scan([make_mention(f"x:{i}") for i in range(50)], now=NOW)
    data = bytearray(db_path.read_bytes())
    data[0:16] = b"garbage garbage!"
    db_path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as info:
        Store.open(db_path)
    assert "\n" not in str(info.value)
    assert db_path.read_bytes() == bytes(data)


def test_another_applications_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE contacts (name TEXT)")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_directory_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(tmp_path)


def test_open_without_create_reports_a_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreMissing):
        Store.open(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0, reason="root ignores file permissions")
def test_an_unwritable_store_gives_one_clear_error(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.record_scan([make_mention("x:1")], now=NOW)
    for extra in db_path.parent.glob("mentionwatch.db-*"):
        extra.unlink()
    db_path.chmod(0o444)
    db_path.parent.chmod(0o555)
    try:
        with pytest.raises(StoreError) as info, Store.open(db_path) as store:
            store.set_status(["x:1"], "done", NOW)
        assert str(db_path) in str(info.value)
        assert "\n" not in str(info.value)
    finally:
        db_path.parent.chmod(0o755)
        db_path.chmod(0o644)


def test_a_locked_store_waits_for_the_busy_timeout_then_fails_clearly(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.record_scan([make_mention("x:1")], now=NOW)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(db_path, busy_timeout=0.2) as store, pytest.raises(StoreBusy, match="busy"):
            store.set_status(["x:1"], "done", NOW)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store.open(db_path) as store:
        item = store.get("x:1")
        assert item is not None and item.mention.status == "new"


# ---------------------------------------------------------------- keys and encoding


def test_stored_json_round_trips_every_field() -> None:
    mention = make_mention("x:1")
    assert decode_mention(encode_mention(mention)) == mention


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.Example.com/post/1/", "http://example.com/post/1"),
        ("https://example.com/p?id=3&utm_source=feed", "https://example.com/p?id=3"),
        ("https://example.com/p?fbclid=abc", "https://example.com/p"),
    ],
)
def test_url_key_treats_cosmetic_differences_as_the_same_post(a: str, b: str) -> None:
    assert url_key(a) == url_key(b)


def test_url_key_keeps_fragments_and_queries_that_name_different_posts() -> None:
    assert url_key("https://github.com/o/r/issues/1#issuecomment-1") != url_key("https://github.com/o/r/issues/1#issuecomment-2")
    assert url_key("https://news.ycombinator.com/item?id=1") != url_key("https://news.ycombinator.com/item?id=2")
    assert url_key("javascript:alert(1)") is None
    assert url_key(None) is None


def test_author_key_normalises_handles_and_names() -> None:
    assert author_key("@Joe@mastodon.social") == "joe"
    assert author_key("JoesBakery") == "joesbakery"
    assert author_key(None, "  Jane   Doe ") == "jane doe"
    assert author_key(None, None) == ""


def test_near_identical_ignores_case_punctuation_and_links_but_not_different_words() -> None:
    a = normalise_text("Loved the sourdough at Joe's Bakery today!! https://t.co/abc")
    b = normalise_text("loved the sourdough at joe's bakery today https://bit.ly/xyz")
    assert near_identical(a, b)
    c = normalise_text("Loved the sourdough at Joe's Bakery today, but the coffee was cold")
    assert near_identical(a, normalise_text("Loved the sourdough at Joe's Bakery today!")) and not near_identical(a, c)
    assert not near_identical("", "")


# ---------------------------------------------------------------- upsert and dedupe


def test_upsert_keeps_first_seen_updates_last_seen_and_merges_keywords(store: Store) -> None:
    store.record_scan([make_mention("x:1", keywords=("Joe's Bakery",))], now=NOW)
    later = NOW + timedelta(hours=2)
    again = make_mention("x:1", keywords=("sourdough",), score=75, level="respond_now")
    [result] = store.record_scan([again], now=later)
    assert not result.inserted
    item = store.get("x:1")
    assert item is not None
    assert item.first_seen == NOW
    assert item.last_seen == later
    assert item.mention.keywords == ("Joe's Bakery", "sourdough")
    assert item.mention.priority is not None and item.mention.priority.score == 75


def test_upsert_never_resets_triage_state(store: Store) -> None:
    store.record_scan([make_mention("x:1")], now=NOW)
    store.set_status(["x:1"], "done", NOW)
    [result] = store.record_scan([make_mention("x:1")], now=NOW + timedelta(hours=1))
    assert result.mention.status == "done"


def test_the_same_url_through_two_sources_is_one_mention(store: Store) -> None:
    url = "https://news.example.com/joes-bakery-review"
    first, second = store.record_scan(
        [
            make_mention("rss:aaa", "Review: Joe's Bakery is the best", source="rss", handle=None, url=url),
            make_mention("hackernews:9", "Joe's Bakery review", source="hackernews", handle="bob", url=url + "?utm_source=hn", keywords=("sourdough",)),
        ],
        now=NOW,
    )
    assert first.mention.id == second.mention.id == "rss:aaa"
    assert store.counts()["total"] == 1
    item = store.get("hackernews:9")
    assert item is not None and item.mention.id == "rss:aaa"
    assert item.mention.keywords == ("Joe's Bakery", "sourdough")


def test_the_same_author_with_near_identical_text_is_one_mention_across_sources(store: Store) -> None:
    store.record_scan([make_mention("mastodon:1", "Joe's Bakery has the BEST cardamom buns in town! #pdx", source="mastodon", handle="@alice@pdx.social")], now=NOW)
    [second] = store.record_scan(
        [make_mention("bluesky:7", "joe's bakery has the best cardamom buns in town", source="bluesky", handle="alice", url="https://bsky.app/p/7")],
        now=NOW + timedelta(minutes=5),
    )
    assert second.mention.id == "mastodon:1"
    assert store.counts()["total"] == 1
    assert store.resolve("bluesky:7") == "mastodon:1"


def test_different_authors_or_different_texts_stay_separate(store: Store) -> None:
    store.record_scan(
        [
            make_mention("x:1", "Joe's Bakery has the best cardamom buns in town", handle="alice"),
            make_mention("x:2", "Joe's Bakery has the best cardamom buns in town", handle="bob"),
            make_mention("x:3", "Joe's Bakery lost my order and nobody answers the phone", handle="alice"),
        ],
        now=NOW,
    )
    assert store.counts()["total"] == 3


def test_same_author_same_text_far_apart_in_time_are_two_mentions(store: Store) -> None:
    store.record_scan([make_mention("x:1", "Happy Friday from Joe's Bakery regulars", created_at=NOW - timedelta(days=30))], now=NOW)
    store.record_scan([make_mention("x:2", "Happy Friday from Joe's Bakery regulars", created_at=NOW)], now=NOW)
    assert store.counts()["total"] == 2


def test_a_failed_record_scan_stores_none_of_its_mentions(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = make_mention("x:2")
    original = store._upsert

    def explode(mention: Mention, ts: int) -> Any:
        if mention.id == "x:2":
            raise sqlite3.OperationalError("disk I/O error")
        return original(mention, ts)

    monkeypatch.setattr(store, "_upsert", explode)
    with pytest.raises(StoreError):
        store.record_scan([make_mention("x:1"), bad], now=NOW)
    monkeypatch.undo()
    assert store.counts()["total"] == 0


# ---------------------------------------------------------------- triage


def test_resolve_accepts_exact_ids_and_unique_prefixes(store: Store) -> None:
    store.record_scan([make_mention("hackernews:41234567"), make_mention("demo:x:2", "other text entirely here", handle="b"), make_mention("demo:x:21", "third text that differs", handle="c")], now=NOW)
    assert store.resolve("hackernews:4123") == "hackernews:41234567"
    assert store.resolve("demo:x:2") == "demo:x:2"
    with pytest.raises(AmbiguousMention) as info:
        store.resolve("demo:x")
    assert set(info.value.candidates) == {"demo:x:2", "demo:x:21"}
    with pytest.raises(UnknownMention):
        store.resolve("reddit:")


def test_triage_states_survive_reopening_the_store(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.record_scan([make_mention(f"x:{i}", f"post number {i} about Joe's Bakery", handle=f"u{i}") for i in range(5)], now=NOW)
        store.set_status(["x:0"], "done", NOW)
        store.set_status(["x:1"], "ignored", NOW)
        store.snooze(["x:2"], NOW + timedelta(days=2), NOW)
        store.mute("u3", "x", NOW)
    with Store.open(db_path) as store:
        status = {i: store.get(f"x:{i}") for i in range(5)}
        assert status[0] is not None and status[0].mention.status == "done"
        assert status[1] is not None and status[1].mention.status == "ignored"
        assert status[2] is not None and status[2].mention.status == "snoozed"
        assert status[2].snoozed_until == NOW + timedelta(days=2)
        assert status[3] is not None and status[3].muted
        assert [i.mention.id for i in store.inbox(now=NOW)] == ["x:4"]


def test_a_snoozed_mention_comes_back_as_new_when_its_time_is_up(store: Store) -> None:
    store.record_scan([make_mention("x:1")], now=NOW)
    store.mark_digested(["x:1"], via="mail", now=NOW)
    store.snooze(["x:1"], NOW + timedelta(days=2), NOW)
    assert store.inbox(now=NOW + timedelta(days=1)) == []
    assert store.pending_digest(NOW + timedelta(days=1)) == []
    woken = store.inbox(now=NOW + timedelta(days=2, minutes=1))
    assert [i.mention.status for i in woken] == ["new"]
    assert [i.mention.id for i in store.pending_digest(NOW + timedelta(days=2, minutes=1))] == ["x:1"]


def test_mute_hides_stored_and_future_mentions_of_that_author_on_that_source_only(store: Store) -> None:
    store.record_scan([make_mention("x:1", handle="@spammer"), make_mention("reddit:1", "a different post on reddit", source="reddit", handle="spammer")], now=NOW)
    assert store.mute("@Spammer", "x", NOW) == 1
    [future] = store.record_scan([make_mention("x:2", "brand new spam about Joe's Bakery", handle="spammer")], now=NOW)
    assert future.muted
    assert [i.mention.id for i in store.inbox(now=NOW)] == ["reddit:1"]
    assert store.unmute("spammer", "x") == 2
    assert len(store.inbox(now=NOW)) == 3


def test_mute_on_every_source(store: Store) -> None:
    store.record_scan([make_mention("x:1", handle="troll"), make_mention("reddit:1", "another post entirely", source="reddit", handle="troll")], now=NOW)
    assert store.mute("troll", "*", NOW) == 2
    assert store.inbox(now=NOW) == []
    assert store.author_sources("@troll") == ["reddit", "x"]


def test_inbox_orders_by_level_then_newest_and_filters(store: Store) -> None:
    store.record_scan(
        [
            make_mention("x:old-urgent", "urgent but older post", handle="a", level="respond_now", score=80, created_at=NOW - timedelta(hours=5)),
            make_mention("x:new-urgent", "urgent and newer post", handle="b", level="respond_now", score=75, created_at=NOW - timedelta(hours=1)),
            make_mention("x:fyi", "just a passing mention", handle="c", level="fyi", score=10, created_at=NOW),
            make_mention("reddit:look", "worth a look on reddit", source="reddit", handle="d", level="worth_a_look", created_at=NOW),
        ],
        now=NOW,
    )
    assert [i.mention.id for i in store.inbox(now=NOW)] == ["x:new-urgent", "x:old-urgent", "reddit:look", "x:fyi"]
    assert [i.mention.id for i in store.inbox(levels=["fyi"], now=NOW)] == ["x:fyi"]
    assert [i.mention.id for i in store.inbox(sources=["reddit"], now=NOW)] == ["reddit:look"]
    store.set_status(["x:fyi"], "done", NOW)
    assert [i.mention.id for i in store.inbox(statuses=["done"], now=NOW)] == ["x:fyi"]
    assert len(store.inbox(limit=2, now=NOW)) == 2


def test_mark_reported_only_changes_new_mentions(store: Store) -> None:
    store.record_scan([make_mention("x:1"), make_mention("x:2", "another one", handle="z")], now=NOW)
    store.set_status(["x:2"], "done", NOW)
    assert store.mark_reported(["x:1", "x:2"], NOW) == 1
    one, two = store.get("x:1"), store.get("x:2")
    assert one is not None and one.mention.status == "seen"
    assert two is not None and two.mention.status == "done"


# ---------------------------------------------------------------- digests


def test_pending_digest_leaves_out_done_ignored_snoozed_muted_and_digested(store: Store) -> None:
    store.record_scan([make_mention(f"x:{i}", f"distinct post {i}", handle=f"u{i}") for i in range(6)], now=NOW)
    store.set_status(["x:0"], "done", NOW)
    store.set_status(["x:1"], "ignored", NOW)
    store.snooze(["x:2"], NOW + timedelta(days=1), NOW)
    store.mute("u3", "x", NOW)
    store.mark_digested(["x:4"], via="mail", now=NOW)
    assert [i.mention.id for i in store.pending_digest(NOW)] == ["x:5"]


def test_mark_digested_never_marks_a_mention_twice(store: Store) -> None:
    store.record_scan([make_mention("x:1"), make_mention("x:2", "second post", handle="b")], now=NOW)
    first = store.mark_digested(["x:1", "x:2"], via="mail", now=NOW, recipients=["a@example.org"], message_id="<1@example.org>")
    second = store.mark_digested(["x:1", "x:2"], via="mail", now=NOW)
    digests = {d[0]: d[3] for d in store.digests()}
    assert digests == {first: 2, second: 0}
    item = store.get("x:1")
    assert item is not None and item.digest_id == first and item.digested_at == NOW
    assert item.mention.status == "seen"


def test_daily_counts_group_by_local_day_sentiment_and_intent(store: Store) -> None:
    store.record_scan(
        [
            make_mention("x:1", "one", handle="a", sentiment="negative", created_at=datetime(2026, 11, 21, 23, 30, tzinfo=timezone.utc)),
            make_mention("x:2", "two", handle="b", sentiment="positive", intent="praise", created_at=datetime(2026, 11, 22, 1, 0, tzinfo=timezone.utc)),
        ],
        now=NOW,
    )
    start, end = datetime(2026, 11, 20, tzinfo=timezone.utc), datetime(2026, 11, 23, tzinfo=timezone.utc)
    utc = {(c.day, c.sentiment, c.intent): c.count for c in store.daily_counts(start, end)}
    assert utc == {("2026-11-21", "negative", "complaint"): 1, ("2026-11-22", "positive", "praise"): 1}
    plus_two = {c.day for c in store.daily_counts(start, end, utc_offset=timedelta(hours=2))}
    assert plus_two == {"2026-11-22"}


# ---------------------------------------------------------------- indexes (the 1M-mention benchmark relies on them)


def _plan(store: Store, sql: str, params: tuple[Any, ...] = ()) -> str:
    return " | ".join(store.explain(sql, params))


def test_the_digest_query_uses_its_partial_index(store: Store) -> None:
    sql = (
        "SELECT id FROM mentions INDEXED BY mentions_undigested WHERE digest_id IS NULL AND muted = 0 "
        "AND status IN ('new', 'seen') ORDER BY level_rank, created_at DESC"
    )
    assert "mentions_undigested" in _plan(store, sql)
    store.pending_digest(NOW)  # the real query must be accepted by SQLite with that index forced


def test_inbox_new_lookup_and_stats_queries_use_indexes(store: Store) -> None:
    inbox = _plan(store, "SELECT id FROM mentions WHERE status = ? AND muted = ? AND level_rank = ? ORDER BY created_at DESC LIMIT 50", ("new", 0, 0))
    assert "mentions_inbox" in inbox and "SCAN mentions" not in inbox and "TEMP B-TREE" not in inbox
    count = _plan(store, "SELECT count(*) FROM mentions WHERE status = ? AND muted = 0", ("seen",))
    assert "COVERING INDEX mentions_inbox" in count
    by_id = _plan(store, "SELECT status FROM mentions WHERE id = ?", ("x:1",))
    assert "USING INDEX" in by_id or "PRIMARY KEY" in by_id
    stats = _plan(
        store,
        "SELECT (created_at + ?) / 86400, sentiment, intent, count(*) "
        "FROM mentions WHERE created_at >= ? AND created_at < ? AND muted = 0 GROUP BY 1, 2, 3",
        (0, 0, 1),
    )
    assert "COVERING INDEX mentions_day" in stats
    reported = _plan(store, "UPDATE mentions SET status = 'seen' WHERE id IN (?, ?) AND +status = 'new'", ("a", "b"))
    assert "mentions_inbox" not in reported
    author = _plan(store, "SELECT id FROM mentions WHERE author_key = ? AND author_key <> '' AND created_at BETWEEN ? AND ?", ("a", 0, 1))
    assert "mentions_author" in author
    url = _plan(store, "SELECT id FROM mentions WHERE url_key = ? LIMIT 1", ("example.com/a",))
    assert "mentions_url" in url


# ---------------------------------------------------------------- run locks


def test_run_lock_makes_a_second_holder_wait_then_give_up_naming_the_holder(db_path: Path) -> None:
    with Store.open(db_path):
        pass
    with run_lock(db_path, "digest", wait=0):
        with pytest.raises(StoreBusy, match=r"another 'mentionwatch digest' is running \(pid \d+"), run_lock(db_path, "digest", wait=0.2):
            pass
        with run_lock(db_path, "scan", wait=0):
            pass  # locks are per run name
    with run_lock(db_path, "digest", wait=0):
        pass  # released on exit
    assert lock_path(db_path, "digest").exists()


def test_run_lock_waits_for_the_holder_to_finish(db_path: Path) -> None:
    with Store.open(db_path):
        pass
    released = threading.Event()
    order: list[str] = []

    def holder() -> None:
        with run_lock(db_path, "scan", wait=0):
            order.append("first in")
            released.wait(5)
            order.append("first out")

    thread = threading.Thread(target=holder)
    thread.start()
    while not order:
        threading.Event().wait(0.01)
    timer = threading.Timer(0.2, released.set)
    timer.start()
    with run_lock(db_path, "scan", wait=10):
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]


def _hold_and_die(path: str, ready: Any) -> None:
    import os

    from mentionwatch.store import run_lock as lock

    with lock(Path(path), "digest", wait=0):
        ready.set()
        os._exit(0)  # a crash: no cleanup, no unlock


def test_a_crashed_holder_never_blocks_the_next_run(db_path: Path) -> None:
    with Store.open(db_path):
        pass
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    process = context.Process(target=_hold_and_die, args=(str(db_path), ready))
    process.start()
    process.join(30)
    assert ready.is_set()
    with run_lock(db_path, "digest", wait=0):
        pass


def test_an_in_memory_store_needs_no_lock_file() -> None:
    with Store.open(":memory:") as store, store.run_lock("scan"):
        store.record_scan([make_mention("x:1")], now=NOW)
        assert store.get("x:1") is not None


def test_a_data_directory_that_cannot_be_created_gives_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data directory should be")
    with pytest.raises(StoreError, match="cannot create the data directory"):
        Store.open(blocker / "data" / "mentionwatch.db")


def test_sqlite_write_errors_become_one_line_store_errors(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def readonly(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(store, "_upsert", readonly)
    with pytest.raises(StoreError, match=r"cannot write to the store \(attempt to write a readonly database\); check") as info:
        store.record_scan([make_mention("x:1")], now=NOW)
    assert not isinstance(info.value, StoreBusy)
