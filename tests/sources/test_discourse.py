"""Discourse /search.json against the documented shape."""

from __future__ import annotations

import pytest

from mentionwatch.sources.base import MissingCredential, SourceError
from tests.sources.source_fakes import Router, fetch, make, ok, run

PATH = "/forum/search.json"


def forum() -> Router:
    return Router().add(PATH, ok("discourse_page1.json"), ok("discourse_page2.json"))


def test_discourse_normalises_posts_with_their_topics() -> None:
    result = run(fetch(make("discourse", url="https://talk.example.org/forum"), forum()))
    by_id = {m.id: m for m in result.mentions}
    first = by_id["discourse:talk.example.org/forum/9619992"]
    assert first.text == "Has anyone tried Acme Widgets & their \"pro\" plan? It's <really> slow for me..."
    assert first.title == "Acme Widgets – worth it?"
    assert first.url == "https://talk.example.org/forum/t/acme-widgets-worth-it/1067663/1"
    assert (first.author.handle, first.author.name) == ("lxwh", "Lee Wong")
    assert first.author.url == "https://talk.example.org/forum/u/lxwh"
    assert (first.engagement.likes, first.engagement.replies) == (2, 2)
    reply = by_id["discourse:talk.example.org/forum/9619993"]
    assert reply.title is None and reply.author.handle is None
    assert reply.url == "https://talk.example.org/forum/t/acme-widgets-worth-it/1067663/3"


def test_discourse_pages_while_more_results_and_filters_by_date() -> None:
    router = forum()
    result = run(fetch(make("discourse", url="https://talk.example.org/forum"), router))
    assert [r.url.params["page"] for r in router.requests] == ["1", "2"]
    assert router.requests[0].url.params["q"] == "Acme Widgets order:latest after:2026-11-15"
    assert router.requests[0].headers["accept"] == "application/json"
    assert len(result.mentions) == 3


def test_discourse_base_url_wins_over_url() -> None:
    router = Router().add("/search.json", ok("discourse_page2.json"))
    run(fetch(make("discourse", url="https://talk.example.org/forum", base_url="http://127.0.0.1:8/"), router))
    assert router.requests[0].url.host == "127.0.0.1"


def test_discourse_sends_api_key_headers_for_private_forums() -> None:
    router = forum()
    source = make("discourse", {"DK": "disc-key"}, url="https://talk.example.org/forum", api_key_env="DK", api_username="system")
    source.check()
    run(fetch(source, router))
    assert (router.requests[0].headers["api-key"], router.requests[0].headers["api-username"]) == ("disc-key", "system")


def test_discourse_search_error_in_the_body_fails_the_search() -> None:
    body = {"posts": [], "topics": [], "grouped_search_result": {"error": "The search is busy, try again later.", "post_ids": []}}
    with pytest.raises(SourceError, match="refused the search: The search is busy"):
        run(fetch(make("discourse", url="https://talk.example.org"), Router().add("/search.json", ok(body))))


def test_discourse_needs_a_url_and_a_username_with_a_key() -> None:
    with pytest.raises(SourceError, match="needs url"):
        make("discourse").check()
    with pytest.raises(SourceError, match="api_username"):
        make("discourse", {"DK": "x"}, url="https://f.example", api_key_env="DK").check()
    with pytest.raises(MissingCredential):
        make("discourse", url="https://f.example", api_key_env="DK", api_username="me").check()
