"""Hacker News stories and comments through the keyless Algolia ``search_by_date`` API."""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import quote

from mentionwatch.http import HttpClient
from mentionwatch.models import Mention
from mentionwatch.sources.base import FetchRequest, FetchResult, Source, SourceError
from mentionwatch.sources.common import (
    MAX_PAGES,
    epoch,
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

DEFAULT_BASE_URL = "https://hn.algolia.com"
ITEM_URL = "https://news.ycombinator.com/item?id={}"
USER_URL = "https://news.ycombinator.com/user?id={}"
_TAG = re.compile(r"^[A-Za-z0-9_]+$")


class HackerNewsSource(Source):
    """Stories and comments, newest first, from ``{base_url}/api/v1/search_by_date``."""

    name: ClassVar[str] = "hackernews"

    def check(self) -> None:
        """Validate ``tags``."""
        self.base_url(DEFAULT_BASE_URL)
        for tag in self._tags():
            if not _TAG.match(tag):
                raise SourceError(f"tags: {tag!r} is not an Algolia tag (e.g. story, comment, show_hn, ask_hn)")

    def _tags(self) -> tuple[str, ...]:
        return tuple(self.options.get("tags") or ("story", "comment"))

    def _tags_param(self) -> str:
        tags = self._tags()
        return tags[0] if len(tags) == 1 else "(" + ",".join(tags) + ")"

    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        """Search each OR-branch of the keyword; pages are bounded."""
        url = self.base_url(DEFAULT_BASE_URL) + "/api/v1/search_by_date"
        queries, notes = plan_queries(request.keyword)
        parts = [(q, self._search(http, url, q, request)) for q in queries]
        mentions, errors = await run_parts(parts)
        return FetchResult(newest(mentions, request.limit), notes=notes, errors=errors)

    async def _search(self, http: HttpClient, url: str, query: str, request: FetchRequest) -> list[Mention]:
        found: list[Mention] = []
        per_page = max(1, min(request.limit, 100))
        for page in range(MAX_PAGES):
            params = {
                "query": query,
                "tags": self._tags_param(),
                "numericFilters": f"created_at_i>{epoch(request.since)}",
                "hitsPerPage": per_page,
                "page": page,
            }
            data = await http.get_json(url, params=params)
            hits = field(data, "hits", list, host_of(url))
            found.extend(m for m in (to_mention(hit) for hit in hits) if m is not None)
            if not hits or page + 1 >= to_int(data.get("nbPages")) or len(found) >= request.limit:
                break
        return found


def to_mention(hit: Any) -> Mention | None:
    """One Algolia hit as a mention; ``None`` for a deleted or empty item."""
    if not isinstance(hit, dict):
        return None
    object_id = hit.get("objectID")
    if not isinstance(object_id, (str, int)) or not str(object_id).strip():
        return None
    object_id = str(object_id).strip()
    raw_tags = hit.get("_tags")
    tags: list[Any] = raw_tags if isinstance(raw_tags, list) else []
    author = hit.get("author") if isinstance(hit.get("author"), str) else None
    created = when(hit.get("created_at_i")) or when(hit.get("created_at"))
    if "comment" in tags or hit.get("comment_text") is not None:
        text = plain(hit.get("comment_text"))
        if not text:
            return None
        title = None
        children = hit.get("children")
        likes, replies = opt_int(hit.get("points")) or 0, len(children) if isinstance(children, list) else 0
    else:
        title = plain(hit.get("title")) or None
        text = plain(hit.get("story_text")) or (title or "")
        if not text:
            return None
        likes, replies = opt_int(hit.get("points")) or 0, to_int(hit.get("num_comments"))
    return make_mention(
        "hackernews",
        object_id,
        text=text,
        title=title,
        url=ITEM_URL.format(quote(object_id, safe="")),
        handle=author,
        author_url=USER_URL.format(quote(author, safe="")) if author else None,
        created_at=created,
        likes=likes,
        replies=replies,
    )
