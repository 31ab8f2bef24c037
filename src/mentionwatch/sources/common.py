"""Helpers the network sources share: query planning, tolerant field readers, bounded paging, partial failures."""

from __future__ import annotations

import asyncio
import email.utils
import re
from collections.abc import Awaitable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

from mentionwatch.config import Keyword
from mentionwatch.http import HttpError
from mentionwatch.models import Author, Engagement, Mention, MentionError, parse_time
from mentionwatch.sources.base import SourceError
from mentionwatch.text import clean_text, html_to_text, one_line, safe_url

#: Pages fetched per search at most; a monitor moves its time window forward instead of paging deep.
MAX_PAGES = 3
#: Search strings sent per keyword at most (one per OR-branch of the query).
MAX_QUERIES = 5

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def plan_queries(keyword: Keyword, limit: int = MAX_QUERIES) -> tuple[list[str], tuple[str, ...]]:
    """The plain search strings to send for ``keyword`` (at most ``limit``) and a note if some were cut."""
    queries = keyword.parsed.api_queries(limit=limit + 1)
    if len(queries) > limit:
        note = f"query {keyword.query!r} has more than {limit} OR-branches; only the first {limit} are searched"
        return queries[:limit], (note,)
    return queries, ()


def or_query(queries: Sequence[str], joiner: str = " OR ") -> str:
    """Join search strings into one query for APIs with boolean search: ``a OR (b c) OR "d e"``."""
    if len(queries) == 1:
        return queries[0]
    parts = [q if _is_single_term(q) else f"({q})" for q in queries]
    return joiner.join(parts)


def single_term(query: str) -> str | None:
    """The word or phrase when ``query`` is exactly one term (``joesbakery`` or ``"Joe's Bakery"``), else ``None``."""
    if not _is_single_term(query):
        return None
    return query.strip('"')


def _is_single_term(query: str) -> bool:
    if query.startswith('"') and query.endswith('"') and query.count('"') == 2:
        return True
    return " " not in query and '"' not in query


def to_int(value: Any) -> int:
    """A count from an API field: numbers and digit strings as ``int``, anything else 0."""
    number = opt_int(value)
    return number if number is not None and number > 0 else 0


def opt_int(value: Any) -> int | None:
    """A number from an API field, or ``None`` when it is missing or not a number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value == value and abs(value) != float("inf") else None
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        try:
            return int(value.strip())
        except ValueError:  # thousands of digits: int() refuses them, and no count or id is that long
            return None
    return None


def when(value: Any) -> datetime | None:
    """A UTC time from ISO 8601, epoch seconds (int, float or digits) or RFC 822; ``None`` if unreadable."""
    if isinstance(value, str) and value.strip().isdigit():
        digits = value.strip()
        if len(digits) > 20:  # no epoch second is that long, and int() refuses thousands of digits
            return None
        value = int(digits)
    try:
        return parse_time(value)
    except MentionError:
        pass
    if isinstance(value, str):
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        try:
            return parsed.astimezone(timezone.utc).replace(microsecond=0)
        except (OverflowError, ValueError):
            return None
    return None


def iso_z(moment: datetime) -> str:
    """``2026-11-21T10:15:00Z``."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(moment: datetime) -> int:
    """Unix seconds."""
    return int(moment.timestamp())


def plain(markup: Any) -> str:
    """Plain text from an HTML field (tags removed, entities decoded); empty for non-strings."""
    if not isinstance(markup, str):
        return ""
    return html_to_text(_HTML_COMMENT.sub("", markup))


def plain_text(value: Any) -> str:
    """Clean plain text from a text (or markdown) field; HTML comments dropped; empty for non-strings."""
    if not isinstance(value, str):
        return ""
    return clean_text(_HTML_COMMENT.sub("", value))


def label(value: Any) -> str | None:
    """A one-line, control-free author handle or name; ``None`` when missing, blank or deleted."""
    if not isinstance(value, str):
        return None
    text = one_line(value)
    if not text or text.lower() in {"[deleted]", "[removed]"}:
        return None
    return text[:200]


def host_of(url: str) -> str:
    """The host (and port) of ``url``."""
    return urlsplit(url).netloc or url


def field(data: Any, key: str, kind: type, where: str) -> Any:
    """``data[key]`` checked to be of ``kind``; a wrong shape is a :class:`SourceError` naming ``where``."""
    if not isinstance(data, Mapping):
        raise SourceError(f"unexpected response from {where}: expected a JSON object, got {_kind(data)}")
    value = data.get(key)
    if not isinstance(value, kind):
        raise SourceError(f"unexpected response from {where}: '{key}' is {_kind(value)}, expected {_kind_name(kind)}")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "missing"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _kind_name(kind: type) -> str:
    return {list: "an array", dict: "an object", str: "a string", int: "a number"}.get(kind, kind.__name__)


def make_mention(
    source: str,
    native_id: str,
    *,
    text: str,
    url: str | None = None,
    title: str | None = None,
    handle: Any = None,
    name: Any = None,
    author_url: Any = None,
    reach: int | None = None,
    reach_kind: str | None = None,
    created_at: datetime | None = None,
    likes: Any = 0,
    replies: Any = 0,
    shares: Any = 0,
) -> Mention:
    """Build a normalised mention: id ``source:native_id``, safe URLs, one-line author labels, counts >= 0."""
    handle_text = label(handle)
    return Mention(
        id=f"{source}:{one_line(native_id)[:300]}",
        source=source,
        text=text,
        url=safe_url(url) if isinstance(url, str) else None,
        title=title or None,
        author=Author(
            handle=handle_text,
            name=label(name),
            url=safe_url(author_url) if isinstance(author_url, str) and handle_text else None,
            reach=reach if reach is not None and reach >= 0 else None,
            reach_kind=reach_kind if reach is not None and reach >= 0 else None,
        ),
        created_at=created_at,
        engagement=Engagement(likes=to_int(likes), replies=to_int(replies), shares=to_int(shares)),
    )


async def run_parts(parts: Sequence[tuple[str, Awaitable[list[Mention]]]]) -> tuple[list[Mention], tuple[str, ...]]:
    """Run the parts of one fetch (queries, sites, feeds) concurrently.

    Returns the mentions of the parts that worked and a one-line reason per part that failed; raises
    :class:`SourceError` when every part failed. A bug (any other exception) propagates.
    """
    if not parts:
        return [], ()
    results = await asyncio.gather(*(coro for _, coro in parts), return_exceptions=True)
    mentions: list[Mention] = []
    errors: list[str] = []
    for (name, _), result in zip(parts, results, strict=True):
        if isinstance(result, (HttpError, SourceError)):
            errors.append(f"{name}: {result}" if name and len(parts) > 1 else str(result))
        elif isinstance(result, BaseException):
            raise result
        else:
            mentions.extend(result)
    if errors and len(errors) == len(parts):
        failed = [r for r in results if isinstance(r, BaseException)]
        if len({str(f) for f in failed}) == 1:
            raise failed[0]  # one part, or every part for the same reason: say it once
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise SourceError(errors[0] + more)
    return mentions, tuple(errors)


def newest(mentions: Iterable[Mention], limit: int) -> list[Mention]:
    """Mentions without duplicate ids, newest first, at most ``limit``."""
    unique: dict[str, Mention] = {}
    for mention in mentions:
        unique.setdefault(mention.id, mention)
    floor = datetime.min.replace(tzinfo=timezone.utc)
    ordered = sorted(unique.values(), key=lambda m: m.created_at or floor, reverse=True)
    return ordered[:limit]
