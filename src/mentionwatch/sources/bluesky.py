"""Bluesky posts through ``app.bsky.feed.searchPosts`` on the user's PDS, signed in with an app password.

The session is created once per run (``createSession`` is limited to 300 a day per account), shared by
every keyword behind a lock, refreshed with ``refreshSession`` when the access token expires, and never
written to disk.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar
from urllib.parse import quote

from mentionwatch.config import SourceConfig
from mentionwatch.http import HttpClient, HttpError, HttpResponse
from mentionwatch.models import Author, Mention
from mentionwatch.sources.base import FetchRequest, FetchResult, MissingCredential, Source, SourceError
from mentionwatch.sources.common import (
    MAX_PAGES,
    field,
    host_of,
    iso_z,
    make_mention,
    newest,
    opt_int,
    plain_text,
    plan_queries,
    run_parts,
    to_int,
    when,
)
from mentionwatch.text import one_line

DEFAULT_BASE_URL = "https://bsky.social"
#: ``getProfiles`` takes at most 25 actors; look up at most this many batches per fetch.
PROFILE_BATCH = 25
MAX_PROFILE_BATCHES = 2
_EXPIRED = {"ExpiredToken", "InvalidToken"}


@dataclass(frozen=True)
class Session:
    """An XRPC session: short-lived access token and the refresh token to renew it."""

    access: str
    refresh: str


def xrpc_error(response: HttpResponse) -> tuple[str, str]:
    """The ``error`` name and ``message`` of an XRPC error body, or empty strings."""
    try:
        data = json.loads(response.content)
    except ValueError:
        return "", ""
    if not isinstance(data, dict):
        return "", ""
    return one_line(str(data.get("error") or ""))[:60], one_line(str(data.get("message") or ""))[:160]


def _sign_in_refusal(response: HttpResponse) -> str | None:
    if response.status in (400, 401):
        name, message = xrpc_error(response)
        detail = message or name or f"HTTP {response.status}"
        return f"Bluesky sign-in failed: {detail} (check handle and the app password)"
    return None


class BlueskySource(Source):
    """Posts matching each OR-branch of a keyword, newest first, with the authors' follower counts."""

    name: ClassVar[str] = "bluesky"

    def __init__(self, config: SourceConfig, env: Mapping[str, str] | None = None):
        super().__init__(config, env)
        self._session: Session | None = None
        self._lock = asyncio.Lock()
        self._followers: dict[str, int] = {}
        self.sessions_created = 0

    def check(self) -> None:
        """Needs ``handle`` and the app password from the environment."""
        self._handle()
        self.secret("app_password_env")

    def _handle(self) -> str:
        handle = str(self.options.get("handle") or "").strip().lstrip("@")
        if not handle:
            raise MissingCredential("no handle configured: set handle in [sources.bluesky]")
        return handle

    # -- session
    async def _create(self, http: HttpClient, base: str) -> Session:
        response = await http.request(
            "POST",
            f"{base}/xrpc/com.atproto.server.createSession",
            json_body={"identifier": self._handle(), "password": self.secret("app_password_env")},
            classify=_sign_in_refusal,
        )
        self.sessions_created += 1
        return _session(response.json(), base)

    async def _token(self, http: HttpClient, base: str) -> str:
        async with self._lock:
            if self._session is None:
                self._session = await self._create(http, base)
            return self._session.access

    async def _renew(self, http: HttpClient, base: str, stale: str) -> str:
        async with self._lock:
            if self._session is not None and self._session.access != stale:
                return self._session.access  # another keyword renewed it meanwhile
            refresh = self._session.refresh if self._session else None
            self._session = None
            if refresh:
                try:
                    response = await http.request(
                        "POST",
                        f"{base}/xrpc/com.atproto.server.refreshSession",
                        headers={"Authorization": f"Bearer {refresh}"},
                    )
                    self._session = _session(response.json(), base)
                except (HttpError, SourceError):
                    self._session = None
            if self._session is None:
                self._session = await self._create(http, base)
            return self._session.access

    async def _xrpc(self, http: HttpClient, base: str, method: str, params: Any) -> Any:
        """GET an XRPC method with the session, renewing it once if the token expired."""
        url = f"{base}/xrpc/{method}"
        token = await self._token(http, base)
        for attempt in range(2):
            response = await http.get(url, params=params, headers={"Authorization": f"Bearer {token}"}, ok_statuses=(400, 401))
            if response.status not in (400, 401):
                return response.json()
            name, message = xrpc_error(response)
            if attempt == 0 and (response.status == 401 or name in _EXPIRED):
                token = await self._renew(http, base, token)
                continue
            if response.status == 401:
                raise HttpError(f"not authorised by {host_of(url)} (401): {message or name or 'check the app password'}", status=401)
            raise SourceError(f"Bluesky rejected the request: {name or 'HTTP 400'}" + (f" ({message})" if message else ""))
        raise SourceError("Bluesky session expired again right after renewal")  # pragma: no cover - loop always returns

    # -- fetching
    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        """Search each OR-branch of the keyword, then look up the authors' follower counts."""
        base = self.base_url(DEFAULT_BASE_URL)
        queries, notes = plan_queries(request.keyword)
        parts = [(q, self._search(http, base, q, request)) for q in queries]
        mentions, errors = await run_parts(parts)
        mentions = newest(mentions, request.limit)
        extra: tuple[str, ...] = ()
        try:
            mentions = await self._with_reach(http, base, mentions)
        except (HttpError, SourceError) as exc:
            extra = (f"follower counts not fetched: {exc}",)
        return FetchResult(mentions, notes=(*notes, *extra), errors=errors)

    async def _search(self, http: HttpClient, base: str, query: str, request: FetchRequest) -> list[Mention]:
        found: list[Mention] = []
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            params: dict[str, Any] = {"q": query, "sort": "latest", "since": iso_z(request.since), "limit": max(1, min(request.limit, 100))}
            if cursor:
                params["cursor"] = cursor
            data = await self._xrpc(http, base, "app.bsky.feed.searchPosts", params)
            posts = field(data, "posts", list, host_of(base))
            found.extend(m for m in (to_mention(p) for p in posts) if m is not None)
            cursor = data.get("cursor") if isinstance(data.get("cursor"), str) else None
            if not cursor or not posts or len(found) >= request.limit:
                break
        return found

    async def _with_reach(self, http: HttpClient, base: str, mentions: list[Mention]) -> list[Mention]:
        dids = list(dict.fromkeys(_did(m) for m in mentions if _did(m) and _did(m) not in self._followers))
        dids = dids[: PROFILE_BATCH * MAX_PROFILE_BATCHES]
        for start in range(0, len(dids), PROFILE_BATCH):
            batch = dids[start : start + PROFILE_BATCH]
            data = await self._xrpc(http, base, "app.bsky.actor.getProfiles", [("actors", d) for d in batch])
            for profile in field(data, "profiles", list, host_of(base)):
                if isinstance(profile, dict) and isinstance(profile.get("did"), str):
                    count = opt_int(profile.get("followersCount"))
                    if count is not None:
                        self._followers[profile["did"]] = count
        out = []
        for mention in mentions:
            count = self._followers.get(_did(mention) or "")
            if count is not None:
                mention = mention.evolve(author=_with_followers(mention, count))
            out.append(mention)
        return out


def _did(mention: Mention) -> str | None:
    # at://did:plc:…/app.bsky.feed.post/rkey is the native id
    uri = mention.id.split(":", 1)[1]
    if uri.startswith("at://"):
        return uri[5:].split("/", 1)[0] or None
    return None


def _with_followers(mention: Mention, count: int) -> Author:
    return replace(mention.author, reach=count, reach_kind="followers")


def _session(data: Any, base: str) -> Session:
    access = field(data, "accessJwt", str, host_of(base))
    refresh = field(data, "refreshJwt", str, host_of(base))
    return Session(access=access, refresh=refresh)


def to_mention(post: Any) -> Mention | None:
    """One ``postView`` as a mention."""
    if not isinstance(post, dict):
        return None
    uri = post.get("uri")
    raw_record = post.get("record")
    record: dict[str, Any] = raw_record if isinstance(raw_record, dict) else {}
    text = plain_text(record.get("text"))
    if not isinstance(uri, str) or not uri.startswith("at://") or not text:
        return None
    raw_author = post.get("author")
    author: dict[str, Any] = raw_author if isinstance(raw_author, dict) else {}
    handle = author.get("handle") if isinstance(author.get("handle"), str) else None
    if handle == "handle.invalid":
        handle = None
    did = uri[5:].split("/", 1)[0]
    profile = handle or did
    rkey = uri.rsplit("/", 1)[-1]
    return make_mention(
        "bluesky",
        uri,
        text=text,
        url=f"https://bsky.app/profile/{quote(profile, safe=':')}/post/{quote(rkey)}",
        handle=f"@{handle}" if handle else None,
        name=author.get("displayName"),
        author_url=f"https://bsky.app/profile/{quote(profile, safe=':')}",
        created_at=when(record.get("createdAt")) or when(post.get("indexedAt")),
        likes=post.get("likeCount"),
        replies=post.get("replyCount"),
        shares=to_int(post.get("repostCount")) + to_int(post.get("quoteCount")),
    )
