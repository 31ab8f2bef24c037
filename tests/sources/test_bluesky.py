"""Bluesky: one session per run, shared by keywords, refreshed on expiry; searchPosts and getProfiles shapes."""

from __future__ import annotations

import pytest

from mentionwatch.config import SourceConfig
from mentionwatch.fetch import build_sources, fetch_all
from mentionwatch.http import HttpError
from mentionwatch.sources.base import MissingCredential, SourceError
from tests.sources.source_fakes import FAST, SINCE, Router, fetch, keyword, make, ok, run, status

SESSION = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"
SEARCH = "/xrpc/app.bsky.feed.searchPosts"
PROFILES = "/xrpc/app.bsky.actor.getProfiles"
ENV = {"BSKY_PW": "abcd-efgh-ijkl-mnop"}


def source():
    return make("bluesky", ENV, handle="@me.bsky.social", app_password_env="BSKY_PW")


def pds(*search) -> Router:
    router = Router().add(SESSION, ok("bluesky_session.json"), method="POST")
    router.add(REFRESH, ok("bluesky_refreshed.json"), method="POST")
    router.add(SEARCH, *(search or (ok("bluesky_search.json"), ok("bluesky_search_page2.json"))))
    router.add(PROFILES, ok("bluesky_profiles.json"))
    return router


def test_bluesky_signs_in_searches_and_normalises_posts() -> None:
    router = pds()
    result = run(fetch(source(), router))
    login = router.to(SESSION)[0]
    assert login.url.host == "bsky.social"
    assert login.read() == b'{"identifier":"me.bsky.social","password":"abcd-efgh-ijkl-mnop"}'
    first = router.to(SEARCH)[0]
    assert first.headers["authorization"] == "Bearer access-1"
    assert (first.url.params["q"], first.url.params["sort"], first.url.params["since"]) == ("Acme Widgets", "latest", "2026-11-15T00:00:00Z")
    assert router.to(SEARCH)[1].url.params["cursor"] == "25"
    alice, anonymous = result.mentions[1], result.mentions[0]
    assert alice.id == "bluesky:at://did:plc:abcd1234efgh5678ijkl/app.bsky.feed.post/3lxq2examplekey"
    assert alice.url == "https://bsky.app/profile/alice.bsky.social/post/3lxq2examplekey"
    assert alice.text == "Just tried the new sourdough at Acme Bakery. So good! <3 & more"  # plain text stays as written
    assert (alice.author.handle, alice.author.name, alice.author.reach, alice.author.reach_kind) == ("@alice.bsky.social", "Alice", 1520, "followers")
    assert (alice.engagement.likes, alice.engagement.replies, alice.engagement.shares) == (14, 2, 1)
    assert anonymous.author.handle is None  # handle.invalid
    assert anonymous.url == "https://bsky.app/profile/did:plc:zzzz/post/3lxq2other"
    assert anonymous.text == "Acme Bakery closed early today"  # bidi override removed
    assert router.to(PROFILES)[0].url.params.get_list("actors") == ["did:plc:zzzz", "did:plc:abcd1234efgh5678ijkl"]


def test_bluesky_creates_one_session_for_every_keyword() -> None:
    router = pds(ok({"posts": []}))
    (bsky,), _ = build_sources([SourceConfig("bluesky", options={"handle": "me.bsky.social", "app_password_env": "BSKY_PW"})], ENV)
    keywords = [keyword(q) for q in ("Acme Widgets", "acme mixer", "#acme", "Acme Bakery")]
    outcome = run(fetch_all([bsky], keywords, since=SINCE, http_settings=FAST, transport=router.transport()))
    assert outcome.failures == []
    assert len(router.to(SEARCH)) == 4
    assert len(router.to(SESSION)) == 1


def test_bluesky_refreshes_an_expired_token_once_and_retries() -> None:
    router = pds(ok("bluesky_expired.json", status=400), ok({"posts": []}))
    result = run(fetch(source(), router))
    assert result.mentions == []
    assert router.to(REFRESH)[0].headers["authorization"] == "Bearer refresh-1"
    assert [r.headers["authorization"] for r in router.to(SEARCH)] == ["Bearer access-1", "Bearer access-2"]
    assert len(router.to(SESSION)) == 1


def test_bluesky_signs_in_again_when_the_refresh_fails() -> None:
    router = Router().add(SESSION, ok("bluesky_session.json"), ok("bluesky_refreshed.json"), method="POST")
    router.add(REFRESH, status(400, b'{"error": "ExpiredToken"}'), method="POST")
    router.add(SEARCH, status(401, b'{"error": "InvalidToken"}'), ok({"posts": []}))
    run(fetch(source(), router))
    assert len(router.to(SESSION)) == 2
    assert router.to(SEARCH)[1].headers["authorization"] == "Bearer access-2"


def test_bluesky_wrong_app_password_is_one_clear_line() -> None:
    router = Router().add(SESSION, ok("bluesky_bad_login.json", status=401), method="POST")
    with pytest.raises(HttpError, match=r"Bluesky sign-in failed: Invalid identifier or password \(check handle and the app password\)"):
        run(fetch(source(), router))
    assert len(router.requests) == 1


def test_bluesky_bad_query_is_reported() -> None:
    router = pds(status(400, b'{"error": "BadQueryString", "message": "query too long"}'))
    with pytest.raises(SourceError, match=r"Bluesky rejected the request: BadQueryString \(query too long\)"):
        run(fetch(source(), router))


def test_bluesky_profile_lookup_failure_is_only_a_note() -> None:
    router = pds(ok("bluesky_search.json"), ok("bluesky_search_page2.json"))
    router.routes = [r for r in router.routes if r.path.pattern != PROFILES]
    router.add(PROFILES, status(502))
    result = run(fetch(source(), router))
    assert len(result.mentions) == 2 and all(m.author.reach is None for m in result.mentions)
    assert result.notes == ("follower counts not fetched: server error (502) after 3 tries",)


def test_bluesky_without_handle_or_password_is_skipped() -> None:
    with pytest.raises(MissingCredential, match="handle"):
        make("bluesky", ENV, app_password_env="BSKY_PW").check()
    with pytest.raises(MissingCredential, match="BSKY_PW"):
        make("bluesky", {}, handle="me.bsky.social", app_password_env="BSKY_PW").check()
