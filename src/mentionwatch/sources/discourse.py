"""Posts on any Discourse forum through its ``/search.json`` (keyless on public forums)."""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import quote

from mentionwatch.http import HttpClient
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
    to_int,
    when,
)
from mentionwatch.text import one_line


class DiscourseSource(Source):
    """``{url}/search.json?q=… order:latest after:…``, newest first."""

    name: ClassVar[str] = "discourse"

    def check(self) -> None:
        """The forum URL is required; an API key needs ``api_username`` too."""
        self._forum()
        if self.options.get("api_key_env"):
            self.secret("api_key_env")
            if not self.options.get("api_username"):
                raise SourceError("api_key_env needs api_username (the user the key acts as)")

    def _forum(self) -> str:
        url = self.options.get("base_url") or self.options.get("url")
        if not url:
            raise SourceError("needs url (the forum, e.g. https://forum.example.org)")
        return str(url).rstrip("/")

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}
        key = self.secret("api_key_env", required=False)
        if key:
            headers["Api-Key"] = key
            headers["Api-Username"] = str(self.options.get("api_username") or "")
        return headers

    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        """Search the forum for every OR-branch of the keyword."""
        forum = self._forum()
        queries, notes = plan_queries(request.keyword)
        parts = [(q, self._search(http, forum, q, request)) for q in queries]
        mentions, errors = await run_parts(parts)
        return FetchResult(newest(mentions, request.limit), notes=notes, errors=errors)

    async def _search(self, http: HttpClient, forum: str, query: str, request: FetchRequest) -> list[Mention]:
        url = f"{forum}/search.json"
        found: list[Mention] = []
        # after: takes a date; the exact cut happens on created_at afterwards
        term = f"{query} order:latest after:{request.since.date().isoformat()}"
        for page in range(1, MAX_PAGES + 1):
            data = await http.get_json(url, params={"q": term, "page": page}, headers=self._headers())
            posts = field(data, "posts", list, host_of(url))
            grouped = data.get("grouped_search_result") if isinstance(data.get("grouped_search_result"), dict) else {}
            if grouped.get("error"):
                raise SourceError(f"{host_of(url)} refused the search: {one_line(str(grouped['error']))[:160]}")
            raw_topics = data.get("topics")
            topics = {t.get("id"): t for t in (raw_topics if isinstance(raw_topics, list) else []) if isinstance(t, dict)}
            found.extend(m for m in (to_mention(p, topics, forum) for p in posts) if m is not None)
            if not grouped.get("more_full_page_results") or not posts or len(found) >= request.limit:
                break
        return found


def to_mention(post: Any, topics: dict[Any, dict[str, Any]], forum: str) -> Mention | None:
    """One search post (joined with its topic) as a mention."""
    if not isinstance(post, dict):
        return None
    post_id = opt_int(post.get("id"))
    text = plain(post.get("blurb"))
    if post_id is None or not text:
        return None
    topic_id = opt_int(post.get("topic_id"))
    topic = topics.get(topic_id, {})
    number = opt_int(post.get("post_number")) or 1
    raw_slug = topic.get("slug")
    slug = raw_slug if isinstance(raw_slug, str) and raw_slug else "topic"
    url = f"{forum}/t/{quote(slug)}/{topic_id}/{number}" if topic_id is not None else f"{forum}/p/{post_id}"
    first = number == 1
    username = post.get("username") if isinstance(post.get("username"), str) else None
    return make_mention(
        "discourse",
        f"{forum.split('://', 1)[-1]}/{post_id}",
        text=text,
        title=(plain(topic.get("title")) or None) if first else None,
        url=url,
        handle=username,
        name=post.get("name"),
        author_url=f"{forum}/u/{quote(username)}" if username else None,
        created_at=when(post.get("created_at")),
        likes=post.get("like_count"),
        replies=to_int(topic.get("reply_count")) if first else 0,
    )
