"""Plan (sources x keywords) and fetch concurrently; each failing source fails alone."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

import httpx

from mentionwatch.config import Keyword, SourceConfig
from mentionwatch.http import HttpClient, HttpError, HttpSettings
from mentionwatch.models import Mention, MentionError, format_time, parse_time, utcnow
from mentionwatch.sources.base import FetchRequest, FetchResult, MissingCredential, Source, SourceError
from mentionwatch.sources.registry import load_source_class

DEFAULT_LOOKBACK = timedelta(days=7)
DEFAULT_LIMIT = 200

#: Called as tasks finish: (done, total, label).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SourceFailure:
    """Why one source produced nothing (or not everything) this run."""

    source: str
    reason: str
    skipped: bool = False
    #: the source failed only in part (a keyword, a feed, a site); what it did fetch is kept
    partial: bool = False

    def __str__(self) -> str:
        if self.partial:
            return f"{self.source}: {self.reason}; its other results kept"
        return f"{self.source}: {self.reason}; skipped"


@dataclass(frozen=True)
class FetchOutcome:
    """Everything a fetch run produced: mentions, failures and the cursors to store."""

    mentions: list[Mention]
    failures: list[SourceFailure]
    #: (source, keyword query) -> the cursor to store: this fetch's time, or that plus the source's own state
    cursors: dict[tuple[str, str], str] = field(default_factory=dict)
    #: source -> "ok", "partial: …", "failed: …" or "skipped: …"
    health: dict[str, str] = field(default_factory=dict)
    #: "source: remark" lines worth showing the user (queries cut, quotas low, …)
    notes: list[str] = field(default_factory=list)


def pack_cursor(fetched: datetime, state: str | None) -> str:
    """The cursor to store: an ISO time, or ``{"since": time, "state": …}`` when the source keeps state."""
    when = format_time(fetched) or ""
    if not state:
        return when
    return json.dumps({"since": when, "state": state}, sort_keys=True)


def unpack_cursor(stored: str | None) -> tuple[datetime | None, str | None]:
    """The time of the last successful fetch and the source's own state from a stored cursor."""
    if not stored:
        return None, None
    if stored.lstrip().startswith("{"):
        try:
            data = json.loads(stored)
        except ValueError:
            return None, None
        if not isinstance(data, dict):
            return None, None
        state = data.get("state")
        return _cursor_time(data.get("since")), state if isinstance(state, str) else None
    return _cursor_time(stored), None


def build_sources(configs: Sequence[SourceConfig], env: Mapping[str, str] | None = None) -> tuple[list[Source], list[SourceFailure]]:
    """Instantiate configured sources; those missing a credential become skipped failures."""
    sources: list[Source] = []
    failures: list[SourceFailure] = []
    for cfg in configs:
        try:
            source = load_source_class(cfg.name)(cfg, env)
            source.check()
        except MissingCredential as exc:
            failures.append(SourceFailure(cfg.name, str(exc), skipped=True))
            continue
        except SourceError as exc:
            failures.append(SourceFailure(cfg.name, str(exc)))
            continue
        sources.append(source)
    return sources, failures


@dataclass
class _Task:
    source: Source
    keyword: Keyword
    result: FetchResult | None = None
    error: str | None = None
    #: whether a success moves this (source, keyword)'s cursor to now
    advance: bool = True


async def fetch_all(
    sources: Sequence[Source],
    keywords: Sequence[Keyword],
    *,
    since: datetime | None = None,
    cursors: Mapping[tuple[str, str], str] | None = None,
    http_settings: HttpSettings | None = None,
    transport: object | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
) -> FetchOutcome:
    """Fetch every source x keyword concurrently; one source's errors never sink the others.

    Each (source, keyword) starts from ``since`` if given, else from its last successful fetch, else
    :data:`DEFAULT_LOOKBACK` ago. Mentions older than that are dropped and duplicates (same id) merged.
    """
    now = now or utcnow()
    cursors = cursors or {}
    tasks = [_Task(s, k) for s in sources for k in keywords]
    starts: dict[int, datetime] = {}
    done = 0

    async with HttpClient(http_settings, transport=cast("httpx.AsyncBaseTransport | None", transport)) as http:

        async def run(index: int, task: _Task) -> None:
            nonlocal done
            source, keyword = task.source, task.keyword
            last, state = unpack_cursor(cursors.get((source.name, keyword.query)))
            start = since or last or (now - DEFAULT_LOOKBACK)
            starts[index] = start
            # a --since later than the last fetch leaves a gap: keep the old cursor so the next run fills it
            task.advance = since is None or (last is not None and since <= last)
            request = FetchRequest(keyword=keyword, since=start, limit=limit, cursor=state)
            try:
                task.result = await source.fetch(http, request)
            except (SourceError, HttpError) as exc:
                task.error = _one_line(source.redact(str(exc)))
            except Exception as exc:  # a bug in one source must not sink the run
                task.error = f"unexpected error ({type(exc).__name__}: {_one_line(source.redact(str(exc)))})"
            finally:
                done += 1
                if progress is not None:
                    progress(done, len(tasks), f"{source.name} · {keyword.query}")

        await asyncio.gather(*(run(i, t) for i, t in enumerate(tasks)))

    return _collect(sources, tasks, starts, now)


def _collect(sources: Sequence[Source], tasks: list[_Task], starts: dict[int, datetime], now: datetime) -> FetchOutcome:
    mentions: dict[str, Mention] = {}
    cursors: dict[tuple[str, str], str] = {}
    notes: list[str] = []
    errors: dict[str, list[str]] = {s.name: [] for s in sources}
    worked: dict[str, int] = {s.name: 0 for s in sources}
    total: dict[str, int] = {s.name: 0 for s in sources}
    for index, task in enumerate(tasks):
        name = task.source.name
        total[name] += 1
        if task.result is None:
            errors[name].append(task.error or "failed")
            continue
        worked[name] += 1
        result = task.result
        for mention in result.mentions:
            if mention.created_at is not None and mention.created_at < starts[index]:
                continue
            mentions.setdefault(mention.id, mention if mention.fetched_at else mention.evolve(fetched_at=now))
        notes.extend(f"{name}: {_one_line(task.source.redact(n))}" for n in result.notes)
        if result.errors:
            # keep the old cursor so the failed part is fetched again next time
            errors[name].extend(_one_line(task.source.redact(e)) for e in result.errors)
        elif task.advance:
            cursors[(name, task.keyword.query)] = pack_cursor(now, result.cursor)
    failures: list[SourceFailure] = []
    health: dict[str, str] = {}
    for source in sources:
        name = source.name
        reasons = list(dict.fromkeys(errors[name]))
        if not reasons:
            health[name] = "ok"
            continue
        reason = reasons[0] + (f" (and {len(reasons) - 1} more)" if len(reasons) > 1 else "")
        partial = worked[name] > 0
        if partial and total[name] > 1 and worked[name] < total[name]:
            reason += f" ({total[name] - worked[name]} of {total[name]} keywords)"
        failures.append(SourceFailure(name, reason, partial=partial))
        health[name] = f"{'partial' if partial else 'failed'}: {reason}"
    return FetchOutcome(
        mentions=list(mentions.values()),
        failures=failures,
        cursors=cursors,
        health=health,
        notes=list(dict.fromkeys(notes)),
    )


def _cursor_time(cursor: object) -> datetime | None:
    if not isinstance(cursor, str) or not cursor:
        return None
    try:
        return parse_time(cursor)
    except MentionError:
        return None


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
