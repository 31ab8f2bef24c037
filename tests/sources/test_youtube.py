"""YouTube search.list, videos.list and channels.list against the documented shapes; the key stays secret."""

from __future__ import annotations

import pytest

from mentionwatch.http import HttpError
from mentionwatch.sources.base import MissingCredential
from tests.sources.source_fakes import Router, fetch, make, ok, run, status

KEY = "AIzaSyEXAMPLEKEY-123"


def source():
    return make("youtube", {"YT": KEY}, api_key_env="YT")


def youtube(search=None) -> Router:
    router = Router().add("/youtube/v3/search", search or ok("youtube_search.json"))
    router.add("/youtube/v3/videos", ok("youtube_videos.json")).add("/youtube/v3/channels", ok("youtube_channels.json"))
    return router


def test_youtube_searches_once_with_all_branches_and_the_key_in_a_header() -> None:
    router = youtube()
    run(fetch(source(), router, '"Acme Widgets" OR acmewidgets'))
    (search,) = router.to("/youtube/v3/search")
    params = search.url.params
    assert params["q"] == '"Acme Widgets"|acmewidgets'
    assert (params["type"], params["order"], params["publishedAfter"], params["part"]) == ("video", "date", "2026-11-15T00:00:00Z", "snippet")
    assert all(r.headers["x-goog-api-key"] == KEY for r in router.requests)
    assert all(KEY not in str(r.url) for r in router.requests)


def test_youtube_normalises_videos_with_statistics_and_subscribers() -> None:
    router = youtube()
    (video,) = run(fetch(source(), router)).mentions  # the channel result is not a video
    assert video.id == "youtube:hmdaG1GeglI"
    assert video.url == "https://www.youtube.com/watch?v=hmdaG1GeglI"
    assert video.title == "Unboxing Acme Widgets & why I'm returning them"
    assert video.text == "This is how I set up my Acme Widgets at 15 years old! …"
    assert (video.author.handle, video.author.url) == ("Teen & Books", "https://www.youtube.com/channel/UC6YyIqvJYIqfGLdHXzIMeww")
    assert (video.author.reach, video.author.reach_kind) == (4100, "subscribers")
    assert (video.engagement.likes, video.engagement.replies) == (87, 14)
    assert router.to("/youtube/v3/videos")[0].url.params["id"] == "hmdaG1GeglI"


def test_youtube_quota_exceeded_fails_at_once_without_the_key() -> None:
    router = youtube(ok("youtube_quota.json", status=403))
    with pytest.raises(HttpError) as caught:
        run(fetch(source(), router))
    assert str(caught.value) == "YouTube quota used up (quotaExceeded); the default quota is 10,000 units a day, about 100 searches"
    assert len(router.requests) == 1


def test_youtube_invalid_key_is_named_as_such() -> None:
    body = b'{"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.", "errors": [{"reason": "badRequest"}]}}'
    with pytest.raises(HttpError, match=r"YouTube rejected the API key \(badRequest\): check api_key_env"):
        run(fetch(source(), youtube(status(400, body))))


def test_youtube_statistics_failure_is_only_a_note() -> None:
    router = Router().add("/youtube/v3/search", ok("youtube_search.json")).add("/youtube/v3/(videos|channels)", status(503))
    result = run(fetch(source(), router))
    assert [m.id for m in result.mentions] == ["youtube:hmdaG1GeglI"]
    assert result.notes[0].startswith("view and subscriber counts not fetched: server error (503)")


def test_youtube_needs_a_key() -> None:
    with pytest.raises(MissingCredential, match="no credential configured: set api_key_env"):
        make("youtube").check()
