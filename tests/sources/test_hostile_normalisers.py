"""Every source normaliser, fed API payloads a hostile server could send: no crash, nothing unsafe kept.

Payloads start from each source's documented-shape fixture; hypothesis replaces any field, at any
depth, with hostile text, wrong JSON types, absurd numbers and dates, or dangerous URLs. A normaliser
may drop an item (``None``) but never crash, and what it keeps is clean: control-free text, one-line
author labels, only http(s) URLs, UTC times, non-negative counts, storable Unicode.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timezone
from typing import Any
from xml.sax.saxutils import escape

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentionwatch.http import HttpError
from mentionwatch.models import Mention
from mentionwatch.sources import (
    bluesky,
    discourse,
    github,
    hackernews,
    mastodon,
    reddit,
    rss,
    stackexchange,
    x,
    youtube,
)
from mentionwatch.sources.base import SourceError
from mentionwatch.text import safe_url, valid_unicode
from tests.hostile import assert_terminal_safe, hostile_text, hostile_url
from tests.sources.source_fakes import CASES, Case, Reply, fetch, fixture, fixture_json, run

NORMALISER_EXAMPLES = 200
PROPERTY = settings(max_examples=NORMALISER_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_dates = st.sampled_from([
    "2026-11-21T10:15:00Z", "2026-11-21T10:15:00.123+05:30", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "2026-13-45T99:99:99Z",
    "Sat, 21 Nov 2026 10:15:00 GMT", "Mon, 32 Foo 99999 25:61:61 +9999", "", "yesterday", "1763720100", "-1", "1e400", "١٧٦٣٧٢٠١٠٠",
    "0001-01-01T00:00:00+05:30", "9999-12-31T23:59:59-05:00", "Fri, 31 Dec 9999 23:59:59 -0500", "9" * 5000,
])
_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text(),
    hostile_url(),
    _dates,
    st.just([]),
    st.just({}),
)


def mutate(template: Any) -> st.SearchStrategy[Any]:
    """Values shaped like ``template`` where any part, at any depth, may be replaced by something hostile."""
    if isinstance(template, dict):
        inner = st.fixed_dictionaries({key: mutate(value) for key, value in template.items()})
        return st.one_of(inner, inner, inner, _leaf)
    if isinstance(template, list):
        if not template:
            return st.one_of(st.just([]), _leaf)
        items = st.one_of(*(mutate(item) for item in template[:3]))
        return st.one_of(st.lists(items, max_size=3), _leaf)
    return st.one_of(st.just(template), _leaf, _leaf)


def taint(template: Any) -> st.SearchStrategy[Any]:
    """The same shape and types as ``template``, every string possibly replaced or poisoned with hostile text."""
    if isinstance(template, dict):
        return st.fixed_dictionaries({key: taint(value) for key, value in template.items()})
    if isinstance(template, list):
        return st.lists(st.one_of(*(taint(item) for item in template[:3])), min_size=1, max_size=3) if template else st.just([])
    if isinstance(template, str):
        return st.one_of(st.just(template), hostile_text().map(lambda t: template + t), hostile_text().map(lambda t: t + template), hostile_text())
    return st.just(template)


def attack(template: Any) -> st.SearchStrategy[Any]:
    """Half poisoned strings in the documented shape, half a broken shape."""
    return st.one_of(taint(template), mutate(template))


def check(mention: Mention | None, source: str) -> None:
    """A kept mention is clean in every field (or the item was dropped)."""
    if mention is None:
        return
    assert isinstance(mention, Mention)
    assert mention.source == source
    assert mention.id.startswith(f"{source}:")
    assert_terminal_safe(mention.id, allow_newlines=False)
    assert mention.text.strip()
    assert_terminal_safe(mention.text)
    if mention.title is not None:
        assert_terminal_safe(mention.title)
    for url in (mention.url, mention.author.url):
        assert url is None or safe_url(url) == url
    for label in (mention.author.handle, mention.author.name, mention.author.reach_kind):
        if label is not None:
            assert_terminal_safe(label, allow_newlines=False)
    assert mention.author.reach is None or mention.author.reach >= 0
    for moment in (mention.created_at, mention.fetched_at):
        assert moment is None or moment.utcoffset() == timezone.utc.utcoffset(None)
    assert min(mention.engagement.likes, mention.engagement.replies, mention.engagement.shares) >= 0
    json.dumps(mention.to_dict(), ensure_ascii=False).encode("utf-8")  # storable: no lone surrogates


def first(name: str, key: str | None = None) -> Any:
    data = fixture_json(name)
    items = data[key] if key else data
    return items[0] if isinstance(items, list) else items


def delivered(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Payloads as :meth:`HttpResponse.json` hands them over (lone surrogates already replaced)."""
    return strategy.map(valid_unicode)


def property_for(source: str, strategy: st.SearchStrategy[Any], normalise: Callable[[Any], Mention | None]) -> Callable[[], None]:
    @PROPERTY
    @given(delivered(strategy))
    def test(payload: Any) -> None:
        check(normalise(payload), source)

    return test


test_hackernews_hits = property_for("hackernews", attack(first("hackernews_page1.json", "hits")), hackernews.to_mention)
test_stackexchange_items = property_for("stackexchange", attack(first("stackexchange_page2.json", "items")), lambda i: stackexchange.to_mention(i, "stackoverflow"))
test_github_issues = property_for("github", attack(first("github_search.json", "items")), github.issue_mention)
test_github_comments = property_for("github", attack(first("github_comments.json")), lambda c: github.comment_mention(c, "acme/widgets", 7))
test_mastodon_statuses = property_for("mastodon", attack(first("mastodon_tag_timeline.json")), lambda s: mastodon.to_mention(s, "https://mastodon.test"))
test_reddit_children = property_for("reddit", attack(first("reddit_search_page2.json", None)["data"]["children"][0]), reddit.to_mention)
test_bluesky_posts = property_for("bluesky", attack(first("bluesky_search.json", "posts")), bluesky.to_mention)
test_youtube_items = property_for("youtube", attack(first("youtube_search.json", "items")), youtube.to_mention)


_DISCOURSE = fixture_json("discourse_page2.json")
_X = fixture_json("x_search.json")


@PROPERTY
@given(delivered(attack(_DISCOURSE["posts"][0])), delivered(attack(_DISCOURSE["topics"])))
def test_discourse_posts(post: Any, topics: Any) -> None:
    by_id = {t["id"]: t for t in topics if isinstance(t, dict) and isinstance(t.get("id"), (int, str))} if isinstance(topics, list) else {}
    check(discourse.to_mention(post, by_id, "https://forum.test"), "discourse")


@PROPERTY
@given(delivered(attack(_X["data"][0])), delivered(attack(_X["includes"])))
def test_x_posts(post: Any, includes: Any) -> None:
    check(x.to_mention(post, x._users(includes)), "x")


# ------------------------------------------------------------------ feeds: whole documents


def _xml(value: str, how: str) -> str:
    if how == "escaped":
        return escape(value)
    if how == "cdata":
        return "<![CDATA[" + value.replace("]]>", "") + "]]>"
    return value  # raw: often not even well-formed XML


_entry = st.fixed_dictionaries(
    {
        "title": hostile_text(),
        "description": hostile_text(),
        "link": hostile_url().map(lambda u: u or ""),
        "author": hostile_text(2),
        "guid": hostile_text(2),
        "pubDate": _dates,
        "how": st.sampled_from(["escaped", "cdata", "raw"]),
    }
)


def _rss(entries: list[dict[str, str]]) -> bytes:
    items = "".join(
        "<item>" + "".join(f"<{tag}>{_xml(e[tag], e['how'])}</{tag}>" for tag in ("title", "description", "link", "author", "guid", "pubDate")) + "</item>"
        for e in entries
    )
    document = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    return document.encode("utf-8", "surrogatepass")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@PROPERTY
@given(st.lists(_entry, min_size=1, max_size=3), st.sampled_from(["application/rss+xml", "text/xml", "", "text/html"]))
def test_rss_feeds(entries: list[dict[str, str]], content_type: str) -> None:
    try:
        mentions, problem = rss.parse_feed(_rss(entries), "https://feeds.test/alerts.xml", content_type)
    except SourceError as exc:
        assert_terminal_safe(str(exc), allow_newlines=False)
        return
    for mention in mentions:
        check(mention, "rss")
    if problem is not None:
        assert_terminal_safe(problem, allow_newlines=False)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@PROPERTY
@given(st.binary(max_size=400), st.sampled_from(["application/atom+xml", "application/json", ""]))
def test_rss_parser_survives_arbitrary_bytes(content: bytes, content_type: str) -> None:
    for body in (content, fixture("google_alerts.xml")[:200] + content):
        try:
            mentions, _ = rss.parse_feed(body, "https://feeds.test/a.xml", content_type)
        except SourceError:
            continue
        for mention in mentions:
            check(mention, "rss")


# ------------------------------------------------------------------ whole pages, through each source's fetch


def _page_of(case: Case) -> Any:
    response = case.primary_ok(httpx.Request(case.method, "https://fixture.test" + case.primary))
    return json.loads(response.content)


def _serve(payload: Any) -> Reply:
    body = json.dumps(payload).encode()  # NaN, Infinity and \ud800-style escapes included

    def reply(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})

    return reply


def fetch_property(name: str) -> Callable[[], None]:
    case = CASES[name]

    @settings(max_examples=PAGE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(attack(_page_of(case)))
    def test(page: Any) -> None:
        try:
            result = run(fetch(case.source(), case.router(_serve(page))))
        except (SourceError, HttpError) as exc:
            assert_terminal_safe(str(exc), allow_newlines=False)
            return
        for mention in result.mentions:
            check(mention, name)
        for line in (*result.notes, *result.errors):
            assert_terminal_safe(line, allow_newlines=False)

    test.__name__ = f"test_{name}_pages_of_hostile_json_fail_cleanly_or_yield_clean_mentions"
    return test


PAGE_EXAMPLES = 100
for _name in sorted(set(CASES) - {"rss"}):
    globals()[f"test_{_name}_pages_of_hostile_json_fail_cleanly_or_yield_clean_mentions"] = fetch_property(_name)
