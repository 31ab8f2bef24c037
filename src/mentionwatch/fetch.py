"""Plan (sources x keywords) and fetch concurrently; each failing source fails alone."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mentionwatch.config import Keyword, SourceConfig
from mentionwatch.http import HttpClient, HttpError, HttpSettings
from mentionwatch.models import Mention, utcnow
from mentionwatch.redaction import redact
from mentionwatch.sources.base import FetchRequest, MissingCredential, Source, SourceError
from mentionwatch.sources.registry import load_source_class
from mentionwatch.text import one_line

DEFAULT_LOOKBACK = timedelta(days=7)

#: Called as tasks finish: (done, total, label).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SourceFailure:
    """Why one source produced nothing (or not everything) this run."""

    source: str
    reason: str
    skipped: bool = False

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}; skipped"


@dataclass(frozen=True)
class FetchOutcome:
    """Everything a fetch run produced: mentions, failures and the cursors to store."""

    mentions: list[Mention]
    failures: list[SourceFailure]
    #: (source, keyword query) -> the time of this successful fetch, or a source's own cursor string
    cursors: dict[tuple[str, str], str] = field(default_factory=dict)
    #: source -> "ok", "failed: …" or "skipped: …"
    health: dict[str, str] = field(default_factory=dict)


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
) -> FetchOutcome:
    """Fetch every source x keyword concurrently; one source's errors never sink the others."""
    now = now or utcnow()
    cursors = cursors or {}
    tasks: list[tuple[Source, Keyword]] = [(s, k) for s in sources for k in keywords]
    mentions: list[Mention] = []
    failures: dict[str, SourceFailure] = {}
    new_cursors: dict[tuple[str, str], str] = {}
    done = 0

    async with HttpClient(http_settings, transport=transport) as http:  # type: ignore[arg-type]

        async def run(source: Source, keyword: Keyword) -> None:
            nonlocal done
            key = (source.name, keyword.query)
            stored = cursors.get(key)
            start = since or _cursor_time(stored) or (now - DEFAULT_LOOKBACK)
            request = FetchRequest(keyword=keyword, since=start, cursor=stored)
            try:
                result = await source.fetch(http, request)
            except (SourceError, HttpError) as exc:
                failures.setdefault(source.name, SourceFailure(source.name, _reason(str(exc), source)))
            except Exception as exc:
                reason = _reason(f"unexpected error ({type(exc).__name__}: {exc})", source)
                failures.setdefault(source.name, SourceFailure(source.name, reason))
            else:
                fresh = [m for m in result.mentions if m.created_at is None or m.created_at >= start]
                mentions.extend(m if m.fetched_at else m.evolve(fetched_at=now) for m in fresh)
                new_cursors[key] = result.cursor or now.strftime("%Y-%m-%dT%H:%M:%SZ")
            finally:
                done += 1
                if progress is not None:
                    progress(done, len(tasks), f"{source.name} · {keyword.query}")

        await asyncio.gather(*(run(s, k) for s, k in tasks))

    health = {s.name: "ok" for s in sources}
    for name, failure in failures.items():
        health[name] = f"failed: {failure.reason}"
        # a source that failed for one keyword keeps the cursors of the keywords that worked
    return FetchOutcome(mentions=mentions, failures=list(failures.values()), cursors=new_cursors, health=health)


def _cursor_time(cursor: str | None) -> datetime | None:
    if not cursor:
        return None
    try:
        return datetime.fromisoformat(cursor.replace("Z", "+00:00"))
    except ValueError:
        return None


def _reason(text: str, source: Source) -> str:
    """One safe line: controls out, the source's credentials scrubbed, at most 300 characters."""
    secrets = source.secret_values()
    line = redact(one_line(redact(text, secrets)), secrets)
    return line if len(line) <= 300 else line[:299] + "…"
