"""Hacker News (Algolia search_by_date) against its documented response shape."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from mentionwatch.http import HttpError
from mentionwatch.sources.base import SourceError
from tests.sources.source_fakes import SINCE, Router, fetch, fixture_json, make, ok, raw, run, status

PATH = "/api/v1/search_by_date"


def two_pages() -> Router:
    return Router().add(PATH, ok("hackernews_page0.json"), ok("hackernews_page1.json"))


def test_hackernews_normalises_stories_and_comments() -> None:
    result = run(fetch(make("hackernews"), two_pages()))
    by_id = {m.id: m for m in result.mentions}
    story = by_id["hackernews:47257803"]
    assert story.title == "Relicensing Acme Widgets with AI-Assisted Rewrite"
    assert story.text == story.title  # a link story has no text of its own
    assert story.url == "https://news.ycombinator.com/item?id=47257803"
    assert story.author.handle == "tuananh"
    assert story.author.url == "https://news.ycombinator.com/user?id=tuananh"
    assert story.created_at == datetime(2026, 11, 20, 5, 7, 33, tzinfo=timezone.utc)
    assert (story.engagement.likes, story.engagement.replies) == (70, 57)
    comment = by_id["hackernews:47258999"]
    assert comment.title is None  # the story's title is not the comment's words
    assert comment.text == 'We switched to Acme Widgets last year & support has been great.\nWould "recommend" / 10'
    assert comment.engagement.likes == 0


def test_hackernews_drops_script_and_keeps_comments_by_deleted_authors() -> None:
    result = run(fetch(make("hackernews"), two_pages()))
    by_id = {m.id: m for m in result.mentions}
    orphan = by_id["hackernews:47259000"]
    assert orphan.text == "Acme Widgets broke again for me"
    assert orphan.author.handle is None and orphan.author.url is None
    assert "hackernews:47259001" not in by_id  # a deleted comment has no text


def test_hackernews_follows_pages_up_to_nbpages() -> None:
    router = two_pages()
    result = run(fetch(make("hackernews"), router))
    assert [r.url.params["page"] for r in router.to(PATH)] == ["0", "1"]
    ask = next(m for m in result.mentions if m.id == "hackernews:47250000")
    assert ask.title == "Ask HN: Anyone using Acme Widgets?"
    assert ask.text == "Thinking about Acme Widgets for our shop.\n\nOpinions?"


def test_hackernews_sends_query_tags_and_time_filter() -> None:
    router = two_pages()
    run(fetch(make("hackernews"), router))
    params = router.to(PATH)[0].url.params
    assert params["query"] == "Acme Widgets"
    assert params["tags"] == "(story,comment)"
    assert params["numericFilters"] == f"created_at_i>{int(SINCE.timestamp())}"
    assert router.requests[0].url.host == "hn.algolia.com"


def test_hackernews_appends_its_path_to_a_base_url_with_a_prefix() -> None:
    router = Router().add("/proxy/hn" + PATH, ok("hackernews_page1.json"))
    result = run(fetch(make("hackernews", base_url="http://127.0.0.1:9/proxy/hn/"), router))
    assert [m.id for m in result.mentions] == ["hackernews:47250000"]
    assert router.requests[0].url.host == "127.0.0.1"


def test_hackernews_searches_each_or_branch_once() -> None:
    single_page = {**fixture_json("hackernews_page1.json"), "page": 0, "nbPages": 1}
    router = Router().add(PATH, ok(single_page))
    result = run(fetch(make("hackernews", tags=("story",)), router, '"Acme Widgets" OR acmewidgets -recipe'))
    assert sorted(r.url.params["query"] for r in router.to(PATH)) == ['"Acme Widgets"', "acmewidgets"]
    assert {r.url.params["tags"] for r in router.requests} == {"story"}
    assert len(result.mentions) == 1  # the same hit from both branches is one mention


def test_hackernews_stops_paging_at_the_limit() -> None:
    router = two_pages()
    result = run(fetch(make("hackernews"), router, limit=2))
    assert len(router.requests) == 1
    assert len(result.mentions) == 2
    assert router.requests[0].url.params["hitsPerPage"] == "2"


def test_hackernews_rejects_a_tag_that_is_not_a_tag() -> None:
    with pytest.raises(SourceError, match="tags"):
        make("hackernews", tags=("story,comment",)).check()


def test_hackernews_branches_failing_alike_are_reported_once() -> None:
    router = Router().add(PATH, status(503, headers={"Retry-After": "0"}))
    with pytest.raises(HttpError) as caught:
        run(fetch(make("hackernews"), router, "acme OR widgets"))
    assert str(caught.value) == "server error (503) after 3 tries"


def test_hackernews_branches_failing_differently_are_labelled() -> None:
    def reply(request):
        if request.url.params["query"] == "acme":
            return status(404)(request)
        return raw(b"<html></html>", "text/html")(request)

    with pytest.raises(SourceError) as caught:
        run(fetch(make("hackernews"), Router().add(PATH, reply), "acme OR widgets"))
    assert str(caught.value) == "acme: not found at hn.algolia.com (404): check base_url (and 1 more)"
