"""Reddit OAuth (app-only token) and search listings against the documented Listing/t3 shape."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta, timezone

import pytest

from mentionwatch.http import HttpError
from mentionwatch.sources.base import MissingCredential, SourceError
from mentionwatch.sources.reddit import time_window
from tests.sources.source_fakes import Router, fetch, make, ok, run, status

TOKEN = "/api/v1/access_token"
ENV = {"R_ID": "client-id", "R_SECRET": "client-secret"}


def source(**options):
    return make("reddit", ENV, client_id_env="R_ID", client_secret_env="R_SECRET", **options)


def reddit(*search) -> Router:
    router = Router().add(TOKEN, ok("reddit_token.json"), method="POST")
    router.add(r"/(r/[^/]+/)?search", *(search or (ok("reddit_search.json"), ok("reddit_search_page2.json"))))
    return router


def test_reddit_gets_an_app_token_with_basic_auth() -> None:
    router = reddit()
    run(fetch(source(username="shop_owner"), router))
    token = router.to(TOKEN)[0]
    assert token.url.host == "www.reddit.com"
    assert token.headers["authorization"] == "Basic " + base64.b64encode(b"client-id:client-secret").decode()
    assert token.read() == b"grant_type=client_credentials"
    assert token.headers["user-agent"] == "cli:mentionwatch:0.1.0 (by /u/shop_owner)"
    search = router.requests[1]
    assert search.url.host == "oauth.reddit.com"
    assert search.headers["authorization"] == "bearer reddit-token-1"
    assert (search.url.params["q"], search.url.params["sort"], search.url.params["raw_json"]) == ("Acme Widgets", "new", "1")


def test_reddit_normalises_posts_and_deleted_authors() -> None:
    result = run(fetch(source(), reddit()))
    by_id = {m.id: m for m in result.mentions}
    ama = by_id["reddit:t3_1tvsa59"]
    assert ama.title == "Hi r/smallbusiness, Acme Widgets AMA & questions"
    assert ama.text == ama.title  # a link post
    assert ama.url == "https://www.reddit.com/r/redditstock/comments/1tvsa59/hi_redditstock_leave_your_questions_and_well_be/"
    assert (ama.author.handle, ama.author.url) == ("spez", "https://www.reddit.com/user/spez")
    assert (ama.engagement.likes, ama.engagement.replies) == (98, 25)
    assert ama.created_at == datetime.fromtimestamp(1795300000, timezone.utc)
    refund = by_id["reddit:t3_1tvs000"]
    assert refund.text == "Ordered 3 weeks ago,\n\n**still** nothing. <not html>"
    assert refund.author.handle is None and refund.author.url is None


def test_reddit_pages_with_after_and_restricts_to_subreddits() -> None:
    router = reddit()
    result = run(fetch(source(subreddits=("smallbusiness", "r/Portland")), router))
    searches = router.requests[1:]
    assert [r.url.path for r in searches] == ["/r/smallbusiness+Portland/search"] * 2
    assert searches[0].url.params["restrict_sr"] == "1"
    assert searches[1].url.params["after"] == "t3_1tvs000"
    assert len(result.mentions) == 3


def test_reddit_renews_a_rejected_token_once() -> None:
    router = Router().add(TOKEN, ok("reddit_token.json"), ok({"access_token": "reddit-token-2"}), method="POST")
    router.add("/search", status(401, b'{"message": "Unauthorized", "error": 401}'), ok("reddit_search_page2.json"))
    result = run(fetch(source(), router))
    assert len(result.mentions) == 1
    assert [r.headers["authorization"] for r in router.to("/search")] == ["bearer reddit-token-1", "bearer reddit-token-2"]


def test_reddit_bad_credentials_are_one_clear_line() -> None:
    router = Router().add(TOKEN, status(401, b'{"message": "Unauthorized", "error": 401}'), method="POST")
    with pytest.raises(HttpError, match=r"Reddit refused the app credentials \(401\)"):
        run(fetch(source(), router))


def test_reddit_429_after_three_tries_reads_like_the_issue_says() -> None:
    router = reddit(status(429, headers={"x-ratelimit-remaining": "0.0", "x-ratelimit-reset": "0", "x-ratelimit-used": "1000"}))
    with pytest.raises(HttpError) as caught:
        run(fetch(source(), router))
    assert str(caught.value) == "rate-limited (429) after 3 tries"


def test_reddit_time_window_covers_since() -> None:
    now = datetime(2026, 11, 22, tzinfo=timezone.utc)
    assert time_window(now - timedelta(minutes=30), now) == "hour"
    assert time_window(now - timedelta(days=7), now) == "week"
    assert time_window(now - timedelta(days=8), now) == "month"
    assert time_window(now - timedelta(days=900), now) == "all"


def test_reddit_needs_both_credentials_and_valid_subreddits() -> None:
    with pytest.raises(MissingCredential, match="R_SECRET"):
        make("reddit", {"R_ID": "x"}, client_id_env="R_ID", client_secret_env="R_SECRET").check()
    with pytest.raises(SourceError, match="subreddits"):
        source(subreddits=("no spaces",)).check()
