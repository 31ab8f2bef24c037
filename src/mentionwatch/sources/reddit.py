"""Reddit posts through the OAuth API with app-only credentials (``client_credentials`` grant).

Since November 2025 new Reddit apps need Reddit's approval; existing approved or grandfathered apps keep
working. The token is fetched once per run and shared by every keyword; a 401 renews it once.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import quote

from mentionwatch import __version__
from mentionwatch.config import SourceConfig
from mentionwatch.http import HttpClient, HttpError, HttpResponse
from mentionwatch.models import Mention, utcnow
from mentionwatch.sources.base import FetchRequest, FetchResult, Source, SourceError
from mentionwatch.sources.common import (
    MAX_PAGES,
    field,
    host_of,
    make_mention,
    newest,
    plain_text,
    plan_queries,
    run_parts,
    when,
)
from mentionwatch.text import one_line

DEFAULT_BASE_URL = "https://oauth.reddit.com"
DEFAULT_AUTH_URL = "https://www.reddit.com"
WEB = "https://www.reddit.com"
_SUBREDDIT = re.compile(r"^[A-Za-z0-9_]{2,21}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_\-]{3,20}$")


def time_window(since: datetime, now: datetime | None = None) -> str:
    """Reddit's coarse ``t`` filter that still covers everything since ``since``."""
    age = (now or utcnow()) - since
    for limit, name in ((timedelta(hours=1), "hour"), (timedelta(days=1), "day"), (timedelta(days=7), "week"), (timedelta(days=31), "month"), (timedelta(days=365), "year")):
        if age <= limit:
            return name
    return "all"


def _auth_refusal(response: HttpResponse) -> str | None:
    if response.status in (400, 401, 403):
        return f"Reddit refused the app credentials ({response.status}): check client_id_env and client_secret_env"
    return None


class RedditSource(Source):
    """Newest posts matching each OR-branch of a keyword, site-wide or in the configured subreddits."""

    name: ClassVar[str] = "reddit"

    def __init__(self, config: SourceConfig, env: Mapping[str, str] | None = None):
        super().__init__(config, env)
        self._token: str | None = None
        self._lock = asyncio.Lock()
        self.tokens_fetched = 0

    def check(self) -> None:
        """Needs the app's client id and secret; validates subreddit names."""
        self.secret("client_id_env")
        self.secret("client_secret_env")
        for sub in self._subreddits():
            if not _SUBREDDIT.match(sub):
                raise SourceError(f"subreddits: {sub!r} is not a subreddit name (letters, digits, _; without r/)")
        username = self.options.get("username")
        if username and not _USERNAME.match(str(username)):
            raise SourceError(f"username: {username!r} is not a Reddit username")

    def _subreddits(self) -> list[str]:
        return [str(s).strip().removeprefix("r/").removeprefix("/r/") for s in self.options.get("subreddits") or ()]

    def user_agent(self) -> str:
        """Reddit's required form: ``<platform>:<app id>:<version> (by /u/<username>)``."""
        username = self.options.get("username")
        by = f"by /u/{username}" if username else "+https://github.com/mentionwatch/mentionwatch"
        return f"cli:mentionwatch:{__version__} ({by})"

    async def _access_token(self, http: HttpClient, stale: str | None = None) -> str:
        async with self._lock:
            if self._token is not None and self._token != stale:
                return self._token
            auth_url = str(self.options.get("auth_url") or DEFAULT_AUTH_URL).rstrip("/")
            response = await http.request(
                "POST",
                f"{auth_url}/api/v1/access_token",
                data={"grant_type": "client_credentials"},
                auth=(self.secret("client_id_env") or "", self.secret("client_secret_env") or ""),
                headers={"User-Agent": self.user_agent()},
                classify=_auth_refusal,
            )
            data = response.json()
            if isinstance(data, dict) and data.get("error"):
                raise SourceError(f"Reddit refused the app credentials: {one_line(str(data['error']))[:80]}")
            self._token = field(data, "access_token", str, host_of(auth_url))
            self.tokens_fetched += 1
            return self._token

    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        """Search each OR-branch of the keyword, newest first."""
        base = self.base_url(DEFAULT_BASE_URL)
        subs = self._subreddits()
        url = f"{base}/r/{'+'.join(subs)}/search" if subs else f"{base}/search"
        queries, notes = plan_queries(request.keyword)
        parts = [(q, self._search(http, url, q, request, bool(subs))) for q in queries]
        mentions, errors = await run_parts(parts)
        return FetchResult(newest(mentions, request.limit), notes=notes, errors=errors)

    async def _listing(self, http: HttpClient, url: str, params: dict[str, Any]) -> Any:
        token = await self._access_token(http)
        for attempt in range(2):
            headers = {"Authorization": f"bearer {token}", "User-Agent": self.user_agent()}
            response = await http.get(url, params=params, headers=headers, ok_statuses=(401,))
            if response.status != 401:
                return response.json()
            if attempt == 0:
                token = await self._access_token(http, stale=token)
        raise HttpError(f"not authorised by {host_of(url)} (401) even with a fresh token", status=401)

    async def _search(self, http: HttpClient, url: str, query: str, request: FetchRequest, restrict: bool) -> list[Mention]:
        found: list[Mention] = []
        after: str | None = None
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {
                "q": query,
                "sort": "new",
                "t": time_window(request.since),
                "limit": max(1, min(request.limit, 100)),
                "raw_json": 1,
                "type": "link",
            }
            if restrict:
                params["restrict_sr"] = 1
            if after:
                params["after"] = after
            data = await self._listing(http, url, params)
            listing = field(data, "data", dict, host_of(url))
            children = field(listing, "children", list, host_of(url))
            page = [m for m in (to_mention(c) for c in children) if m is not None]
            found.extend(page)
            after = listing.get("after") if isinstance(listing.get("after"), str) else None
            oldest = min((m.created_at for m in page if m.created_at), default=None)
            if not after or not children or (oldest and oldest < request.since) or len(found) >= request.limit:
                break
        return found


def to_mention(child: Any) -> Mention | None:
    """One listing child (a ``t3`` post or a ``t1`` comment) as a mention."""
    if not isinstance(child, dict) or not isinstance(child.get("data"), dict):
        return None
    kind, data = child.get("kind"), child["data"]
    fullname = data.get("name") if isinstance(data.get("name"), str) else None
    permalink = data.get("permalink") if isinstance(data.get("permalink"), str) else None
    if not fullname:
        return None
    if kind == "t1":
        title = None
        text = plain_text(data.get("body"))
    else:
        title = plain_text(data.get("title")) or None
        text = plain_text(data.get("selftext")) or (title or "")
    if not text:
        return None
    author = data.get("author") if isinstance(data.get("author"), str) else None
    return make_mention(
        "reddit",
        fullname,
        text=text,
        title=title,
        url=f"{WEB}{permalink}" if permalink and permalink.startswith("/") else None,
        handle=author,
        author_url=f"{WEB}/user/{quote(author)}" if author else None,
        created_at=when(data.get("created_utc")),
        likes=data.get("score"),
        replies=data.get("num_comments"),
    )
