"""RSS and Atom feeds: Google Alerts, a plain RSS 2.0 feed, Reddit's Atom search feed; conditional GETs."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from mentionwatch.fetch import fetch_all
from mentionwatch.sources.base import SourceError
from mentionwatch.sources.rss import entry_mention, parse_feed, unwrap_link
from tests.sources.source_fakes import FAST, SINCE, Router, fetch, fixture, keyword, make, ok, raw, run, status

ALERTS = "https://www.google.com/alerts/feeds/04175468913983673025/4428013283581841004"


def test_google_alerts_links_are_unwrapped_and_markup_removed() -> None:
    mentions, problem = parse_feed(fixture("google_alerts.xml"), ALERTS, "application/atom+xml")
    assert problem is None
    first, second = mentions
    assert first.url == "https://investorplace.com/2026/11/acme-widgets-truly-compelling/"
    assert first.title == "Acme Widgets Stock Has a Compelling Story and the Numbers to Back It Up"
    assert first.text.startswith("In the run up to the IPO for Acme Widgets Inc (NYSE:WORK), much of the news coverage centered on the Company's decision")
    assert first.author.handle is None
    assert first.created_at == datetime(2026, 11, 21, 11, 46, 48, tzinfo=timezone.utc)
    assert second.url == "https://blog.example.com/acme-review?ref=rss"
    assert second.text == "A calm review of the Acme Widgets mixer & its quirks."
    assert first.id.startswith("rss:") and first.id != second.id


def test_rss2_items_with_and_without_dates() -> None:
    mentions, _ = parse_feed(fixture("news.rss"), "https://news.example.com/feed", "application/rss+xml")
    award, undated = mentions
    assert award.text == 'Acme Widgets on Main St. took first place & a "golden whisk" …'
    assert award.author.handle == "Jo Reporter"
    assert award.created_at == datetime(2026, 11, 20, 13, 20, tzinfo=timezone.utc)  # +0100 to UTC
    assert award.url == "https://news.example.com/acme-widgets-award"
    assert undated.created_at is None
    assert undated.text == "Plain description mentioning Acme Widgets."


def test_reddit_search_feed_authors_lose_their_prefix() -> None:
    (post,) = parse_feed(fixture("reddit_search.atom"), "https://www.reddit.com/search.rss?q=acme", "application/atom+xml")[0]
    assert post.author.handle == "shopkeeper"
    assert post.text == "Has anyone had a refund from Acme Widgets?"
    assert post.url == "https://www.reddit.com/r/smallbusiness/comments/1tvs000/acme_widgets_refund/"


def test_search_feeds_are_fetched_per_branch_with_the_query_filled_in() -> None:
    router = Router().add("/rss/search", ok("news.rss"))
    source = make("rss", feeds=["https://news.google.com/rss/search?q={query}&hl=en-US&gl=US&ceid=US:en"])
    run(fetch(source, router, '"Acme Widgets" OR acmewidgets'))
    assert sorted(r.url.params["q"] for r in router.requests) == ['"Acme Widgets"', "acmewidgets"]
    assert router.requests[0].url.params["ceid"] == "US:en"
    assert "application/atom+xml" in router.requests[0].headers["accept"]


def test_fixed_feeds_are_downloaded_once_however_many_keywords() -> None:
    router = Router().add("/alerts.xml", ok("google_alerts.xml"))
    source = make("rss", feeds=["https://feeds.example/alerts.xml"])
    outcome = run(
        fetch_all([source], [keyword("Acme Widgets"), keyword("acme mixer"), keyword("#acme")], since=SINCE, http_settings=FAST, transport=router.transport())
    )
    assert len(router.requests) == 1
    assert len(outcome.mentions) == 2  # merged across keywords
    assert outcome.failures == []


def test_conditional_get_sends_validators_and_a_304_means_nothing_new() -> None:
    url = "https://feeds.example/alerts.xml"
    first = Router().add("/alerts.xml", ok("google_alerts.xml", headers={"ETag": '"v1"', "Last-Modified": "Sat, 21 Nov 2026 11:53:37 GMT"}))
    result = run(fetch(make("rss", feeds=[url]), first))
    assert json.loads(result.cursor or "") == {url: ['"v1"', "Sat, 21 Nov 2026 11:53:37 GMT"]}
    second = Router().add("/alerts.xml", status(304))
    again = run(fetch(make("rss", feeds=[url]), second, cursor=result.cursor))
    assert second.requests[0].headers["if-none-match"] == '"v1"'
    assert second.requests[0].headers["if-modified-since"] == "Sat, 21 Nov 2026 11:53:37 GMT"
    assert again.mentions == []
    assert again.cursor == result.cursor


def test_one_dead_feed_leaves_the_other_feeds() -> None:
    router = Router().add("/alerts.xml", ok("google_alerts.xml")).add("/gone.xml", status(404, b"", content_type="text/html"))
    result = run(fetch(make("rss", feeds=["https://feeds.example/alerts.xml", "https://other.example/gone.xml"]), router))
    assert len(result.mentions) == 2
    assert result.errors == ("feed other.example: not found at other.example (404): check base_url",)


def test_a_malformed_feed_with_readable_entries_is_read_leniently() -> None:
    body = b'<rss version="2.0"><channel><item><title>Acme & Co</title><description>Acme Widgets rock</description></item></channel></rss>'
    result = run(fetch(make("rss", feeds=["https://feeds.example/x.xml"]), Router().add("/x.xml", raw(body, "application/rss+xml"))))
    assert [m.text for m in result.mentions] == ["Acme Widgets rock"]
    assert "malformed feed from feeds.example" in result.notes[0]


def test_a_json_page_is_not_a_feed() -> None:
    with pytest.raises(SourceError, match=r"expected a feed but got application/json from feeds\.example"):
        parse_feed(b'{"hello": "world"}', "https://feeds.example/x", "application/json")


def test_an_empty_feed_is_fine() -> None:
    assert parse_feed(b'<rss version="2.0"><channel><title>t</title></channel></rss>', "https://f.example/", "text/xml") == ([], None)


def test_unwrap_link_only_touches_google_redirects() -> None:
    assert unwrap_link("https://www.google.com/url?rct=j&url=https://a.example/x%3Fy%3D1&ct=ga") == "https://a.example/x?y=1"
    assert unwrap_link("https://www.google.co.uk/url?q=https://b.example/") == "https://b.example/"
    assert unwrap_link("https://www.google.com/url?url=javascript:alert(1)") == "https://www.google.com/url?url=javascript:alert(1)"
    assert unwrap_link("https://evil.example/url?url=https://a.example/") == "https://evil.example/url?url=https://a.example/"


def test_entry_without_text_or_id_is_skipped() -> None:
    assert entry_mention({"title": ""}) is None


def test_rss_needs_feeds() -> None:
    with pytest.raises(SourceError, match="no feeds configured"):
        make("rss").check()
