"""X recent search against the documented shape; bearer auth; usage caps."""

from __future__ import annotations

import pytest

from mentionwatch.http import HttpError
from mentionwatch.sources.base import SourceError
from tests.sources.source_fakes import Router, fetch, fixture_json, make, ok, run

PATH = "/2/tweets/search/recent"


def source(**options):
    return make("x", {"XT": "AAAA-bearer"}, bearer_token_env="XT", **options)


def test_x_sends_one_query_for_all_branches_with_the_bearer_token() -> None:
    router = Router().add(PATH, ok("x_search.json"), ok("x_search_page2.json"))
    run(fetch(source(), router, '"Acme Widgets" OR acmewidgets'))
    first, second = router.requests
    assert first.url.host == "api.x.com"
    assert first.headers["authorization"] == "Bearer AAAA-bearer"
    assert first.url.params["query"] == '("Acme Widgets" OR acmewidgets) -is:retweet'
    assert first.url.params["expansions"] == "author_id"
    assert first.url.params["start_time"] >= "2026-11-15T00:00:00Z"
    assert second.url.params["next_token"] == "b26v89c19zqg8o3fpzbn1e0ffhxjiofzw6po136rvbnul"


def test_x_normalises_posts_with_their_authors() -> None:
    router = Router().add(PATH, ok("x_search.json"), ok("x_search_page2.json"))
    result = run(fetch(source(), router))
    dev, anonymous = result.mentions
    assert dev.id == "x:1578516068309794817"
    assert dev.text == "Acme Widgets & their support > everyone else"
    assert dev.url == "https://x.com/XDevelopers/status/1578516068309794817"
    assert (dev.author.handle, dev.author.name, dev.author.reach) == ("@XDevelopers", "Developers", 583000)
    assert (dev.engagement.likes, dev.engagement.replies, dev.engagement.shares) == (9, 1, 3)
    assert anonymous.author.handle is None  # not in includes.users
    assert anonymous.url == "https://x.com/i/web/status/1578515564971970560"


def test_x_reads_at_most_max_posts() -> None:
    page = fixture_json("x_search.json")
    router = Router().add(PATH, ok(page))
    result = run(fetch(source(max_posts=10), router))
    assert router.requests[0].url.params["max_results"] == "10"
    assert len(router.requests) <= 3 and len(result.mentions) <= 10


def test_x_usage_cap_is_not_retried() -> None:
    router = Router().add(PATH, ok("x_usage_cap.json", status=429))
    with pytest.raises(HttpError, match="X usage cap reached: Usage cap exceeded: Monthly product cap"):
        run(fetch(source(), router))
    assert len(router.requests) == 1


def test_x_query_is_cut_to_512_characters_with_a_note() -> None:
    words = " OR ".join(f"word{i:03d}" + "x" * 100 for i in range(5))
    router = Router().add(PATH, ok({"meta": {"result_count": 0}}))
    result = run(fetch(source(), router, words))
    assert len(router.requests[0].url.params["query"]) <= 512
    assert "left out" in result.notes[-1]


def test_x_rejects_a_silly_max_posts() -> None:
    with pytest.raises(SourceError, match="max_posts"):
        source(max_posts=5).check()
