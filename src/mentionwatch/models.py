"""The mention object and its parts (frozen dataclasses) with JSON (de)serialisation."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timezone
from typing import Any, TypeVar, overload

SCHEMA_VERSION = 1

_T = TypeVar("_T")


def new_frozen(cls: type[_T], attrs: dict[str, Any]) -> _T:
    """``cls(**attrs)`` for a frozen dataclass without ``__post_init__``, given every field in order, built faster.

    The same object the constructor makes (plain instance attributes), without the frozen
    ``__init__``'s ``object.__setattr__`` per field.
    """
    instance: _T = object.__new__(cls)
    instance.__dict__.update(attrs)
    return instance

INTENTS: tuple[str, ...] = ("complaint", "question", "lead", "praise", "personal", "mention")
LEVELS: tuple[str, ...] = ("respond_now", "worth_a_look", "fyi")
STATUSES: tuple[str, ...] = ("new", "seen", "done", "ignored", "snoozed")
SENTIMENT_LABELS: tuple[str, ...] = ("negative", "neutral", "positive")

#: Reply length limits per platform, in characters; ``None`` means no hard limit.
REPLY_LIMITS: dict[str, int | None] = {
    "x": 280,
    "twitter": 280,
    "bluesky": 300,
    "mastodon": 500,
    "youtube": 10000,
    "reddit": 10000,
    "hackernews": None,
    "github": None,
    "discourse": None,
    "stackexchange": 600,
    "rss": None,
    "jsonl": None,
    "demo": None,
}


class MentionError(ValueError):
    """A mention object (usually from JSON input) is malformed."""


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def parse_time(value: Any) -> datetime | None:
    """Parse an ISO 8601 string or epoch seconds into an aware UTC datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(float(value), timezone.utc).replace(microsecond=0)
        except (OverflowError, OSError, ValueError) as exc:
            raise MentionError(f"timestamp out of range: {value!r}") from exc
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            dt = datetime.fromisoformat(text)
        except ValueError as exc:
            raise MentionError(f"not an ISO 8601 time: {value!r}") from exc
    else:
        raise MentionError(f"not a time: {value!r}")
    tz = dt.tzinfo
    if tz is timezone.utc and not dt.microsecond and type(dt) is datetime:  # already what the conversion below gives
        return dt
    if tz is None:
        dt = dt.replace(tzinfo=timezone.utc)
    try:
        return dt.astimezone(timezone.utc).replace(microsecond=0)
    except (OverflowError, ValueError) as exc:  # "0001-01-01T00:00:00+05:30" has no UTC time
        raise MentionError(f"time out of range: {value!r}") from exc


def format_time(value: datetime | None) -> str | None:
    """Format an aware datetime as ``YYYY-MM-DDTHH:MM:SSZ``."""
    if value is None:
        return None
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def stable_id(source: str, text: str) -> str:
    """Return a stable id for a mention that came without one: a hash of its text."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{source}:{digest}"


@dataclass(frozen=True)
class Author:
    """Who wrote a mention, and how many people they reach."""

    handle: str | None = None
    name: str | None = None
    url: str | None = None
    reach: int | None = None
    reach_kind: str | None = None

    @property
    def display(self) -> str:
        """The best short label: the handle, else the name, else ``unknown``."""
        return self.handle or self.name or "unknown"

    @property
    def first_name(self) -> str | None:
        """The author's first name when a real-looking name is known."""
        if not self.name:
            return None
        first = self.name.strip().split()[0] if self.name.strip() else ""
        if first.isalpha() and first[:1].isupper() and len(first) > 1:
            return first
        return None


@dataclass(frozen=True)
class Match:
    """Where a keyword matched a mention's text (``span`` is ``[start, end)`` in ``text``)."""

    keyword: str
    span: tuple[int, int]


@dataclass(frozen=True)
class Engagement:
    """Likes, replies and shares, as the source counts them."""

    likes: int = 0
    replies: int = 0
    shares: int = 0

    @property
    def total(self) -> int:
        """All interactions together."""
        return self.likes + self.replies + self.shares


@dataclass(frozen=True)
class Sentiment:
    """Sentiment score in [-1, 1], its label and how sure we are (0..1)."""

    score: float
    label: str
    confidence: float


@dataclass(frozen=True)
class Priority:
    """Priority 0..100, its level and the human-readable reasons for it."""

    score: int
    level: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    """A reply draft for a person to send, with alternative phrasings."""

    text: str
    alternatives: tuple[str, ...] = ()
    limit: int | None = None


class _FullText:
    """``Mention.full_text``: worked out on first use and kept in the instance dict.

    A non-data descriptor, so once the value is in ``__dict__`` it is read as a plain attribute.
    It is not a field: equality, hashing, ``repr``, ``fields()`` and ``to_dict`` ignore it, and
    :meth:`Mention.evolve` leaves it behind when the text or the title changes.
    """

    @overload
    def __get__(self, mention: None, owner: type | None = None) -> _FullText: ...
    @overload
    def __get__(self, mention: Mention, owner: type | None = None) -> str: ...
    def __get__(self, mention: Mention | None, owner: type | None = None) -> str | _FullText:
        if mention is None:
            return self
        title, text = mention.title, mention.text
        if title and title not in text:
            value = f"{title}\n{text}" if text else title
        else:
            value = text
        # the frozen __setattr__ is bypassed on purpose: a cache, not a change of any field
        mention.__dict__["full_text"] = value
        return value


@dataclass(frozen=True)
class Mention:
    """One public post that mentions the business, with everything we worked out about it."""

    id: str
    source: str
    text: str
    url: str | None = None
    author: Author = field(default_factory=Author)
    title: str | None = None
    created_at: datetime | None = None
    fetched_at: datetime | None = None
    keywords: tuple[str, ...] = ()
    matched: tuple[Match, ...] = ()
    engagement: Engagement = field(default_factory=Engagement)
    sentiment: Sentiment | None = None
    intent: str | None = None
    priority: Priority | None = None
    reply: Reply | None = None
    status: str = "new"

    @property
    def reply_limit(self) -> int | None:
        """The reply length limit of this mention's platform."""
        return REPLY_LIMITS.get(self.source)

    #: Title and text together, as matched and scored (worked out once per mention).
    full_text = _FullText()

    def evolve(self, **changes: Any) -> Mention:
        """Return a copy with some fields changed (like :func:`dataclasses.replace`, several times faster)."""
        unknown = changes.keys() - _MENTION_FIELDS
        if unknown:
            raise TypeError(f"Mention has no field {sorted(unknown)[0]!r}")
        # every field is a plain instance attribute and there is no __post_init__, so copying the
        # attribute dict is exactly what replace() does, without re-running the frozen __init__
        attrs = {**self.__dict__, **changes}
        if "full_text" in attrs and ("text" in changes or "title" in changes):
            del attrs["full_text"]  # the cached value (see _FullText) is stale
        return new_frozen(Mention, attrs)

    def to_dict(self) -> dict[str, Any]:
        """The schema-version-1 JSON object."""
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "author": {
                "handle": self.author.handle,
                "name": self.author.name,
                "url": self.author.url,
                "reach": self.author.reach,
                "reach_kind": self.author.reach_kind,
            },
            "title": self.title,
            "text": self.text,
            "created_at": format_time(self.created_at),
            "fetched_at": format_time(self.fetched_at),
            "keywords": list(self.keywords),
            "matched": [{"keyword": m.keyword, "span": [m.span[0], m.span[1]]} for m in self.matched],
            "engagement": {
                "likes": self.engagement.likes,
                "replies": self.engagement.replies,
                "shares": self.engagement.shares,
            },
            **self.derived_dict(),
            "status": self.status,
        }

    def derived_dict(self) -> dict[str, Any]:
        """The keys the scorer adds (``sentiment``, ``intent``, ``priority``, ``reply``), as in :meth:`to_dict`."""
        sentiment, priority, reply = self.sentiment, self.priority, self.reply
        return {
            "sentiment": None
            if sentiment is None
            else {"score": round(sentiment.score, 3), "label": sentiment.label, "confidence": round(sentiment.confidence, 2)},
            "intent": self.intent,
            "priority": None
            if priority is None
            else {"score": priority.score, "level": priority.level, "reasons": list(priority.reasons)},
            "reply": None
            if reply is None
            else {"text": reply.text, "alternatives": list(reply.alternatives), "limit": reply.limit},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, default_source: str = "jsonl") -> Mention:
        """Build a mention from a (possibly partial) JSON object; only ``text`` is required.

        Raises :class:`MentionError` naming the offending key.
        """
        # the checks run in the order that decides which error a bad object gets: keep it
        if type(data) is not dict and not isinstance(data, Mapping):  # (the ABC check is the slow one)
            raise MentionError("expected a JSON object")
        get = data.get
        text = get("text")
        if not isinstance(text, str):
            raise MentionError("missing or non-string 'text'" if text is None else "'text' must be a string")
        source = get("source")
        if source is not None and type(source) is not str:
            source = _opt_str(data, "source")  # raises unless a str subclass
        source = source or default_source
        raw_id = get("id")
        if type(raw_id) is str and raw_id:  # the usual case, where str(raw_id) below is raw_id
            mention_id = raw_id
        elif raw_id is None or raw_id == "":
            mention_id = stable_id(source, text)
        elif isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool):
            mention_id = str(raw_id)
        else:
            raise MentionError("'id' must be a string or an integer")
        author_raw = get("author")
        if isinstance(author_raw, str):
            author = Author(handle=author_raw)
        elif type(author_raw) is dict or isinstance(author_raw, Mapping):
            a_get = author_raw.get
            handle, name, a_url, reach, kind = a_get("handle"), a_get("name"), a_get("url"), a_get("reach"), a_get("reach_kind")
            if not (type(handle) in _STR_OR_NONE and type(name) in _STR_OR_NONE and type(a_url) in _STR_OR_NONE and type(kind) in _STR_OR_NONE and type(reach) in _INT_OR_NONE):
                # not plainly typed: the checks pass what they accept and name what they refuse
                handle = _opt_str(author_raw, "handle", "author.handle")
                name = _opt_str(author_raw, "name", "author.name")
                a_url = _opt_str(author_raw, "url", "author.url")
                reach = _opt_int(author_raw, "reach", "author.reach")
                kind = _opt_str(author_raw, "reach_kind", "author.reach_kind")
            author = new_frozen(Author, {"handle": handle, "name": name, "url": a_url, "reach": _non_negative(reach), "reach_kind": kind})
        elif author_raw is None:
            author = _NO_AUTHOR
        else:
            raise MentionError("'author' must be an object or a string")
        eng_raw = get("engagement") or {}
        if type(eng_raw) is not dict and not isinstance(eng_raw, Mapping):
            raise MentionError("'engagement' must be an object")
        if eng_raw:
            e_get = eng_raw.get
            likes, replies, shares = e_get("likes"), e_get("replies"), e_get("shares")
            if not (type(likes) in _INT_OR_NONE and type(replies) in _INT_OR_NONE and type(shares) in _INT_OR_NONE):
                likes = _opt_int(eng_raw, "likes", "engagement.likes")
                replies = _opt_int(eng_raw, "replies", "engagement.replies")
                shares = _opt_int(eng_raw, "shares", "engagement.shares")
            engagement = new_frozen(Engagement, {"likes": max(0, likes or 0), "replies": max(0, replies or 0), "shares": max(0, shares or 0)})
        else:
            engagement = _NO_ENGAGEMENT
        keywords_raw = get("keywords") or []
        if not isinstance(keywords_raw, list) or not all(isinstance(k, str) for k in keywords_raw):
            raise MentionError("'keywords' must be a list of strings")
        status = get("status")
        if status is not None and type(status) is not str:
            status = _opt_str(data, "status")  # raises unless a str subclass
        status = status or "new"
        if status not in STATUSES:
            raise MentionError(f"'status' must be one of {', '.join(STATUSES)}")
        try:
            created_at = parse_time(get("created_at"))
            fetched_at = parse_time(get("fetched_at"))
        except MentionError as exc:
            raise MentionError(f"'created_at'/'fetched_at': {exc}") from exc
        url, title = get("url"), get("title")
        if type(url) not in _STR_OR_NONE:
            url = _opt_str(data, "url")  # raises unless a str subclass
        if type(title) not in _STR_OR_NONE:
            title = _opt_str(data, "title")
        attrs: dict[str, Any] = {
            "id": mention_id,
            "source": source,
            "text": text,
            "url": url,
            "author": author,
            "title": title,
            "created_at": created_at,
            "fetched_at": fetched_at,
            "keywords": tuple(keywords_raw),
            "matched": (),
            "engagement": engagement,
            "sentiment": None,
            "intent": None,
            "priority": None,
            "reply": None,
            "status": status,
        }
        # a subclass may add an __init__ or __post_init__ of its own
        return new_frozen(cls, attrs) if cls is Mention else cls(**attrs)


_NO_AUTHOR = Author()
_STR_OR_NONE = (str, type(None))
_INT_OR_NONE = (int, type(None))
_NO_ENGAGEMENT = Engagement()


_MENTION_FIELDS: frozenset[str] = frozenset(f.name for f in fields(Mention))


def _non_negative(value: int | None) -> int | None:
    return None if value is None or value < 0 else value


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the schema-version-1 mention object, as shipped."""
    import json
    from importlib import resources

    text = resources.files("mentionwatch").joinpath("schema/mention.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _opt_str(data: Mapping[str, Any], key: str, label: str | None = None) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    raise MentionError(f"'{label or key}' must be a string")


def _opt_int(data: Mapping[str, Any], key: str, label: str | None = None) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if type(value) is int:  # the usual case: exact ints are finite and need no conversion
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise MentionError(f"'{label or key}' must be a number")
    if value != value or value in (float("inf"), float("-inf")):
        raise MentionError(f"'{label or key}' must be a finite number")
    return int(value)
