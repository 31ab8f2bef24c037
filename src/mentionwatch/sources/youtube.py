"""YouTube videos through the Data API v3 ``search.list`` (API key; 100 quota units per search).

The key travels in the ``X-Goog-Api-Key`` header, never in a URL, so it cannot leak into an error
message or a log line. A keyword's OR-branches go out as one query (``a|b``) to save quota; view, like
and comment counts (``videos.list``) and subscriber counts (``channels.list``) cost 1 unit each.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from typing import Any, ClassVar

from mentionwatch.http import HttpClient, HttpError, HttpResponse
from mentionwatch.models import Engagement, Mention
from mentionwatch.sources.base import FetchRequest, FetchResult, Source, SourceError
from mentionwatch.sources.common import (
    field,
    host_of,
    iso_z,
    make_mention,
    newest,
    opt_int,
    or_query,
    plain,
    plan_queries,
    when,
)
from mentionwatch.text import one_line

DEFAULT_BASE_URL = "https://www.googleapis.com/youtube/v3"
#: search.list costs 100 units of the default 10,000 a day; keep paging tight.
MAX_SEARCH_PAGES = 2


def classify(response: HttpResponse) -> str | None:
    """Quota and key errors come as 400/403 with ``error.errors[].reason``; no retry can fix them."""
    if response.status not in (400, 401, 403):
        return None
    reason = message = ""
    try:
        data = json.loads(response.content)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        error = data["error"]
        message = one_line(str(error.get("message") or ""))[:160]
        errors = error.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            reason = one_line(str(errors[0].get("reason") or ""))[:60]
    if reason in ("quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded"):
        return f"YouTube quota used up ({reason}); the default quota is 10,000 units a day, about 100 searches"
    if reason == "keyInvalid" or "api key" in message.lower():
        return f"YouTube rejected the API key ({reason or response.status}): check api_key_env"
    detail = reason or message or f"HTTP {response.status}"
    return f"YouTube refused the request: {detail}"


class YouTubeSource(Source):
    """Newest videos matching a keyword, with views, likes, comments and channel subscribers."""

    name: ClassVar[str] = "youtube"

    def check(self) -> None:
        """Needs the API key from the environment."""
        self.secret("api_key_env")

    def _headers(self) -> dict[str, str]:
        return {"X-Goog-Api-Key": self.secret("api_key_env") or "", "Accept": "application/json"}

    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        """One search for all OR-branches, then statistics for the videos and channels found."""
        base = self.base_url(DEFAULT_BASE_URL)
        queries, notes = plan_queries(request.keyword)
        mentions = newest(await self._search(http, base, or_query(queries, "|"), request), request.limit)
        extra: tuple[str, ...] = ()
        try:
            mentions = await self._with_statistics(http, base, mentions)
        except (HttpError, SourceError) as exc:
            extra = (f"view and subscriber counts not fetched: {exc}",)
        return FetchResult(mentions, notes=(*notes, *extra))

    async def _search(self, http: HttpClient, base: str, query: str, request: FetchRequest) -> list[Mention]:
        url = f"{base}/search"
        found: list[Mention] = []
        token: str | None = None
        for _ in range(MAX_SEARCH_PAGES):
            params: dict[str, Any] = {
                "part": "snippet",
                "q": query,
                "type": "video",
                "order": "date",
                "publishedAfter": iso_z(request.since),
                "maxResults": max(1, min(request.limit, 50)),
            }
            if token:
                params["pageToken"] = token
            data = (await http.get(url, params=params, headers=self._headers(), classify=classify)).json()
            items = field(data, "items", list, host_of(url))
            found.extend(m for m in (to_mention(item) for item in items) if m is not None)
            token = data.get("nextPageToken") if isinstance(data.get("nextPageToken"), str) else None
            if not token or not items or len(found) >= request.limit:
                break
        return found

    async def _with_statistics(self, http: HttpClient, base: str, mentions: list[Mention]) -> list[Mention]:
        if not mentions:
            return mentions
        video_ids = [m.id.split(":", 1)[1] for m in mentions][:50]
        channels = list(dict.fromkeys(c for c in (_channel(m) for m in mentions) if c))[:50]
        videos_data, channels_data = await asyncio.gather(
            http.get(f"{base}/videos", params={"part": "statistics", "id": ",".join(video_ids)}, headers=self._headers(), classify=classify),
            http.get(f"{base}/channels", params={"part": "statistics", "id": ",".join(channels)}, headers=self._headers(), classify=classify)
            if channels
            else _nothing(),
        )
        stats = _by_id(videos_data.json() if videos_data is not None else None)
        subs = _by_id(channels_data.json() if channels_data is not None else None)
        out = []
        for mention in mentions:
            video = stats.get(mention.id.split(":", 1)[1], {})
            if video:
                mention = mention.evolve(
                    engagement=Engagement(likes=max(0, opt_int(video.get("likeCount")) or 0), replies=max(0, opt_int(video.get("commentCount")) or 0))
                )
            channel = subs.get(_channel(mention) or "", {})
            count = opt_int(channel.get("subscriberCount"))
            if count is not None and not channel.get("hiddenSubscriberCount"):
                mention = mention.evolve(author=replace(mention.author, reach=count, reach_kind="subscribers"))
            out.append(mention)
        return out


async def _nothing() -> None:
    return None


def _by_id(data: Any) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    items = data.get("items") if isinstance(data, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and isinstance(item.get("statistics"), dict):
            result[item["id"]] = item["statistics"]
    return result


def _channel(mention: Mention) -> str | None:
    url = mention.author.url or ""
    prefix = "https://www.youtube.com/channel/"
    return url[len(prefix) :] if url.startswith(prefix) else None


def to_mention(item: Any) -> Mention | None:
    """One ``search#searchResult`` video as a mention."""
    if not isinstance(item, dict):
        return None
    raw_id, raw_snippet = item.get("id"), item.get("snippet")
    video_id = raw_id.get("videoId") if isinstance(raw_id, dict) else None
    snippet: dict[str, Any] = raw_snippet if isinstance(raw_snippet, dict) else {}
    if not isinstance(video_id, str) or not video_id.replace("-", "").replace("_", "").isalnum():
        return None
    title = plain(snippet.get("title")) or None
    text = plain(snippet.get("description")) or (title or "")
    if not text:
        return None
    channel_id = snippet.get("channelId") if isinstance(snippet.get("channelId"), str) else None
    channel_ok = channel_id is not None and channel_id.replace("-", "").replace("_", "").isalnum()
    return make_mention(
        "youtube",
        video_id,
        text=text,
        title=title,
        url=f"https://www.youtube.com/watch?v={video_id}",
        handle=plain(snippet.get("channelTitle")) or None,
        author_url=f"https://www.youtube.com/channel/{channel_id}" if channel_ok else None,
        created_at=when(snippet.get("publishedAt")),
    )
