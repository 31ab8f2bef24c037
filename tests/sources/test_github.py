"""GitHub issue search and issue comments against the documented shapes."""

from __future__ import annotations

import pytest

from mentionwatch.http import HttpError
from mentionwatch.sources.base import SourceError
from tests.sources.source_fakes import Router, fetch, fixture_json, make, ok, run, status

SEARCH = "/search/issues"
COMMENTS = "/repos/hrydgard/ppsspp/issues/997/comments"


def router() -> Router:
    return Router().add(SEARCH, ok("github_search.json")).add(COMMENTS, ok("github_comments.json"))


def test_github_searches_issues_and_pull_requests_separately_and_serially() -> None:
    r = router()
    run(fetch(make("github"), r, '"Acme Widgets" OR acmewidgets'))
    queries = [req.url.params["q"] for req in r.to(SEARCH)]
    assert len(queries) == 2
    assert {q.split(" is:")[1].split()[0] for q in queries} == {"issue", "pull-request"}
    assert all(q.startswith('"Acme Widgets" OR acmewidgets is:') and "updated:>=2026-11-15T00:00:00Z" in q for q in queries)
    headers = r.requests[0].headers
    assert headers["accept"] == "application/vnd.github+json"
    assert headers["x-github-api-version"] == "2022-11-28"
    assert "authorization" not in headers


def test_github_normalises_issues_and_strips_template_comments() -> None:
    result = run(fetch(make("github", types=("pull-request",)), router()))
    by_id = {m.id: m for m in result.mentions}
    pr = by_id["github:hrydgard/ppsspp#997"]
    assert pr.title == "Acme Widgets codec makes sceMpeg basically workable"
    assert pr.text == "I use the Acme Widgets decoder for video & audio.\n\n- works on PC"
    assert pr.url == "https://github.com/hrydgard/ppsspp/pull/997"
    assert pr.author.handle == "oioitff" and pr.author.url == "https://github.com/oioitff"
    assert (pr.engagement.likes, pr.engagement.replies) == (4, 2)
    # created before the window: only its new comments count
    assert "github:acme/widgets#12" not in by_id


def test_github_fetches_new_comments_of_updated_threads() -> None:
    r = router()
    result = run(fetch(make("github", types=("issue",)), r))
    comment = next(m for m in result.mentions if m.id == "github:hrydgard/ppsspp#997-comment-1500000001")
    assert comment.text == "Tested with **Acme Widgets** 2.1 and it works."
    assert comment.url == "https://github.com/hrydgard/ppsspp/pull/997#issuecomment-1500000001"
    ghost = next(m for m in result.mentions if m.id.endswith("comment-1500000002"))
    assert ghost.author.handle is None  # "ghost" is GitHub's deleted user
    assert r.to(COMMENTS)[0].url.params["since"] == "2026-11-15T00:00:00Z"
    assert not r.to("/repos/acme/widgets/issues/12/comments")  # no comments there


def test_github_can_skip_comments() -> None:
    r = router()
    run(fetch(make("github", comments=False), r))
    assert not r.to(COMMENTS)


def test_github_sends_the_token_as_bearer() -> None:
    r = router()
    run(fetch(make("github", {"GH": "ghp_secret"}, token_env="GH", types=("issue",)), r))
    assert {req.headers["authorization"] for req in r.requests} == {"Bearer ghp_secret"}


def test_github_comment_failure_is_a_note_not_a_failure() -> None:
    r = Router().add(SEARCH, ok("github_search.json")).add(COMMENTS, status(404, b'{"message": "Not Found"}'))
    result = run(fetch(make("github", types=("issue",)), r))
    assert [m.id for m in result.mentions] == ["github:hrydgard/ppsspp#997"]
    assert result.errors == ()
    assert result.notes == ("comments of hrydgard/ppsspp#997 not fetched: not found at api.github.com (404): check base_url",)


def test_github_422_says_what_github_said() -> None:
    r = Router().add(SEARCH, ok("github_422.json", status=422))
    with pytest.raises(HttpError, match=r"GitHub rejected the search \(422\): Query must include 'is:issue'"):
        run(fetch(make("github", types=("issue",)), r))


def test_github_pages_until_total_count() -> None:
    page = fixture_json("github_search.json")
    page["total_count"] = 3
    r = Router().add(SEARCH, ok(page), ok({"total_count": 3, "items": []}))
    run(fetch(make("github", types=("issue",), comments=False), r, limit=2))
    assert [req.url.params["page"] for req in r.to(SEARCH)] == ["1", "2"]
    assert r.to(SEARCH)[0].url.params["per_page"] == "2"


def test_github_rejects_an_unknown_type() -> None:
    with pytest.raises(SourceError, match="types"):
        make("github", types=("discussion",)).check()
