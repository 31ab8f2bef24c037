"""Any RSS or Atom feed: Google Alerts, Talkwalker Alerts, Google News search, Lobsters, Reddit search feeds.

A feed URL containing ``{query}`` is a search feed: it is fetched once per OR-branch of each keyword with
the branch filled in (``https://news.google.com/rss/search?q={query}``). Other feeds are fetched once per
run however many keywords there are. Requests are conditional (``ETag``/``Last-Modified``) when a
previous run saw validators, so an unchanged feed costs a ``304``.
"""

from __future__ import annotations

import asyncio
import calendar
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, ClassVar
from urllib.parse import parse_qs, quote_plus, urlsplit

import feedparser

from mentionwatch.config import SourceConfig
from mentionwatch.http import HttpClient
from mentionwatch.models import Mention
from mentionwatch.sources.base import FetchRequest, FetchResult, Source, SourceError
from mentionwatch.sources.common import host_of, make_mention, newest, plain, plan_queries, run_parts

QUERY_PLACEHOLDER = "{query}"
ACCEPT = "application/atom+xml, application/rss+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
_GOOGLE_HOST = re.compile(r"^(www\.)?google\.[a-z]{2,3}(\.[a-z]{2})?$")


@dataclass(frozen=True)
class FeedDownload:
    """One feed fetched: its entries (``None`` when unchanged, a 304) and the validators to send next time."""

    entries: list[Mention] | None
    etag: str | None
    modified: str | None
    problem: str | None = None


def unwrap_link(link: str) -> str:
    """The real URL behind a Google redirect link (``https://www.google.com/url?…&url=REAL``), else ``link``."""
    parts = urlsplit(link)
    host = (parts.hostname or "").lower()
    if parts.path == "/url" and _GOOGLE_HOST.match(host):
        query = parse_qs(parts.query)
        for key in ("url", "q"):
            values = query.get(key)
            if values and values[0].startswith(("http://", "https://")):
                return values[0]
    return link


def parse_feed(content: bytes, url: str, content_type: str = "") -> tuple[list[Mention], str | None]:
    """Parse RSS/Atom bytes into mentions and, for a feed read leniently despite errors, what was wrong.

    Raises :class:`SourceError` for something that is not a feed or yields no readable entry.
    """
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(content, response_headers=headers)
    entries = parsed.get("entries") or []
    mentions = [m for m in (entry_mention(e) for e in entries) if m is not None]
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    reason = type(problem).__name__ if problem is not None else "no RSS or Atom root element"
    if mentions:
        return mentions, (f"malformed feed from {host_of(url)} ({reason}); read {len(mentions)} entries leniently" if problem is not None else None)
    if problem is None and parsed.get("version"):
        return [], None  # a well-formed feed with nothing in it
    kind = content_type.split(";")[0].strip().lower()
    if kind and not any(word in kind for word in ("xml", "rss", "atom")):
        raise SourceError(f"expected a feed but got {kind} from {host_of(url)}")
    raise SourceError(f"malformed feed from {host_of(url)} ({reason})")


def _entry_time(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), timezone.utc)
            except (TypeError, ValueError, OverflowError):
                continue
    return None


def _author(entry: Mapping[str, Any]) -> str | None:
    detail = entry.get("author_detail")
    name = detail.get("name") if isinstance(detail, Mapping) else None
    name = name or entry.get("author")
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    return name[3:] if name.startswith("/u/") else name


def entry_mention(entry: Mapping[str, Any]) -> Mention | None:
    """One feed entry as a mention (Google redirect links unwrapped)."""
    link = entry.get("link") if isinstance(entry.get("link"), str) else None
    if link:
        link = unwrap_link(link)
    title = plain(entry.get("title")) or None
    body = ""
    content = entry.get("content")
    if isinstance(content, list) and content and isinstance(content[0], Mapping):
        body = plain(content[0].get("value"))
    text = body or plain(entry.get("summary")) or (title or "")
    native = entry.get("id") or link or title
    if not text or not isinstance(native, str):
        return None
    digest = hashlib.sha256(native.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return make_mention("rss", digest, text=text, title=title, url=link, handle=_author(entry), created_at=_entry_time(entry))


def _load_state(cursor: str | None) -> dict[str, tuple[str | None, str | None]]:
    if not cursor:
        return {}
    try:
        raw = json.loads(cursor)
    except ValueError:
        return {}
    state: dict[str, tuple[str | None, str | None]] = {}
    if isinstance(raw, dict):
        for url, pair in raw.items():
            if isinstance(url, str) and isinstance(pair, list) and len(pair) == 2:
                etag, modified = pair
                state[url] = (etag if isinstance(etag, str) else None, modified if isinstance(modified, str) else None)
    return state


class RssSource(Source):
    """Entries from the configured feeds; search feeds (with ``{query}``) per keyword."""

    name: ClassVar[str] = "rss"

    def __init__(self, config: SourceConfig, env: Mapping[str, str] | None = None):
        super().__init__(config, env)
        self._downloads: dict[tuple[str, str, str], asyncio.Task[FeedDownload]] = {}

    def check(self) -> None:
        """At least one feed is required."""
        if not self._feeds():
            raise SourceError("no feeds configured: set feeds = [\"https://…\"] in [sources.rss]")

    def _feeds(self) -> list[str]:
        return [str(f).strip() for f in self.options.get("feeds") or () if str(f).strip()]

    def targets(self, request: FetchRequest) -> list[str]:
        """The feed URLs to read for ``request``: fixed feeds as they are, search feeds once per OR-branch."""
        queries, _ = plan_queries(request.keyword)
        urls: list[str] = []
        for feed in self._feeds():
            if QUERY_PLACEHOLDER in feed:
                urls.extend(feed.replace(QUERY_PLACEHOLDER, quote_plus(q)) for q in queries)
            else:
                urls.append(feed)
        return list(dict.fromkeys(urls))

    async def fetch(self, http: HttpClient, request: FetchRequest) -> FetchResult:
        """Read every target feed concurrently; a feed that fails fails alone."""
        _, notes = plan_queries(request.keyword)
        state = _load_state(request.cursor)
        new_state: dict[str, list[str | None]] = {}
        problems: list[str] = []
        urls = self.targets(request)
        hosts = [host_of(u) for u in urls]
        parts = []
        for index, url in enumerate(urls):
            label = f"feed {hosts[index]}" if hosts.count(hosts[index]) == 1 else f"feed {index + 1} ({hosts[index]})"
            parts.append((label, self._read(http, url, state.get(url, (None, None)), new_state, problems)))
        mentions, errors = await run_parts(parts)
        cursor = json.dumps(new_state, sort_keys=True) if new_state else None
        return FetchResult(newest(mentions, request.limit), cursor=cursor, notes=(*notes, *problems), errors=errors)

    async def _read(
        self,
        http: HttpClient,
        url: str,
        validators: tuple[str | None, str | None],
        new_state: dict[str, list[str | None]],
        problems: list[str],
    ) -> list[Mention]:
        etag, modified = validators
        key = (url, etag or "", modified or "")
        task = self._downloads.get(key)
        if task is None:
            # keywords share one download of a fixed feed per run
            task = asyncio.ensure_future(self._download(http, url, etag, modified))
            self._downloads[key] = task
        download = await asyncio.shield(task)
        if download.etag or download.modified:
            new_state[url] = [download.etag, download.modified]
        if download.problem:
            problems.append(download.problem)
        return download.entries or []

    async def _download(self, http: HttpClient, url: str, etag: str | None, modified: str | None) -> FeedDownload:
        headers = {"Accept": ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        response = await http.get(url, headers=headers)
        if response.status == 304:
            return FeedDownload(None, etag, modified)
        content_type = response.headers.get("content-type", "")
        entries, problem = await asyncio.to_thread(parse_feed, response.content, response.url, content_type)
        return FeedDownload(entries, response.headers.get("etag"), response.headers.get("last-modified"), problem)
