"""X (Twitter) posts through API v2 recent search (app bearer token; pay-per-use since February 2026).

Reads are billed per post returned, so each keyword reads at most ``max_posts`` posts a run (default
50), retweets are excluded, and the time window starts at the last successful fetch.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any, ClassVar

from mentionwatch.http import HttpClient, HttpResponse
from mentionwatch.models import Mention, utcnow
from mentionwatch.sources.base import FetchRequest, FetchResult, Source, SourceError
from mentionwatch.sources.common import (
    MAX_PAGES,
    field,
    host_of,
    iso_z,
    make_mention,
    newest,
    opt_int,
    or_query,
    plain,
    plan_queries,
    to_int,
    when,
)
from mentionwatch.text import one_line

DEFAULT_BASE_URL = "https://api.x.com/2"
DEFAULT_MAX_POSTS = 50
MAX_QUERY_CHARS = 512
#: recent search reaches back 7 days; ask for a little less so a slow clock never trips a 400
WINDOW = timedelta(days=7) - timedelta(minutes=1)


def classify(response: HttpResponse) -> str | None:
    """X errors are problem+JSON (``title``, ``detail``); a spent usage cap cannot be retried away."""
    try:
        data = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    title = one_line(str(data.get("title") or ""))[:80]
    detail = one_line(str(data.get("detail") or data.get("reason") or ""))[:160]
    if title == "UsageCapExceeded":
        return f"X usage cap reached: {detail or 'monthly cap'}"
    if response.status in (401, 403) and (title or detail):
        return f"X refused the request ({response.status}): {title}" + (f": {detail}" if detail else "")
    if response.status == 400 and (title or detail):
        return f"X rejected the search: {detail or title}"
    return None


class XSource(Source):
    """Recent posts matching a keyword (all OR-branches in one query), newest first."""

    name: ClassVar[str] = "x"

    def check(self) -> None:
        """Needs the bearer token; ``max_posts`` must be 10-1000."""
        self.secret("bearer_token_env")
        if not 10 <= self._max_posts() <= 1000:
            raise SourceError("max_posts: expected a number from 10 to 1000")

    def _max_posts(self) -> int:
        value = self.options.get("max_posts")
        return int(value) if isinstance(value, int) else DEFAULT_MAX_POSTS

    def build_query(self, queries: list[str]) -> tuple[str, tuple[str, ...]]:
        """One query for every branch, retweets excluded, cut to X's 512 characters."""
        suffix = " -is:retweet"
        kept = list(queries)
        while kept:
            body = or_query(kept)
            query = (f"({body})" if len(kept) > 1 else body) + suffix
            if len(query) <= MAX_QUERY_CHARS:
                cut = len(queries) - len(kept)
                return query, ((f"{cut} OR-branches left out to fit X's {MAX_QUERY_CHARS}-character query limit",) if cut else ())
            kept.pop()
        raise SourceError(f"keyword is longer than X's {MAX_QUERY_CHARS}-character query limit")

    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        """Page through recent search until ``max_posts``, ``limit`` or the time window runs out."""
        url = self.base_url(DEFAULT_BASE_URL) + "/tweets/search/recent"
        queries, notes = plan_queries(request.keyword)
        query, cut = self.build_query(queries)
        start = max(request.since, utcnow() - WINDOW)
        budget = min(request.limit, self._max_posts())
        headers = {"Authorization": f"Bearer {self.secret('bearer_token_env')}"}
        found: list[Mention] = []
        token: str | None = None
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {
                "query": query,
                "start_time": iso_z(start),
                "max_results": max(10, min(budget - len(found), 100)),
                "sort_order": "recency",
                "tweet.fields": "created_at,public_metrics,author_id,lang,conversation_id",
                "expansions": "author_id",
                "user.fields": "username,name,public_metrics",
            }
            if token:
                params["next_token"] = token
            data = (await http.get(url, params=params, headers=headers, classify=classify)).json()
            # an empty result has no "data" at all, but always "meta"
            meta: dict[str, Any] = field(data, "meta", dict, host_of(url))
            posts: list[Any] = field(data, "data", list, host_of(url)) if "data" in data else []
            users = _users(data.get("includes"))
            found.extend(m for m in (to_mention(p, users) for p in posts) if m is not None)
            token = meta.get("next_token") if isinstance(meta.get("next_token"), str) else None
            if not token or not posts or len(found) >= budget:
                break
        return FetchResult(newest(found, budget), notes=(*notes, *cut))


def _users(includes: Any) -> dict[str, dict[str, Any]]:
    users = includes.get("users") if isinstance(includes, dict) else None
    return {u["id"]: u for u in users if isinstance(u, dict) and isinstance(u.get("id"), str)} if isinstance(users, list) else {}


def to_mention(post: Any, users: dict[str, dict[str, Any]]) -> Mention | None:
    """One post (with its author from ``includes.users``) as a mention."""
    if not isinstance(post, dict):
        return None
    post_id = post.get("id")
    text = plain(post.get("text"))  # v2 text is plain but escapes &, < and >
    if not isinstance(post_id, str) or not post_id.isdigit() or not text:
        return None
    user = users.get(str(post.get("author_id")), {})
    username = user.get("username") if isinstance(user.get("username"), str) else None
    raw_user_metrics, raw_metrics = user.get("public_metrics"), post.get("public_metrics")
    user_metrics: dict[str, Any] = raw_user_metrics if isinstance(raw_user_metrics, dict) else {}
    metrics: dict[str, Any] = raw_metrics if isinstance(raw_metrics, dict) else {}
    followers = opt_int(user_metrics.get("followers_count"))
    return make_mention(
        "x",
        post_id,
        text=text,
        url=f"https://x.com/{username or 'i/web'}/status/{post_id}",
        handle=f"@{username}" if username else None,
        name=user.get("name"),
        author_url=f"https://x.com/{username}" if username else None,
        reach=followers,
        reach_kind="followers" if followers is not None else None,
        created_at=when(post.get("created_at")),
        likes=metrics.get("like_count"),
        replies=metrics.get("reply_count"),
        shares=to_int(metrics.get("retweet_count")) + to_int(metrics.get("quote_count")),
    )
