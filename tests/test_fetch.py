"""fetch_all: concurrency across sources and keywords, failures that stay alone, cursors, redaction, progress."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import httpx
import pytest

from mentionwatch.config import Keyword, SourceConfig
from mentionwatch.fetch import (
    DEFAULT_LOOKBACK,
    FetchOutcome,
    SourceFailure,
    build_sources,
    fetch_all,
    pack_cursor,
    unpack_cursor,
)
from mentionwatch.http import HttpClient, HttpError
from mentionwatch.models import Mention
from mentionwatch.query import parse_query
from mentionwatch.sources.base import FetchRequest, FetchResult, Source, SourceError

NOW = datetime(2026, 11, 22, 7, 0, tzinfo=timezone.utc)


def kw(query: str) -> Keyword:
    return Keyword(query, parse_query(query))


Behaviour = Callable[["FakeSource", FetchRequest], "FetchResult"]


class FakeSource(Source):
    """A source whose fetch is a plain function; it records every request."""

    name: ClassVar[str] = "fake"

    def __init__(self, name: str, behaviour: Behaviour, env: dict[str, str] | None = None, options: dict[str, str] | None = None):
        super().__init__(SourceConfig(name, options=options or {}), env or {})
        self.name = name  # type: ignore[misc]
        self.behaviour = behaviour
        self.requests: list[FetchRequest] = []
        self.barrier: asyncio.Event | None = None
        self.arrived: list[int] | None = None
        self.expected = 0

    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        self.requests.append(request)
        if self.barrier is not None and self.arrived is not None:
            self.arrived.append(1)
            if len(self.arrived) >= self.expected:
                self.barrier.set()
            await asyncio.wait_for(self.barrier.wait(), timeout=5)
        return self.behaviour(self, request)


def mention(source: str, native: str, created: datetime | None = NOW, text: str = "Acme Widgets") -> Mention:
    return Mention(id=f"{source}:{native}", source=source, text=text, created_at=created)


def returns(*mentions: Mention, cursor: str | None = None, errors: tuple[str, ...] = (), notes: tuple[str, ...] = ()) -> Behaviour:
    return lambda source, request: FetchResult(list(mentions), cursor=cursor, errors=errors, notes=notes)


def raises(exc: Exception) -> Behaviour:
    def behaviour(source: FakeSource, request: FetchRequest) -> FetchResult:
        raise exc

    return behaviour


def run(sources: list[Source], keywords: list[Keyword], **kwargs: Any) -> FetchOutcome:
    transport = httpx.MockTransport(lambda request: httpx.Response(500))
    return asyncio.run(fetch_all(sources, keywords, now=NOW, transport=transport, **kwargs))


def test_every_source_and_keyword_is_fetched_at_the_same_time() -> None:
    arrived: list[int] = []
    sources = [FakeSource(f"s{i}", returns()) for i in range(3)]
    keywords = [kw("a"), kw("b"), kw("c"), kw("d")]

    async def go() -> FetchOutcome:
        barrier = asyncio.Event()
        for s in sources:
            s.barrier, s.arrived, s.expected = barrier, arrived, 12
        return await fetch_all(sources, keywords, now=NOW)

    outcome = asyncio.run(go())
    # all 12 fetches were in flight together, or the barrier would have timed out
    assert len(arrived) == 12
    assert outcome.failures == []


def test_one_failing_source_fails_alone_with_one_line() -> None:
    good = FakeSource("good", returns(mention("good", "1")))
    bad = FakeSource("reddit", raises(HttpError("rate-limited (429) after 3 tries")))
    outcome = run([good, bad], [kw("Acme")])
    assert [m.id for m in outcome.mentions] == ["good:1"]
    assert [str(f) for f in outcome.failures] == ["reddit: rate-limited (429) after 3 tries; skipped"]
    assert outcome.health == {"good": "ok", "reddit": "failed: rate-limited (429) after 3 tries"}
    assert ("reddit", "Acme") not in outcome.cursors


def test_a_bug_in_a_source_is_an_unexpected_error_not_a_crash() -> None:
    outcome = run([FakeSource("buggy", raises(KeyError("items")))], [kw("Acme")])
    assert str(outcome.failures[0]) == "buggy: unexpected error (KeyError: 'items'); skipped"


def test_a_source_failing_for_some_keywords_keeps_the_others() -> None:
    def flaky(source: FakeSource, request: FetchRequest) -> FetchResult:
        if request.keyword.query == "b":
            raise SourceError("timed out (15s) after 3 tries")
        return FetchResult([mention("hn", request.keyword.query)])

    outcome = run([FakeSource("hn", flaky)], [kw("a"), kw("b"), kw("c")])
    assert sorted(m.id for m in outcome.mentions) == ["hn:a", "hn:c"]
    (failure,) = outcome.failures
    assert failure.partial and str(failure) == "hn: timed out (15s) after 3 tries (1 of 3 keywords); its other results kept"
    assert outcome.health["hn"].startswith("partial: ")
    assert set(outcome.cursors) == {("hn", "a"), ("hn", "c")}


def test_partial_errors_keep_mentions_but_not_the_cursor() -> None:
    source = FakeSource("rss", returns(mention("rss", "x"), errors=("feed b.example: HTTP 503",), cursor='{"u": 1}'))
    outcome = run([source], [kw("Acme")])
    assert [m.id for m in outcome.mentions] == ["rss:x"]
    assert outcome.failures == [SourceFailure("rss", "feed b.example: HTTP 503", partial=True)]
    assert outcome.cursors == {}


def test_missing_credentials_are_skipped_not_failed() -> None:
    configs = [SourceConfig("youtube", options={"api_key_env": "YT"}), SourceConfig("hackernews")]
    sources, skipped = build_sources(configs, env={})
    assert [s.name for s in sources] == ["hackernews"]
    assert [str(s) for s in skipped] == ["youtube: credential missing: environment variable YT is not set; skipped"]
    assert skipped[0].skipped


def test_a_misconfigured_source_fails_at_build_time() -> None:
    _, failures = build_sources([SourceConfig("rss")], env={})
    assert not failures[0].skipped and "no feeds configured" in failures[0].reason


def test_since_comes_from_the_cursor_else_the_lookback() -> None:
    source = FakeSource("hn", returns())
    last = NOW - timedelta(hours=5)
    run([source], [kw("a"), kw("b")], cursors={("hn", "a"): pack_cursor(last, None)})
    since = {r.keyword.query: r.since for r in source.requests}
    assert since == {"a": last, "b": NOW - DEFAULT_LOOKBACK}


def test_an_explicit_since_wins_over_cursors() -> None:
    source = FakeSource("hn", returns())
    when = NOW - timedelta(days=2)
    outcome = run([source], [kw("a")], since=when, cursors={("hn", "a"): pack_cursor(NOW - timedelta(hours=1), None)})
    assert source.requests[0].since == when
    assert outcome.cursors[("hn", "a")] == "2026-11-22T07:00:00Z"  # it covered everything since the last run


def test_a_narrow_since_does_not_skip_what_the_cursor_still_owes() -> None:
    source = FakeSource("hn", returns())
    stored = pack_cursor(NOW - timedelta(days=3), None)
    outcome = run([source], [kw("a"), kw("b")], since=NOW - timedelta(hours=1), cursors={("hn", "a"): stored})
    assert outcome.cursors == {}


def test_source_state_round_trips_through_the_cursor() -> None:
    source = FakeSource("rss", returns(cursor='{"https://f.example/": ["etag", null]}'))
    outcome = run([source], [kw("a")])
    stored = outcome.cursors[("rss", "a")]
    assert json.loads(stored)["since"] == "2026-11-22T07:00:00Z"
    again = FakeSource("rss", returns())
    run([again], [kw("a")], cursors={("rss", "a"): stored})
    assert again.requests[0].cursor == '{"https://f.example/": ["etag", null]}'
    assert again.requests[0].since == NOW


def test_unpack_cursor_tolerates_old_and_broken_values() -> None:
    assert unpack_cursor("2026-11-20T00:00:00Z") == (datetime(2026, 11, 20, tzinfo=timezone.utc), None)
    assert unpack_cursor("{not json") == (None, None)
    assert unpack_cursor('{"since": 5, "state": 7}') == (None, None)
    assert unpack_cursor(None) == (None, None)


def test_old_mentions_are_dropped_and_duplicates_merged() -> None:
    old = mention("hn", "old", NOW - timedelta(days=30))
    undated = mention("hn", "undated", None)
    a = FakeSource("hn", returns(mention("hn", "1"), old, undated))
    outcome = run([a], [kw("x"), kw("y")])
    assert [m.id for m in outcome.mentions] == ["hn:1", "hn:undated"]
    assert all(m.fetched_at == NOW for m in outcome.mentions)
    assert all(not m.keywords and not m.matched for m in outcome.mentions)


def test_secrets_never_reach_failure_lines_or_notes() -> None:
    def leaky(source: FakeSource, request: FetchRequest) -> FetchResult:
        source.secret("token_env")
        raise SourceError("server said: bad token tok-SECRET-123 for you")

    def chatty(source: FakeSource, request: FetchRequest) -> FetchResult:
        source.secret("token_env")
        return FetchResult([], notes=("key tok-SECRET-123 is low",))

    source = FakeSource("x", leaky, env={"T": "tok-SECRET-123"}, options={"token_env": "T"})
    noisy = FakeSource("y", chatty, env={"T": "tok-SECRET-123"}, options={"token_env": "T"})
    outcome = run([source, noisy], [kw("a")])
    assert str(outcome.failures[0]) == "x: server said: bad token *** for you; skipped"
    assert outcome.notes == ["y: key *** is low"]


def test_progress_is_reported_once_per_task() -> None:
    seen: list[tuple[int, int, str]] = []
    run([FakeSource("a", returns()), FakeSource("b", raises(SourceError("no")))], [kw("k1"), kw("k2")], progress=lambda d, t, label: seen.append((d, t, label)))
    assert sorted(d for d, _, _ in seen) == [1, 2, 3, 4]
    assert {t for _, t, _ in seen} == {4}
    assert {label for _, _, label in seen} == {"a · k1", "a · k2", "b · k1", "b · k2"}


@pytest.mark.parametrize("reason", ["line one\nline two", "x" * 1000])
def test_failure_reasons_are_one_bounded_line(reason: str) -> None:
    outcome = run([FakeSource("a", raises(SourceError(reason)))], [kw("k")])
    text = str(outcome.failures[0])
    assert "\n" not in text and len(text) < 340
