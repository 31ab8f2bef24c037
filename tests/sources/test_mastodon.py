"""Mastodon hashtag timelines (keyless) and status search (token) against the documented Status shape."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from mentionwatch.http import HttpError
from mentionwatch.sources.base import SourceError
from mentionwatch.sources.mastodon import hashtag
from tests.sources.source_fakes import Router, fetch, fixture_json, make, ok, run, status

INSTANCE = "https://mastodon.example"


def test_mastodon_follows_hashtags_derived_from_the_keyword_without_a_token() -> None:
    router = Router().add(r"/api/v1/timelines/tag/.*", ok("mastodon_tag_timeline.json"))
    query = '"Acme Widgets" OR #acme OR best sourdough bread in portland'
    result = run(fetch(make("mastodon", instance=INSTANCE, hashtags=("Portland",)), router, query))
    (request,) = router.requests
    assert request.url.path == "/api/v1/timelines/tag/acmewidgets"
    assert request.url.params.get_list("any[]") == ["acme", "portland"]
    assert request.url.params["limit"] == "40"
    assert "authorization" not in request.headers
    assert len(result.mentions) == 2  # the boost and the boosted post are one


def test_mastodon_normalises_statuses_and_unwraps_boosts() -> None:
    router = Router().add(r"/api/v1/timelines/tag/.*", ok("mastodon_tag_timeline.json"))
    result = run(fetch(make("mastodon", instance=INSTANCE), router))
    by_id = {m.id: m for m in result.mentions}
    eugen = by_id["mastodon:https://mastodon.social/users/Gargron/statuses/103270115826048975"]
    assert eugen.text == '"I lost my order with one wrong digit" says an @acme customer\n\n… #AcmeWidgets'
    assert eugen.url == "https://mastodon.social/@Gargron/103270115826048975"
    assert (eugen.author.handle, eugen.author.name) == ("@Gargron@mastodon.example", "Eugen")
    assert (eugen.author.reach, eugen.author.reach_kind) == (322930, "followers")
    assert (eugen.engagement.likes, eugen.engagement.replies, eugen.engagement.shares) == (11, 5, 8)
    assert eugen.created_at == datetime(2026, 11, 20, 3, 48, 33, tzinfo=timezone.utc)
    boosted = by_id["mastodon:https://fosstodon.org/users/baker/statuses/1130"]
    assert boosted.author.handle == "@baker@fosstodon.org"
    assert boosted.author.name is None  # blank display name
    assert boosted.title == "food & drink"  # the content warning
    assert boosted.text == "Loving my new #AcmeWidgets mixer 🍰"


def test_mastodon_searches_full_text_with_a_token() -> None:
    router = Router().add("/api/v2/search", ok("mastodon_search.json"))
    router.add(r"/api/v1/timelines/tag/.*", ok([]))
    result = run(fetch(make("mastodon", {"MT": "tok"}, instance=INSTANCE, token_env="MT"), router))
    search = router.to("/api/v2/search")[0]
    assert (search.url.params["q"], search.url.params["type"]) == ("Acme Widgets", "statuses")
    assert search.headers["authorization"] == "Bearer tok"
    assert [m.author.reach for m in result.mentions] == [322930]


def test_mastodon_pages_back_with_max_id_until_older_than_since() -> None:
    page = fixture_json("mastodon_tag_timeline.json")
    full = [dict(page[2], id=str(200 - i), uri=f"https://m.example/s/{i}") for i in range(40)]
    router = Router().add(r"/api/v1/timelines/tag/.*", ok(full), ok([]))
    run(fetch(make("mastodon", instance=INSTANCE), router))
    assert [r.url.params.get("max_id") for r in router.requests] == [None, "161"]


def test_mastodon_notes_a_keyword_it_cannot_follow() -> None:
    router = Router()
    result = run(fetch(make("mastodon", instance=INSTANCE), router, "best sourdough bread in portland -recipe"))
    assert router.requests == []
    assert result.mentions == []
    assert "no hashtag to follow" in result.notes[0]


def test_mastodon_login_only_hashtag_feeds_say_so() -> None:
    router = Router().add(r"/api/v1/timelines/tag/.*", status(401, b'{"error": "This API requires an authenticated user"}'))
    with pytest.raises(HttpError, match=r"hashtag timelines on mastodon\.example need a login \(401\); set token_env"):
        run(fetch(make("mastodon", instance=INSTANCE), router))


def test_mastodon_more_than_four_tags_go_out_in_chunks() -> None:
    router = Router().add(r"/api/v1/timelines/tag/.*", ok([]))
    run(fetch(make("mastodon", instance=INSTANCE, hashtags=("a1", "b2", "c3", "d4", "e5")), router))
    assert sorted(r.url.path.rsplit("/", 1)[1] for r in router.requests) == ["acmewidgets", "d4"]


def test_mastodon_needs_an_instance() -> None:
    with pytest.raises(SourceError, match="base_url"):
        make("mastodon").check()


def test_hashtag_of_a_phrase() -> None:
    assert hashtag("Joe's Bakery") == "joesbakery"
    assert hashtag("#Café") == "café"
    assert hashtag("2026") is None
