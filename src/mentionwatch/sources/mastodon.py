"""Mastodon: hashtag timelines without a token; full-text status search with a user token (``read:search``)."""

from __future__ import annotations

import re
from collections.abc import Awaitable
from typing import Any, ClassVar
from urllib.parse import quote

from mentionwatch.http import Classifier, HttpClient, HttpResponse
from mentionwatch.models import Mention
from mentionwatch.sources.base import FetchRequest, FetchResult, Source, SourceError
from mentionwatch.sources.common import (
    MAX_PAGES,
    field,
    host_of,
    make_mention,
    newest,
    opt_int,
    plain,
    plan_queries,
    run_parts,
    single_term,
    to_int,
    when,
)

#: Mastodon accepts at most 4 tags in one hashtag-timeline request (the path tag plus ``any[]``).
TAGS_PER_REQUEST = 4
#: A keyword branch of up to this many words is also followed as a hashtag ("Acme Widgets" -> #acmewidgets).
MAX_TAG_WORDS = 3
PAGE_SIZE = 40
_NOT_TAG = re.compile(r"[^\w]", re.UNICODE)


def hashtag(text: str) -> str | None:
    """The hashtag a term stands for: ``#JoesBakery`` or ``"Joe's Bakery"`` -> ``joesbakery``."""
    tag = _NOT_TAG.sub("", text.lstrip("#")).lower()
    if not tag or len(tag) > 60 or tag.isdigit():
        return None
    return tag


class MastodonSource(Source):
    """Statuses from one instance: ``/api/v1/timelines/tag/…`` keyless, ``/api/v2/search`` with a token."""

    name: ClassVar[str] = "mastodon"

    def check(self) -> None:
        """The instance is required; the token is optional."""
        self._instance()
        self.secret("token_env", required=False)

    def _instance(self) -> str:
        return self.base_url(self.options.get("instance"))

    def _headers(self) -> dict[str, str]:
        token = self.secret("token_env", required=False)
        return {"Authorization": f"Bearer {token}"} if token else {}

    def tags_for(self, request: FetchRequest) -> list[str]:
        """Hashtags the keyword's short branches stand for (``Acme Widgets`` -> ``acmewidgets``), then the configured ones."""
        queries, _ = plan_queries(request.keyword)
        derived = [hashtag(q.replace('"', "")) for q in queries if single_term(q) or len(q.split()) <= MAX_TAG_WORDS]
        configured = [hashtag(t) for t in self.options.get("hashtags") or ()]
        return list(dict.fromkeys(t for t in (*derived, *configured) if t))

    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        """Full-text search when a token is set, and the hashtag timelines for the keyword."""
        instance = self._instance()
        queries, notes = plan_queries(request.keyword)
        parts: list[tuple[str, Awaitable[list[Mention]]]] = []
        if self.secret("token_env", required=False):
            parts.extend((f"search {q!r}", self._search(http, instance, q, request)) for q in queries)
        tags = self.tags_for(request)
        for start in range(0, len(tags), TAGS_PER_REQUEST):
            chunk = tags[start : start + TAGS_PER_REQUEST]
            parts.append(("#" + " #".join(chunk), self._timeline(http, instance, chunk, request)))
        if not parts:
            note = f"no hashtag to follow for {request.keyword.query!r}: set hashtags, or token_env for full-text search"
            return FetchResult([], notes=(*notes, note))
        mentions, errors = await run_parts(parts)
        return FetchResult(newest(mentions, request.limit), notes=notes, errors=errors)

    async def _timeline(self, http: HttpClient, instance: str, tags: list[str], request: FetchRequest) -> list[Mention]:
        url = f"{instance}/api/v1/timelines/tag/{quote(tags[0])}"
        found: list[Mention] = []
        max_id: str | None = None
        has_token = bool(self.secret("token_env", required=False))
        for _ in range(MAX_PAGES):
            params: list[tuple[str, str | int]] = [("any[]", t) for t in tags[1:]]
            params.append(("limit", PAGE_SIZE))
            if max_id:
                params.append(("max_id", max_id))
            response = await http.get(url, params=params, headers=self._headers(), classify=_timeline_refusal(has_token))
            statuses = response.json()
            if not isinstance(statuses, list):
                raise SourceError(f"unexpected response from {host_of(url)}: expected an array of statuses")
            page = [m for m in (to_mention(s, instance) for s in statuses) if m is not None]
            found.extend(page)
            oldest = min((m.created_at for m in page if m.created_at), default=None)
            last = statuses[-1] if statuses and isinstance(statuses[-1], dict) else {}
            max_id = str(last.get("id")) if last.get("id") else None
            if len(statuses) < PAGE_SIZE or not max_id or (oldest and oldest < request.since) or len(found) >= request.limit:
                break
        return found

    async def _search(self, http: HttpClient, instance: str, query: str, request: FetchRequest) -> list[Mention]:
        url = f"{instance}/api/v2/search"
        found: list[Mention] = []
        for page in range(MAX_PAGES):
            params = {"q": query, "type": "statuses", "resolve": "false", "limit": PAGE_SIZE, "offset": page * PAGE_SIZE}
            data = await http.get_json(url, params=params, headers=self._headers())
            statuses = field(data, "statuses", list, host_of(url))
            page_mentions = [m for m in (to_mention(s, instance) for s in statuses) if m is not None]
            found.extend(page_mentions)
            if len(statuses) < PAGE_SIZE or len(found) >= request.limit:
                break
            if all(m.created_at and m.created_at < request.since for m in page_mentions):
                break
        return found


def _timeline_refusal(has_token: bool) -> Classifier:
    def classify(response: HttpResponse) -> str | None:
        if response.status in (401, 403, 422) and not has_token:
            return f"hashtag timelines on {host_of(response.url)} need a login ({response.status}); set token_env"
        return None

    return classify


def to_mention(status: Any, instance: str) -> Mention | None:
    """One status (the boosted one, for a boost) as a mention."""
    if not isinstance(status, dict):
        return None
    if isinstance(status.get("reblog"), dict):
        status = status["reblog"]
    uri = status.get("uri") if isinstance(status.get("uri"), str) else None
    status_id = status.get("id")
    native = uri or (f"{host_of(instance)}/{status_id}" if status_id else None)
    text = plain(status.get("content"))
    if not native or not text:
        return None
    raw_account = status.get("account")
    account: dict[str, Any] = raw_account if isinstance(raw_account, dict) else {}
    acct = account.get("acct") if isinstance(account.get("acct"), str) else None
    if acct and "@" not in acct:
        acct = f"{acct}@{host_of(instance)}"
    followers = opt_int(account.get("followers_count"))
    return make_mention(
        "mastodon",
        native,
        text=text,
        title=plain(status.get("spoiler_text")) or None,
        url=status.get("url") if isinstance(status.get("url"), str) else uri,
        handle=f"@{acct}" if acct else None,
        name=plain(account.get("display_name")) or None,
        author_url=account.get("url"),
        reach=followers,
        reach_kind="followers" if followers is not None else None,
        created_at=when(status.get("created_at")),
        likes=status.get("favourites_count"),
        replies=status.get("replies_count"),
        shares=to_int(status.get("reblogs_count")) + to_int(status.get("quotes_count")),
    )
